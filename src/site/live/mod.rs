//! Incremental rebuilds for `serve`: the loaded content, the graph, the compiled templates
//! and the mention automaton stay in memory between edits (`LiveSite`, the state), and an
//! edit re-renders only the pages whose output depends on what changed.
//!
//! `LiveSite::build` is a full build (staged and swapped in like `jianbao build`) that keeps
//! what it made; `LiveSite::build_serving` also answers requests for its pages before it has
//! written them (`first::FirstPages`, what `serve`'s first build does). `LiveSite::update` takes the paths an edit touched and:
//!
//! 1. classifies them and re-reads only the changed report and entity files (`edit`; a
//!    changed static file of the theme or site is just copied; a template, `site.yaml`, a
//!    folder, a static file added or removed, or a lost watch event means a full build);
//! 2. for the commonest edit, one report changed in place (its text, title, date, entities,
//!    even names no report used before), patches the graph (`Graph::patch_report`, a few
//!    milliseconds) and lists the pages the patch touches (`plan::patched`); otherwise
//!    rebuilds the graph from the kept content (only the changed pages were parsed again;
//!    report bodies are shared, so this is tens of milliseconds at 10,000 reports) and
//!    compares the old and new graphs (`plan::affected`). `plan` is pure: one function per
//!    page kind, each under the view it predicts, says which of its pages can differ. The
//!    home page, the timeline index, search, `/data/` and 404 are always rendered again; the
//!    feeds and sitemap, and the open data tables (after a patch, `reports`, `events` and
//!    `mentions` when the report's rows there changed, and the table of each kind it added;
//!    all of them otherwise) follow, left to a background job (`background::DataJob`)
//!    requested after the write (the state is built in `Mode::Serve`, which leaves them so);
//!    After a patch, the list pages the edit moved but no editor waits for (a date edit's
//!    report-list pages between the old and new place, a new person's people-list pages but
//!    the one showing it) are left stale (`follow::Following`) and written by a background
//!    job after the edit is served; until then a request for one renders it from the current
//!    graph, so nothing is answered stale after the reload. An update that rebuilds the graph
//!    renders the stale pages itself, with its link check.
//! 3. renders those pages in memory, checks their links against the site as it will be
//!    (`check`: every page's links when files disappear or a re-rendered page lost an anchor),
//!    and only then writes, in place, the files whose bytes changed and removes the pages that
//!    no longer exist (`commit`). A failed update (bad YAML, a broken link) changes nothing:
//!    the old state and the served folder stay as they were.
//!
//! Anything that can move every page (an entity's slug changing, a template other than the
//! default theme's reading `site.counts` when a count changed, the timeline splitting into
//! years) falls back to a full re-render. The result is always byte-identical to a full build
//! of the same content once the background job is done (`wait_for_background`);
//! `tests/it/incremental.rs` checks that on fixtures and a generated corpus.
//!
//! Steps that find only a full build can apply an edit say so with `Update::Full(reason)`.
//! The search index follows every update in the background too (`search`; `serve` asks for
//! it with `search_job`). Background work pauses while an edit is applied (`update` holds
//! `background::editing`; `serve` from the edit's first file event, `hold_background`).
//!
//! It must not know about HTTP, watching or live reload (`serve` calls it with paths).

pub(crate) mod background;
mod check;
mod edit;
mod first;
mod follow;
mod plan;
mod rebuild;
pub(crate) mod search;
#[cfg(test)]
mod snapshots;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::progress::Progress;
use crate::site::body::Bodies;
use crate::site::file::{self, OutputFile};
use crate::site::graph::{self, Graph};
use crate::site::links::PageLinks;
use crate::site::load::{self, Content, ReportPage};
use crate::site::markdown::Markdown;
use crate::site::opendata::{self, Tables};
use crate::site::output;
use crate::site::redirects;
use crate::site::render::{self, Renderer, Templates};
use crate::site::theme::Theme;
use crate::site::views::{self, Page};
use crate::site::{BuildOptions, Built, Mode, make_announcing, root_of};

