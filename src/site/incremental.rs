//! Incremental rebuilds for `serve`: the loaded content, the graph, the compiled templates
//! and the mention automaton stay in memory between edits, and an edit re-renders only the
//! pages whose output depends on what changed.
//!
//! `LiveSite::build` is a full build (staged and swapped in like `jianbao build`) that keeps
//! what it made. `LiveSite::update` takes the paths an edit touched and:
//!
//! 1. re-reads only the changed report and entity files (a changed static file of the theme
//!    or site is just copied; a template, `site.yaml`, a folder, a static file added or
//!    removed, or a lost watch event means a full build instead);
//! 2. for the commonest edit, one report changed in place (its text, title, date, entities,
//!    even names no report used before), patches the graph (`Site::patch_report`, a few
//!    milliseconds) and lists the pages the patch touches ([`patched`]); otherwise rebuilds the
//!    graph from the kept content (only the changed pages were parsed again; report bodies
//!    are shared, so this is tens of milliseconds at 10,000 reports) and
//! 3. compares the old and new graphs ([`affected`]) to find the pages whose output can
//!    differ: the changed reports and the reports next to them (old and new neighbours), the
//!    list pages whose slots or cards changed, the pages of the entities the reports name or
//!    named (and, when an entity's report count changed, the report pages that show that
//!    count), the entity lists whose rows changed, the timeline pages whose events changed
//!    (every timeline page when the year index changed), and always the home page (its chart
//!    counts every report and event), the timeline index, search, `/data/`, 404, the feeds and
//!    sitemap, and the open data tables (after a patch, `reports`, `events` and `mentions`
//!    when the report's rows there changed, and the table of each kind it added; all of them
//!    otherwise). Entity charts need nothing more: an entity's page is rendered again whenever
//!    one of its reports changes. With `BuildOptions::data_later` (`serve`) the feeds and
//!    tables are left to a background job (`background::DataJob`) requested after the write;
//! 4. renders those pages in memory, checks their links against the site as it will be (every
//!    page's links when files disappear or a re-rendered page lost an anchor), and only then
//!    writes, in place, the files whose bytes changed and removes the pages that no longer
//!    exist. A failed update (bad YAML, a broken link) changes nothing: the old state and the
//!    served folder stay as they were.
//!
//! Anything that can move every page (an entity's slug changing, a template reading
//! `site.counts` outside the home page when a count changed, the timeline splitting into
//! years) falls back to a full re-render. The result is always byte-identical to a full build
//! of the same content once the background job is done (`wait_for_background`);
//! `tests/incremental.rs` checks that on fixtures and a generated corpus.
//!
//! It must not know about HTTP, watching or live reload (`serve` calls it with paths).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::progress::Progress;
use crate::site::background::{DataJob, Feeds, Worker};
use crate::site::body::Bodies;
use crate::site::file::{self, OutputFile};
use crate::site::graph::{self, Site};
use crate::site::ids::{EntityId, Kind};
use crate::site::links::{self, Files, PageLinks};
use crate::site::load::{self, Content};
use crate::site::markdown::Markdown;
use crate::site::opendata::{self, Tables};
use crate::site::output::{self, Staging};
use crate::site::render::{self, Renderer, Templates};
use crate::site::search_docs::{self, SearchJob};
use crate::site::theme::Theme;
use crate::site::views::{self, ENTITIES_PER_PAGE, EVENTS_PER_PAGE, Page, REPORTS_PER_PAGE};
use crate::site::{BuildOptions, Built, feeds, make, root_of};

/// A built site kept in memory, with the folder it is served from.
pub struct LiveSite {
    opts: BuildOptions,
    content: Content,
    /// The theme as read, to tell a template change from a static file's.
    theme: Theme,
    templates: Templates,
    markdown: Markdown,
    /// Shared with the open data job still writing the tables of an earlier state, if any.
    site: Arc<Site>,
    /// Makes the open data tables after an update is served (`opts.data_later`).
    data: Worker<DataJob>,
    progress: Progress,
    /// Every file of the served folder; for HTML pages, what the link check read of it.
    files: FxHashMap<String, Option<PageLinks>>,
    /// Some template other than `index.html` reads `site.counts`.
    counts_everywhere: bool,
    /// Changes a failed update did not apply: the next update reads them again.
    pending: Vec<PathBuf>,
    pending_rescan: bool,
}

