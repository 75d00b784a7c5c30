//! Full-text search made for Chinese: jianbao's own index and its browser client.
//!
//! ```text
//! site (adapter: graph → Doc) ──Doc slices──▶ index::Builder ──▶ fragments (per slice)
//!                                                   └── finish ──▶ shards, filters, manifest
//! client.js (in the page): query → tokens → manifest → shards → candidates → fragments
//! ```
//!
//! Owns: what a searchable document is (`Doc` in `doc`, plain data the site stage hands over), how
//! text becomes terms (`tokens`: character bigrams and unigrams, Latin words and numbers as
//! lowercase words, no segmenter), the file format (`format`), the index files under
//! `DIR`, and the client that reads them (`client.js`, served as `CLIENT_PATH`).
//!
//! Must not: import from `site` (the site stage depends on this module, never the other way
//! round), render HTML, or write files: it returns them as `IndexFile`s.
//!
//! Layout under `search-index/`: `manifest.json` (shard count, document count, filter values,
//! a version added to every fetch), `filters.bin` (a term table of `kind:报告`, `county:…`,
//! `year:…` → documents), `shards/N.bin` (term tables: term → postings, a term in shard
//! `fnv1a(term) % shards`), `docs/N.bin` (document N: URL, kind, title, names, text).
//! Every `.bin` is gzip; the client inflates it with `DecompressionStream`.

pub(crate) mod doc;
pub mod format;
pub(crate) mod index;
pub mod tokens;

pub use doc::Stats;
pub(crate) use doc::{CLIENT_PATH, DIR, Doc, DocKind, IndexFile, is_index_file};
pub(crate) use index::Builder;

/// The client script, written to [`CLIENT_PATH`] with the pages.
pub(crate) const CLIENT_JS: &str = include_str!("client.js");

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
