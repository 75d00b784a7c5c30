//! Articles → files in content/: report pages (regenerated unless an editor marked them
//! `edited: true`) and entity pages (created when missing, never overwritten).
//!
//! Owns the mapping from articles to paths and the rules that protect editors' work. It is
//! the only part of ingest that reads or writes content/. The file format itself belongs to
//! `frontmatter`. With editors' corrections, entity pages that are still exactly what ingest
//! wrote follow them (deleted when no report names them any more, rewritten when a merge
//! gives them an alias); edited ones are kept and reported. What it publishes of an article
//! (title, source, event texts, body) gets its Chinese punctuation back through `punct`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;

use super::extract::Article;
use super::punct;
use crate::frontmatter::{self, CountyFront, PersonFront, ProgramFront};
use crate::{gazetteer, slug};

/// Report slugs are cut to this many bytes at a word boundary.
const REPORT_SLUG_MAX: usize = 60;

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
}

/// What a run changed, for the summary.
#[derive(Debug, Default, Clone)]
pub(crate) struct Outcome {
    pub(crate) written: usize,
    pub(crate) unchanged: usize,
    pub(crate) kept_edited: Vec<PathBuf>,
    pub(crate) removed: Vec<PathBuf>,
    pub(crate) entities_created: Vec<PathBuf>,
    /// Entity pages rewritten to follow the corrections (still as ingest wrote them).
    pub(crate) entities_updated: Vec<PathBuf>,
    /// Entity pages deleted because the corrections left no report naming them.
    pub(crate) entities_removed: Vec<PathBuf>,
    pub(crate) warnings: Vec<String>,
}

/// The report pages for `articles`, with slugs made unique from the names themselves.
pub(crate) fn plan_reports(articles: &[Article]) -> Vec<(Planned, (String, Option<u32>))> {
    let slugs: Vec<String> = articles
        .iter()
        .map(|a| {
            let s = slug::text_slug_limited(&a.title, REPORT_SLUG_MAX);
            if s.is_empty() { slug::text_slug(a.seed.trim_end_matches(".txt")) } else { s }
        })
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &slugs {
        *count.entry(s).or_default() += 1;
    }
    articles
        .iter()
        .zip(&slugs)
        .map(|(a, s)| {
            let unique = if count[s.as_str()] > 1 {
                slug::disambiguated(s, &format!("{}#{}", a.seed, a.part.unwrap_or(0)))
            } else {
                s.clone()
            };
            let path = PathBuf::from("reports").join(format!("{unique}.md"));
            let text = frontmatter::write_report(&published_front(a), &punct::restore(&a.body));
            (Planned { path, text }, (a.seed.clone(), a.part))
        })
        .collect()
}

/// The front matter as published: title, source and event texts with Chinese punctuation
/// (`punct`); names stay as extracted.
fn published_front(a: &Article) -> frontmatter::ReportFront {
    let mut front = a.front();
    front.title = punct::restore(&front.title);
    front.source = front.source.map(|s| punct::restore(&s));
    for event in &mut front.events {
        event.text = punct::restore(&event.text);
    }
    front
}

fn existing_reports(content: &Path) -> Result<Vec<Existing>> {
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
            out.push(Existing { path: rel, identity: frontmatter::identity(&text), text });
        }
    }
    Ok(out)
}

/// Differences between content/reports and what ingest would write: paths that would be
/// written, changed or removed. Edited pages never count.
pub(crate) fn stale_reports(content: &Path, articles: &[Article], seeds: &BTreeSet<String>) -> Result<Vec<String>> {
    let existing = existing_reports(content)?;
    let index = Index::of(&existing);
    let plan = plan_reports(articles);
    let mut stale = Vec::new();
    for (planned, key) in &plan {
        if index.edited_for(key).is_some() {
            continue;
        }
        match index.by_path.get(&planned.path) {
            Some(e) if e.text == planned.text => {}
            _ => stale.push(planned.path.display().to_string()),
        }
    }
    let planned: BTreeSet<PathBuf> = plan.into_iter().map(|(p, _)| p.path).collect();
    for e in &existing {
        if is_orphan(e, &planned, seeds) {
            stale.push(e.path.display().to_string());
        }
    }
    Ok(stale)
}

