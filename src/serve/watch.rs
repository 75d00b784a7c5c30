//! Watching the site's sources and turning bursts of file events into change sets.
//!
//! Owns: which paths are sources (the content folder, `themes/`, `templates/`, `static/`,
//! `seeds/` and `site.yaml` under the site root), which events are noise (reads, metadata-only changes,
//! editor temp files such as `.x.swp`, `x~`, `.#x`, vim's `4913`, and anything under the
//! output folder), and the debounce: a change set closes once no source event has come for [`DEBOUNCE`]
//! (or [`MAX_WAIT`] after it opened), so an editor saving several files gives one rebuild.
//!
//! The quiet-period debounce is written here on top of raw `notify` events rather than with
//! `notify-debouncer-mini`, which debounces per path: two files saved 50 ms apart would
//! come out as two batches and two rebuilds.
//!
//! Must not: build, serve, or read the files it reports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};

/// How long the sources must stay quiet before a change set closes. An editor's save (or a
/// save-all, or a checkout) comes as events a few milliseconds apart at most; every
/// millisecond waited here is added to the time until the browser shows the edit, which
/// `serve` keeps under 50 ms at 10,000 reports (see the README's benchmark).
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);
/// Overrides [`DEBOUNCE`], in milliseconds: a site on a slow or network file system, whose
/// saves arrive further apart, can wait longer (and the test suite does, on a loaded machine).
pub(crate) const QUIET_ENV: &str = "JIANBAO_WATCH_QUIET_MS";

/// The quiet period in force: [`QUIET_ENV`] when it holds a number, else [`DEBOUNCE`].
fn quiet_period() -> Duration {
    std::env::var(QUIET_ENV).ok().and_then(|v| v.trim().parse().ok()).map_or(DEBOUNCE, Duration::from_millis)
}
/// A change set closes after this long even if events keep coming.
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(2);

/// What changed in one burst.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ChangeSet {
    /// Changed source paths, absolute, under the canonical site root.
    pub(crate) paths: BTreeSet<PathBuf>,
    /// The watcher lost events (queue overflow, watch error): assume anything changed.
    pub(crate) rescan: bool,
}

impl ChangeSet {
    /// True when every changed path is a stylesheet, so pages can swap stylesheets instead
    /// of reloading.
    pub(crate) fn only_css(&self) -> bool {
        !self.rescan
            && !self.paths.is_empty()
            && self.paths.iter().all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
    }

    /// A short human description: `content/reports/a.md`, `content/reports/a.md and 3 more`.
    pub(crate) fn describe(&self, root: &Path) -> String {
        let mut names = self.paths.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string());
        match (names.next(), self.paths.len()) {
            (None, _) => "the sources".to_string(),
            (Some(first), 1) => first,
            (Some(first), n) => format!("{first} and {} more", n - 1),
        }
    }
}

/// Which paths count as sources.
#[derive(Debug, Clone)]
struct Filter {
    root: PathBuf,
    /// Watched recursively when they exist.
    dirs: Vec<PathBuf>,
    config: PathBuf,
    ignored: Vec<PathBuf>,
}

impl Filter {
    fn accepts(&self, path: &Path) -> bool {
        if self.ignored.iter().any(|i| path.starts_with(i)) {
            return false;
        }
        if path.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_temp) {
            return false;
        }
        path == self.config || self.dirs.iter().any(|d| path.starts_with(d))
    }
}

/// Files editors write beside the real one while saving.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
        || name.contains("___jb_")
        || [".swp", ".swo", ".swx", ".kate-swp", ".tmp"].iter().any(|ext| name.ends_with(ext))
}

/// Events that say a file's content, name or existence changed. Reads (the build opening
/// sources) and metadata-only changes are not changes.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Other => false,
    }
}

/// One raw source event from notify's thread.
enum Raw {
    Path(PathBuf),
    Rescan,
}

/// Watches the sources of a site; [`Watcher::next`] yields one [`ChangeSet`] per burst.
pub(crate) struct Watcher {
    watcher: RecommendedWatcher,
    rx: mpsc::UnboundedReceiver<Raw>,
    filter: Filter,
    watching: BTreeSet<PathBuf>,
    quiet: Duration,
}

