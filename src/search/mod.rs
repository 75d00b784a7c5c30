//! Full-text search made for Chinese: jianbao's own index and its browser client.
//!
//! ```text
//! site (adapter: graph → Doc) ──Doc slices──▶ index::Builder ──▶ fragments (per slice)
//!                                                   └── finish ──▶ shards, filters, manifest
//! client.js (in the page): query → tokens → manifest → shards → candidates → fragments
//! ```
//!
//! Owns: what a searchable document is (`Doc`, plain data the site stage hands over), how
//! text becomes terms (`tokens`: character bigrams and unigrams, Latin words and numbers as
//! lowercase words, no segmenter), the file format (`format`), the index files under
//! [`DIR`], and the client that reads them (`client.js`, served as [`CLIENT_PATH`]).
//!
//! Must not: import from `site` (the site stage depends on this module, never the other way
//! round), render HTML, or write files: it returns them as [`IndexFile`]s.
//!
//! Layout under `search-index/`: `manifest.json` (shard count, document count, filter values,
//! a version added to every fetch), `filters.bin` (a term table of `kind:报告`, `county:…`,
//! `year:…` → documents), `shards/N.bin` (term tables: term → postings, a term in shard
//! `fnv1a(term) % shards`), `docs/N.bin` (document N: URL, kind, title, names, text).
//! Every `.bin` is gzip; the client inflates it with `DecompressionStream`.

pub mod format;
pub mod index;
pub mod tokens;

use std::time::Duration;

pub use index::Builder;

/// The folder of the index in the site.
pub const DIR: &str = "search-index";
/// The client script, written with the pages (so the search page works as soon as the
/// index is there, even when `serve` builds the index after the first page is served).
pub const CLIENT_PATH: &str = "search-index/client.js";
pub const CLIENT_JS: &str = include_str!("client.js");

/// The kinds of document, in the order the kind filter lists them.
pub const KINDS: [&str; 4] = ["报告", "县区", "人物", "项目"];

/// What a document is; entity pages rank above reports for their exact name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Report,
    County,
    Person,
    Program,
}

impl DocKind {
    pub fn label(self) -> &'static str {
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
pub struct Doc {
    /// The site path (`/reports/x/`), without the base path: the client adds it.
    pub url: String,
    pub kind: DocKind,
    pub title: String,
    /// The names the page stands for (an entity's name and aliases), weighted highest.
    pub names: Vec<String>,
    /// The names the page mentions (a report's entities), weighted above body text.
    pub mentions: Vec<String>,
    /// The plain text of the body.
    pub text: String,
    /// Values of the county filter.
    pub counties: Vec<String>,
    /// Value of the year filter.
    pub year: Option<u16>,
}

/// One file of the index, relative to the site's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Whether a file of the output folder belongs to the index (and is replaced when the index
/// is rebuilt): everything under [`DIR`] but the client.
pub fn is_index_file(path: &str) -> bool {
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
    /// The manifest and the filters.
    pub other_bytes: usize,
}

impl Stats {
    /// `search: indexed 65 pages in 0.41 s (0.05 s after rendering), 6,000 terms in 4 shards
    /// of 52 KB (largest 14 KB), fragments 80 KB`.
    pub fn summary(&self) -> String {
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
pub fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests;
