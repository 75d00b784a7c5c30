//! Entity pages in content/ (`content/<kind>/*.md`): created when missing, following the
//! corrections (a merged name becomes an alias; a page no report names any more is deleted)
//! while they are still what ingest wrote; edited ones kept and reported. Also the one
//! careful file writer (`write_if_changed`) the report pages use too.
//!
//! Must not: decide report pages or their addresses (`write` does), or extract anything.
//! Within a `Scope` (the desk's re-ingest of some seeds), only the entities the scope names
//! are followed or deleted; every other page is left as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::ingest::entity_pages::{NewEntity, entity_plans};
use crate::ingest::extract::Article;
use crate::ingest::ledger::Ledger;
use crate::ingest::scope::Scope;
use crate::{frontmatter, slug};

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
    /// Corrections that matched nothing (`ingest::run` sets it; scoped runs leave it empty).
    pub(crate) stale_corrections: Vec<String>,
}

/// Writes `text` to `path` through a temporary file and a rename, unless it is already there.
pub(crate) fn write_if_changed(path: &Path, text: &str) -> Result<bool> {
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

/// An entity page already in `content/<kind>/`.
struct EntityFile {
    stem: String,
    /// Its `name` first, then its aliases (empty when unreadable).
    names: Vec<String>,
    text: String,
}

/// The entity pages in `content/<kind>/`, by file name (their names remembered between runs
/// with `remember`).
fn existing_entities(dir: &Path, remember: bool) -> Result<Vec<EntityFile>> {
    static NAMES: Memo<Vec<String>> = Memo::new();
    markdown_files(dir)?
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let stem = path.file_name().unwrap_or_default().to_string_lossy().trim_end_matches(".md").to_string();
            let names = match remember {
                true => NAMES.get_or(&text, frontmatter::entity_names),
                false => frontmatter::entity_names(&text),
            };
            Ok(EntityFile { stem, names, text })
        })
        .collect()
}

/// What a page's text gives (its identity, its names), remembered by the text's hash for
/// the later runs of one process: serve's desk runs scoped ingests one after another over
/// thousands of pages of which a few changed, and parsing their YAML again was most of
/// each run. Whole runs do not use it (one run per process; nothing to gain).
pub(crate) struct Memo<T>(std::sync::Mutex<Option<rustc_hash::FxHashMap<blake3::Hash, T>>>);

impl<T: Clone> Memo<T> {
    pub(crate) const fn new() -> Self {
        Memo(std::sync::Mutex::new(None))
    }

    /// `read(text)`, from memory when this text was read before.
    pub(crate) fn get_or(&self, text: &str, read: impl FnOnce(&str) -> T) -> T {
        self.get_or_hashed(blake3::hash(text.as_bytes()), text, read)
    }

    /// The same, for a caller that has hashed `text` already (`hash` is its BLAKE3 digest).
    pub(crate) fn get_or_hashed(&self, hash: blake3::Hash, text: &str, read: impl FnOnce(&str) -> T) -> T {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().as_ref().and_then(|m| m.get(&hash)) {
            return found.clone();
        }
        let value = read(text);
        let mut memo = lock();
        let map = memo.get_or_insert_with(Default::default);
        // Bounded: old versions of pages are dropped all at once now and then.
        if map.len() >= 1 << 20 {
            map.clear();
        }
        map.insert(hash, value.clone());
        value
    }
}