/// What one build or update did, for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Everything was rendered (first build, template or config change, …).
    pub full: bool,
    /// Why a full build was needed, when it was not the first.
    pub reason: Option<String>,
    /// The graph was patched in place rather than rebuilt (one report edited in place).
    pub patched: bool,
    /// Files rendered (their site-relative paths); all of them for a full build.
    pub rendered: Vec<String>,
    /// How many files were rendered.
    pub rendered_count: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    /// Files removed (pages that no longer exist).
    pub removed: Vec<String>,
    /// HTML pages of the site.
    pub pages: usize,
    pub millis: u128,
}

impl Rebuild {
    /// One line: `graph patched, re-rendered 19 of 16294 pages (3 reports, 1 report list,
    /// 9 entity pages, …; wrote 15): reports/r000013/, …`.
    pub fn describe(&self) -> String {
        if self.full {
            let why = self.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
            return format!("rendered all {} pages{why}, wrote {} changed files", self.pages, self.written);
        }
        if self.rendered.is_empty() {
            return format!("no page to render again; wrote {} changed files", self.written);
        }
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for path in &self.rendered {
            let kind = page_kind(path);
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        kinds.sort();
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let reports: Vec<&str> = self
            .rendered
            .iter()
            .filter(|p| page_kind(p) == "reports")
            .map(|p| p.trim_end_matches("index.html"))
            .take(3)
            .collect();
        let removed = if self.removed.is_empty() { String::new() } else { format!(", removed {}", self.removed.len()) };
        let graph = if self.patched { "graph patched" } else { "graph rebuilt" };
        format!(
            "{graph}, re-rendered {} of {} pages ({}; wrote {}{removed}){}",
            self.rendered_count,
            self.pages,
            kinds.join(", "),
            self.written,
            if reports.is_empty() { String::new() } else { format!(": {}", reports.join(", ")) }
        )
    }
}

/// What kind of page a file is, for the summary line.
fn page_kind(path: &str) -> &'static str {
    let (section, rest) = path.split_once('/').unwrap_or(("", path));
    let list = rest == "index.html" || rest.starts_with("page/");
    match section {
        "" if rest == "index.html" => "home",
        "reports" if list => "report list pages",
        "reports" => "reports",
        "counties" | "people" | "programs" if list => "entity list pages",
        "counties" | "people" | "programs" => "entity pages",
        "timeline" => "timeline pages",
        _ => "other",
    }
}

/// A changed source file, by what it is.
enum Source {
    Report(PathBuf),
    Entity(Kind, PathBuf),
    /// Something under `themes/`, `templates/` or `static/`.
    Theme,
    /// Not part of the site (a note beside the pages).
    Ignored,
}

impl LiveSite {
    /// The index job for the current state, when this site is built with search.
    pub fn search_job(&self) -> Option<SearchJob> {
        if !self.opts.search {
            return None;
        }
        Some(SearchJob::new(self.opts.out.clone(), search_docs::sources(&self.site)))
    }

    /// A full build into `opts.out` (staged, then swapped in), kept for updates.
    pub fn build(opts: &BuildOptions, progress: &Progress) -> Result<(LiveSite, Rebuild)> {
        // One thread for the tables: they are made while the reader already browses.
        LiveSite::build_with(opts, progress, Worker::new(1))
    }

    /// Blocks until the background jobs requested so far (the open data tables) are done.
    pub fn wait_for_background(&self) {
        self.data.wait();
    }

