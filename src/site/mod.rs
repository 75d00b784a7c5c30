//! The site stage: content/ → public/.
//!
//! ```text
//! site.yaml ─config─┐
//! content/ ──load──▶ Content ──graph──▶ Graph ──render (views, markdown, theme, charts)──▶ Vec<OutputFile>
//!                                                 feeds ─┘      links (check) ─┘      │
//!                                      opendata (data/: datapackage, CSV, JSON) ─┤
//!                              search_docs (graph → search::Doc → crate::search) ─┤
//!                                   redirects (a page at each old address of a report) ─┤
//!                                                                           output ──▶ public/
//! ```
//!
//! Each stage returns plain data to the next; only `output` writes, only `load`, `config` and
//! `theme` read. `build` and `check` share `make`, so `check` validates exactly what `build`
//! would write, search index included. Pages stream from `render` to
//! `output`'s staging folder as they are made; then `search_docs` hands the graph's reports
//! and entities to the search index (`crate::search`), whose files join the staging folder
//! slice by slice, and the staging folder replaces public/ only once every internal link
//! resolves. `make_announcing` hands out what the pages are rendered with (`Ready`) before
//! rendering them, for `serve` to answer requests while its first build writes.

pub(crate) mod body;
pub(crate) mod charts;
pub(crate) mod config;
pub(crate) mod feeds;
pub(crate) mod file;
pub mod graph;
pub(crate) mod ids;
pub(crate) mod links;
pub mod live;
pub(crate) mod load;
pub(crate) mod markdown;
pub(crate) mod opendata;
pub(crate) mod output;
pub(crate) mod place;
pub(crate) mod redirects;
pub(crate) mod render;
pub(crate) mod search_docs;
pub(crate) mod text;
pub(crate) mod theme;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Result, bail};
use rayon::prelude::*;

use crate::cancel::Cancel;
use crate::progress::Progress;
use crate::search::{self, Stats};
pub use body::Bodies;
use config::Config;
use file::OutputFile;
use graph::Graph;
use links::PageLinks;
use load::Content;
use markdown::Markdown;
use output::Staging;
use render::{Renderer, Templates};
use theme::Theme;

/// Pages rendered in parallel at a time: large enough to keep every core busy, small enough
/// that a slice in memory is nothing.
const RENDER_SLICE: usize = 256;

/// Which site: where its content is and what the command line overrides. How it is made
/// (written or not, what is left for later) is the `Mode`'s.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    /// Where `Mode::Build` and `Mode::Serve` write; `Mode::Check` writes nothing.
    pub out: PathBuf,
    pub theme: Option<String>,
    pub base_url: Option<String>,
    pub search: bool,
    /// Set to stop the build at its next step (`Err(Cancelled)`, nothing written): between
    /// stages, slices of pages, search index files and open data tables.
    pub cancel: Cancel,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            content: "content".into(),
            out: "public".into(),
            theme: None,
            base_url: None,
            search: true,
            cancel: Cancel::default(),
        }
    }
}

/// What a command asks of the site stage. Everything else about a build follows from it, so
/// `check` validates exactly what `build` writes (the search index included) and no switch
/// can make them disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every file into `out` (staged, then swapped in); report bodies read again when a
    /// page needs them, the loaded content let go once the graph is built.
    Build,
    /// Everything `Build` makes, made and checked the same way, written nowhere.
    Check,
    /// `serve`: the pages and the search client into `out`; the search index and the open
    /// data tables are left to background jobs (`live::search`, `live::background`; the
    /// tables' paths are listed all the same, for links and the sitemap); the loaded content
    /// and its bodies are kept (`Built::content`) for the edits that follow.
    Serve,
}

impl Mode {
    /// Whether the search index and the open data tables wait for a background job.
    fn later(self) -> bool {
        self == Mode::Serve
    }

    fn bodies(self) -> Bodies {
        if self == Mode::Serve { Bodies::Keep } else { Bodies::Reread }
    }
}

/// What a build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    pub millis: u128,
    /// The search index, unless built with `--no-search`.
    pub search: Option<Stats>,
}

/// The site root: the folder holding `content/`, `site.yaml`, `themes/` and `templates/`
/// (empty for `--content content`; `state_dir` owns it).
pub(crate) use crate::state_dir::site_root as root_of;

