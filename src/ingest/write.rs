//! Articles → files in content/: report pages (regenerated unless an editor's) and entity
//! pages (created when missing, never overwritten).
//!
//! Owns the mapping from articles to paths and the rules that protect editors' work. It is
//! the only part of ingest that reads or writes content/. The file format itself belongs to
//! `frontmatter`, the record of what ingest wrote (`content/.ingest-hashes`) to `ledger`.
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
use walkdir::WalkDir;

use super::addresses::{self, Address, OnDisk};
use super::entity_pages::{NewEntity, entity_plans};
use super::extract::Article;
use super::ledger::{self, Ledger};
use super::punct;
use crate::{frontmatter, slug};

/// A file ingest wants in content/, path relative to the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

/// A report page already in content/reports.
#[derive(Debug, Clone)]
struct Existing {
    path: PathBuf,
    identity: frontmatter::Identity,
    text: String,
    /// Whether ingest wrote this text here (`ledger`); `None` when there is no record.
    recorded: Option<bool>,
    /// It differs from what ingest last wrote there, and from what it would write now for
    /// its article: someone edited it by hand.
    by_hand: bool,
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

/// What a run changed, for the summary.
#[derive(Debug, Default, Clone)]
pub(crate) struct Outcome {
    pub(crate) written: usize,
    pub(crate) unchanged: usize,
    pub(crate) kept_edited: Vec<PathBuf>,
    /// Report pages edited by hand since ingest wrote them (no `edited: true`), kept.
    pub(crate) kept_by_hand: Vec<PathBuf>,
    pub(crate) removed: Vec<PathBuf>,
    /// Report pages moved to the slug an editor gave them (their old path), in `removed` too.
    pub(crate) moved: Vec<PathBuf>,
    pub(crate) entities_created: Vec<PathBuf>,
    /// Entity pages rewritten to follow the corrections (still as ingest wrote them).
    pub(crate) entities_updated: Vec<PathBuf>,
    /// Entity pages deleted because the corrections left no report naming them.
    pub(crate) entities_removed: Vec<PathBuf>,
    pub(crate) warnings: Vec<String>,
}

/// The report page of an article at `address`; with `redirect_from` when given instead of
/// the address's (the page as found before it moves).
fn report_text(a: &Article, address: &Address, redirect_from: Option<&[String]>) -> String {
    let mut front = published_front(a);
    front.slug = Some(address.slug.clone());
    front.redirect_from = redirect_from.unwrap_or(&address.redirect_from).to_vec();
    frontmatter::write_report(&front, &punct::restore(&a.body))
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

fn existing_reports(content: &Path, ledger: &Ledger) -> Result<Vec<Existing>> {
    let dir = content.join("reports");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(&dir).max_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let rel = path.strip_prefix(content).unwrap_or(path).to_path_buf();
            let recorded = ledger.wrote(&rel, &text);
            let identity = frontmatter::identity(&text);
            out.push(Existing { path: rel, identity, text, recorded, by_hand: recorded == Some(false) });
        }
    }
    Ok(out)
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
pub(crate) fn stale_reports(content: &Path, articles: &[Article]) -> Result<Check> {
    let (ledger, mut warnings) = Ledger::read(content)?;
    let mut existing = existing_reports(content, &ledger)?;
    let plan = Plan::of(articles, &existing, ledger.found);
    warnings.extend(plan.warnings.iter().cloned());
    plan.adopt(&mut existing);
    let index = Index::of(&existing);
    let mut check = Check { warnings, ..Default::default() };
    for (planned, key) in &plan.pages {
        let there = index.by_path.get(&planned.path);
        if there.is_some_and(|e| e.text == planned.text) {
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
    paths: BTreeSet<PathBuf>,
    keys: BTreeSet<(String, Option<u32>)>,
    /// The text of a page that moves (an editor changed its `slug:`) as ingest would write it
    /// where it is: a page edited only there is still ingest's.
    found: BTreeMap<(String, Option<u32>), String>,
    /// Pages that cannot move to the slug an editor gave them.
    warnings: Vec<String>,
}

impl Plan {
    /// The pages for `articles`, each at the address `addresses` gives it given the pages
    /// `existing` (`ledger_found`: whether there is a ledger saying which of them ingest wrote).
    fn of(articles: &[Article], existing: &[Existing], ledger_found: bool) -> Plan {
        let on_disk: Vec<OnDisk> = existing.iter().map(|e| on_disk(e, ledger_found)).collect();
        let (places, warnings) = addresses::assign(articles, &on_disk);
        // Writing a page (punctuation, YAML) is the cost here: pages are made in parallel.
        let made: Vec<_> = articles
            .par_iter()
            .zip(places.par_iter())
            .map(|(a, place)| {
                let key = (a.seed.clone(), a.part);
                let moved = place.found_redirects.as_ref().map(|r| (key.clone(), report_text(a, place, Some(r))));
                let path = PathBuf::from("reports").join(format!("{}.md", place.slug));
                ((Planned { path, text: report_text(a, place, None) }, key), moved)
            })
            .collect();
        let (pages, moved): (Vec<_>, Vec<_>) = made.into_iter().unzip();
        let found: BTreeMap<_, _> = moved.into_iter().flatten().collect();
        let paths = pages.iter().map(|(p, _)| p.path.clone()).collect();
        let keys = pages.iter().map(|(_, k)| k.clone()).collect();
        Plan { pages, paths, keys, found, warnings }
    }

    /// A page edited by hand that is exactly what ingest now writes for its article (the
    /// editor put the change in corrections.yaml, or changed only its `slug:`) is ingest's
    /// again, wherever it lies.
    fn adopt(&self, existing: &mut [Existing]) {
        let texts: BTreeMap<&(String, Option<u32>), &str> =
            self.pages.iter().map(|(p, k)| (k, self.found.get(k).unwrap_or(&p.text).as_str())).collect();
        for e in existing.iter_mut().filter(|e| e.by_hand) {
            if e.key().is_some_and(|k| texts.get(&k) == Some(&e.text.as_str())) {
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
    let removable = !e.kept() && e.key().is_some() && (!ledger_found || e.recorded == Some(true));
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
    let Some(key) = e.key() else { return Fate::Stay };
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

/// Writes `text` to `path` through a temporary file and a rename, unless it is already there.
fn write_if_changed(path: &Path, text: &str) -> Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
    let tmp = dir.join(format!(".{}.tmp", path.file_name().unwrap_or_default().to_string_lossy()));
    // A write that fails half-way (a full disk) leaves neither the page nor a stray temp file.
    let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(e)
            .context(format!("{}: cannot write (is the disk full, or the folder read-only?)", path.display())));
    }
    Ok(true)
}

/// Writes the report pages, removes those whose article is gone, creates missing entity
/// pages and records what it wrote in the ledger. `extracted` holds the articles as
/// extraction found them when editors' corrections made `articles`.
pub(crate) fn apply(content: &Path, articles: &[Article], extracted: Option<&[Article]>) -> Result<Outcome> {
    let (mut ledger, warnings) = Ledger::read(content)?;
    let mut existing = existing_reports(content, &ledger)?;
    let mut outcome = Outcome { warnings, ..Default::default() };
    let plan = Plan::of(articles, &existing, ledger.found);
    outcome.warnings.extend(plan.warnings.iter().cloned());
    plan.adopt(&mut existing);
    write_reports(content, &existing, &plan, &mut ledger, &mut outcome)?;
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
    create_entity_pages(content, articles, extracted, &mut ledger, &mut outcome)?;
    save_ledger(content, ledger)?;
    Ok(outcome)
}

/// Writes the ledger without the records of pages no longer in `content` (not at all for a
/// site where ingest wrote nothing and that has no ledger yet).
fn save_ledger(content: &Path, mut ledger: Ledger) -> Result<()> {
    ledger.retain(|p| content.join(p).is_file());
    let path = content.join(ledger::FILE);
    if !ledger.is_empty() || path.exists() {
        write_if_changed(&path, &ledger.render())?;
    }
    Ok(())
}

/// Writes the planned report pages, except over an editor's page.
fn write_reports(
    content: &Path,
    existing: &[Existing],
    plan: &Plan,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let index = Index::of(existing);
    for (page, key) in &plan.pages {
        let there = index.by_path.get(&page.path);
        if there.is_some_and(|e| e.text == page.text) {
            ledger.record(&page.path, &page.text);
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
        if write_if_changed(&content.join(&page.path), &page.text)? {
            outcome.written += 1;
        } else {
            outcome.unchanged += 1;
        }
        ledger.record(&page.path, &page.text);
    }
    Ok(())
}

/// An entity page already in `content/<kind>/`.
struct EntityFile {
    stem: String,
    /// Its `name` first, then its aliases (empty when unreadable).
    names: Vec<String>,
    text: String,
}

/// The entity pages in `content/<kind>/`, by file name.
fn existing_entities(dir: &Path) -> Result<Vec<EntityFile>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(dir).max_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("{}: cannot read", entry.path().display()))?;
            let stem = entry.file_name().to_string_lossy().trim_end_matches(".md").to_string();
            files.push(EntityFile { stem, names: frontmatter::entity_names(&text), text });
        }
    }
    Ok(files)
}

/// Creates the pages of entities that have none yet. Slug collisions with another name get
/// a suffix derived from the name and are reported. Pages still exactly as ingest wrote them
/// (the ledger says so, or, with corrections, they are what the extraction gives) follow
/// the reports: one no report names any more is deleted (its seed is gone or skipped, or a
/// correction dropped the name), one whose name gained an alias is rewritten; edited pages
/// are kept and reported. The ledger records every page that is what ingest would write.
fn create_entity_pages(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let raw_plans = extracted.map(entity_plans);
    let mut named: Option<Option<BTreeSet<String>>> = None;
    for (i, (kind, entities)) in entity_plans(articles).into_iter().enumerate() {
        let dir = content.join(kind);
        let mut files = existing_entities(&dir)?;
        let raw: BTreeMap<&str, &NewEntity> = match &raw_plans {
            Some(plans) => plans[i].1.iter().map(|e| (e.names[0].as_str(), e)).collect(),
            None => BTreeMap::new(),
        };
        let wanted: BTreeSet<&str> = entities.iter().map(|e| e.names[0].as_str()).collect();
        let ours = |f: &EntityFile| {
            let path = PathBuf::from(kind).join(format!("{}.md", f.stem));
            f.names
                .first()
                .is_some_and(|n| !wanted.contains(n.as_str()) && (raw.contains_key(n.as_str()) || ledger.knows(&path)))
        };
        if files.iter().any(ours) {
            if named.is_none() {
                named = Some(named_in_reports(content, outcome)?);
            }
            if let Some(Some(named)) = &named {
                drop_unnamed(content, kind, &wanted, &raw, &mut files, named, ledger, outcome)?;
            }
        }
        create_missing(content, kind, entities, &raw, &mut files, ledger, outcome)?;
    }
    Ok(())
}

/// Creates the page of each entity of `kind` that has none; records the pages that are what
/// ingest would write, and follows the corrections on the others.
fn create_missing(
    content: &Path,
    kind: &str,
    entities: Vec<NewEntity>,
    raw: &BTreeMap<&str, &NewEntity>,
    files: &mut Vec<EntityFile>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let mut known: BTreeMap<String, usize> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for n in &f.names {
            known.entry(n.clone()).or_insert(i);
        }
    }
    let mut stems: BTreeSet<String> = files.iter().map(|f| f.stem.clone()).collect();
    for entity in entities {
        if let Some(&i) = entity.names.iter().find_map(|n| known.get(n)) {
            let file = &files[i];
            if file.text == entity.text_for(&file.stem) {
                ledger.record(&PathBuf::from(kind).join(format!("{}.md", file.stem)), &file.text);
            }
            follow_corrections(content, kind, &entity, raw.get(entity.names[0].as_str()), file, ledger, outcome)?;
            continue;
        }
        let mut slug = entity.slug.clone();
        if stems.contains(&slug) {
            let unique = slug::disambiguated(&slug, &entity.names[0]);
            outcome
                .warnings
                .push(format!("{kind}/{slug}.md belongs to another name; {} gets {kind}/{unique}.md", entity.names[0]));
            slug = unique;
        }
        let rel = PathBuf::from(kind).join(format!("{slug}.md"));
        let text = entity.text_for(&slug);
        write_if_changed(&content.join(&rel), &text)?;
        ledger.record(&rel, &text);
        outcome.entities_created.push(rel);
        files.push(EntityFile { stem: slug.clone(), names: entity.names.clone(), text });
        for n in &entity.names {
            known.entry(n.clone()).or_insert(files.len() - 1);
        }
        stems.insert(slug);
    }
    Ok(())
}

