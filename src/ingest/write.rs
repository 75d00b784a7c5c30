//! Articles → files in content/: report pages (regenerated unless an editor's) and entity
//! pages (created when missing, never overwritten).
//!
//! Owns the mapping from articles to paths and the rules that protect editors' work. It is
//! the only part of ingest that reads or writes content/. The file format itself belongs to
//! `frontmatter`, the record of what ingest wrote (`content/.ingest-hashes`) to `ledger`, the
//! stat of each report page when it was last read (so an unchanged one is not read again) to
//! `stamps`.
//! A report page marked `edited: true`, or differing from what ingest last wrote there
//! (edited by hand: a warning names it), is never overwritten or removed; a report page whose
//! article is gone (its seed deleted, unreadable or skipped) is removed when ingest wrote it.
//! Entity pages that are still exactly what ingest wrote follow the reports (deleted when no
//! report names them any more, rewritten when a merge gives them an alias); edited ones are
//! kept and reported.
//! What it publishes of an article (title, source, event texts, body) gets its Chinese
//! punctuation back through `punct`; where each page goes (its `slug:`, kept from run to run,
//! and `redirect_from`) is `addresses`'s.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::addresses::{self, Address, OnDisk};
use super::bodies::Bodies;
use super::extract::Article;
use super::ledger::{self, Ledger};
use super::punct;
use super::scope::Scope;
use crate::frontmatter;

mod entities;
pub(crate) mod stamps;

pub(crate) use entities::Outcome;
use entities::{create_entity_pages, write_if_changed};
use stamps::{Known, Stamps};

/// A report page ingest wants in content/, path relative to the content folder: the hash of
/// its text (`ledger::hash`) and the article it holds. The text itself is made again when the
/// page is written, so that a run never holds every page at once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Planned {
    path: PathBuf,
    hash: String,
    /// Index of its article.
    article: usize,
}

/// A report page already in content/reports.
#[derive(Debug, Clone)]
struct Existing {
    path: PathBuf,
    identity: frontmatter::Identity,
    /// The hash of its text (`ledger::hash`); the text is not kept.
    hash: String,
    /// Whether ingest wrote this text here (`ledger`); `None` when there is no record.
    recorded: Option<bool>,
    /// It differs from what ingest last wrote there, and from what it would write now for
    /// its article: someone edited it by hand.
    by_hand: bool,
    /// Its seed is outside the scope of this run: it stays as it is, holding its address.
    outside: bool,
}

impl Existing {
    /// An editor's page, never overwritten or removed: marked `edited: true` or edited by hand.
    fn kept(&self) -> bool {
        self.identity.edited || self.by_hand
    }

    /// The article the page holds: seed file and part.
    fn key(&self) -> Option<(String, Option<u32>)> {
        self.identity.seed.clone().map(|s| (s, self.identity.part))
    }
}

/// The report page of an article at `address`; with `redirect_from` when given instead of
/// the address's (the page as found before it moves).
fn report_text(a: &Article, address: &Address, redirect_from: Option<&[String]>, bodies: &dyn Bodies) -> String {
    let mut front = published_front(a);
    front.slug = Some(address.slug.clone());
    front.redirect_from = redirect_from.unwrap_or(&address.redirect_from).to_vec();
    frontmatter::write_report(&front, &punct::restore(&bodies.body(a)))
}

/// The front matter as published: title, source and event texts with Chinese punctuation
/// (`punct`); names stay as extracted.
fn published_front(a: &Article) -> frontmatter::ReportFront {
    let mut front = a.front();
    front.title = punct::restore(&front.title);
    front.source = front.source.map(|s| punct::restore(&s));
    for copy in &mut front.copies {
        copy.source = copy.source.take().map(|s| punct::restore(&s));
    }
    for event in &mut front.events {
        event.text = punct::restore(&event.text);
    }
    front
}

