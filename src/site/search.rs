//! Full-text search: the Pagefind index of the rendered pages, built in-process through
//! Pagefind's Rust API (`pagefind::api::PagefindIndex`, the `extended` feature for Chinese
//! segmentation), and its bundle as files under `pagefind/` of the site.
//!
//! Owns: which rendered pages go to the index (those whose theme marked content with
//! `data-pagefind-body`; Pagefind indexes only what is inside it), the order they go in (the
//! page order of `views::pages`, so two builds give byte-identical bundles), the indexer
//! thread that parses pages while the next ones render, the bundle files (kept in memory with
//! `get_files`, handed back as `OutputFile`s for `output` to stage), its size and timing, and
//! the hidden index terms (`terms`) that make short names findable whatever the browser's
//! segmenter does with them.
//!
//! Must not: write files (it returns them; `output` stages them, so a failed index leaves the
//! previous public/ in place), render templates, or decide what a page shows: the theme marks
//! the body, the filters (`data-pagefind-filter`) and the metadata (`data-pagefind-meta`).
//!
//! Index URLs are site paths (`/reports/x/`), without the base path: the search page gives
//! Pagefind's UI `baseUrl` and `bundlePath`, so the same bundle works under any sub-path.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::site::render::OutputFile;

/// The folder of the bundle in the site.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that marks what a page contributes to the index.
const BODY_MARKER: &str = "data-pagefind-body";

/// Never indexed: the `#` link `markdown` puts after each heading (it would end every
/// sub-result title and excerpt of a section with `#`).
const EXCLUDED: &[&str] = &["a.anchor"];

/// Pages waiting for the indexer; rendering blocks when it is this far ahead.
const QUEUE: usize = 256;

/// One page for the index: its site path as a URL (`/reports/x/`) and its HTML.
struct Page {
    url: String,
    html: String,
}

/// What the index thread made.
pub struct Bundle {
    /// Files under `pagefind/`, sorted by path.
    pub files: Vec<OutputFile>,
    pub stats: Stats,
}

/// The size and cost of a bundle, for the build summary and the tests.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Pages in the index.
    pub pages: usize,
    /// Time the indexer was busy: parsing pages, building and encoding the index. Parsing
    /// overlaps rendering, so the build takes less longer than this.
    pub busy: Duration,
    /// How long the build waited for the index once every page was rendered (set by the
    /// caller).
    pub tail: Duration,
    /// Bytes of all bundle files (Pagefind's scripts, styles and WebAssembly included).
    pub bytes: usize,
    /// Sizes of the word index chunks (`index/*.pf_index`): a query fetches only the chunks
    /// holding its words.
    pub chunks: Vec<usize>,
    /// Sizes of the per-page fragments (`fragment/*.pf_fragment`): fetched one per result
    /// shown.
    pub fragments: Vec<usize>,
}

impl Stats {
    fn of(files: &[OutputFile], pages: usize, busy: Duration) -> Stats {
        let sizes = |ext: &str| files.iter().filter(|f| f.path.ends_with(ext)).map(|f| f.bytes.len()).collect();
        Stats {
            pages,
            busy,
            tail: Duration::ZERO,
            bytes: files.iter().map(|f| f.bytes.len()).sum(),
            chunks: sizes(".pf_index"),
            fragments: sizes(".pf_fragment"),
        }
    }

    /// `search: indexed 65 pages in 0.41 s (0.05 s after rendering), 1.2 MB (index 52 KB in
    /// 3 chunks, 65 fragments)`.
    pub fn summary(&self) -> String {
        format!(
            "search: indexed {} pages in {:.2} s ({:.2} s after rendering), {} (index {} in {} chunks, {} fragments)",
            self.pages,
            self.busy.as_secs_f64(),
            self.tail.as_secs_f64(),
            human(self.bytes),
            human(self.chunks.iter().sum()),
            self.chunks.len(),
            self.fragments.len(),
        )
    }
}