/// What a build made: everything it was made from (kept by `serve` for incremental rebuilds;
/// `build` and `check` drop it), and the path of every file of the site, sorted.
pub(crate) struct Built {
    /// The loaded content; empty unless built in `Mode::Serve`.
    pub(crate) content: Content,
    pub(crate) theme: Theme,
    pub(crate) templates: Arc<Templates>,
    pub(crate) markdown: Arc<Markdown>,
    pub(crate) site: Arc<Graph>,
    pub(crate) files: Vec<String>,
    /// The search index, when the build made one.
    pub(crate) search: Option<Stats>,
    /// What the link check read of each HTML page.
    pub(crate) links: Vec<PageLinks>,
}

/// What a build renders its pages with, handed out before it renders them (`make_announcing`):
/// `serve` answers a request for a page the first build has not written yet by rendering
/// that page from it (`live::first`). The same graph, templates and Markdown renderer as the
/// build's, so the same bytes; `copied` are the files written as they are (the theme's and the
/// site's static files, the search client).
pub(crate) struct Ready {
    pub(crate) site: Arc<Graph>,
    pub(crate) templates: Arc<Templates>,
    pub(crate) markdown: Arc<Markdown>,
    pub(crate) search: bool,
    pub(crate) copied: Vec<OutputFile>,
}

/// The whole pipeline: config, theme, load, graph, render, feeds and the link check. Unless
/// `mode` is `Check`, each file goes to a staging folder as soon as it is made, so the site
/// is never held in memory whole (only what the link check needs is kept), and the staging
/// folder replaces `opts.out` at the end. Warnings go to `progress`; a broken internal link
/// is an error, and then nothing is committed.
pub(crate) fn make(opts: &BuildOptions, mode: Mode, progress: &Progress) -> Result<Built> {
    make_announcing(opts, mode, progress, &mut |_| {})
}

/// `make`, handing `ready` what the pages are rendered with as soon as it is made.
pub(crate) fn make_announcing(
    opts: &BuildOptions,
    mode: Mode,
    progress: &Progress,
    ready: &mut dyn FnMut(Ready),
) -> Result<Built> {
    opts.cancel.check()?;
    let staging = match mode {
        Mode::Check => None,
        Mode::Build | Mode::Serve => Some(Staging::create(&opts.out, &[&opts.content, &root_of(&opts.content)])?),
    };
    // A failed or cancelled build drops `staging` unused, which removes its folder.
    let built = make_into(opts, mode, progress, staging.as_ref(), ready)?;
    if let Some(staging) = staging {
        opts.cancel.check()?;
        staging.commit()?;
    }
    Ok(built)
}

/// `make`'s pipeline, each file emitted to `staging` when given.
fn make_into(
    opts: &BuildOptions,
    mode: Mode,
    progress: &Progress,
    staging: Option<&Staging>,
    ready: &mut dyn FnMut(Ready),
) -> Result<Built> {
    let (theme, content, site) = load_site(opts, mode, progress)?;
    opts.cancel.check()?;
    let stage = Instant::now();
    let templates = Arc::new(Templates::compile(&theme)?);
    let markdown = Arc::new(render::markdown_of(&site, false));
    let site = Arc::new(site);
    let copied = render::statics(&theme).chain(search_client(opts.search)).collect();
    ready(Ready {
        site: Arc::clone(&site),
        templates: Arc::clone(&templates),
        markdown: Arc::clone(&markdown),
        search: opts.search,
        copied,
    });
    let emit = Emit { staging, strings: links::Strings::default(), cancel: &opts.cancel };
    let renderer = Renderer::new(&site, &templates, &markdown, opts.search);
    let (pages, mut made) = render_pages(&renderer, &emit)?;
    made.extend(render::statics(&theme).map(|f| emit.file(&f)).collect::<Result<Vec<_>>>()?);
    made.extend(data_files(&site, mode, &emit)?);
    progress.info(format!("rendered {pages} pages ({} ms)", stage.elapsed().as_millis()));
    let paths: Vec<&str> = made.iter().map(|(p, _)| p.as_str()).collect();
    let feeds = feeds::feeds(&site, &paths)?.iter().map(|f| emit.file(f)).collect::<Result<Vec<_>>>()?;
    made.extend(feeds);
    let search = search_files(&site, opts.search, mode, &emit, &mut made, progress)?;
    let redirects = redirects::pages(&site, &made.iter().map(|(p, _)| p.as_str()).collect())?;
    made.extend(redirects.iter().map(|f| emit.file(f)).collect::<Result<Vec<_>>>()?);
    let (files, scanned) = sorted_files(made)?;
    opts.cancel.check()?;
    let stage = Instant::now();
    let broken = links::check(&site.config, &scanned, &files.iter().map(String::as_str).collect());
    progress.info(format!(
        "checked the internal links of {} pages ({} ms)",
        scanned.len(),
        stage.elapsed().as_millis()
    ));
    if !broken.is_empty() {
        bail!(broken_links(&site, &broken, progress));
    }
    Ok(Built { content, theme, templates, markdown, site, files, links: scanned, search })
}