pub use background::Editing;
use background::{DataJob, Feeds, Owed, Worker};
use edit::{Edit, Source, Update};
pub use first::FirstPages;
pub use follow::Following;
use follow::{FollowJob, Parts};
pub use rebuild::Rebuild;
use search::SearchJob;

/// Pauses the background work of every session until dropped, as an edit being applied does
/// (`serve` holds it from an edit's first file event until its reload is sent; tests hold it
/// to see the pages an edit left to follow before they are written).
pub fn hold_background() -> Editing {
    background::editing()
}

/// A built site kept in memory, with the folder it is served from.
pub struct LiveSite {
    opts: BuildOptions,
    content: Content,
    /// The theme as read, to tell a template change from a static file's.
    theme: Theme,
    templates: Arc<Templates>,
    markdown: Arc<Markdown>,
    /// Shared with the open data job still writing the tables of an earlier state, if any.
    site: Arc<Graph>,
    /// The session's background work: the open data tables and feeds, and the pages left
    /// until after an edit is served.
    jobs: Jobs,
    /// What its jobs left to the next (`background::Owed`).
    owed: Owed,
    progress: Progress,
    /// Every file of the served folder; for HTML pages, what the link check read of it.
    files: check::Kept,
    /// A page other than the home page may show `site.counts` (`Theme::counts_beyond_home`).
    counts_beyond_home: bool,
    /// Changes a failed update did not apply: the next update reads them again.
    pending: Vec<PathBuf>,
    pending_rescan: bool,
}

/// The background workers of a session and its stale pages, passed from state to state.
#[derive(Clone)]
struct Jobs {
    /// Makes the open data tables and the feeds after an update is served.
    data: Worker<DataJob>,
    /// Writes the pages an update left stale (`follow`).
    follow: Worker<FollowJob>,
    following: Following,
}

impl Jobs {
    /// One thread for the tables: they are made while the reader already browses.
    fn new(following: Following) -> Jobs {
        Jobs { data: Worker::new(1), follow: Worker::new(2), following }
    }
}

impl LiveSite {
    /// The index job for the current state, when this site is built with search.
    pub(crate) fn search_job(&self) -> Option<SearchJob> {
        if !self.opts.search {
            return None;
        }
        Some(SearchJob::new(self.opts.out.clone(), Arc::downgrade(&self.site), self.opts.cancel.clone()))
    }

    /// A full build into `opts.out` (staged, then swapped in), kept for updates.
    pub fn build(opts: &BuildOptions, progress: &Progress) -> Result<(LiveSite, Rebuild)> {
        LiveSite::build_with(opts, progress, Jobs::new(Following::default()), None, None)
    }

    /// `build`, answering requests for pages through `first` while it writes them: `first`
    /// can render pages as soon as the graph is built, and is done when this returns. The
    /// pages later updates leave stale are answered through `following`.
    pub fn build_serving(
        opts: &BuildOptions,
        progress: &Progress,
        first: Option<&FirstPages>,
        following: &Following,
    ) -> Result<(LiveSite, Rebuild)> {
        LiveSite::build_with(opts, progress, Jobs::new(following.clone()), first, None)
    }

    /// Blocks until the background jobs requested so far (the pages an edit left stale, the
    /// open data tables) are done.
    pub fn wait_for_background(&self) {
        self.jobs.follow.wait();
        self.jobs.data.wait();
    }

    /// What stale pages are rendered with: the current state.
    fn parts(&self) -> Parts {
        let (site, templates, markdown) =
            (Arc::clone(&self.site), Arc::clone(&self.templates), Arc::clone(&self.markdown));
        Parts { site, templates, markdown, search: self.opts.search }
    }

    /// The stale pages render from the current state again, and the job that writes them is
    /// asked for when there are some.
    fn resume_following(&self) {
        if self.jobs.following.resume(self.parts()) {
            let (out, progress) = (self.opts.out.clone(), self.progress);
            self.jobs.follow.request(FollowJob { following: self.jobs.following.clone(), out, progress });
        }
    }