/// The report pages in content/ (their identities remembered between runs with `remember`),
/// and the stamps of those read now or still as stamped (`stamps`). A page whose file still
/// has its stamp is not read: its hash and identity are the stamp's.
fn existing_reports(
    content: &Path,
    ledger: &Ledger,
    remember: bool,
    stamps: &Stamps,
) -> Result<(Vec<Existing>, Stamps)> {
    static IDENTITIES: entities::Memo<frontmatter::Identity> = entities::Memo::new();
    // Before any page is read: a page changed since may not be stamped (see `stamps`).
    let read_at = std::time::SystemTime::now();
    // Reading and parsing thousands of pages is most of a small run's time: in parallel.
    let found: Vec<(Existing, Option<Known>)> = entities::markdown_files(&content.join("reports"))?
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(content).unwrap_or(path).to_path_buf();
            let cannot_read = || format!("{}: cannot read", path.display());
            let meta = std::fs::metadata(path).with_context(cannot_read)?;
            if let Some(known) = stamps.still(&rel, &meta) {
                return Ok((existing(rel, known.identity(), known.hash.clone(), ledger), Some(known.clone())));
            }
            let text = std::fs::read_to_string(path).with_context(cannot_read)?;
            // One digest for both the ledger and the memo: the pages are most of a desk run's reading.
            let digest = blake3::hash(text.as_bytes());
            let hash = ledger::hex(&digest);
            let identity = match remember {
                true => IDENTITIES.get_or_hashed(digest, &text, frontmatter::identity),
                false => frontmatter::identity(&text),
            };
            let after = std::fs::metadata(path).ok();
            let known = after.and_then(|m| Known::observed(read_at, &m, &hash, &identity));
            Ok((existing(rel, identity, hash, ledger), known))
        })
        .collect::<Result<_>>()?;
    let seen = Stamps::of(found.iter().filter_map(|(e, k)| Some((e.path.clone(), k.clone()?))));
    Ok((found.into_iter().map(|(e, _)| e).collect(), seen))
}

/// A report page found at `path` (relative to content/) holding a text with this identity
/// and hash.
fn existing(path: PathBuf, identity: frontmatter::Identity, hash: String, ledger: &Ledger) -> Existing {
    let recorded = ledger.wrote_hash(&path, &hash);
    Existing { path, identity, hash, recorded, by_hand: recorded == Some(false), outside: false }
}

/// What `ingest --check` finds.
#[derive(Debug, Default)]
pub(crate) struct Check {
    /// Report pages ingest would write, change or remove.
    pub(crate) stale: Vec<String>,
    /// Pages ingest would keep as an editor's work, and skipped lines of the ledger.
    pub(crate) warnings: Vec<String>,
}

/// Differences between content/reports and what ingest would write: paths that would be
/// written, changed or removed. Editors' pages (`edited: true`, or edited by hand since
/// ingest wrote them) never count; the ones edited by hand are warned about.
pub(crate) fn stale_reports(content: &Path, articles: &[Article], bodies: &dyn Bodies) -> Result<Check> {
    let (ledger, mut warnings) = Ledger::read(content)?;
    let (mut existing, _) = existing_reports(content, &ledger, false, &Stamps::read(content))?;
    let plan = Plan::of(articles, &existing, ledger.found, bodies);
    warnings.extend(plan.warnings.iter().cloned());
    plan.adopt(&mut existing);
    let index = Index::of(&existing);
    let mut check = Check { warnings, ..Default::default() };
    for (planned, key) in &plan.pages {
        let there = index.by_path.get(&planned.path);
        if there.is_some_and(|e| e.hash == planned.hash) {
            continue;
        }
        if let Some(e) = index.edited_for(key) {
            if !e.identity.edited {
                check.warnings.push(hand_edit_warning(content, &e.path));
            }
        } else if !there.is_some_and(|e| e.kept()) {
            check.stale.push(planned.path.display().to_string());
        }
    }
    for e in &existing {
        match fate(content, e, &plan, &ledger) {
            Fate::Remove => check.stale.push(e.path.display().to_string()),
            Fate::Keep(warning) => check.warnings.push(warning),
            Fate::Stay => {}
        }
    }
    Ok(check)
}

/// The report pages ingest wants, with the paths and articles they hold.
struct Plan {
    pages: Vec<(Planned, (String, Option<u32>))>,
    /// Each article's address, by index.
    places: Vec<Address>,
    paths: BTreeSet<PathBuf>,
    keys: BTreeSet<(String, Option<u32>)>,
    /// The hash of a page that moves (an editor changed its `slug:`) as ingest would write it
    /// where it is: a page edited only there is still ingest's.
    found: BTreeMap<(String, Option<u32>), String>,
    /// Pages that cannot move to the slug an editor gave them.
    warnings: Vec<String>,
}

impl Plan {
    /// The pages for `articles`, each at the address `addresses` gives it given the pages
    /// `existing` (`ledger_found`: whether there is a ledger saying which of them ingest wrote).
    fn of(articles: &[Article], existing: &[Existing], ledger_found: bool, bodies: &dyn Bodies) -> Plan {
        let on_disk: Vec<OnDisk> = existing.iter().map(|e| on_disk(e, ledger_found)).collect();
        let (places, warnings) = addresses::assign(articles, &on_disk);
        // Writing a page (punctuation, YAML) is the cost here: pages are made in parallel,
        // and only their hashes kept.
        let made: Vec<_> = articles
            .par_iter()
            .zip(places.par_iter())
            .enumerate()
            .map(|(i, (a, place))| {
                let key = (a.seed.clone(), a.part);
                let moved = place
                    .found_redirects
                    .as_ref()
                    .map(|r| (key.clone(), ledger::hash(&report_text(a, place, Some(r), bodies))));
                let path = PathBuf::from("reports").join(format!("{}.md", place.slug));
                let hash = ledger::hash(&report_text(a, place, None, bodies));
                ((Planned { path, hash, article: i }, key), moved)
            })
            .collect();
        let (pages, moved): (Vec<_>, Vec<_>) = made.into_iter().unzip();
        let found: BTreeMap<_, _> = moved.into_iter().flatten().collect();
        let paths = pages.iter().map(|(p, _)| p.path.clone()).collect();
        let keys = pages.iter().map(|(_, k)| k.clone()).collect();
        Plan { pages, places, paths, keys, found, warnings }
    }

