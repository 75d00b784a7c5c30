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
    /// Print, per saved web page, which evidence won each metadata field.
    pub verbose: bool,
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
                Ok(doc) => {
                    let found = extract::articles(&doc);
                    if opts.verbose
                        && let Some(page) = &doc.page
                    {
                        for article in &found {
                            eprintln!("{}", explain(path, page, article));
                        }
                    }
                    Some(found)
                }
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

/// One line per saved web page: where each metadata field came from. A field the page's
/// markup gave and the article kept names that evidence; otherwise the text pipeline's info
/// line (or the first line's credit) gave it, or nothing did.
fn explain(path: &std::path::Path, page: &html::PageMeta, a: &Article) -> String {
    fn from<T: PartialEq>(tagged: Option<&html::Found<T>>, kept: Option<&T>) -> &'static str {
        match (tagged, kept) {
            (Some(f), Some(v)) if f.value == *v => f.from,
            (_, Some(_)) => "info line",
            (_, None) => "none",
        }
    }
    let date = a.date.as_ref().and_then(|d| page.date.as_ref().filter(|f| f.value.to_string() == *d).map(|f| f.from));
    let authors = if a.authors.is_empty() {
        "none"
    } else if page.authors.as_ref().is_some_and(|f| f.value == a.authors) {
        page.authors.as_ref().map(|f| f.from).unwrap_or_default()
    } else if a.authors == page.credited {
        "credit in the first or last line"
    } else {
        "info line"
    };
    format!(
        "{}: title \u{2190} {} | date \u{2190} {} | source \u{2190} {} | authors \u{2190} {} | url \u{2190} {}",
        path.display(),
        from(page.title.as_ref(), Some(&a.title)),
        date.unwrap_or(if a.date.is_some() { "info line" } else { "none" }),
        from(page.source.as_ref(), a.source.as_ref()),
        authors,
        page.url.as_ref().map(|u| u.from).unwrap_or("none"),
    )
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
