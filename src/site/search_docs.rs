//! The adapter between the site and the search index: the graph's reports and entities as
//! `search::Doc`s, and the index built from them.
//!
//! Owns which pages are searched (every report and entity page, in page order: reports, then
//! entities, so document numbers are the same from build to build), what each hands over
//! (title, names, plain body text, the county and year filters; an entity's facts: a person's
//! roles and the surname + title a reader types, from `data/titles.tsv`, a county's province,
//! prefecture and the usual short forms the gazetteer derives, a program's kind; a report's
//! counties' short forms, province and prefecture), and the slices the documents
//! are made and indexed in (so a large site never holds every body's text at once).
//!
//! `serve`'s background index (`live::search`) builds from the same sources (`add_all`).
//!
//! Must not: render or read pages (it works from the graph; a body the build did not keep
//! is read again through `body::ReportBody`), or know the index format.

use anyhow::Result;
use rayon::prelude::*;

use crate::gazetteer::{self, Level};
use crate::names;
use crate::search::{self, Doc, DocKind, IndexFile, Stats};
use crate::site::body::ReportBody;
use crate::site::graph::{Entity, Graph};
use crate::site::ids::{EntityId, Kind};
use crate::site::load::EntityFront;
use crate::site::text;

/// Documents made and indexed at a time.
const SLICE: usize = 512;

/// A document before its body is turned into text: cheap to make and to keep (the body is
/// shared with the loaded content), so `serve` can hand a whole site to a background thread.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocSource {
    url: String,
    kind: DocKind,
    title: String,
    names: Vec<String>,
    mentions: Vec<String>,
    facts: Vec<String>,
    body: ReportBody,
    counties: Vec<String>,
    year: Option<u16>,
}

impl DocSource {
    /// The page's site path: the same list of paths in the same order means the same
    /// document numbers.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The document, its body turned into text (read again from the report's file when the
    /// build did not keep it).
    pub(crate) fn into_doc(self) -> Result<Doc> {
        Ok(Doc {
            url: self.url,
            kind: self.kind,
            title: self.title,
            names: self.names,
            mentions: self.mentions,
            facts: self.facts,
            text: text::plain_text(&self.body.text()?),
            counties: self.counties,
            year: self.year,
        })
    }
}

/// Every searched page of the site, in page order.
pub(crate) fn sources(site: &Graph) -> Vec<DocSource> {
    sources_until(site, || false).expect("never stopped")
}

/// `sources`, given up (`None`) as soon as `stop` says so (asked every 256 pages): `serve`'s
/// background index lets go of the graph when an edit is to patch it (an entity's related
/// counts make this tens of milliseconds at 10,000 reports, which the edit would otherwise
/// spend copying the graph).
pub(crate) fn sources_until(site: &Graph, stop: fn() -> bool) -> Option<Vec<DocSource>> {
    let (reports, entities) = (site.reports.len(), site.entities.len());
    let mut out = Vec::with_capacity(reports + entities);
    for i in 0..reports + entities {
        if i % 256 == 0 && stop() {
            return None;
        }
        out.push(if i < reports { report(site, &site.reports[i]) } else { entity(site, i - reports) });
    }
    Some(out)
}

fn report(site: &Graph, r: &crate::site::graph::Report) -> DocSource {
    let named = || r.entities.iter().map(|&id| &site.entities[id]);
    DocSource {
        url: format!("/{}", r.path()),
        kind: DocKind::Report,
        title: r.title.clone(),
        names: Vec::new(),
        mentions: named().flat_map(|e| names_of(e).into_iter().chain(place_of(e))).collect(),
        facts: Vec::new(),
        body: r.body.clone(),
        counties: named().filter(|e| e.kind == Kind::County).map(|e| e.name.clone()).collect(),
        year: r.date.map(|d| d.year),
    }
}

/// An entity page: its names; for the county filter itself when a county, else the counties
/// it shares reports with.
fn entity(site: &Graph, id: EntityId) -> DocSource {
    let e = &site.entities[id];
    let counties = if e.kind == Kind::County {
        vec![e.name.clone()]
    } else {
        let related = site.related(id).into_iter().map(|(r, _)| &site.entities[r]);
        related.filter(|r| r.kind == Kind::County).map(|r| r.name.clone()).collect()
    };
    DocSource {
        url: format!("/{}", e.path()),
        kind: match e.kind {
            Kind::County => DocKind::County,
            Kind::Person => DocKind::Person,
            Kind::Program => DocKind::Program,
        },
        title: e.name.clone(),
        names: names_of(e),
        mentions: Vec::new(),
        facts: facts(e),
        body: ReportBody::kept(e.page.as_ref().map_or("", |p| p.body.as_str())),
        counties,
        year: None,
    }
}