    /// A full build with the open data worker of the session (its runs stay in order).
    fn build_with(opts: &BuildOptions, progress: &Progress, data: Worker<DataJob>) -> Result<(LiveSite, Rebuild)> {
        let started = Instant::now();
        let mut opts = opts.clone();
        // Changed paths come canonical from the watcher; compare like with like.
        opts.content = std::fs::canonicalize(&opts.content).unwrap_or(opts.content);
        // The kept content is patched edit by edit while the files move on: a body read
        // again later could be newer than the page it belongs to.
        opts.bodies = Bodies::Keep;
        let staging = Staging::create(&opts.out, &[&opts.content, &root_of(&opts.content)])?;
        let built = make(&opts, progress, Some(&staging))?;
        staging.commit()?;
        let live = LiveSite::from_built(opts, built, data, *progress);
        live.request_background(Tables::ALL, None);
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

    fn from_built(opts: BuildOptions, built: Built, data: Worker<DataJob>, progress: Progress) -> LiveSite {
        let Built { content, theme, templates, markdown, site, files, links, .. } = built;
        let mut map: FxHashMap<String, Option<PageLinks>> = files.into_iter().map(|f| (f, None)).collect();
        for page in links {
            map.insert(page.path.clone(), Some(page));
        }
        // Only `index.html` of the default theme shows the counts; a theme that shows them
        // elsewhere gets a full re-render when they change.
        let counts_everywhere = theme.templates.iter().any(|t| t.name != "index.html" && t.source.contains("counts"));
        LiveSite {
            opts,
            content,
            theme,
            templates,
            markdown,
            site: Arc::new(site),
            data,
            progress,
            files: map,
            counts_everywhere,
            pending: Vec::new(),
            pending_rescan: false,
        }
    }

    /// Brings the open data `tables` and, after an edit of `shape`, the feeds up to date with
    /// the graph in the background, when the site is built that way (`opts.data_later`);
    /// otherwise `emit` made them with the pages. Call after `commit`: the sitemap lists the
    /// files as they are now.
    fn request_background(&self, tables: Tables, shape: Option<Shape>) {
        if !self.opts.data_later {
            return;
        }
        let feeds = match shape {
            None => Feeds::None,
            Some(Shape::Same) => Feeds::Atom,
            Some(Shape::NewDates | Shape::Added | Shape::NewPages) => Feeds::All(self.files.keys().cloned().collect()),
        };
        let (out, site, progress) = (self.opts.out.clone(), Arc::clone(&self.site), self.progress);
        self.data.request(DataJob { out, site, tables, feeds, progress });
    }

    /// The graph as of the last good build.
    pub fn site(&self) -> &Site {
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
        let result = self.apply(&paths, rescan, progress);
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
            match self.classify(path) {
                Ok(Source::Ignored) => {}
                Ok(source) => sources.push(source),
                Err(why) => {
                    full.get_or_insert(why);
                }
            }
        }
        if full.is_none() && sources.is_empty() {
            return Ok(Rebuild { pages: self.pages(), millis: started.elapsed().as_millis(), ..Rebuild::default() });
        }
        let themed = sources.iter().any(|s| matches!(s, Source::Theme));
        if full.is_none() && themed {
            if sources.iter().all(|s| matches!(s, Source::Theme))
                && let Some(mut result) = self.restyle()?
            {
                result.millis = started.elapsed().as_millis();
                return Ok(result);
            }
            full = Some("a template or theme file changed".into());
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
        let (live, mut summary) = LiveSite::build_with(&self.opts, progress, self.data.clone())?;
        let old = std::mem::replace(self, live);
        std::thread::spawn(move || drop(old));
        summary.reason = Some(reason);
        Ok(summary)
    }

    /// What a changed path is; `Err(reason)` when it needs a full build.
    fn classify(&self, path: &Path) -> Result<Source, String> {
        let shown = || path.display().to_string();
        let root = root_of(&self.opts.content);
        if ["themes", "templates", "static"].iter().any(|d| path.starts_with(root.join(d))) {
            return Ok(Source::Theme);
        }
        let Ok(rel) = path.strip_prefix(&self.opts.content) else {
            return Err(format!("{} changed", shown()));
        };
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        let Some(&section) = parts.first() else { return Err("the content folder changed".into()) };
        let name = parts.last().copied().unwrap_or("");
        let is_page = parts.len() >= 2 && name.ends_with(".md") && !name.starts_with('.');
        // A folder that holds (or held) pages was added, moved or removed: read everything.
        // Anything else without `.md` (an editor's or `sed -i`'s temporary file) is not a page.
        let holds_pages = if path.is_dir() {
            load::files(path).is_ok_and(|f| !f.is_empty())
        } else {
            !is_page
                && path.extension().is_none()
                && (self.content.reports.iter().any(|r| Path::new(&r.path).starts_with(path))
                    || self.content.entities.iter().any(|e| Path::new(&e.path).starts_with(path)))
        };
        if holds_pages {
            return Err(format!("folder {} changed", shown()));
        }
        if !is_page {
            return Ok(Source::Ignored);
        }
        if section == "reports" {
            return Ok(Source::Report(path.to_path_buf()));
        }
        match Kind::ALL.into_iter().find(|k| k.dir() == section) {
            Some(kind) => Ok(Source::Entity(kind, path.to_path_buf())),
            None => Ok(Source::Ignored),
        }
    }

    fn incremental(&mut self, sources: &[Source], progress: &Progress) -> Result<Rebuild> {
        if let [Source::Report(path)] = sources
            && let Some(result) = self.patch(path)?
        {
            return Ok(result);
        }
        // 1. The changed pages, read again into a copy of the content (bodies are shared).
        let mut content = self.content.clone();
        let mut changed_reports: FxHashSet<String> = FxHashSet::default();
        let mut changed_entities: Vec<(Kind, String)> = Vec::new();
        for source in sources {
            match source {
                Source::Report(path) => {
                    let shown = path.display().to_string();
                    let at = content.reports.iter().position(|r| r.path == shown);
                    if let Some(i) = at {
                        changed_reports.insert(content.reports[i].slug.clone());
                    }
                    if path.is_file() {
                        let page = Arc::new(load::load_report(path, Bodies::Keep)?);
                        changed_reports.insert(page.slug.clone());
                        match at {
                            Some(i) => content.reports[i] = page,
                            None => {
                                let i = content.reports.partition_point(|r| r.path < shown);
                                content.reports.insert(i, page);
                            }
                        }
                    } else if let Some(i) = at {
                        content.reports.remove(i);
                    }
                }
                Source::Entity(kind, path) => {
                    let shown = path.display().to_string();
                    let at = content.entities.iter().position(|e| e.path == shown);
                    let page = if path.is_file() { Some(load::load_entity(*kind, path)?) } else { None };
                    let same_names = match (at.map(|i| &content.entities[i]), &page) {
                        (Some(old), Some(new)) => {
                            old.front.name() == new.front.name()
                                && old.front.aliases() == new.front.aliases()
                                && old.front.slug() == new.front.slug()
                        }
                        _ => false,
                    };
                    if !same_names {
                        // A name, alias or slug moves links on other pages.
                        return self.full(format!("{shown}: entity added, removed or renamed"), progress);
                    }
                    let (i, page) = (at.expect("same_names"), page.expect("same_names"));
                    changed_entities.push((*kind, page.front.name().to_string()));
                    content.entities[i] = page;
                }
                Source::Ignored | Source::Theme => {}
            }
        }
        load::unique_slugs(&content.reports)?;

        // 2. The graph, rebuilt.
        let site = graph::build(self.site.config.clone(), &content)?;
        let old_warnings: HashSet<&String> = self.site.warnings.iter().collect();
        for warning in site.warnings.iter().filter(|w| !old_warnings.contains(w)) {
            progress.warn(warning);
        }

        // 3. What it affects.
        let plan = affected(&self.site, &site, &changed_reports, &changed_entities, self.counts_everywhere);
        if let Some(reason) = plan.full {
            return self.full(reason, progress);
        }
        let same_names = self.site.entities.len() == site.entities.len()
            && self
                .site
                .entities
                .iter()
                .zip(&site.entities)
                .all(|(a, b)| a.kind == b.kind && a.name == b.name && a.slug == b.slug && a.aliases == b.aliases);
        let markdown = if same_names { None } else { Some(render::markdown_of(&site, true)) };

        // 4. Render in memory, check, then write.
        let made =
            self.emit(&site, markdown.as_ref().unwrap_or(&self.markdown), &plan.pages, Shape::NewPages, Tables::ALL)?;
        let summary = self.commit(made)?;

        // 5. Keep the new state; the old is freed off the critical path.
        let old_site = std::mem::replace(&mut self.site, Arc::new(site));
        let old_content = std::mem::replace(&mut self.content, content);
        let old_markdown = markdown.map(|m| std::mem::replace(&mut self.markdown, m));
        std::thread::spawn(move || drop((old_site, old_content, old_markdown)));
        self.request_background(Tables::ALL, Some(Shape::NewPages));
        Ok(summary)
    }

    /// A theme or site static file changed and nothing else (no template, no file added or
    /// removed): those files are written again, no page is rendered. `None` otherwise.
    fn restyle(&mut self) -> Result<Option<Rebuild>> {
        let theme = Theme::load(&root_of(&self.opts.content), &self.site.config.theme)?;
        let sources = |t: &Theme| t.templates.iter().map(|t| (t.name.clone(), t.source.clone())).collect::<Vec<_>>();
        let names = |t: &Theme| t.statics.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        if sources(&theme) != sources(&self.theme) || names(&theme) != names(&self.theme) {
            return Ok(None);
        }
        let mut written = 0;
        for file in render::statics(&theme) {
            written += usize::from(output::replace_if_changed(&self.opts.out, &file)?);
        }
        self.theme = theme;
        Ok(Some(Rebuild { written, pages: self.pages(), ..Rebuild::default() }))
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
            self.site.reports.iter().position(|r| r.path == shown).map(|r| opendata::linked_rows(&self.site, r));
        // New entities change the counts: only when no template but the home page shows them.
        // A data job still reading the previous graph keeps it; the patch then works on a copy.
        let Some(patch) = Arc::make_mut(&mut self.site).patch_report(&page, !self.counts_everywhere) else {
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
        let pages = patched(&self.site, &patch);
        let shape = if !patch.added.is_empty() {
            Shape::Added
        } else if old.date != self.content.reports[at].date {
            Shape::NewDates
        } else {
            Shape::Same
        };
        // Entity tables hold no counts: only a new entity changes its kind's; the large events
        // and mentions tables only when the report's own rows there changed (not for a title
        // edit).
        let mut tables = Tables::REPORTS;
        if rows_before.as_deref() != Some(opendata::linked_rows(&self.site, patch.report).as_str()) {
            tables = tables.union(Tables::LINKED);
        }
        for &id in &patch.added {
            tables = tables.union(Tables::entities(self.site.entities[id].kind));
        }
        match self.emit(&self.site, markdown.as_ref().unwrap_or(&self.markdown), &pages, shape, tables) {
            Ok(made) => {
                if let Some(markdown) = markdown {
                    self.markdown = markdown;
                }
                let summary = Rebuild { patched: true, ..self.commit(made)? };
                self.request_background(tables, Some(shape));
                Ok(Some(summary))
            }
            Err(e) => {
                self.content.reports[at] = Arc::clone(&old);
                if patch.added.is_empty() {
                    Arc::make_mut(&mut self.site).patch_report(&old, false).expect("undoing a patch is a patch");
                } else {
                    // Taking new entities out again is a rebuild.
                    self.site = Arc::new(graph::build(self.site.config.clone(), &self.content)?);
                }
                Err(e)
            }
        }
    }

    /// Renders `pages` from `site` in memory, with the feeds and the data `tables` unless a
    /// background job makes them (`opts.data_later`), and checks their links against the site
    /// as it will be (`shape`: what else the edit changed).
    fn emit(&self, site: &Site, markdown: &Markdown, pages: &[Page], shape: Shape, tables: Tables) -> Result<Made> {
        let renderer = Renderer::new(site, &self.templates, markdown, self.opts.search);
        let (files, data) = rayon::join(
            || pages.par_iter().map(|&page| renderer.render(page)).collect::<Result<Vec<_>>>(),
            || if self.opts.data_later { Vec::new() } else { opendata::files(site, tables) },
        );
        let mut files = files?;
        files.extend(data);
        let live: Option<FxHashSet<String>> = (shape == Shape::NewPages)
            .then(|| views::pages(site).into_iter().map(|p| file::file_of(&views::path_of(site, p))).collect());
        match &live {
            _ if self.opts.data_later => {}
            None if shape == Shape::Same => files.push(feeds::atom_only(site)?),
            None => {
                // New dates (the sitemap's `<lastmod>`s) or new pages.
                let added = files.iter().map(|f| f.path.as_str()).filter(|p| !self.files.contains_key(*p));
                let listed: Vec<&str> = self.files.keys().map(String::as_str).chain(added).collect();
                files.extend(feeds::feeds(site, &listed)?);
            }
            Some(live) => {
                // The sitemap lists every page: those of the new graph, and the other files.
                let others = self.files.keys().filter(|f| !f.ends_with(".html")).map(String::as_str);
                let listed: Vec<&str> = live.iter().map(String::as_str).chain(others).collect();
                files.extend(feeds::feeds(site, &listed)?);
            }
        }
        let mut removed: Vec<String> = match &live {
            None => Vec::new(),
            Some(live) => self.files.keys().filter(|f| f.ends_with(".html") && !live.contains(*f)).cloned().collect(),
        };
        removed.sort();
        let scanned: Vec<PageLinks> = files.par_iter().filter_map(links::scan).collect();
        let fresh: HashMap<&str, &PageLinks> = scanned.iter().map(|p| (p.path.as_str(), p)).collect();
        let lost_anchor = scanned.iter().any(|p| match self.files.get(&p.path) {
            Some(Some(old)) => !old.ids().is_subset(p.ids()),
            _ => false,
        });
        let view = Overlay { kept: &self.files, fresh: &fresh, live: live.as_ref(), added: &files };
        let to_check: Vec<&PageLinks> = if removed.is_empty() && !lost_anchor {
            scanned.iter().collect()
        } else {
            // Links elsewhere may point at what went away: check every page.
            let kept = self.files.iter().filter_map(|(path, page)| {
                let page = page.as_ref()?;
                (!fresh.contains_key(path.as_str()) && view.exists(path)).then_some(page)
            });
            scanned.iter().chain(kept).collect()
        };
        let broken = links::check_against(&site.config, &to_check, &view);
        if let Some(first) = broken.first() {
            bail!(
                "{} broken internal link(s); the first: {first} (fix the link, or add the page it points to)",
                broken.len()
            );
        }
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

/// The site as it will be after an update: new pages over the kept ones.
struct Overlay<'a> {
    kept: &'a FxHashMap<String, Option<PageLinks>>,
    fresh: &'a HashMap<&'a str, &'a PageLinks>,
    /// Every HTML page of the new site, when it differs from the kept ones.
    live: Option<&'a FxHashSet<String>>,
    added: &'a [OutputFile],
}

impl Files for Overlay<'_> {
    fn exists(&self, path: &str) -> bool {
        if let (Some(live), true) = (self.live, path.ends_with(".html")) {
            live.contains(path)
        } else {
            self.kept.contains_key(path) || self.added.iter().any(|f| f.path == path)
        }
    }

    fn has_id(&self, path: &str, id: &str) -> bool {
        match self.fresh.get(path) {
            Some(page) => page.ids().contains(id),
            None => self.kept.get(path).and_then(Option::as_ref).is_some_and(|p| p.ids().contains(id)),
        }
    }
}

/// The pages an edit affects, or why everything must be rendered.
#[derive(Debug, Default)]
pub struct Plan {
    pub pages: Vec<Page>,
    pub full: Option<String>,
}

/// Compares two graphs of the same site, before and after an edit of the reports named by
/// slug in `reports` (changed, added or removed) and of the entity pages in `entities`
/// (same names, other details), and lists the pages of `new` whose output can differ from
/// the page at the same path built from `old`. Pages that exist only in `old` are not listed
/// (the caller removes them). See the module documentation for the rules.
pub fn affected(
    old: &Site,
    new: &Site,
    reports: &FxHashSet<String>,
    entities: &[(Kind, String)],
    counts_everywhere: bool,
) -> Plan {
    let full = |why: &str| Plan { pages: Vec::new(), full: Some(why.to_string()) };
    if views::timeline_split(old) != views::timeline_split(new) {
        return full("the timeline changed between one page and one page per year");
    }
    let counts = |s: &Site| (s.reports.len(), Kind::ALL.map(|k| s.of_kind(k).len()), s.events.len());
    if counts_everywhere && counts(old) != counts(new) {
        return full("the site's counts changed and the templates show them");
    }
    let old_ids: FxHashMap<(Kind, &str), EntityId> =
        old.entities.iter().enumerate().map(|(id, e)| ((e.kind, e.name.as_str()), id)).collect();
    // Entities whose page, row or report cards must change: new ones, changed counts or
    // details. A slug change moves links on any page: render everything.
    let mut touched: Vec<bool> = vec![false; new.entities.len()];
    // Entities whose report count changed: report pages show it next to their names.
    let mut recounted: Vec<bool> = vec![false; new.entities.len()];
    for (id, e) in new.entities.iter().enumerate() {
        match old_ids.get(&(e.kind, e.name.as_str())) {
            Some(&o) => {
                let was = &old.entities[o];
                if was.slug != e.slug {
                    return full(&format!("{} moved from {} to {}", e.name, was.path(), e.path()));
                }
                if was.reports.len() != e.reports.len() {
                    recounted[id] = true;
                    touched[id] = true;
                }
                if was.events.len() != e.events.len() {
                    touched[id] = true;
                }
            }
            None => touched[id] = true,
        }
    }
    let new_ids: FxHashMap<(Kind, &str), EntityId> =
        new.entities.iter().enumerate().map(|(id, e)| ((e.kind, e.name.as_str()), id)).collect();
    for (kind, name) in entities {
        if let Some(&id) = new_ids.get(&(*kind, name.as_str())) {
            touched[id] = true;
        }
    }
    let changed = |slug: &str| reports.contains(slug);
    let old_pos: FxHashMap<&str, usize> = old.reports.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();

    let mut pages = vec![Page::Home, Page::Timeline, Page::Search, Page::Data, Page::NotFound];

    // Report pages: the changed ones, those whose neighbours changed, those showing a count
    // that changed.
    for (rid, r) in new.reports.iter().enumerate() {
        let newer = slug_at(new, rid.checked_sub(1));
        let older = slug_at(new, Some(rid + 1));
        let moved = match old_pos.get(r.slug.as_str()) {
            Some(&o) => slug_at(old, o.checked_sub(1)) != newer || slug_at(old, Some(o + 1)) != older,
            None => true,
        };
        if changed(&r.slug)
            || moved
            || newer.is_some_and(changed)
            || older.is_some_and(changed)
            || r.entities.iter().any(|&e| recounted[e])
        {
            pages.push(Page::Report(rid));
        }
    }

    // Paginated lists: every page when the list's length changed (each page states it), else
    // the pages whose slots hold other items or a changed item.
    let list_pages = |old_len: usize, new_len: usize, per: usize, slot: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (1..=views::page_count(new_len, per))
            .filter(|&n| old_len != new_len || ((n - 1) * per..(n * per).min(new_len)).any(slot))
            .collect()
    };
    let report_slot = |i: usize| {
        let (a, b) = (slug_at(old, Some(i)), slug_at(new, Some(i)));
        a != b || b.is_some_and(changed)
    };
    pages.extend(
        list_pages(old.reports.len(), new.reports.len(), REPORTS_PER_PAGE, &report_slot).into_iter().map(Page::Reports),
    );
    for kind in Kind::ALL {
        let (o, n) = (old.ids_of_kind(kind), new.ids_of_kind(kind));
        let entity_slot = |i: usize| {
            let a = (o.start + i < o.end).then(|| &old.entities[o.start + i].name);
            let b = (n.start + i < n.end).then(|| &new.entities[n.start + i].name);
            a != b || (n.start + i < n.end && touched[n.start + i])
        };
        pages.extend(
            list_pages(o.len(), n.len(), ENTITIES_PER_PAGE, &entity_slot).into_iter().map(|p| Page::Entities(kind, p)),
        );
    }

    // Entity pages: touched ones, and those listing a changed report.
    for (id, e) in new.entities.iter().enumerate() {
        if touched[id] || e.reports.iter().any(|&r| changed(&new.reports[r].slug)) {
            pages.push(Page::Entity(id));
        }
    }

    // Timeline year pages: all when the year index changed, else those whose events changed.
    if views::timeline_split(new) {
        let index = |s: &Site| s.timeline.iter().map(|y| (y.year, y.event_count())).collect::<Vec<_>>();
        let all = index(old) != index(new);
        // An event is known by its report and its place there (its anchor).
        let identity = |s: &Site| {
            let mut place = vec![0usize; s.events.len()];
            for r in &s.reports {
                for (n, &e) in r.events.iter().enumerate() {
                    place[e] = n;
                }
            }
            place
        };
        let (old_place, new_place) = (identity(old), identity(new));
        for (y, year) in new.timeline.iter().enumerate() {
            let events: Vec<usize> = year.months.iter().flat_map(|m| m.events.iter().copied()).collect();
            let before: Vec<usize> = old
                .timeline
                .iter()
                .find(|o| o.year == year.year)
                .map(|o| o.months.iter().flat_map(|m| m.events.iter().copied()).collect())
                .unwrap_or_default();
            let same = |i: usize| match (before.get(i), events.get(i)) {
                (Some(&a), Some(&b)) => {
                    let (ra, rb) = (&old.reports[old.events[a].report], &new.reports[new.events[b].report]);
                    ra.slug == rb.slug && old_place[a] == new_place[b] && !changed(&rb.slug)
                }
                _ => false,
            };
            for n in 1..=views::page_count(events.len(), EVENTS_PER_PAGE) {
                let slots = (n - 1) * EVENTS_PER_PAGE..(n * EVENTS_PER_PAGE).min(events.len().max(before.len()));
                if all || !slots.clone().all(same) {
                    pages.push(Page::TimelineYear(y, n));
                }
            }
        }
    }
    Plan { pages, full: None }
}

/// The pages a patched report affects (see `Site::patch_report`): nothing moved, so the
/// report, its neighbours, its list page, the pages of the entities it names or named, the
/// list rows and report pages showing a count that changed, and its events' timeline pages.
pub fn patched(site: &Site, patch: &graph::Patch) -> Vec<Page> {
    let rid = patch.report;
    let mut pages = vec![Page::Home, Page::Timeline, Page::Search, Page::Data, Page::NotFound];
    // The report and its neighbours, and when it moved, its old neighbours (now next to each
    // other) and every list page from its old place to its new one.
    let from = patch.moved_from.unwrap_or(rid);
    let old_neighbours = match patch.moved_from {
        Some(from) if from < rid => [from.checked_sub(1), Some(from)],
        Some(from) => [Some(from), Some(from + 1)],
        None => [None, None],
    };
    for r in [rid.checked_sub(1), Some(rid), Some(rid + 1)].into_iter().chain(old_neighbours).flatten() {
        if r < site.reports.len() {
            pages.push(Page::Report(r));
        }
    }
    let (lo, hi) = (from.min(rid), from.max(rid));
    pages.extend((lo / REPORTS_PER_PAGE..=hi / REPORTS_PER_PAGE).map(|p| Page::Reports(p + 1)));
    // A new entity: every page of its kind's list (the count and the rows move).
    for &id in &patch.added {
        let kind = site.entities[id].kind;
        let pages_of_kind = views::page_count(site.of_kind(kind).len(), ENTITIES_PER_PAGE);
        pages.extend((1..=pages_of_kind).map(|p| Page::Entities(kind, p)));
    }
    for &(id, reports, events) in &patch.entities {
        let e = &site.entities[id];
        pages.push(Page::Entity(id));
        if e.reports.len() != reports || e.events.len() != events {
            let row = id - site.ids_of_kind(e.kind).start;
            pages.push(Page::Entities(e.kind, row / ENTITIES_PER_PAGE + 1));
        }
        if e.reports.len() != reports {
            pages.extend(e.reports.iter().map(|&r| Page::Report(r)));
        }
    }
    if views::timeline_split(site) {
        for &eid in &site.reports[rid].events {
            let year = site.events[eid].date.year;
            if let Some(y) = site.timeline.iter().position(|g| g.year == year) {
                let first = site.timeline[y].months[0].events[0];
                pages.push(Page::TimelineYear(y, (eid - first) / EVENTS_PER_PAGE + 1));
            }
        }
    }
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// The slug of the report at `i` in `site`'s order, if there is one.
fn slug_at(site: &Site, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| site.reports.get(i)).map(|r| r.slug.as_str())
}

/// Reads the live folder back: every file under `out` (for tests and checks).
pub fn read_tree(out: &Path) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let mut tree = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.with_context(|| format!("{}: cannot read", out.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(out).expect("under out");
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            tree.insert(name, std::fs::read(entry.path())?);
        }
    }
    Ok(tree)
}