    /// A full build with the open data worker of the session (its runs stay in order). Its
    /// background job makes the open data tables and, after an edit of `shape`, the feeds.
    fn build_with(
        opts: &BuildOptions,
        progress: &Progress,
        jobs: Jobs,
        first: Option<&FirstPages>,
        shape: Option<Shape>,
    ) -> Result<(LiveSite, Rebuild)> {
        let started = Instant::now();
        let mut opts = opts.clone();
        // Changed paths come canonical from the watcher; compare like with like.
        opts.content = std::fs::canonicalize(&opts.content).unwrap_or(opts.content);
        // `Mode::Serve` keeps the loaded content and its bodies: the content is patched edit
        // by edit while the files move on, and a body read again later could be newer than
        // the page it belongs to.
        let announcing = first.map(FirstPages::announcing);
        let built = make_announcing(&opts, Mode::Serve, progress, &mut |ready| {
            if let Some(announcing) = &announcing {
                announcing.ready(ready);
            }
        })?;
        drop(announcing);
        // Every page is written as it is now.
        jobs.following.take();
        let live = LiveSite::from_built(opts, built, jobs, *progress);
        live.resume_following();
        live.request_background(Tables::ALL, shape);
        let summary = Rebuild {
            full: true,
            rendered_count: live.files.len(),
            written: live.files.len(),
            pages: live.pages(),
            millis: started.elapsed().as_millis(),
            ..Rebuild::default()
        };
        Ok((live, summary))
    }

    fn from_built(opts: BuildOptions, built: Built, jobs: Jobs, progress: Progress) -> LiveSite {
        let Built { content, theme, templates, markdown, site, files, links, .. } = built;
        let mut map: FxHashMap<String, Option<PageLinks>> = files.into_iter().map(|f| (f, None)).collect();
        for page in links {
            map.insert(page.path.clone(), Some(page));
        }
        let counts_beyond_home = theme.counts_beyond_home();
        LiveSite {
            opts,
            content,
            theme,
            templates,
            markdown,
            site,
            jobs,
            owed: Owed::default(),
            progress,
            files: map,
            counts_beyond_home,
            pending: Vec::new(),
            pending_rescan: false,
        }
    }

    /// Brings the open data `tables` and, after an edit of `shape`, the feeds up to date with
    /// the graph in the background. Call after `commit`: the sitemap lists the files as they
    /// are now.
    fn request_background(&self, tables: Tables, shape: Option<Shape>) {
        let feeds = match shape {
            None => Feeds::None,
            Some(Shape::Same) => Feeds::Atom,
            Some(Shape::NewDates | Shape::Added | Shape::NewPages) => Feeds::All(self.files.keys().cloned().collect()),
        };
        let (out, owed, progress, cancel) =
            (self.opts.out.clone(), self.owed.clone(), self.progress, self.opts.cancel.clone());
        let site = Arc::downgrade(&self.site);
        self.jobs.data.request(DataJob { out, site, tables, feeds, owed, progress, cancel });
    }

    /// The graph as of the last good build.
    pub fn site(&self) -> &Graph {
        &self.site
    }

    fn pages(&self) -> usize {
        self.files.keys().filter(|f| f.ends_with(".html")).count()
    }

    /// Brings the served folder up to date with the sources after `changed` paths changed
    /// (`rescan`: the watcher lost track, assume anything did). On error nothing changed.
    pub fn update(&mut self, changed: &[PathBuf], rescan: bool, progress: &Progress) -> Result<Rebuild> {
        let mut paths = std::mem::take(&mut self.pending);
        paths.extend(changed.iter().cloned());
        paths.sort();
        paths.dedup();
        let rescan = rescan || std::mem::take(&mut self.pending_rescan);
        // Background work pauses, and stale pages wait, until the edit is applied.
        let editing = background::editing();
        for page in self.jobs.following.suspend() {
            self.files.insert(page.path.clone(), Some(page));
        }
        let result = self.apply(&paths, rescan, progress);
        self.resume_following();
        drop(editing);
        if result.is_err() {
            self.pending = paths;
            self.pending_rescan = rescan;
        }
        result
    }