/// `1.2 MB`, `310 KB`, `900 B`.
fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} B"),
    }
}

/// The index being built on its own thread. Pages are given with [`Indexer::add`] in a fixed
/// order; [`Indexer::finish`] waits for the bundle.
pub struct Indexer {
    queue: Option<SyncSender<Page>>,
    thread: Option<JoinHandle<Result<Bundle>>>,
    /// Set when the build failed elsewhere: the thread stops without building the index.
    cancel: Arc<AtomicBool>,
}

impl Indexer {
    pub fn start() -> Result<Indexer> {
        let (queue, pages) = mpsc::sync_channel(QUEUE);
        let cancel = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::clone(&cancel);
        let thread = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index(pages, &cancelled))
            .context("search: cannot start the indexing thread")?;
        Ok(Indexer { queue: Some(queue), thread: Some(thread), cancel })
    }

    /// Gives a rendered file to the index if it is an HTML page whose theme marked a search
    /// body; other files are ignored.
    pub fn add(&mut self, file: OutputFile) -> Result<()> {
        if !file.path.ends_with(".html") {
            return Ok(());
        }
        let url = url_of(&file.path);
        let Ok(html) = String::from_utf8(file.bytes) else { return Ok(()) };
        if !html.contains(BODY_MARKER) {
            return Ok(());
        }
        let sent = self.queue.as_ref().is_some_and(|q| q.send(Page { url, html }).is_ok());
        if sent { Ok(()) } else { Err(self.failure()) }
    }

    /// The thread's error, once it has stopped taking pages.
    fn failure(&mut self) -> anyhow::Error {
        self.queue = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => anyhow!("search: the indexer stopped unexpectedly"),
            _ => anyhow!("search: the indexer stopped taking pages"),
        }
    }

    /// Builds the index from every page given and returns the bundle.
    pub fn finish(mut self) -> Result<Bundle> {
        self.queue = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(bundle)) => bundle,
            _ => Err(anyhow!("search: the indexer stopped unexpectedly")),
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // A build that failed elsewhere: the thread ends on the closed queue, building nothing.
        self.cancel.store(true, Ordering::Relaxed);
        self.queue = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The indexing thread: Pagefind's API is async (tokio), so a small runtime of its own.
fn index(pages: Receiver<Page>, cancel: &AtomicBool) -> Result<Bundle> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("search: cannot start the runtime for Pagefind")?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| anyhow!("search: Pagefind: {e}"))?;
        let mut busy = Duration::ZERO;
        let mut count = 0;
        // `recv` blocks this thread between pages, which is what it is for.
        while let Ok(page) = pages.recv() {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let started = Instant::now();
            let url = page.url.clone();
            index
                .add_html_file(None, Some(page.url), page.html)
                .await
                .map_err(|e| anyhow!("search: cannot index {url}: {e}"))?;
            count += 1;
            busy += started.elapsed();
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(anyhow!("search: cancelled"));
        }
        let started = Instant::now();
        let files = index.get_files().await.map_err(|e| anyhow!("search: cannot build the index: {e}"))?;
        let mut files: Vec<OutputFile> = files
            .into_iter()
            .map(|f| {
                let rel = f.filename.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                OutputFile { path: format!("{BUNDLE_DIR}/{}", rel.join("/")), bytes: f.contents }
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        busy += started.elapsed();
        let stats = Stats::of(&files, count, busy);
        Ok(Bundle { files, stats })
    })
}

/// The URL Pagefind records for a file of the site: `reports/x/index.html` → `/reports/x/`,
/// `404.html` → `/404.html`. Without the base path (the UI adds it as `baseUrl`).
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{file}"),
    }
}