/// Creates the pages of entities that have none yet. Slug collisions with another name get
/// a suffix derived from the name and are reported. Pages still exactly as ingest wrote them
/// (the ledger says so, or, with corrections, they are what the extraction gives) follow
/// the reports: one no report names any more is deleted (its seed is gone or skipped, or a
/// correction dropped the name), one whose name gained an alias is rewritten; edited pages
/// are kept and reported. The ledger records every page that is what ingest would write.
pub(crate) fn create_entity_pages(
    content: &Path,
    articles: &[Article],
    extracted: Option<&[Article]>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
    scope: Option<&Scope>,
) -> Result<()> {
    let raw_plans = extracted.map(entity_plans);
    let mut named: Option<Option<BTreeSet<String>>> = None;
    for (i, (kind, entities)) in entity_plans(articles).into_iter().enumerate() {
        let dir = content.join(kind);
        let mut files = existing_entities(&dir, scope.is_some())?;
        let raw: BTreeMap<&str, &NewEntity> = match &raw_plans {
            Some(plans) => plans[i].1.iter().map(|e| (e.names[0].as_str(), e)).collect(),
            None => BTreeMap::new(),
        };
        let wanted: BTreeSet<&str> = entities.iter().map(|e| e.names[0].as_str()).collect();
        let follows = |name: &str| scope.is_none_or(|s| s.has_name(kind, name));
        let ours = |f: &EntityFile| {
            let path = PathBuf::from(kind).join(format!("{}.md", f.stem));
            f.names.first().is_some_and(|n| {
                follows(n) && !wanted.contains(n.as_str()) && (raw.contains_key(n.as_str()) || ledger.knows(&path))
            })
        };
        if files.iter().any(ours) {
            if scope.is_some() {
                // Only the pages naming these entities matter: a run for a few seeds reads no more.
                let needles: BTreeSet<&str> = files
                    .iter()
                    .filter(|f| f.names.first().is_some_and(|n| follows(n)))
                    .flat_map(|f| f.names.iter().map(String::as_str))
                    .collect();
                named = Some(named_in_reports(content, Some(&needles), outcome)?);
            } else if named.is_none() {
                named = Some(named_in_reports(content, None, outcome)?);
            }
            if let Some(Some(named)) = &named {
                let found = Named { wanted: &wanted, raw: &raw, named, follows: &follows };
                drop_unnamed(content, kind, &found, &mut files, ledger, outcome)?;
            }
        }
        create_missing(content, kind, entities, &raw, &mut files, ledger, outcome, &follows)?;
    }
    Ok(())
}