/// Every name the report pages in content/ now give (their lists and their events'), after
/// this run wrote them; `None` (and a warning) when one cannot be read, since then no page
/// can be known to be unused.
fn named_in_reports(content: &Path, outcome: &mut Outcome) -> Result<Option<BTreeSet<String>>> {
    let mut names = BTreeSet::new();
    for e in existing_reports(content, &Ledger::default())? {
        let shown = content.join(&e.path).display().to_string();
        match frontmatter::parse::<frontmatter::ReportFront>(&shown, &e.text) {
            Ok(page) => {
                let f = page.front;
                names.extend(f.counties.into_iter().chain(f.people).chain(f.programs));
                for ev in f.events {
                    names.extend(ev.counties.into_iter().chain(ev.people).chain(ev.programs));
                }
            }
            Err(err) => {
                outcome.warnings.push(format!("{err:#}; entity pages no report names are kept until it is fixed"));
                return Ok(None);
            }
        }
    }
    Ok(Some(names))
}

/// Deletes the pages ingest wrote for entities no report names now (not `wanted`, in no
/// report page) when they are still what ingest wrote; reports the edited ones.
#[allow(clippy::too_many_arguments)]
fn drop_unnamed(
    content: &Path,
    kind: &str,
    wanted: &BTreeSet<&str>,
    raw: &BTreeMap<&str, &NewEntity>,
    files: &mut Vec<EntityFile>,
    named: &BTreeSet<String>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let mut gone = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let Some(name) = f.names.first() else { continue };
        let path = PathBuf::from(kind).join(format!("{}.md", f.stem));
        let extracted = raw.get(name.as_str());
        let recorded = ledger.wrote(&path, &f.text);
        if (extracted.is_none() && recorded.is_none())
            || wanted.contains(name.as_str())
            || f.names.iter().any(|n| named.contains(n))
        {
            continue;
        }
        if recorded == Some(true) || extracted.is_some_and(|e| f.text == e.text_for(&f.stem)) {
            std::fs::remove_file(content.join(&path)).with_context(|| format!("{}: cannot remove", path.display()))?;
            ledger.forget(&path);
            outcome.entities_removed.push(path);
            gone.push(i);
        } else {
            outcome.warnings.push(format!(
                "{}: no report names {name} any more, but the page was edited, so it is kept; delete it if it is not wanted",
                content.join(&path).display()
            ));
        }
    }
    for i in gone.into_iter().rev() {
        files.remove(i);
    }
    Ok(())
}

/// Rewrites an existing page the corrections change (a merged name becomes an alias) when it
/// is still exactly what ingest wrote from the extraction; reports it when it was edited.
fn follow_corrections(
    content: &Path,
    kind: &str,
    entity: &NewEntity,
    raw: Option<&&NewEntity>,
    file: &EntityFile,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let Some(raw) = raw else { return Ok(()) };
    if file.names.first() != entity.names.first() {
        return Ok(());
    }
    let corrected = entity.text_for(&file.stem);
    let extracted = raw.text_for(&file.stem);
    if file.text == corrected || corrected == extracted {
        return Ok(());
    }
    let path = PathBuf::from(kind).join(format!("{}.md", file.stem));
    if file.text == extracted || ledger.wrote(&path, &file.text) == Some(true) {
        write_if_changed(&content.join(&path), &corrected)?;
        ledger.record(&path, &corrected);
        outcome.entities_updated.push(path);
    } else {
        outcome.warnings.push(format!(
            "{}: edited, so ingest leaves it as it is; the corrections give it aliases [{}]",
            path.display(),
            entity.names[1..].join(", ")
        ));
    }
    Ok(())
}