impl Watcher {
    /// Watches `content` and, under `root`, `themes/`, `templates/`, `static/` and `site.yaml`;
    /// events under any of `ignored` (the output folder) are dropped.
    pub(crate) fn new(root: &Path, content: &Path, ignored: &[&Path]) -> Result<Self> {
        let root =
            std::fs::canonicalize(root).with_context(|| format!("{}: cannot watch this folder", root.display()))?;
        let content = std::fs::canonicalize(content)
            .with_context(|| format!("{}: cannot watch this folder", content.display()))?;
        let filter = Filter {
            dirs: vec![content, root.join("themes"), root.join("templates"), root.join("static"), root.join("seeds")],
            config: root.join("site.yaml"),
            ignored: ignored.iter().map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())).collect(),
            root,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let accept = filter.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
            Ok(event) if event.need_rescan() => {
                let _ = tx.send(Raw::Rescan);
            }
            Ok(event) if is_change(&event.kind) => {
                for path in event.paths.into_iter().filter(|p| accept.accepts(p)) {
                    let _ = tx.send(Raw::Path(path));
                }
            }
            Ok(_) => {}
            Err(_) => {
                let _ = tx.send(Raw::Rescan);
            }
        })
        .context("cannot start watching files")?;
        let mut watcher = Watcher { watcher, rx, filter, watching: BTreeSet::new(), quiet: quiet_period() };
        // The root itself, not recursively: site.yaml (editors replace it, which a watch on
        // the file would lose) and themes/ or templates/ appearing later.
        let root = watcher.filter.root.clone();
        watcher
            .watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("{}: cannot watch", root.display()))?;
        watcher.watch_new_dirs()?;
        Ok(watcher)
    }

    /// Starts watching source folders that exist and are not watched yet.
    fn watch_new_dirs(&mut self) -> Result<()> {
        for dir in &self.filter.dirs {
            if dir.is_dir() && !self.watching.contains(dir) {
                self.watcher
                    .watch(dir, RecursiveMode::Recursive)
                    .with_context(|| format!("{}: cannot watch", dir.display()))?;
                self.watching.insert(dir.clone());
            }
        }
        Ok(())
    }

    /// Waits for the next burst of changes; `None` when watching has stopped. `begun` is
    /// called when its first change comes, before the quiet period.
    pub(crate) async fn next(&mut self, begun: impl FnOnce()) -> Option<ChangeSet> {
        let mut set = ChangeSet::default();
        add(&mut set, self.rx.recv().await?);
        begun();
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match timeout(self.quiet.min(deadline - now), self.rx.recv()).await {
                Ok(Some(raw)) => add(&mut set, raw),
                Ok(None) | Err(_) => break,
            }
        }
        // A folder created since (themes/ added to a site): watch it from now on, and
        // rebuild as if anything changed, since its files came before the watch.
        let before = self.watching.len();
        if self.watch_new_dirs().is_err() || self.watching.len() != before {
            set.rescan = true;
        }
        Some(set)
    }
}

fn add(set: &mut ChangeSet, raw: Raw) {
    match raw {
        Raw::Path(path) => {
            set.paths.insert(path);
        }
        Raw::Rescan => set.rescan = true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> Filter {
        Filter {
            root: "/site".into(),
            dirs: vec!["/site/content".into(), "/site/themes".into(), "/site/templates".into(), "/site/seeds".into()],
            config: "/site/site.yaml".into(),
            ignored: vec!["/site/content/out".into()],
        }
    }

    #[test]
    fn sources_are_content_themes_templates_seeds_and_config() {
        let f = filter();
        for yes in [
            "/site/content/reports/a.md", "/site/themes/default/static/style.css", "/site/templates/page.html",
            "/site/site.yaml", "/site/seeds/a.txt",
        ] {
            assert!(f.accepts(Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html", "/site/seeds/.a.txt.swp", "/site/site.yaml.bak~",
            "/site/content/out/index.html", "/site/README.md",
        ] {
            assert!(!f.accepts(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [".a.md.swp", ".a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913", "a.md___jb_tmp___"] {
            assert!(is_editor_temp(name), "{name}");
        }
        for name in ["a.md", "site.yaml", "style.css", "49130.md"] {
            assert!(!is_editor_temp(name), "{name}");
        }
    }

    #[test]
    fn only_css_needs_every_path_to_be_css() {
        let mut set = ChangeSet::default();
        assert!(!set.only_css());
        set.paths.insert("/s/themes/default/static/a.css".into());
        assert!(set.only_css());
        set.paths.insert("/s/themes/default/templates/page.html".into());
        assert!(!set.only_css());
        assert_eq!(set.describe(Path::new("/s")), "themes/default/static/a.css and 1 more");
    }

    #[tokio::test]
    async fn a_burst_of_saves_is_one_change_set() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("reports")).unwrap();
        std::fs::create_dir_all(root.join("public")).unwrap();
        let mut watcher = Watcher::new(&root, &content, &[&root.join("public")]).unwrap();
        // The burst below is written back to back, but a loaded machine may pause between
        // writes for longer than the 20 ms an editor's save needs.
        watcher.quiet = Duration::from_millis(500);

        // Five saves a few milliseconds apart (as a save-all writes them), with an editor's
        // swap file, a write to the output folder and a read.
        for i in 0..5 {
            std::fs::write(content.join(format!("reports/r{i}.md")), "x").unwrap();
            std::fs::write(content.join(format!("reports/.r{i}.md.swp")), "x").unwrap();
            std::fs::write(root.join("public/index.html"), "x").unwrap();
            let _ = std::fs::read(content.join("reports/r0.md")).unwrap();
        }
        std::fs::write(root.join("site.yaml"), "title: x\n").unwrap();

        let set = timeout(Duration::from_secs(5), watcher.next(|| {})).await.expect("a change set").unwrap();
        let mut expected: BTreeSet<PathBuf> = (0..5).map(|i| content.join(format!("reports/r{i}.md"))).collect();
        expected.insert(root.join("site.yaml"));
        assert_eq!(set.paths, expected);
        assert!(!set.rescan);

        // Nothing else pending: reads by a build do not count as changes.
        let _ = std::fs::read(content.join("reports/r1.md")).unwrap();
        assert!(
            timeout(Duration::from_millis(400), watcher.next(|| {})).await.is_err(),
            "a read or a write to the output folder made a change set"
        );
    }
}