/// Creates the page of each entity of `kind` that has none; records the pages that are what
/// ingest would write, and follows the corrections on the others.
#[allow(clippy::too_many_arguments)]
fn create_missing(
    content: &Path,
    kind: &str,
    entities: Vec<NewEntity>,
    raw: &BTreeMap<&str, &NewEntity>,
    files: &mut Vec<EntityFile>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
    follows: &dyn Fn(&str) -> bool,
) -> Result<()> {
    follow_all_corrections(content, kind, &entities, raw, files, ledger, outcome, follows)?;
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
            if follows(&entity.names[0]) && file.text == entity.text_for(&file.stem) {
                ledger.record(&PathBuf::from(kind).join(format!("{}.md", file.stem)), &file.text);
            }
            continue;
        }
        if !follows(&entity.names[0]) {
            // A name outside the scope with no page under any of its names here: its forms
            // are folded over the whole corpus (a program's variants), which a run over a few
            // seeds cannot see; a whole ingest decides.
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
/// can be known to be unused. With `needles`, only pages whose text holds one are read.
fn named_in_reports(
    content: &Path,
    needles: Option<&BTreeSet<&str>>,
    outcome: &mut Outcome,
) -> Result<Option<BTreeSet<String>>> {
    let mut names = BTreeSet::new();
    let dir = content.join("reports");
    if !dir.is_dir() {
        return Ok(Some(names));
    }
    // Thousands of pages, most without the needles: read in parallel, then taken in order.
    let texts: Vec<(PathBuf, Option<std::sync::Arc<str>>)> = markdown_files(&dir)?
        .into_par_iter()
        .map(|path| {
            // Their lists are in the front matter: the bodies, most of the bytes, are not read.
            // A scoped run (needles) is serve's: the fronts are remembered between its runs.
            let text: std::sync::Arc<str> = match needles {
                Some(_) => super::stamps::read_front_remembered(&path),
                None => frontmatter::read_front(&path).map(Into::into),
            }
            .with_context(|| format!("{}: cannot read", path.display()))?;
            let wanted = needles.is_none_or(|n| n.iter().any(|n| text.contains(n)));
            Ok((path, wanted.then_some(text)))
        })
        .collect::<Result<_>>()?;
    for (path, text) in texts {
        let Some(text) = text else { continue };
        match frontmatter::parse::<frontmatter::ReportFront>(&path.display().to_string(), &text) {
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

/// What decides whether an entity page goes: the names this run's reports give (`wanted`),
/// as extracted (`raw`), every name the report pages give (`named`), and whether the page
/// follows this run at all (`follows`: outside a scope, every page does).
struct Named<'a> {
    wanted: &'a BTreeSet<&'a str>,
    raw: &'a BTreeMap<&'a str, &'a NewEntity>,
    named: &'a BTreeSet<String>,
    follows: &'a dyn Fn(&str) -> bool,
}

/// Deletes the pages ingest wrote for entities no report names now (not `wanted`, in no
/// report page) when they are still what ingest wrote; reports the edited ones.
fn drop_unnamed(
    content: &Path,
    kind: &str,
    found: &Named,
    files: &mut Vec<EntityFile>,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let Named { wanted, raw, named, follows } = found;
    let mut gone = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let Some(name) = f.names.first().filter(|n| follows(n)) else { continue };
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

/// Brings each page ingest still owns under an entity's own name in line with the
/// corrections, before any page is looked up by its other names: a merge taken back must drop
/// the alias it gave, or the variant would find its name claimed and get no page again.
#[allow(clippy::too_many_arguments)]
fn follow_all_corrections(
    content: &Path,
    kind: &str,
    entities: &[NewEntity],
    raw: &BTreeMap<&str, &NewEntity>,
    files: &mut [EntityFile],
    ledger: &mut Ledger,
    outcome: &mut Outcome,
    follows: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let by_name: BTreeMap<String, usize> =
        files.iter().enumerate().filter_map(|(i, f)| f.names.first().map(|n| (n.clone(), i))).collect();
    for entity in entities.iter().filter(|e| follows(&e.names[0])) {
        if let Some(&i) = by_name.get(&entity.names[0]) {
            // No corrections (or a name only they add): the extraction is what they give.
            let raw = raw.get(entity.names[0].as_str()).copied().unwrap_or(entity);
            follow_corrections(content, kind, entity, raw, &mut files[i], ledger, outcome)?;
        }
    }
    Ok(())
}

/// Rewrites an existing page to what the corrections now give (a merged name becomes an
/// alias; a merge taken back loses it) when it is still exactly what ingest wrote; reports
/// it when it was edited and the corrections would change it.
fn follow_corrections(
    content: &Path,
    kind: &str,
    entity: &NewEntity,
    raw: &NewEntity,
    file: &mut EntityFile,
    ledger: &mut Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let corrected = entity.text_for(&file.stem);
    if file.text == corrected {
        return Ok(());
    }
    let extracted = raw.text_for(&file.stem);
    let path = PathBuf::from(kind).join(format!("{}.md", file.stem));
    if file.text == extracted || ledger.wrote(&path, &file.text) == Some(true) {
        write_if_changed(&content.join(&path), &corrected)?;
        ledger.record(&path, &corrected);
        outcome.entities_updated.push(path);
        file.names = entity.names.clone();
        file.text = corrected;
    } else if corrected != extracted {
        outcome.warnings.push(format!(
            "{}: edited, so ingest leaves it as it is; the corrections give it aliases [{}]",
            path.display(),
            entity.names[1..].join(", ")
        ));
    }
    Ok(())
}

/// The `.md` files directly in `dir`, sorted by name; none when `dir` is no folder.
pub(super) fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    for entry in WalkDir::new(dir).max_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}