    /// A page edited by hand that is exactly what ingest now writes for its article (the
    /// editor put the change in corrections.yaml, or changed only its `slug:`) is ingest's
    /// again, wherever it lies.
    fn adopt(&self, existing: &mut [Existing]) {
        let hashes: BTreeMap<&(String, Option<u32>), &str> =
            self.pages.iter().map(|(p, k)| (k, self.found.get(k).unwrap_or(&p.hash).as_str())).collect();
        for e in existing.iter_mut().filter(|e| e.by_hand) {
            if e.key().is_some_and(|k| hashes.get(&k) == Some(&e.hash.as_str())) {
                e.by_hand = false;
                e.recorded = Some(true);
            }
        }
    }
}

/// The existing report pages by path, and the editors' pages by the article they hold, so
/// that matching thousands of planned pages against them is not quadratic.
struct Index<'a> {
    by_path: BTreeMap<&'a PathBuf, &'a Existing>,
    edited: BTreeMap<(&'a str, Option<u32>), &'a Existing>,
}

impl<'a> Index<'a> {
    fn of(existing: &'a [Existing]) -> Self {
        let by_path = existing.iter().map(|e| (&e.path, e)).collect();
        let mut edited = BTreeMap::new();
        for e in existing.iter().filter(|e| e.kept()) {
            if let Some(seed) = e.identity.seed.as_deref() {
                // Two edited pages claiming one article: the first by path wins, as before.
                edited.entry((seed, e.identity.part)).or_insert(e);
            }
        }
        Index { by_path, edited }
    }

    /// The editor's page holding the article `key` (seed, part), if there is one.
    fn edited_for(&self, key: &(String, Option<u32>)) -> Option<&'a Existing> {
        self.edited.get(&(key.0.as_str(), key.1)).copied()
    }
}

/// A page as `addresses` sees it: which addresses it holds, and whether it stays in content/
/// even when no article holds it (see `fate`).
fn on_disk(e: &Existing, ledger_found: bool) -> OnDisk {
    let stem = e.path.file_stem().unwrap_or_default().to_string_lossy().to_string();
    let removable = !e.outside && !e.kept() && e.key().is_some() && (!ledger_found || e.recorded == Some(true));
    let id = &e.identity;
    OnDisk {
        stem,
        slug: id.slug.clone(),
        redirect_from: id.redirect_from.clone(),
        key: e.key(),
        kept: e.kept(),
        stays: !removable,
    }
}

/// What becomes of an existing report page that is not one ingest now writes there.
enum Fate {
    /// Left alone, silently: a page ingest wants, an editor's page holding an article ingest
    /// still finds, or a page that names no seed (written by hand).
    Stay,
    /// Removed: ingest wrote it for an article it no longer finds there (the seed is gone, is
    /// skipped or unreadable, or the article moved to another slug).
    Remove,
    /// Kept, with this warning: its article is gone, but the page is an editor's work.
    Keep(String),
}

fn fate(content: &Path, e: &Existing, plan: &Plan, ledger: &Ledger) -> Fate {
    let Some(key) = e.key().filter(|_| !e.outside) else { return Fate::Stay };
    if plan.paths.contains(&e.path) || (e.kept() && plan.keys.contains(&key)) {
        return Fate::Stay;
    }
    let shown = content.join(&e.path);
    let seed = match key.1 {
        Some(part) => format!("{} (part {part})", key.0),
        None => key.0.clone(),
    };
    if e.kept() {
        return Fate::Keep(format!(
            "{}: seed {seed} gives no report any more, but the page was edited, so it is kept; delete it if it is not wanted",
            shown.display()
        ));
    }
    if !ledger.found || e.recorded == Some(true) {
        return Fate::Remove;
    }
    Fate::Keep(format!(
        "{}: seed {seed} gives no report here, but {} has no record of ingest writing this page, so it is kept; delete it if it is not wanted",
        shown.display(),
        ledger::FILE
    ))
}

/// The warning for a report page edited by hand since ingest wrote it.
fn hand_edit_warning(content: &Path, path: &Path) -> String {
    format!(
        "{}: edited by hand since ingest wrote it, so ingest leaves it as it is; to keep the change for good, put it in {} (or add `edited: true` to the page); delete the page to have ingest write it again",
        content.join(path).display(),
        content.join(super::corrections::FILE).display()
    )
}

