//! Watching the site's sources and turning bursts of file events into change sets.
//!
//! Owns: which paths are sources (the content folder, `themes/`, `templates/`, `static/`,
//! `seeds/` and `site.yaml` under the site root), which events are noise (reads, metadata-only changes,
//! editor temp files such as `.x.swp`, `x~`, `.#x`, vim's `4913`, and anything under the
//! output folder), and the debounce: a change set closes once no source event has come for [`DEBOUNCE`]
//! (or [`MAX_WAIT`] after it opened), so an editor saving several files gives one rebuild.
//! When every path of the set was last seen finished (closed after writing, or renamed into
//! place), the quiet period is the shorter [`SETTLED`]: nothing is half-written, and the next
//! file of a save-all would already have started.
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
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};

/// How long the sources must stay quiet before a change set closes. An editor's save (or a
/// save-all, or a checkout) comes as events a few milliseconds apart at most; every
/// millisecond waited here is added to the time until the browser shows the edit, which
/// `serve` keeps under 50 ms at 10,000 reports (see the README's benchmark).
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);
/// The quiet period once every changed path is finished (`Settled`). A file being written,
/// created, removed or renamed away may still be followed by the rest of its save (an
/// editor's backup rename comes just before the new file); a closed file is complete. A
/// save-all cut in two by it gives two rebuilds, each of finished files.
pub(crate) const SETTLED: Duration = Duration::from_millis(5);
/// Overrides both quiet periods, in milliseconds: a site on a slow or network file system,
/// whose saves arrive further apart, can wait longer (and the test suite does, on a loaded
/// machine).
pub(crate) const QUIET_ENV: &str = "JIANBAO_WATCH_QUIET_MS";

/// The quiet periods in force, (unfinished, settled): [`QUIET_ENV`] for both when it holds a
/// number, else [`DEBOUNCE`] and [`SETTLED`].
fn quiet_periods() -> (Duration, Duration) {
    match std::env::var(QUIET_ENV).ok().and_then(|v| v.trim().parse().ok()) {
        Some(ms) => (Duration::from_millis(ms), Duration::from_millis(ms)),
        None => (DEBOUNCE, SETTLED),
    }
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

/// Whether an event leaves the `index`th of its paths finished: closed after writing, or
/// the file a rename moved into place. Anything else (a write still open, a file created, a
/// removal, the old name of a rename) may be followed by the rest of its save.
fn settles(kind: &EventKind, index: usize) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => index == 1,
        _ => false,
    }
}

/// One raw source event from notify's thread.
enum Raw {
    /// A source path changed; `settled`: the event left it finished (`settles`).
    Path { path: PathBuf, settled: bool },
    Rescan,
}