    fn apply(&mut self, changed: &[PathBuf], rescan: bool, progress: &Progress) -> Result<Rebuild> {
        let started = Instant::now();
        let mut sources = Vec::new();
        let mut full = rescan.then(|| "the watcher asked for a rescan".to_string());
        for path in changed {
            match edit::classify(&self.opts.content, &self.content, path) {
                Update::Done(Source::Ignored) => {}
                Update::Done(source) => sources.push(source),
                Update::Full(why) => {
                    full.get_or_insert(why);
                }
            }
        }
        if full.is_none() && sources.is_empty() {
            return Ok(Rebuild { pages: self.pages(), millis: started.elapsed().as_millis(), ..Rebuild::default() });
        }
        let themed = sources.iter().any(|s| matches!(s, Source::Theme));
        if full.is_none() && themed {
            let restyled = match sources.iter().all(|s| matches!(s, Source::Theme)) {
                true => self.restyle()?,
                false => Update::Full("a template or theme file changed".into()),
            };
            match restyled {
                Update::Done(mut result) => {
                    result.millis = started.elapsed().as_millis();
                    return Ok(result);
                }
                Update::Full(why) => full = Some(why),
            }
        }
        let mut result = match full {
            Some(reason) => self.full(reason, progress),
            None => self.incremental(&sources, progress),
        }?;
        result.millis = started.elapsed().as_millis();
        Ok(result)
    }

    /// Everything again, into a staging folder swapped in, keeping the new state.
    fn full(&mut self, reason: String, progress: &Progress) -> Result<Rebuild> {
        // What the jobs of the old state left undone, the new state's first job does whole.
        // The build wrote the feeds, but a job of the old state still waiting (merged into
        // this one) or running would write them as they were: this job writes them again,
        // from this state, after those.
        let jobs = self.jobs.clone();
        let (live, mut summary) = LiveSite::build_with(&self.opts, progress, jobs, None, Some(Shape::NewPages))?;
        let old = std::mem::replace(self, live);
        std::thread::spawn(move || drop(old));
        summary.reason = Some(reason);
        Ok(summary)
    }

    /// Several files changed, or one not patchable: the changed files are read again into a
    /// copy of the content, the graph is rebuilt, and the pages `plan::affected` lists are
    /// rendered, checked and written.
    fn incremental(&mut self, sources: &[Source], progress: &Progress) -> Result<Rebuild> {
        if let [Source::Report(path)] = sources
            && let Some(result) = self.patch(path)?
        {
            return Ok(result);
        }
        let edit = match Edit::reread(&self.content, sources)? {
            Update::Done(edit) => edit,
            Update::Full(reason) => return self.full(reason, progress),
        };
        let site = graph::build(self.site.config.clone(), &edit.content)?;
        let old_warnings: HashSet<&String> = self.site.warnings.iter().collect();
        for warning in site.warnings.iter().filter(|w| !old_warnings.contains(w)) {
            progress.warn(warning);
        }
        let mut plan = plan::affected(&self.site, &site, &edit.reports, &edit.entities, self.counts_beyond_home);
        if let Some(reason) = plan.full {
            return self.full(reason, progress);
        }
        // Pages an earlier edit left stale are rendered now, with the link check of the whole
        // edit (pages may go away); they stay stale if it fails.
        let stale = self.jobs.following.take();
        plan.pages.extend(stale.iter().copied().filter(|&p| views::exists(&site, p)));
        plan.pages.sort_unstable();
        plan.pages.dedup();
        let markdown = (!edit::same_names(&self.site, &site)).then(|| render::markdown_of(&site, true));
        let made = self.emit(&site, markdown.as_ref().unwrap_or(&*self.markdown), &plan.pages, Shape::NewPages);
        let summary = match made.and_then(|made| self.commit(made)) {
            Ok(summary) => summary,
            Err(err) => {
                self.jobs.following.defer(&self.site, &stale);
                return Err(err);
            }
        };
        self.keep(site, edit.content, markdown);
        self.request_background(Tables::ALL, Some(Shape::NewPages));
        Ok(summary)
    }

    /// Takes the state of a good update; the old is freed off the critical path.
    fn keep(&mut self, site: Graph, content: Content, markdown: Option<Markdown>) {
        let old_site = std::mem::replace(&mut self.site, Arc::new(site));
        let old_content = std::mem::replace(&mut self.content, content);
        let old_markdown = markdown.map(|m| std::mem::replace(&mut self.markdown, Arc::new(m)));
        std::thread::spawn(move || drop((old_site, old_content, old_markdown)));
    }

