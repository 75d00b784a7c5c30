//! The ingest stage: raw reports in seeds/ → structured pages in content/.
//!
//! ```text
//! read (bytes → normalised text) → extract: boilerplate → layout → metadata,
//!     counties / people / programs, dates → events, body → Article → write (content/)
//! ```
//!
//! Invariants: extraction (`extract` and everything it calls) is pure and never reads
//! content/; only `write` touches content/, and it never overwrites a report page marked
//! `edited: true` or any existing entity page. Seeds are processed in sorted order and every
//! output is deterministic.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use crate::progress::Progress;

pub mod body;
pub mod boilerplate;
pub mod counties;
pub mod dates;
pub mod events;
pub mod extract;
pub mod html;
pub mod layout;
pub mod metadata;
pub mod people;
pub mod programs;
pub mod read;
pub mod write;

pub use extract::Article;

#[derive(Debug, Clone)]
pub struct Options {
    pub seeds: PathBuf,
    pub content: PathBuf,
}

/// Reads and extracts every seed, in sorted order; unreadable files are skipped with a warning.
pub fn extract_all(opts: &Options, progress: &Progress) -> Result<(Vec<Article>, BTreeSet<String>)> {
    let files = read::seed_files(&opts.seeds)?;
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let per_file: Vec<Result<Option<Vec<Article>>>> = files
        .par_iter()
        .map(|path| {
            let doc = match read::read_seed(path)? {
                Ok(doc) => Some(extract::articles(&doc)),
                Err(skip) => {
                    progress.warn(format!("{}: skipped: {skip}", path.display()));
                    None
                }
            };
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.tick("ingest: read", n, total, 500);
            Ok(doc)
        })
        .collect();
    let mut articles = Vec::new();
    let mut seeds = BTreeSet::new();
    for (path, result) in files.iter().zip(per_file) {
        if let Some(found) = result? {
            if found.is_empty() {
                progress.warn(format!("{}: no article text found", path.display()));
            }
            seeds.insert(path.file_name().unwrap_or_default().to_string_lossy().into_owned());
            articles.extend(found);
        }
    }
    Ok((articles, seeds))
}

/// `jianbao ingest`: extract and write.
pub fn run(opts: &Options, progress: &Progress) -> Result<write::Outcome> {
    let started = std::time::Instant::now();
    let (articles, seeds) = extract_all(opts, progress)?;
    let outcome = write::apply(&opts.content, &articles, &seeds)?;
    for path in &outcome.kept_edited {
        progress.info(format!("kept {} (edited: true)", path.display()));
    }
    for w in &outcome.warnings {
        progress.warn(w);
    }
    progress.info(format!(
        "ingest: {} seed(s) → {} report page(s) ({} written, {} unchanged, {} kept as edited, {} removed), {} new entity page(s) in {} ms",
        seeds.len(),
        articles.len(),
        outcome.written,
        outcome.unchanged,
        outcome.kept_edited.len(),
        outcome.removed.len(),
        outcome.entities_created.len(),
        started.elapsed().as_millis()
    ));
    Ok(outcome)
}

/// `jianbao ingest --check`: the report pages that differ from what ingest would write.
pub fn check(opts: &Options, progress: &Progress) -> Result<Vec<String>> {
    let (articles, seeds) = extract_all(opts, progress)?;
    write::stale_reports(&opts.content, &articles, &seeds)
}
