//! What an edit changed, read from the files: each changed path by what it is (a report, an
//! entity page, a theme file, nothing of the site, or a change that needs a full build), and
//! the content with the changed pages read again.
//!
//! Owns reading changed pages for `serve`; it decides nothing about which pages to render
//! (`plan`) and writes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use rustc_hash::FxHashSet;

use crate::site::body::Bodies;
use crate::site::graph::Graph;
use crate::site::ids::Kind;
use crate::site::load::{self, Content, EntityFront};
use crate::site::root_of;

/// How an update goes on after one of its steps.
pub(super) enum Update<T> {
    /// The step applies: here is what it gives.
    Done(T),
    /// Only a full build can apply the edit, for this reason.
    Full(String),
}

/// A changed source file, by what it is.
pub(super) enum Source {
    Report(PathBuf),
    Entity(Kind, PathBuf),
    /// Something under `themes/`, `templates/` or `static/`.
    Theme,
    /// Not part of the site (a note beside the pages).
    Ignored,
}

/// What a changed path is, for a site whose pages are under `content_dir` and were read
/// into `content`; `Full(reason)` when it needs a full build.
pub(super) fn classify(content_dir: &Path, content: &Content, path: &Path) -> Update<Source> {
    let shown = || path.display().to_string();
    let root = root_of(content_dir);
    if ["themes", "templates", "static"].iter().any(|d| path.starts_with(root.join(d))) {
        return Update::Done(Source::Theme);
    }
    let Ok(rel) = path.strip_prefix(content_dir) else {
        return Update::Full(format!("{} changed", shown()));
    };
    let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
    let Some(&section) = parts.first() else { return Update::Full("the content folder changed".into()) };
    let name = parts.last().copied().unwrap_or("");
    let is_page = parts.len() >= 2 && name.ends_with(".md") && !name.starts_with('.');
    // A folder that holds (or held) pages was added, moved or removed: read everything.
    // Anything else without `.md` (an editor's or `sed -i`'s temporary file) is not a page.
    let holds_pages = if path.is_dir() {
        load::files(path).is_ok_and(|f| !f.is_empty())
    } else {
        !is_page
            && path.extension().is_none()
            && (content.reports.iter().any(|r| Path::new(&r.path).starts_with(path))
                || content.entities.iter().any(|e| Path::new(&e.path).starts_with(path)))
    };
    if holds_pages {
        return Update::Full(format!("folder {} changed", shown()));
    }
    if !is_page {
        return Update::Done(Source::Ignored);
    }
    if section == "reports" {
        return Update::Done(Source::Report(path.to_path_buf()));
    }
    match Kind::ALL.into_iter().find(|k| k.dir() == section) {
        Some(kind) => Update::Done(Source::Entity(kind, path.to_path_buf())),
        None => Update::Done(Source::Ignored),
    }
}

/// The content after an edit, and what the edit changed in it.
pub(super) struct Edit {
    pub(crate) content: Content,
    /// Slugs of the reports changed, added or removed (before and after), and of those
    /// naming an entity whose page changed its names, appeared or went away.
    pub(crate) reports: FxHashSet<String>,
    /// Entities whose page was edited, added or removed (by name, before and after).
    pub(crate) entities: Vec<(Kind, String)>,
}

impl Edit {
    /// The changed pages of `sources` read again into a copy of `content` (bodies are
    /// shared); `Full(reason)` when the edit needs a full build (an entity page's pinned slug
    /// changed).
    pub(super) fn reread(content: &Content, sources: &[Source]) -> Result<Update<Edit>> {
        let mut edit = Edit { content: content.clone(), reports: FxHashSet::default(), entities: Vec::new() };
        for source in sources {
            match source {
                Source::Report(path) => edit.reread_report(path)?,
                Source::Entity(kind, path) => {
                    if let Update::Full(reason) = edit.reread_entity(*kind, path)? {
                        return Ok(Update::Full(reason));
                    }
                }
                Source::Ignored | Source::Theme => {}
            }
        }
        load::unique_slugs(&edit.content.reports)?;
        Ok(Update::Done(edit))
    }