    /// A theme or site static file changed and nothing else (no template, no file added or
    /// removed): those files are written again, no page is rendered. `Full` otherwise.
    fn restyle(&mut self) -> Result<Update<Rebuild>> {
        let theme = Theme::load(&root_of(&self.opts.content), &self.site.config.theme)?;
        let sources = |t: &Theme| t.templates.iter().map(|t| (t.name.clone(), t.source.clone())).collect::<Vec<_>>();
        let names = |t: &Theme| t.statics.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        if sources(&theme) != sources(&self.theme) || names(&theme) != names(&self.theme) {
            return Ok(Update::Full("a template or theme file changed".into()));
        }
        let mut written = 0;
        for file in render::statics(&theme) {
            written += usize::from(output::replace_if_changed(&self.opts.out, &file)?);
        }
        self.theme = theme;
        Ok(Update::Done(Rebuild { written, pages: self.pages(), ..Rebuild::default() }))
    }

    /// The fast path for the commonest edit, one report changed in place (text, title,
    /// entities it already shares with the site): the graph is patched instead of rebuilt.
    /// `None` when the edit is not of that kind.
    fn patch(&mut self, path: &Path) -> Result<Option<Rebuild>> {
        let shown = path.display().to_string();
        let Some(at) = self.content.reports.iter().position(|r| r.path == shown) else { return Ok(None) };
        if !path.is_file() {
            return Ok(None);
        }
        let page = Arc::new(load::load_report(path, Bodies::Keep)?);
        let rows_before =
            self.site.reports.iter().position(|r| r.file == shown).map(|r| opendata::linked_rows(&self.site, r));
        // New entities change the counts: only when no template but the home page shows them.
        // A data job still reading the previous graph keeps it; the patch then works on a copy.
        self.wait_for_sole_graph();
        let Some(patch) = Arc::make_mut(&mut self.site).patch_report(&page, !self.counts_beyond_home) else {
            return Ok(None);
        };
        let old = std::mem::replace(&mut self.content.reports[at], page);
        #[cfg(debug_assertions)]
        {
            let rebuilt = graph::build(self.site.config.clone(), &self.content).expect("the patched graph builds");
            assert_eq!(rebuilt.fingerprint(), self.site.fingerprint(), "a patch must equal a rebuild");
        }
        // New entities moved the ids the automaton links to.
        let markdown = (!patch.added.is_empty()).then(|| render::markdown_of(&self.site, true));
        // What the editor waits for now; the list pages the edit moved follow (`follow`).
        // (A page not yet on disk, a list's new last page, is written now: the server asks
        // the stale set only for files it has.)
        let (mut pages, later) = plan::now_and_later(&self.site, &patch, plan::patched(&self.site, &patch));
        let on_disk = |p: &Page| self.files.contains_key(&file::file_of(&views::path_of(&self.site, *p)));
        let (later, new): (Vec<Page>, Vec<Page>) = later.into_iter().partition(on_disk);
        pages.extend(new);
        let shape = if !patch.added.is_empty() {
            Shape::Added
        } else if old.date != self.content.reports[at].date {
            Shape::NewDates
        } else {
            Shape::Same
        };
        let tables = self.patched_tables(&patch, rows_before.as_deref());
        match self.emit(&self.site, markdown.as_ref().unwrap_or(&*self.markdown), &pages, shape) {
            Ok(made) => {
                if let Some(markdown) = markdown {
                    self.markdown = Arc::new(markdown);
                }
                let summary = Rebuild { patched: true, deferred: later.len(), ..self.commit(made)? };
                self.jobs.following.defer(&self.site, &later);
                self.request_background(tables, Some(shape));
                Ok(Some(summary))
            }
            Err(e) => {
                self.unpatch(at, old, &patch)?;
                // The patch let go of the graph a waiting job was to read: it asks again.
                self.request_background(Tables::NONE, None);
                Err(e)
            }
        }
    }