/// The existing report pages by path, and the edited ones by the article they hold, so that
/// matching thousands of planned pages against them is not quadratic.
struct Index<'a> {
    by_path: BTreeMap<&'a PathBuf, &'a Existing>,
    edited: BTreeMap<(&'a str, Option<u32>), &'a Existing>,
}

impl<'a> Index<'a> {
    fn of(existing: &'a [Existing]) -> Self {
        let by_path = existing.iter().map(|e| (&e.path, e)).collect();
        let mut edited = BTreeMap::new();
        for e in existing.iter().filter(|e| e.identity.edited) {
            if let Some(seed) = e.identity.seed.as_deref() {
                // Two edited pages claiming one article: the first by path wins, as before.
                edited.entry((seed, e.identity.part)).or_insert(e);
            }
        }
        Index { by_path, edited }
    }

    /// The edited page holding the article `key` (seed, part), if an editor marked one.
    fn edited_for(&self, key: &(String, Option<u32>)) -> Option<&'a Existing> {
        self.edited.get(&(key.0.as_str(), key.1)).copied()
    }
}

/// A page ingest wrote earlier for this seeds folder that it would not write now.
fn is_orphan(e: &Existing, planned: &BTreeSet<PathBuf>, seeds: &BTreeSet<String>) -> bool {
    !e.identity.edited && !planned.contains(&e.path) && e.identity.seed.as_ref().is_some_and(|s| seeds.contains(s))
}

/// Writes `text` to `path` through a temporary file and a rename, unless it is already there.
fn write_if_changed(path: &Path, text: &str) -> Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
    let tmp = dir.join(format!(".{}.tmp", path.file_name().unwrap_or_default().to_string_lossy()));
    std::fs::write(&tmp, text).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(true)
}