    /// A report file changed, appeared or went away.
    fn reread_report(&mut self, path: &Path) -> Result<()> {
        let reports = &mut self.content.reports;
        let shown = path.display().to_string();
        let at = reports.iter().position(|r| r.path == shown);
        if let Some(i) = at {
            self.reports.insert(reports[i].slug.clone());
        }
        if path.is_file() {
            let page = Arc::new(load::load_report(path, Bodies::Keep)?);
            self.reports.insert(page.slug.clone());
            match at {
                Some(i) => reports[i] = page,
                None => reports.insert(reports.partition_point(|r| r.path < shown), page),
            }
        } else if let Some(i) = at {
            reports.remove(i);
        }
        Ok(())
    }

    /// An entity page changed, appeared or went away. When its names (name and aliases)
    /// change, so can which entity a report's name resolves to and the mention links of the
    /// reports naming them: every report naming one of them, before or after, counts as
    /// changed (its entities' pages and its lists follow). `Full(reason)` when its pinned
    /// slug changes; an entity whose derived slug moves is caught by the graph comparison.
    fn reread_entity(&mut self, kind: Kind, path: &Path) -> Result<Update<()>> {
        let shown = path.display().to_string();
        let entities = &self.content.entities;
        let at = entities.iter().position(|e| e.path == shown);
        let page = if path.is_file() { Some(load::load_entity(kind, path)?) } else { None };
        let names_of = |front: &EntityFront| {
            std::iter::once(front.name().to_string()).chain(front.aliases().iter().cloned()).collect::<Vec<_>>()
        };
        let before = at.map(|i| names_of(&entities[i].front)).unwrap_or_default();
        let after = page.as_ref().map(|p| names_of(&p.front)).unwrap_or_default();
        if let (Some(i), Some(page)) = (at, &page)
            && entities[i].front.slug() != page.front.slug()
        {
            return Ok(Update::Full(format!("{shown}: the entity's slug changed")));
        }
        if before != after {
            self.reports_naming(kind, before.iter().chain(&after));
        }
        self.entities.extend(before.first().into_iter().chain(after.first()).map(|n| (kind, n.clone())));
        match (at, page) {
            (Some(i), Some(page)) => self.content.entities[i] = page,
            (Some(i), None) => drop(self.content.entities.remove(i)),
            (None, Some(page)) => {
                // In load order: by kind, then by path.
                let order = |k: Kind| Kind::ALL.iter().position(|&x| x == k);
                let key = (order(kind), shown.as_str());
                let i = self.content.entities.partition_point(|e| (order(e.front.kind()), e.path.as_str()) < key);
                self.content.entities.insert(i, page);
            }
            (None, None) => {}
        }
        Ok(Update::Done(()))
    }

    /// Counts as changed every report whose lists (or events) give one of `names` of `kind`.
    fn reports_naming<'n>(&mut self, kind: Kind, names: impl Iterator<Item = &'n String>) {
        let names: FxHashSet<&str> = names.map(String::as_str).collect();
        let gives = |c: &[String], p: &[String], g: &[String]| {
            let list = match kind {
                Kind::County => c,
                Kind::Person => p,
                Kind::Program => g,
            };
            list.iter().any(|n| names.contains(n.as_str()))
        };
        for r in &self.content.reports {
            let f = &r.front;
            if gives(&f.counties, &f.people, &f.programs)
                || f.events.iter().any(|e| gives(&e.counties, &e.people, &e.programs))
            {
                self.reports.insert(r.slug.clone());
            }
        }
    }
}

/// Whether two graphs name the same entities the same way (the mention automaton stays).
pub(super) fn same_names(old: &Graph, new: &Graph) -> bool {
    old.entities.len() == new.entities.len()
        && old
            .entities
            .iter()
            .zip(&new.entities)
            .all(|(a, b)| a.kind == b.kind && a.name == b.name && a.slug == b.slug && a.aliases == b.aliases)
}