/// Config, theme and content read, and the graph built from them. The loaded content is kept
/// only for `serve` (`Mode::Serve`).
fn load_site(opts: &BuildOptions, mode: Mode, progress: &Progress) -> Result<(Theme, Content, Graph)> {
    let started = Instant::now();
    // The slug tables load on a thread of their own while the content is read.
    let warming = std::thread::spawn(crate::slug::warm_up);
    let root = root_of(&opts.content);
    let config = Config::load(&root, opts.theme.as_deref(), opts.base_url.as_deref())?;
    let theme = Theme::load(&root, &config.theme)?;
    let content = load::load(&opts.content, mode.bodies())?;
    opts.cancel.check()?;
    progress.info(format!(
        "loaded {} reports and {} entity pages from {} ({} ms)",
        content.reports.len(),
        content.entities.len(),
        opts.content.display(),
        started.elapsed().as_millis()
    ));
    let stage = Instant::now();
    let _ = warming.join();
    let site = graph::build(config, &content)?;
    // The graph holds its own copy of everything the pages show; only `serve` edits the
    // loaded content later. A build lets it go now, on a thread of its own (the parsed front
    // matter of 100,000 reports is a few hundred MB, and freeing it takes a while).
    let content = match mode.bodies() {
        Bodies::Keep => content,
        Bodies::Reread => {
            std::thread::spawn(move || drop(content));
            Content::default()
        }
    };
    for warning in &site.warnings {
        progress.warn(warning);
    }
    progress.info(format!(
        "related {} entities and {} events ({} ms)",
        site.entities.len(),
        site.events.len(),
        stage.elapsed().as_millis()
    ));
    Ok((theme, content, site))
}

/// A file made: its path, and what the link check read of it when it is a page.
type Made = (String, Option<PageLinks>);

/// Where each file goes as it is made: scanned for links, and written to the staging folder
/// (`build`) or nowhere (`check`). Stops the build once it is cancelled.
struct Emit<'a> {
    staging: Option<&'a Staging>,
    /// The links and ids of every page, each string held once.
    strings: links::Strings,
    cancel: &'a Cancel,
}

impl Emit<'_> {
    fn file(&self, file: &OutputFile) -> Result<Made> {
        self.cancel.check()?;
        let scanned = links::scan_sharing(file, &self.strings);
        if let Some(staging) = self.staging {
            staging.write(file)?;
        }
        Ok((file.path.clone(), scanned))
    }
}

/// Every page, rendered in parallel a slice at a time, each emitted as soon as it is made;
/// the number of pages and what was made.
fn render_pages(renderer: &Renderer, emit: &Emit) -> Result<(usize, Vec<Made>)> {
    let pages = renderer.pages();
    let mut made: Vec<Made> = Vec::with_capacity(pages.len());
    for slice in pages.chunks(RENDER_SLICE) {
        // Checked before each page too: a slice is a good part of a second in a debug build.
        let rendered: Vec<Result<Made>> = slice
            .par_iter()
            .map(|&page| {
                emit.cancel.check()?;
                emit.file(&renderer.render(page)?)
            })
            .collect();
        for r in rendered {
            made.push(r?);
        }
    }
    Ok((pages.len(), made))
}

/// The open data files, emitted a table at a time, or only their paths when a background job
/// writes them (`Mode::Serve`).
fn data_files(site: &Graph, mode: Mode, emit: &Emit) -> Result<Vec<Made>> {
    if mode.later() {
        return Ok(opendata::paths().into_iter().map(|path| (path, None)).collect());
    }
    let mut made = Vec::new();
    opendata::each_file(site, opendata::Tables::ALL, |file| {
        made.push(emit.file(&file)?);
        Ok(())
    })?;
    Ok(made)
}

