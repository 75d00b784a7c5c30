//! Articles → files in content/: report pages (regenerated unless an editor marked them
//! `edited: true`) and entity pages (created when missing, never overwritten).
//!
//! Owns the mapping from articles to paths and the rules that protect editors' work. It is
//! the only part of ingest that reads or writes content/. The file format itself belongs to
//! `frontmatter`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;

use super::extract::Article;
use crate::frontmatter::{self, CountyFront, PersonFront, ProgramFront};
use crate::{gazetteer, slug};

/// Report slugs are cut to this many bytes at a word boundary.
const REPORT_SLUG_MAX: usize = 60;

/// A file ingest wants in content/, path relative to the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
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
pub struct Outcome {
    pub written: usize,
    pub unchanged: usize,
    pub kept_edited: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub entities_created: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// The report pages for `articles`, with slugs made unique from the names themselves.
pub fn plan_reports(articles: &[Article]) -> Vec<(Planned, (String, Option<u32>))> {
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
            let text = frontmatter::write_report(&a.front(), &a.body);
            (Planned { path, text }, (a.seed.clone(), a.part))
        })
        .collect()
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
pub fn stale_reports(content: &Path, articles: &[Article], seeds: &BTreeSet<String>) -> Result<Vec<String>> {
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

/// Writes the report pages and creates missing entity pages.
pub fn apply(content: &Path, articles: &[Article], seeds: &BTreeSet<String>) -> Result<Outcome> {
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
    create_entity_pages(content, articles, &mut outcome)?;
    Ok(outcome)
}

/// Names (and aliases) of the entity pages already in `content/<kind>/`, and their files.
fn existing_entities(dir: &Path) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
    let mut names = BTreeSet::new();
    let mut files = BTreeSet::new();
    if !dir.is_dir() {
        return Ok((names, files));
    }
    for entry in WalkDir::new(dir).max_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("{}: cannot read", entry.path().display()))?;
            names.extend(frontmatter::entity_names(&text));
            files.insert(entry.file_name().to_string_lossy().trim_end_matches(".md").to_string());
        }
    }
    Ok((names, files))
}

/// One entity page to create: its name, the slug it wants, and its file text.
struct NewEntity {
    names: Vec<String>,
    slug: String,
    render: Box<dyn Fn(Option<String>) -> String>,
}

/// Creates the pages of entities that have none yet. Slug collisions with another name get
/// a suffix derived from the name and are reported.
fn create_entity_pages(content: &Path, articles: &[Article], outcome: &mut Outcome) -> Result<()> {
    for (kind, entities) in [
        ("counties", county_pages(articles)),
        ("people", person_pages(articles)),
        ("programs", program_pages(articles)),
    ] {
        let dir = content.join(kind);
        let (mut known, mut files) = existing_entities(&dir)?;
        for entity in entities {
            if entity.names.iter().any(|n| known.contains(n)) {
                continue;
            }
            let mut slug = entity.slug.clone();
            if files.contains(&slug) {
                let unique = slug::disambiguated(&slug, &entity.names[0]);
                outcome.warnings.push(format!(
                    "{kind}/{slug}.md belongs to another name; {} gets {kind}/{unique}.md",
                    entity.names[0]
                ));
                slug = unique;
            }
            let pinned = (slug != entity.slug).then(|| slug.clone());
            let path = dir.join(format!("{slug}.md"));
            write_if_changed(&path, &(entity.render)(pinned))?;
            outcome.entities_created.push(path.strip_prefix(content).unwrap_or(&path).to_path_buf());
            known.extend(entity.names.iter().cloned());
            files.insert(slug);
        }
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