/// Writes the report pages and creates missing entity pages. `extracted` holds the articles
/// as extraction found them when editors' corrections made `articles`.
pub(crate) fn apply(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    seeds: &BTreeSet<String>,
) -> Result<Outcome> {
    let existing = existing_reports(content)?;
    let index = Index::of(&existing);
    let mut outcome = Outcome::default();
    let planned = plan_reports(articles);
    let planned_paths: BTreeSet<PathBuf> = planned.iter().map(|(p, _)| p.path.clone()).collect();
    for (page, key) in &planned {
        if let Some(e) = index.edited_for(key) {
            outcome.kept_edited.push(e.path.clone());
            continue;
        }
        if let Some(e) = index.by_path.get(&page.path).filter(|e| e.identity.edited) {
            // Another article's slug lands on an edited page: never overwrite it.
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
    }
    for e in &existing {
        if is_orphan(e, &planned_paths, seeds) {
            std::fs::remove_file(content.join(&e.path))
                .with_context(|| format!("{}: cannot remove", e.path.display()))?;
            outcome.removed.push(e.path.clone());
        }
    }
    create_entity_pages(content, articles, extracted, &mut outcome)?;
    Ok(outcome)
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

/// One entity page to create: its name, the slug it wants, and its file text.
struct NewEntity {
    names: Vec<String>,
    slug: String,
    render: Box<dyn Fn(Option<String>) -> String>,
}

impl NewEntity {
    /// The text ingest writes for this entity in `<stem>.md` (a stem other than the
    /// entity's own slug is pinned with `slug:`).
    fn text_for(&self, stem: &str) -> String {
        (self.render)((stem != self.slug).then(|| stem.to_string()))
    }
}

/// The entity pages of each kind, from the corrected articles and (when corrections were
/// applied) from the articles as extracted.
fn entity_plans(articles: &[Article]) -> [(&'static str, Vec<NewEntity>); 3] {
    [("counties", county_pages(articles)), ("people", person_pages(articles)), ("programs", program_pages(articles))]
}

/// Creates the pages of entities that have none yet. Slug collisions with another name get
/// a suffix derived from the name and are reported. With corrections (`extracted` holds the
/// articles before them), pages still exactly as ingest wrote them follow the corrections:
/// one no report names any more is deleted, one whose name gained an alias is rewritten;
/// edited pages are kept and reported.
fn create_entity_pages(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    outcome: &mut Outcome,
) -> Result<()> {
    let named = match extracted {
        Some(_) => named_in_reports(content, outcome)?,
        None => None,
    };
    let raw_plans = extracted.map(entity_plans);
    for (i, (kind, entities)) in entity_plans(articles).into_iter().enumerate() {
        let dir = content.join(kind);
        let mut files = existing_entities(&dir)?;
        let raw: BTreeMap<&str, &NewEntity> = match &raw_plans {
            Some(plans) => plans[i].1.iter().map(|e| (e.names[0].as_str(), e)).collect(),
            None => BTreeMap::new(),
        };
        if let Some(named) = &named {
            drop_unnamed(content, kind, &entities, &raw, &mut files, named, outcome)?;
        }
        let mut known: BTreeMap<String, usize> = BTreeMap::new();
        for (i, f) in files.iter().enumerate() {
            for n in &f.names {
                known.entry(n.clone()).or_insert(i);
            }
        }
        let mut stems: BTreeSet<String> = files.iter().map(|f| f.stem.clone()).collect();
        for entity in entities {
            if let Some(&i) = entity.names.iter().find_map(|n| known.get(n)) {
                follow_corrections(content, kind, &entity, raw.get(entity.names[0].as_str()), &files[i], outcome)?;
                continue;
            }
            let mut slug = entity.slug.clone();
            if stems.contains(&slug) {
                let unique = slug::disambiguated(&slug, &entity.names[0]);
                outcome.warnings.push(format!(
                    "{kind}/{slug}.md belongs to another name; {} gets {kind}/{unique}.md",
                    entity.names[0]
                ));
                slug = unique;
            }
            let path = dir.join(format!("{slug}.md"));
            let text = entity.text_for(&slug);
            write_if_changed(&path, &text)?;
            outcome.entities_created.push(path.strip_prefix(content).unwrap_or(&path).to_path_buf());
            files.push(EntityFile { stem: slug.clone(), names: entity.names.clone(), text });
            for n in &entity.names {
                known.entry(n.clone()).or_insert(files.len() - 1);
            }
            stems.insert(slug);
        }
    }
    Ok(())
}

/// Every name the report pages in content/ now give (their lists and their events'), after
/// this run wrote them; `None` (and a warning) when one cannot be read, since then no page
/// can be known to be unused.
fn named_in_reports(content: &Path, outcome: &mut Outcome) -> Result<Option<BTreeSet<String>>> {
    let mut names = BTreeSet::new();
    for e in existing_reports(content)? {
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
                outcome.warnings.push(format!("{err:#}; entity pages the corrections drop are kept until it is fixed"));
                return Ok(None);
            }
        }
    }
    Ok(Some(names))
}

/// Deletes the pages of entities the corrections dropped (found by extraction, named by no
/// report now) when they are still what ingest wrote; reports the edited ones.
fn drop_unnamed(
    content: &Path,
    kind: &str,
    wanted: &[NewEntity],
    raw: &BTreeMap<&str, &NewEntity>,
    files: &mut Vec<EntityFile>,
    named: &BTreeSet<String>,
    outcome: &mut Outcome,
) -> Result<()> {
    let kept: BTreeSet<&str> = wanted.iter().map(|e| e.names[0].as_str()).collect();
    let mut gone = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let Some(entity) = f.names.first().and_then(|n| raw.get(n.as_str())) else { continue };
        if kept.contains(entity.names[0].as_str()) || f.names.iter().any(|n| named.contains(n)) {
            continue;
        }
        let path = PathBuf::from(kind).join(format!("{}.md", f.stem));
        if f.text == entity.text_for(&f.stem) {
            std::fs::remove_file(content.join(&path)).with_context(|| format!("{}: cannot remove", path.display()))?;
            outcome.entities_removed.push(path);
            gone.push(i);
        } else {
            outcome.warnings.push(format!(
                "{}: no report names {} any more (corrections.yaml), but the page was edited, so it is kept; delete it if it is not wanted",
                path.display(),
                entity.names[0]
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
    if file.text == extracted {
        write_if_changed(&content.join(&path), &corrected)?;
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

fn county_pages(articles: &[Article]) -> Vec<NewEntity> {
    let gaz = gazetteer::get();
    let mut by_name: BTreeMap<String, (gazetteer::Division, BTreeSet<String>)> = BTreeMap::new();
    for county in articles.iter().flat_map(|a| &a.counties) {
        let current = gaz.current_of(&county.division).clone();
        let entry = by_name.entry(current.name.clone()).or_insert_with(|| (current.clone(), BTreeSet::new()));
        entry.1.extend(county.forms.iter().cloned());
        entry.1.insert(county.name.clone());
    }
    by_name
        .into_iter()
        .map(|(name, (d, mut aliases))| {
            aliases.extend(d.short.clone());
            aliases.extend(gaz.other_names(&d));
            aliases.remove(&name);
            let front = CountyFront {
                name: name.clone(),
                code: Some(d.code.clone()),
                province: Some(d.province.clone()).filter(|p| !p.is_empty()),
                prefecture: Some(d.prefecture.clone()).filter(|p| !p.is_empty()),
                aliases: aliases.iter().cloned().collect(),
                ..Default::default()
            };
            let names = std::iter::once(name.clone()).chain(aliases).collect();
            NewEntity {
                names,
                slug: slug::place_slug(&name),
                render: Box::new(move |pinned| {
                    frontmatter::write_county(&CountyFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}

fn person_pages(articles: &[Article]) -> Vec<NewEntity> {
    let mut people: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for a in articles {
        for name in &a.people {
            let entry = people.entry(name.clone()).or_default();
            entry.0.extend(a.person_aliases.get(name).into_iter().flatten().cloned());
            entry.1.extend(a.person_roles.get(name).into_iter().flatten().cloned());
        }
    }
    people
        .into_iter()
        .map(|(name, (aliases, roles))| {
            let front = PersonFront {
                name: name.clone(),
                aliases: aliases.iter().cloned().collect(),
                roles: roles.into_iter().collect(),
                ..Default::default()
            };
            NewEntity {
                names: std::iter::once(name.clone()).chain(aliases).collect(),
                slug: slug::person_slug(&name),
                render: Box::new(move |pinned| {
                    frontmatter::write_person(&PersonFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}

fn program_pages(articles: &[Article]) -> Vec<NewEntity> {
    let mut programs: BTreeMap<String, (BTreeSet<String>, Option<String>)> = BTreeMap::new();
    for p in articles.iter().flat_map(|a| &a.programs) {
        let entry = programs.entry(p.name.clone()).or_default();
        entry.0.extend(p.aliases.iter().cloned());
        if entry.1.is_none() {
            entry.1 = p.kind.clone();
        }
    }
    programs
        .into_iter()
        .map(|(name, (aliases, kind))| {
            let front = ProgramFront {
                name: name.clone(),
                aliases: aliases.iter().cloned().collect(),
                kind,
                ..Default::default()
            };
            NewEntity {
                names: std::iter::once(name.clone()).chain(aliases).collect(),
                slug: slug::text_slug_limited(&name, REPORT_SLUG_MAX),
                render: Box::new(move |pinned| {
                    frontmatter::write_program(&ProgramFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}