/// Writes the report pages, removes those whose article is gone, creates missing entity
/// pages and records what it wrote in the ledger. `extracted` holds the articles as
/// extraction found them when editors' corrections made `articles`.
pub(crate) fn apply(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    bodies: &dyn Bodies,
) -> Result<Outcome> {
    apply_in(content, articles, extracted, None, bodies)
}

/// `apply` for the articles of some seeds only (`scope`): the report pages of other seeds
/// stay as they are (holding their addresses), and only the scope's entities follow.
pub(crate) fn apply_in(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    scope: Option<&Scope>,
    bodies: &dyn Bodies,
) -> Result<Outcome> {
    let (mut ledger, warnings) = Ledger::read(content)?;
    let stamps = Stamps::read(content);
    let (mut existing, seen) = existing_reports(content, &ledger, scope.is_some(), &stamps)?;
    if let Some(scope) = scope {
        for e in &mut existing {
            e.outside = e.identity.seed.as_deref().is_none_or(|s| !scope.has_seed(s));
        }
    }
    let mut outcome = Outcome { warnings, ..Default::default() };
    let plan = Plan::of(articles, &existing, ledger.found, bodies);
    outcome.warnings.extend(plan.warnings.iter().cloned());
    plan.adopt(&mut existing);
    write_reports(content, &existing, (&plan, articles, bodies), &mut ledger, &mut outcome)?;
    for e in &existing {
        match fate(content, e, &plan, &ledger) {
            Fate::Remove => {
                std::fs::remove_file(content.join(&e.path))
                    .with_context(|| format!("{}: cannot remove", e.path.display()))?;
                ledger.forget(&e.path);
                if e.key().is_some_and(|k| plan.keys.contains(&k)) {
                    outcome.moved.push(e.path.clone());
                }
                outcome.removed.push(e.path.clone());
            }
            Fate::Keep(warning) => outcome.warnings.push(warning),
            Fate::Stay => {}
        }
    }
    create_entity_pages(content, articles, extracted, &mut ledger, &mut outcome, scope)?;
    save_ledger(content, ledger)?;
    seen.save(content, &stamps)?;
    Ok(outcome)
}

/// Writes the ledger without the records of pages no longer in `content` (not at all for a
/// site where ingest wrote nothing and that has no ledger yet).
fn save_ledger(content: &Path, mut ledger: Ledger) -> Result<()> {
    // The folders' listings, not a stat per page: there are thousands.
    let folders: BTreeSet<&Path> = ledger.paths().filter_map(Path::parent).collect();
    let mut files = BTreeSet::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(content.join(folder)) else { continue };
        for entry in entries.flatten() {
            let is_file = entry.file_type().is_ok_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()));
            if is_file {
                files.insert(folder.join(entry.file_name()));
            }
        }
    }
    ledger.retain(|p| files.contains(p));
    let path = content.join(ledger::FILE);
    if !ledger.is_empty() || path.exists() {
        write_if_changed(&path, &ledger.render())?;
    }
    Ok(())
}

/// Writes the planned report pages, except over an editor's page: which to write is decided
/// in order, then their texts are made again and written in parallel.
fn write_reports(
    content: &Path,
    existing: &[Existing],
    (plan, articles, bodies): (&Plan, &[Article], &dyn Bodies),
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let index = Index::of(existing);
    let mut to_write = Vec::new();
    for (page, key) in &plan.pages {
        let there = index.by_path.get(&page.path);
        if there.is_some_and(|e| e.hash == page.hash) {
            ledger.record_hash(&page.path, &page.hash);
            outcome.unchanged += 1;
            continue;
        }
        if let Some(e) = index.edited_for(key) {
            if e.identity.edited {
                outcome.kept_edited.push(e.path.clone());
            } else {
                outcome.warnings.push(hand_edit_warning(content, &e.path));
                outcome.kept_by_hand.push(e.path.clone());
            }
            continue;
        }
        if let Some(e) = there.filter(|e| e.kept()) {
            // Another article's slug lands on an editor's page: never overwrite it.
            outcome
                .warnings
                .push(format!("{}: edited page is in the way of a new page; left as it is", e.path.display()));
            continue;
        }
        to_write.push(page);
    }
    let written: Vec<bool> = to_write
        .par_iter()
        .map(|page| {
            let text = report_text(&articles[page.article], &plan.places[page.article], None, bodies);
            write_if_changed(&content.join(&page.path), &text)
        })
        .collect::<Result<_>>()?;
    for (page, written) in to_write.iter().zip(written) {
        if written {
            outcome.written += 1;
        } else {
            outcome.unchanged += 1;
        }
        ledger.record_hash(&page.path, &page.hash);
    }
    Ok(())
}