/// The search client, and the index unless `serve` builds it later; the index's figures.
fn search_files(
    site: &Graph,
    search: bool,
    mode: Mode,
    emit: &Emit,
    made: &mut Vec<Made>,
    progress: &Progress,
) -> Result<Option<Stats>> {
    if !search {
        return Ok(None);
    }
    made.extend(search_client(search).map(|client| emit.file(&client)).transpose()?);
    if mode.later() {
        return Ok(None);
    }
    let stage = Instant::now();
    let mut stats = search_docs::index(search_docs::sources(site), |f| {
        made.push(emit.file(&OutputFile { path: f.path, bytes: f.bytes })?);
        Ok(())
    })?;
    stats.tail = stage.elapsed();
    progress.info(format!("indexed {} pages for search ({} ms)", stats.docs, stage.elapsed().as_millis()));
    Ok(Some(stats))
}

/// The search client's script, when the site has search.
fn search_client(search: bool) -> Option<OutputFile> {
    search.then(|| OutputFile { path: search::CLIENT_PATH.into(), bytes: search::CLIENT_JS.as_bytes().to_vec() })
}

/// The paths of every file made, sorted (a path made twice is an error), and the pages' links.
fn sorted_files(made: Vec<Made>) -> Result<(Vec<String>, Vec<PageLinks>)> {
    let (mut files, scanned): (Vec<String>, Vec<Option<PageLinks>>) = made.into_iter().unzip();
    let scanned: Vec<PageLinks> = scanned.into_iter().flatten().collect();
    files.sort();
    if let Some(pair) = files.windows(2).find(|w| w[0] == w[1]) {
        bail!(
            "two files would be written to {} (a static file of the theme or site shadows a page; rename it)",
            pair[0]
        );
    }
    Ok((files, scanned))
}

/// Prints all but the first broken link as warnings, and returns the error naming the first.
fn broken_links(site: &Graph, broken: &[links::Broken], progress: &Progress) -> String {
    for b in broken.iter().skip(1).take(20) {
        progress.warn(format!("broken link: {}", links::describe(site, b)));
    }
    links::broken_message(site, broken)
}

/// A site built without a host in its base URL has relative URLs where only absolute ones
/// are valid (the sitemap, the feed, canonical links): fine for a preview, not to publish.
fn no_host_warning(root: &Path) -> String {
    format!(
        "{}: no base_url with a host, so sitemap.xml and atom.xml hold relative URLs that search \
         engines and feed readers reject (set `base_url: https://your.host/` there, or pass --base-url, \
         before publishing)",
        root.join("site.yaml").display()
    )
}

pub fn build(opts: &BuildOptions, progress: &Progress) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut built = make(opts, Mode::Build, progress)?;
    if !built.site.config.has_host() {
        progress.warn(no_host_warning(&root_of(&opts.content)));
    }
    let pages = built.files.iter().filter(|f| f.ends_with(".html")).count();
    let files = built.files.len();
    let search_stats = built.search.take();
    let search = search_stats.as_ref().map(|s| format!("; {}", s.summary())).unwrap_or_default();
    // Freeing the graph, the content and the link data of a large site takes tens of
    // milliseconds and changes nothing the user waits for: a thread of its own does it.
    std::thread::spawn(move || drop(built));
    let millis = started.elapsed().as_millis();
    progress.info(format!(
        "built {pages} pages ({files} files) into {} in {:.2} s{search}",
        opts.out.display(),
        millis as f64 / 1000.0
    ));
    Ok(BuildSummary { pages, millis, search: search_stats })
}

pub(crate) fn check(opts: &BuildOptions, progress: &Progress) -> Result<()> {
    let started = Instant::now();
    let built = make(opts, Mode::Check, progress)?;
    let pages = built.files.iter().filter(|f| f.ends_with(".html")).count();
    progress.info(format!(
        "checked {} reports, {} entities and {pages} pages: every internal link resolves ({} ms)",
        built.site.reports.len(),
        built.site.entities.len(),
        started.elapsed().as_millis()
    ));
    Ok(())
}