    /// Background jobs that hold the graph let go of it at their next step while an edit is
    /// applied (`background::editing`): waiting a few milliseconds for that is cheaper than
    /// the copy `Arc::make_mut` makes of a shared graph (20-25 ms at 10,000 reports). Gives up
    /// after 30 ms.
    fn wait_for_sole_graph(&self) {
        let started = Instant::now();
        while Arc::strong_count(&self.site) > 1 && started.elapsed().as_millis() < 30 {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
    }

    /// The open data tables a patch changed. Entity tables hold no counts: only a new entity
    /// changes its kind's; the large events and mentions tables only when the report's own
    /// rows there changed (`rows_before`; not for a title edit).
    fn patched_tables(&self, patch: &graph::Patch, rows_before: Option<&str>) -> Tables {
        let mut tables = Tables::REPORTS;
        if rows_before != Some(opendata::linked_rows(&self.site, patch.report).as_str()) {
            tables = tables.union(Tables::LINKED);
        }
        for &id in &patch.added {
            tables = tables.union(Tables::entities(self.site.entities[id].kind));
        }
        tables
    }

    /// Puts back the report at `at` as it was before a patch whose pages failed.
    fn unpatch(&mut self, at: usize, old: Arc<ReportPage>, patch: &graph::Patch) -> Result<()> {
        self.content.reports[at] = Arc::clone(&old);
        if patch.added.is_empty() {
            Arc::make_mut(&mut self.site).patch_report(&old, false).expect("undoing a patch is a patch");
        } else {
            // Taking new entities out again is a rebuild.
            self.site = Arc::new(graph::build(self.site.config.clone(), &self.content)?);
        }
        Ok(())
    }

    /// Renders `pages` from `site` in memory and checks their links against the site as it
    /// will be (`shape`: what else the edit changed). The feeds and the open data tables are
    /// the background job's (`request_background`).
    fn emit(&self, site: &Graph, markdown: &Markdown, pages: &[Page], shape: Shape) -> Result<Made> {
        let renderer = Renderer::new(site, &self.templates, markdown, self.opts.search);
        let files = pages.par_iter().map(|&page| renderer.render(page)).collect::<Result<Vec<_>>>()?;
        let live: Option<FxHashSet<String>> = (shape == Shape::NewPages).then(|| {
            let pages = views::pages(site).into_iter().map(|p| file::file_of(&views::path_of(site, p)));
            pages.chain(redirects::files_of(site)).collect()
        });
        let removed = check::removed(&self.files, live.as_ref());
        let scanned = check::check(site, &self.files, &files, live.as_ref(), &removed)?;
        Ok(Made { files, scanned, removed })
    }

    /// Writes what `emit` made into the served folder and records it.
    fn commit(&mut self, made: Made) -> Result<Rebuild> {
        let Made { files, scanned, removed } = made;
        let mut written = 0;
        for file in &files {
            written += usize::from(output::replace_if_changed(&self.opts.out, file)?);
        }
        for path in &removed {
            output::remove(&self.opts.out, path)?;
            self.files.remove(path);
        }
        for file in &files {
            self.files.insert(file.path.clone(), None);
        }
        for page in scanned {
            self.files.insert(page.path.clone(), Some(page));
        }
        let rendered: Vec<String> = files.iter().map(|f| f.path.clone()).filter(|p| p.ends_with(".html")).collect();
        Ok(Rebuild {
            full: false,
            reason: None,
            patched: false,
            rendered_count: rendered.len(),
            deferred: 0,
            rendered,
            written,
            removed,
            pages: self.pages(),
            millis: 0,
        })
    }
}

/// What an edit changed beyond the pages it renders again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// No page added or removed, no date changed: the sitemap and robots.txt stay.
    Same,
    /// The same pages, but a report's date changed: the sitemap too.
    NewDates,
    /// Pages appeared and none went away (a patch naming new entities): the sitemap too, and
    /// the site's pages are the kept ones and the new.
    Added,
    /// Pages may have appeared or disappeared.
    NewPages,
}

/// What an update rendered and checked, not yet written.
struct Made {
    files: Vec<OutputFile>,
    scanned: Vec<PageLinks>,
    removed: Vec<String>,
}
