//! The plain data of the search stage: what the site stage hands over (`Doc`, `DocKind`),
//! what comes back (`IndexFile`s under [`DIR`], the `Stats` summary), and where the files go.
//!
//! A leaf under `index` and `search`'s own `mod.rs` (which re-exports it); imports nothing.

use std::time::Duration;

/// The folder of the index in the site.
pub(crate) const DIR: &str = "search-index";
/// Where the client script (`super::CLIENT_JS`) is written, with the pages (so the search
/// page works as soon as the index is there, even when `serve` builds the index after the
/// first page is served).
pub(crate) const CLIENT_PATH: &str = "search-index/client.js";

/// The kinds of document, in the order the kind filter lists them.
pub(crate) const KINDS: [&str; 4] = ["报告", "县区", "人物", "项目"];

/// What a document is; entity pages rank above reports for their exact name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    Report,
    County,
    Person,
    Program,
}

impl DocKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            DocKind::Report => KINDS[0],
            DocKind::County => KINDS[1],
            DocKind::Person => KINDS[2],
            DocKind::Program => KINDS[3],
        }
    }
}

/// One page to search, as the site stage hands it over.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// The site path (`/reports/x/`), without the base path: the client adds it.
    pub(crate) url: String,
    pub(crate) kind: DocKind,
    pub(crate) title: String,
    /// The names the page stands for (an entity's name and aliases), weighted highest.
    pub(crate) names: Vec<String>,
    /// The names the page mentions (a report's entities), weighted above body text.
    pub(crate) mentions: Vec<String>,
    /// What the page states about its entity beyond the name (a person's roles and the
    /// surname + title a reader types, a county's province and prefecture, a program's kind):
    /// weighted like mentioned names, shown and phrase-checked with the text.
    pub(crate) facts: Vec<String>,
    /// The plain text of the body.
    pub(crate) text: String,
    /// Values of the county filter.
    pub(crate) counties: Vec<String>,
    /// Value of the year filter.
    pub(crate) year: Option<u16>,
}

/// One file of the index, relative to the site's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// Whether a file of the output folder belongs to the index (and is replaced when the index
/// is rebuilt): everything under [`DIR`] but the client.
pub(crate) fn is_index_file(path: &str) -> bool {
    path.starts_with(DIR) && path.as_bytes().get(DIR.len()) == Some(&b'/') && path != CLIENT_PATH
}

/// The size and cost of an index, for the build summary, `bench/` and the tests.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Time spent indexing: cutting terms, merging postings, encoding and gzipping.
    pub busy: Duration,
    /// How long the build waited for the index after the pages (set by the caller).
    pub tail: Duration,
    /// Gzipped size of each shard.
    pub shards: Vec<usize>,
    /// Gzipped size of all fragments.
    pub fragment_bytes: usize,
}

impl Stats {
    /// `search: indexed 65 pages in 0.41 s (0.05 s after rendering), 6,000 terms in 4 shards
    /// of 52 KB (largest 14 KB), fragments 80 KB`.
    pub(crate) fn summary(&self) -> String {
        format!(
            "search: indexed {} pages in {:.2} s ({:.2} s after rendering), {} terms in {} shards of {} (largest {}), fragments {}",
            self.docs,
            self.busy.as_secs_f64(),
            self.tail.as_secs_f64(),
            self.terms,
            self.shards.len(),
            human(self.shards.iter().sum()),
            human(self.shards.iter().copied().max().unwrap_or(0)),
            human(self.fragment_bytes),
        )
    }
}

/// `1.2 MB`, `310 KB`, `900 B`.
pub(crate) fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} B"),
    }
}
