//! The ingest stage: raw reports in seeds/ → structured pages in content/.
//!
//! ```text
//! read (bytes → normalised text) → extract: boilerplate → layout → metadata,
//!     counties / people / programs, dates → events, body → Article → write (content/)
//! ```
//!
//! Editors' corrections (`content/corrections.yaml`, see `corrections`) are read before
//! extraction and applied to its articles before `write`.
//!
//! Invariants: extraction (`extract` and everything it calls) is pure and never reads
//! content/; only `write` touches content/ (through `ledger` for `content/.ingest-hashes`,
//! what it last wrote), and it never overwrites or removes a report page marked
//! `edited: true` or edited by hand since it wrote it, nor overwrites an existing entity page. Seeds are processed in sorted order and every
//! output is deterministic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::progress::Progress;

pub(crate) mod addresses;
pub(crate) mod article_cache;
pub(crate) mod bodies;
pub(crate) mod body;
pub(crate) mod boilerplate;
pub(crate) mod cache;
pub(crate) mod copies;
pub(crate) mod corrections;
pub(crate) mod counties;
pub(crate) mod dates;
pub(crate) mod document;
pub(crate) mod entity_pages;
pub(crate) mod events;
pub(crate) mod extract;
pub(crate) mod headline;
pub mod html;
pub(crate) mod layout;
pub(crate) mod ledger;
pub(crate) mod metadata;
pub(crate) mod pairs_cache;
pub(crate) mod people;
pub(crate) mod programs;
pub(crate) mod punct;
pub(crate) mod read;
pub(crate) mod scope;
pub(crate) mod shape;
pub(crate) mod split;
pub(crate) mod tags;
pub(crate) mod text;
pub(crate) mod write;

pub(crate) use corrections::Corrections;
pub(crate) use extract::{Article, Doubt};
pub(crate) use scope::Scope;

#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) seeds: PathBuf,
    pub(crate) content: PathBuf,
    /// Print, per saved web page, which evidence won each metadata field.
    pub(crate) verbose: bool,
}

/// Every seed's articles, the seed files that gave them and the names of the recogniser's
/// and the article cache's files they use. With a spill (`bodies`), the articles' bodies are
/// in it, not in them.
pub(crate) struct AllArticles {
    pub(crate) articles: Vec<Article>,
    pub(crate) seeds: BTreeSet<String>,
    pub(crate) cache_files: BTreeSet<String>,
    pub(crate) article_files: BTreeSet<String>,
}

/// Reads and extracts every seed, in sorted order; unreadable files are skipped with a warning.
/// Each seed's bodies go to `spill` as soon as it is extracted.
pub(crate) fn extract_all(opts: &Options, spill: &bodies::Spill, progress: &Progress) -> Result<AllArticles> {
    extract_seeds(opts, None, Some(spill), progress)
}

/// `extract_all` for the seeds `only` names (all when `None`), keeping the bodies in the
/// articles when there is no `spill`.
fn extract_seeds(
    opts: &Options,
    only: Option<&Scope>,
    spill: Option<&bodies::Spill>,
    progress: &Progress,
) -> Result<AllArticles> {
    let mut files = read::seed_files(&opts.seeds)?;
    if let Some(scope) = only {
        files.retain(|p| p.file_name().is_some_and(|n| scope.has_seed(&n.to_string_lossy())));
    }
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let per_file: Vec<Result<Option<Seed>>> = files
        .par_iter()
        .map(|path| {
            let seed = seed_articles(path, opts, progress)?.map(|mut seed| {
                if let Some(spill) = spill {
                    spill.take(&mut seed.0)?;
                    // What the articles keep is allocated again now that the seed's
                    // working memory is free: packed, without the slack of strings and
                    // lists grown piece by piece (a quarter less memory at 20,000 seeds).
                    seed.0 = seed.0.iter().map(Article::clone).collect();
                }
                anyhow::Ok(seed)
            });
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.tick("ingest: read", n, total, 500);
            seed.transpose()
        })
        .collect();
    let mut all = AllArticles {
        articles: Vec::new(),
        seeds: BTreeSet::new(),
        cache_files: BTreeSet::new(),
        article_files: BTreeSet::new(),
    };
    for (path, result) in files.iter().zip(per_file) {
        if let Some((found, cache_file, articles_file)) = result? {
            if found.is_empty() {
                progress.warn(format!("{}: no article text found", path.display()));
            }
            all.seeds.insert(path.file_name().unwrap_or_default().to_string_lossy().into_owned());
            all.cache_files.insert(cache_file);
            all.article_files.insert(articles_file);
            all.articles.extend(found);
        }
    }
    Ok(all)
}