/// The hidden index terms of a page that names `names` (entity names and aliases): each
/// name and every tail of it (屈礼章 → 屈礼章 礼章 章), space-separated, for a
/// `data-pagefind-meta` field.
///
/// Why: Pagefind segments page text with ICU4X at build time (indexing each segment and the
/// character pairs within and across segments) and the query with the browser's
/// `Intl.Segmenter`, then matches each query word as a prefix of an indexed word. A name is
/// rarely in either dictionary, and the two can cut it differently: Chromium finds nothing for
/// 尹才金 on a page saying 驻村干部尹才金 (see `tests/browser.rs`). Metadata is indexed word by
/// word on whitespace only, unsegmented; with every tail of the name indexed, each piece the
/// browser may cut from the name starts one of them. A county's full name also covers its
/// short form (金川 is a prefix of 金川县).
pub fn terms<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = BTreeSet::new();
    for name in names {
        let name: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
        let starts: Vec<usize> = name.char_indices().map(|(i, _)| i).collect();
        for start in starts {
            out.insert(name[start..].to_lowercase());
        }
    }
    // Longest first reads better in a page's source; the order does not matter to Pagefind.
    let mut terms: Vec<String> = out.into_iter().collect();
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    terms.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_every_tail_of_every_name() {
        assert_eq!(terms(["屈礼章"]), "屈礼章 礼章 章");
        assert_eq!(terms(["金川县", "金川"]), "金川县 川县 金川 县 川");
        assert_eq!(terms(["“我为脱贫攻坚做件事”"]).split(' ').next(), Some("我为脱贫攻坚做件事"));
        assert_eq!(terms(Vec::<&str>::new()), "");
    }

    #[test]
    fn urls_are_site_paths() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("reports/x/index.html"), "/reports/x/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(url_of("a/myindex.html"), "/a/myindex.html");
    }

    fn page(url: &str, body: &str) -> OutputFile {
        OutputFile {
            path: format!("{}index.html", url.trim_start_matches('/')),
            bytes: format!(
                "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>t</title></head><body>\
                 <nav>导航</nav><main data-pagefind-body><h1>{body}</h1><p>{body}的调研报告。</p></main></body></html>"
            )
            .into_bytes(),
        }
    }

    #[test]
    fn indexes_marked_pages_into_a_bundle_in_memory() {
        let mut indexer = Indexer::start().unwrap();
        indexer.add(page("/reports/a/", "金川县政协")).unwrap();
        indexer.add(page("/reports/b/", "凤庆县脱贫")).unwrap();
        let unmarked = OutputFile { path: "reports/index.html".into(), bytes: b"<html><body>x</body></html>".to_vec() };
        indexer.add(unmarked).unwrap();
        indexer.add(OutputFile { path: "style.css".into(), bytes: b"p{}".to_vec() }).unwrap();
        let bundle = indexer.finish().unwrap();
        assert_eq!(bundle.stats.pages, 2);
        let paths: Vec<&str> = bundle.files.iter().map(|f| f.path.as_str()).collect();
        for must in [
            "pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css",
            "pagefind/pagefind-entry.json",
        ] {
            assert!(paths.contains(&must), "{must} missing from {paths:?}");
        }
        assert_eq!(bundle.stats.fragments.len(), 2);
        assert!(!bundle.stats.chunks.is_empty());
        assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted");
        let summary = bundle.stats.summary();
        assert!(summary.starts_with("search: indexed 2 pages in "), "{summary}");
    }

    #[test]
    fn the_same_pages_give_the_same_bundle() {
        let build = || {
            let mut indexer = Indexer::start().unwrap();
            for (i, name) in ["金川县", "屈礼章", "我为脱贫攻坚做件事", "凤庆县"].iter().enumerate() {
                indexer.add(page(&format!("/p{i}/"), name)).unwrap();
            }
            indexer.finish().unwrap().files
        };
        assert_eq!(build(), build());
    }

    #[test]
    fn a_failed_build_drops_the_indexer_cleanly() {
        let mut indexer = Indexer::start().unwrap();
        indexer.add(page("/a/", "金川")).unwrap();
        drop(indexer);
    }
}