/// An entity's name and aliases; for a county, with the short forms readers use (金川,
/// 张家川县, 达茂旗) as the gazetteer derives them.
fn names_of(e: &Entity) -> Vec<String> {
    let mut out: Vec<String> = std::iter::once(&e.name).chain(&e.aliases).cloned().collect();
    if e.kind == Kind::County {
        let g = gazetteer::get();
        let d = g.by_full_name(&e.name).into_iter().find(|d| d.level == Level::County && d.current);
        for form in d.map(|d| g.usual_short_forms(d)).unwrap_or_default() {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// A county's province and prefecture, as its page states them (none for other entities).
fn place_of(e: &Entity) -> Vec<String> {
    match e.page.as_ref().map(|p| &p.front) {
        Some(EntityFront::County(f)) => f.province.iter().chain(&f.prefecture).cloned().collect(),
        _ => Vec::new(),
    }
}

/// What an entity's page states beyond its name (`Doc::facts`).
fn facts(e: &Entity) -> Vec<String> {
    match e.page.as_ref().map(|p| &p.front) {
        Some(EntityFront::Person(f)) => {
            let mut out = f.roles.clone();
            out.extend(addressed_as(&e.name, &f.roles));
            out
        }
        Some(EntityFront::County(_)) => place_of(e),
        Some(EntityFront::Program(f)) => f.kind.iter().cloned().collect(),
        None => Vec::new(),
    }
}

/// The titles a reader puts after a surname (`data/titles.tsv`), longest first.
static TITLES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut titles: Vec<&str> =
        include_str!("../../data/titles.tsv").lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    titles
});

/// How a person with `roles` is addressed: surname + the title each role ends in (孙永东,
/// 铁岭县委书记 → 孙书记), and without 副 too (刘淑慧, 副主任 → 刘副主任, 刘主任). Only for names
/// of two to four Han characters that start with a known surname.
fn addressed_as(name: &str, roles: &[String]) -> Vec<String> {
    let han = (2..=4).contains(&name.chars().count()) && name.chars().all(search::tokens::is_han);
    let Some((surname, _)) = names::split_surname(name).filter(|_| han) else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for role in roles {
        let Some(title) = TITLES.iter().find(|t| role.ends_with(**t)) else { continue };
        out.push(format!("{surname}{title}"));
        if let Some(plain) = title.strip_prefix('副').filter(|p| p.chars().count() >= 2) {
            out.push(format!("{surname}{plain}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Builds the index of `sources`, a slice at a time, handing each file to `emit` as soon as
/// it is made (fragments slice by slice, then shards, filters and manifest).
pub(crate) fn index(sources: Vec<DocSource>, mut emit: impl FnMut(IndexFile) -> Result<()>) -> Result<Stats> {
    let builder = add_all(sources, &mut emit, || {})?;
    let (files, stats) = builder.finish();
    for file in files {
        emit(file)?;
    }
    Ok(stats)
}

/// Adds every document of `sources` to a new builder, handing each fragment to `emit`; the
/// caller takes the other files from the builder (`serve` keeps it for later edits).
/// `pause` is called before each document is made (`serve`'s background index waits there
/// while an edit is applied).
pub(crate) fn add_all(
    sources: Vec<DocSource>,
    mut emit: impl FnMut(IndexFile) -> Result<()>,
    pause: fn(),
) -> Result<search::Builder> {
    let mut builder = search::Builder::new();
    let mut sources = sources.into_iter();
    loop {
        let slice: Vec<DocSource> = sources.by_ref().take(SLICE).collect();
        if slice.is_empty() {
            break;
        }
        let docs: Vec<Doc> = slice
            .into_par_iter()
            .map(|source| {
                pause();
                source.into_doc()
            })
            .collect::<Result<_>>()?;
        for file in builder.add(&docs) {
            emit(file)?;
        }
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_titles_file_is_one_han_title_a_line() {
        let text = include_str!("../../data/titles.tsv");
        let mut seen = HashSet::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 2, "data/titles.tsv:{}: two columns", n + 1);
            assert!((2..=3).contains(&cols[0].chars().count()), "data/titles.tsv:{}: {}", n + 1, cols[0]);
            assert!(cols[0].chars().all(search::tokens::is_han), "data/titles.tsv:{}", n + 1);
            assert!(cols[1].ends_with(cols[0]), "data/titles.tsv:{}: the example ends in the title", n + 1);
            assert!(seen.insert(cols[0]), "data/titles.tsv:{}: {} twice", n + 1, cols[0]);
        }
    }

    /// On the shipped site: every searched page, in page order, when not stopped; nothing
    /// when an edit is waiting.
    #[test]
    fn the_sources_are_given_up_when_an_edit_comes() {
        use crate::site::{body::Bodies, config::Config, graph, load, root_of};
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let config = Config::load(&root_of(&content), None, None).unwrap();
        let site = graph::build(config, &load::load(&content, Bodies::Keep).unwrap()).unwrap();
        let whole = sources_until(&site, || false).expect("not stopped");
        assert_eq!(whole.len(), site.reports.len() + site.entities.len());
        assert_eq!(whole[0].url(), format!("/{}", site.reports[0].path()));
        assert_eq!(whole[site.reports.len()].url(), format!("/{}", site.entities[0].path()));
        assert!(sources_until(&site, || true).is_none());
    }

    #[test]
    fn people_are_addressed_by_surname_and_title() {
        let roles = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(addressed_as("孙永东", &roles(&["铁岭县委书记"])), ["孙书记"]);
        assert_eq!(
            addressed_as("刘淑慧", &roles(&["副主任", "市人大常委会党组书记"])),
            ["刘主任", "刘书记", "刘副主任"]
        );
        assert_eq!(addressed_as("欧阳明", &roles(&["县长"])), ["欧阳县长"]);
        assert!(addressed_as("陈智", &roles(&["记者"])).is_empty(), "not a title one is addressed by");
        assert!(addressed_as("赵德提·阿不都哈德尔", &roles(&["村民"])).is_empty());
    }
}