/// A seed's articles and the names of its tags file and its article cache file.
type Seed = (Vec<Article>, String, String);

/// One seed file's articles: from the article cache when it holds the seed's bytes (not
/// under `--verbose`, which explains each field from the decoded page), else read, decoded
/// and extracted, and cached (a cache that cannot be written costs speed, not results: a
/// warning). `None` for a file that cannot be read as text.
fn seed_articles(path: &Path, opts: &Options, progress: &Progress) -> Result<Option<Seed>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let articles_file = article_cache::file_name(&name, &bytes);
    let articles_path = article_cache::folder(&opts.content).join(&articles_file);
    if !opts.verbose
        && let Some(entry) = article_cache::read(&articles_path)
    {
        let mut found = entry.articles;
        warn_unsure_titles(path, &found, progress);
        found.iter_mut().for_each(|a| a.person_sources.clear());
        return Ok(Some((found, entry.tags_file, articles_file)));
    }
    let doc = match read::read_bytes(path, &bytes) {
        Ok(doc) => doc,
        Err(skip) => {
            progress.warn(format!("{}: skipped: {skip}", path.display()));
            return Ok(None);
        }
    };
    drop(bytes);
    let (mut found, tags_file) = extract_seed(path, &doc, &cache::folder(&opts.content), opts, progress);
    if let Err(err) = article_cache::write(&articles_path, &tags_file, &found) {
        progress.warn(format!("{err:#} (the article cache; ingest goes on without it)"));
    }
    if !opts.verbose {
        // Only `--verbose` reads them; a whole ingest keeps every article until writing.
        found.iter_mut().for_each(|a| a.person_sources.clear());
    }
    Ok(Some((found, tags_file, articles_file)))
}

/// One decoded seed's articles (with the sources of their people, which the caller clears
/// unless `--verbose`), its recogniser tags read from and written back to the cache (a cache
/// that cannot be written costs speed, not results: a warning); with the name of its cache
/// file.
fn extract_seed(path: &Path, doc: &read::RawDoc, cache_dir: &Path, opts: &Options, progress: &Progress) -> (Vec<Article>, String) {
    let cache_file = cache::file_name(&doc.text);
    let cache_path = cache_dir.join(&cache_file);
    let mut tags = tags::SeedTags::new(cache::read(&cache_path));
    let found = extract::articles(doc, &mut tags);
    if tags.computed > 0
        && let Err(err) = cache::write(&cache_path, &tags.into_entries())
    {
        progress.warn(format!("{err:#} (the recogniser's cache; ingest goes on without it)"));
    }
    warn_unsure_titles(path, &found, progress);
    if opts.verbose {
        if let Some(page) = &doc.page {
            for article in &found {
                eprintln!("{}", explain(path, page, article));
            }
        }
        for article in &found {
            for line in explain_people(path, article) {
                eprintln!("{line}");
            }
        }
    }
    (found, cache_file)
}