/// Watches the sources of a site; [`Watcher::next`] yields one [`ChangeSet`] per burst.
pub(crate) struct Watcher {
    watcher: RecommendedWatcher,
    rx: mpsc::UnboundedReceiver<Raw>,
    filter: Filter,
    watching: BTreeSet<PathBuf>,
    /// The quiet period while some path of the set is unfinished.
    quiet: Duration,
    /// The quiet period once every path of the set is finished.
    settled: Duration,
    /// A set closes this long after it opened even if events keep coming ([`MAX_WAIT`]).
    max_wait: Duration,
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
                for (i, path) in event.paths.into_iter().enumerate().filter(|(_, p)| accept.accepts(p)) {
                    let _ = tx.send(Raw::Path { path, settled: settles(&event.kind, i) });
                }
            }
            Ok(_) => {}
            Err(_) => {
                let _ = tx.send(Raw::Rescan);
            }
        })
        .context("cannot start watching files")?;
        let (quiet, settled) = quiet_periods();
        let mut watcher =
            Watcher { watcher, rx, filter, watching: BTreeSet::new(), quiet, settled, max_wait: MAX_WAIT };
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
        // The paths of the set whose last event left them unfinished.
        let mut unfinished = BTreeSet::new();
        add(&mut set, &mut unfinished, self.rx.recv().await?);
        begun();
        let deadline = Instant::now() + self.max_wait;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let quiet = if unfinished.is_empty() && !set.rescan { self.settled } else { self.quiet };
            match timeout(quiet.min(deadline - now), self.rx.recv()).await {
                Ok(Some(raw)) => add(&mut set, &mut unfinished, raw),
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

fn add(set: &mut ChangeSet, unfinished: &mut BTreeSet<PathBuf>, raw: Raw) {
    match raw {
        Raw::Path { path, settled } => {
            if settled {
                unfinished.remove(&path);
            } else {
                unfinished.insert(path.clone());
            }
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

    #[test]
    fn closed_writes_and_renames_into_place_are_finished() {
        use notify::event::{CreateKind, DataChange, RemoveKind};
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let name = |mode| EventKind::Modify(ModifyKind::Name(mode));
        assert!(settles(&close, 0));
        assert!(settles(&name(RenameMode::To), 0));
        // A rename's old name may be an editor's backup, the new file coming next.
        assert!(!settles(&name(RenameMode::From), 0));
        assert!(!settles(&name(RenameMode::Both), 0));
        assert!(settles(&name(RenameMode::Both), 1));
        for open in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Remove(RemoveKind::File),
            EventKind::Any,
        ] {
            assert!(!settles(&open, 0), "{open:?}");
        }
    }

    /// A watcher on a fresh site whose quiet period for unfinished files (and whose cap on a
    /// set) is a minute, and the short one 10 ms: which of the two applies shows as a set
    /// coming at once or not for a minute.
    fn watcher_with_slow_unfinished() -> (tempfile::TempDir, PathBuf, Watcher) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        let mut watcher = Watcher::new(&root, &root.join("content"), &[]).unwrap();
        (watcher.quiet, watcher.max_wait) = (Duration::from_secs(60), Duration::from_secs(60));
        watcher.settled = Duration::from_millis(10);
        (dir, root, watcher)
    }

    #[tokio::test]
    async fn a_finished_save_closes_its_set_after_the_short_quiet() {
        let (_dir, root, mut watcher) = watcher_with_slow_unfinished();
        let page = root.join("content/reports/a.md");
        std::fs::write(&page, "x").unwrap();
        let set = timeout(Duration::from_secs(30), watcher.next(|| {})).await.expect("the set of a closed write").unwrap();
        assert_eq!(set.paths, BTreeSet::from([page]));

        // An atomic save: written elsewhere, renamed into place.
        let draft = root.join("draft.txt");
        std::fs::write(&draft, "y").unwrap();
        let page = root.join("content/reports/b.md");
        std::fs::rename(&draft, &page).unwrap();
        let set = timeout(Duration::from_secs(30), watcher.next(|| {})).await.expect("the set of a rename").unwrap();
        assert_eq!(set.paths, BTreeSet::from([page]));
    }

    #[tokio::test]
    async fn a_file_still_being_written_keeps_its_set_open() {
        use std::io::Write;
        use std::sync::atomic::{AtomicBool, Ordering};
        let (_dir, root, mut watcher) = watcher_with_slow_unfinished();
        let page = root.join("content/reports/a.md");
        let mut file = std::fs::File::create(&page).unwrap();
        file.write_all(b"half").unwrap();
        let closed = AtomicBool::new(false);
        let writer = async {
            // Long enough past the 10 ms for a wrongly closed set to come first.
            tokio::time::sleep(Duration::from_millis(300)).await;
            file.write_all(b" and the rest").unwrap();
            closed.store(true, Ordering::SeqCst);
            drop(file);
        };
        let watching = async {
            let set = timeout(Duration::from_secs(30), watcher.next(|| {})).await;
            (set, closed.load(Ordering::SeqCst))
        };
        let ((set, closed_first), ()) = tokio::join!(watching, writer);
        assert!(closed_first, "the set closed while the file was open");
        assert_eq!(set.expect("the set after the close").unwrap().paths, BTreeSet::from([page]));
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
        (watcher.quiet, watcher.settled) = (Duration::from_millis(500), Duration::from_millis(500));

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