/// One line per person of an article: whether the rules, the statistical recogniser or both
/// found the name (a writer credited in the byline is neither).
fn explain_people(path: &Path, a: &Article) -> Vec<String> {
    a.people
        .iter()
        .map(|name| {
            let by = match a.person_sources.get(name) {
                Some(people::Source::Both) => "rules and model",
                Some(people::Source::Model) => "model",
                Some(people::Source::Rules) => "rules",
                None => "byline",
            };
            format!("{}: person {name} ← {by}", path.display())
        })
        .collect()
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
    } else {
        "info line or credits"
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

/// A page whose headline was not convincing is named as it is read, so the warning stands
/// next to the file's other messages.
fn warn_unsure_titles(path: &std::path::Path, articles: &[Article], progress: &Progress) {
    for article in articles {
        if let Some(reason) = article.review.iter().find(|r| matches!(r, Doubt::UnsureTitle(_))) {
            progress.warn(format!("{}: {reason}", path.display()));
        }
    }
}

/// The review list: one line per doubtful article, in seed order, printed even under `--quiet`
/// because it is what an editor acts on.
fn print_review_list(articles: &[Article], progress: &Progress) {
    for article in articles {
        let name = match article.part {
            Some(part) => format!("{} (part {part})", article.seed),
            None => article.seed.clone(),
        };
        for reason in &article.review {
            progress.always(format!("review: {name}: {reason}"));
        }
    }
}

/// What ingest found in the seeds, after the editors' corrections.
pub(crate) struct Extracted {
    /// The articles to write, corrected.
    pub(crate) articles: Vec<Article>,
    /// The articles as extraction found them, when a corrections file changed them.
    pub(crate) before_corrections: Option<Vec<Article>>,
    /// The seed files that gave articles.
    pub(crate) seeds: BTreeSet<String>,
    /// Corrections that matched nothing, `path:line: …`.
    pub(crate) stale_corrections: Vec<String>,
    /// The recogniser's cache files the seeds use (the others are pruned after an ingest).
    pub(crate) cache_files: BTreeSet<String>,
    /// The article cache's files the seeds use (likewise).
    pub(crate) article_files: BTreeSet<String>,
    /// Pairs of articles just below the copy threshold, as review lines.
    pub(crate) likely_copies: Vec<String>,
    /// The articles' bodies.
    pub(crate) bodies: bodies::Spill,
}

/// Reads `content/corrections.yaml` when there is one. A malformed file is an error naming
/// its line, before anything is extracted or written.
pub(crate) fn load_corrections(content: &Path) -> Result<Option<Corrections>> {
    let path = content.join(corrections::FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(anyhow::anyhow!("{}: cannot read: {err}", path.display())),
    };
    Ok(Some(Corrections::parse(&path.display().to_string(), &text)?))
}

/// Extracts every seed, applies the corrections and folds the printings of one report into
/// one article (`copies`). `JIANBAO_NO_COPIES=1` turns the copy detector off: a switch for
/// the benchmark that measures its cost, not for editors.
pub(crate) fn extract_corrected(opts: &Options, progress: &Progress) -> Result<Extracted> {
    let corrections = load_corrections(&opts.content)?;
    let cache_dir = cache::folder(&opts.content);
    let spill = bodies::Spill::new(cache_dir.parent().and_then(Path::parent).unwrap_or(&cache_dir))?;
    let AllArticles { articles, seeds, cache_files, article_files } = extract_all(opts, &spill, progress)?;
    let decisions = corrections.as_ref().map(Corrections::copy_decisions).unwrap_or_default();
    let (corrected, before_corrections, mut stale_corrections) = match corrections {
        Some(c) if !c.is_empty() => {
            let applied = c.apply(articles.clone());
            (applied.articles, Some(articles), applied.warnings)
        }
        _ => (articles, None, Vec::new()),
    };
    let detect = std::env::var_os("JIANBAO_NO_COPIES").is_none_or(|v| v != "1");
    let pairs = if detect {
        let printings = copies::Printings { articles: &corrected, bodies: &spill };
        pairs_cache::pairs(&printings, &pairs_cache::path(&opts.content), |w| progress.warn(w))
    } else {
        Vec::new()
    };
    let folded = copies::fold_pairs(corrected, &decisions, pairs, &spill);
    stale_corrections.extend(folded.warnings);
    Ok(Extracted {
        articles: folded.articles,
        before_corrections,
        seeds,
        stale_corrections,
        cache_files,
        article_files,
        likely_copies: folded.likely,
        bodies: spill,
    })
}

/// `jianbao ingest`: extract, correct and write.
pub(crate) fn run(opts: &Options, progress: &Progress) -> Result<write::Outcome> {
    let started = std::time::Instant::now();
    let found = extract_corrected(opts, progress)?;
    for w in &found.stale_corrections {
        progress.warn(w);
    }
    let mut outcome =
        write::apply(&opts.content, &found.articles, found.before_corrections.as_deref(), &found.bodies)?;
    outcome.stale_corrections = found.stale_corrections.clone();
    cache::prune(&cache::folder(&opts.content), "tags", &found.cache_files);
    cache::prune(&article_cache::folder(&opts.content), "articles", &found.article_files);
    for path in &outcome.kept_edited {
        progress.info(format!("kept {} (edited: true)", path.display()));
    }
    for path in &outcome.entities_updated {
        progress.info(format!("updated {} (corrections.yaml)", path.display()));
    }
    for path in &outcome.removed {
        if outcome.moved.contains(path) {
            progress.info(format!("moved {} to its new slug (its old address redirects there)", path.display()));
        } else {
            progress.info(format!("removed {} (its seed gives no report there any more)", path.display()));
        }
    }
    for path in &outcome.entities_removed {
        progress.info(format!("removed {} (no report names it any more)", path.display()));
    }
    for w in &outcome.warnings {
        progress.warn(w);
    }
    print_review_list(&found.articles, progress);
    for line in &found.likely_copies {
        progress.always(format!("review: {line}"));
    }
    progress.info(format!(
        "ingest: {} seed(s) → {} report page(s){} ({} written, {} unchanged, {} kept as edited, {} removed), {} new entity page(s) in {} ms",
        found.seeds.len(),
        found.articles.len(),
        copies_note(&found.articles),
        outcome.written,
        outcome.unchanged,
        outcome.kept_edited.len() + outcome.kept_by_hand.len(),
        outcome.removed.len(),
        outcome.entities_created.len(),
        started.elapsed().as_millis()
    ));
    Ok(outcome)
}

/// `jianbao ingest` for the seeds of `scope` only, as the editors' desk asks after an action
/// that touches them: the same pipeline (corrections, copies, write) over their articles,
/// with the copy groups the pages record instead of the detector (which needs the whole
/// corpus), and `write` leaving every other report page and every entity page outside the
/// scope as it is. Warnings about corrections that match nothing are left to a whole run.
pub(crate) fn run_scoped(opts: &Options, scope: &Scope, progress: &Progress) -> Result<write::Outcome> {
    let started = std::time::Instant::now();
    let corrections = load_corrections(&opts.content)?;
    let AllArticles { articles, seeds, .. } = extract_seeds(opts, Some(scope), None, progress)?;
    let mut decisions = corrections.as_ref().map(Corrections::copy_decisions).unwrap_or_default();
    decisions.same.extend(scope.groups.iter().map(|g| (g.clone(), 0)));
    let (corrected, before) = match corrections {
        Some(c) if !c.is_empty() => (c.apply(articles.clone()).articles, Some(articles)),
        _ => (articles, None),
    };
    let folded = copies::fold(corrected, &decisions, false);
    let outcome =
        write::apply_in(&opts.content, &folded.articles, before.as_deref(), Some(scope), &bodies::InMemory)?;
    for w in &outcome.warnings {
        progress.warn(w);
    }
    progress.info(format!(
        "ingest: {} of the seeds again (the desk's action) → {} report page(s) ({} written, {} removed), {} new entity page(s), {} updated, {} removed in {} ms",
        seeds.len(),
        folded.articles.len(),
        outcome.written,
        outcome.removed.len(),
        outcome.entities_created.len(),
        outcome.entities_updated.len(),
        outcome.entities_removed.len(),
        started.elapsed().as_millis()
    ));
    Ok(outcome)
}

/// `, N printing(s) folded in as copies` when reprints were found.
fn copies_note(articles: &[Article]) -> String {
    match articles.iter().map(|a| a.copies.len()).sum::<usize>() {
        0 => String::new(),
        n => format!(", {n} printing(s) folded in as copies"),
    }
}

/// `jianbao ingest --check`: the report pages that differ from what ingest would write
/// (corrections applied; those that match nothing are warned about, and so are the pages
/// ingest would keep as an editor's work).
pub(crate) fn check(opts: &Options, progress: &Progress) -> Result<Vec<String>> {
    let found = extract_corrected(opts, progress)?;
    for w in &found.stale_corrections {
        progress.warn(w);
    }
    let check = write::stale_reports(&opts.content, &found.articles, &found.bodies)?;
    for w in &check.warnings {
        progress.warn(w);
    }
    Ok(check.stale)
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
