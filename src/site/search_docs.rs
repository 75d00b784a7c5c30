//! The adapter between the site and the search index: the graph's reports and entities as
//! `search::Doc`s, and the index built from them.
//!
//! Owns which pages are searched (every report and entity page, in page order: reports, then
//! entities, so document numbers are the same from build to build), what each hands over
//! (title, names, plain body text, the county and year filters), and the slices the documents
//! are made and indexed in (so a large site never holds every body's text at once).
//!
//! Must not: render or read pages (it works from the graph), or know the index format.

use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use crate::search::{self, Doc, DocKind, IndexFile, Stats};
use crate::site::graph::{EntityId, Site};
use crate::site::load::Kind;
use crate::site::markdown;

/// Documents made and indexed at a time.
const SLICE: usize = 512;

/// A document before its body is turned into text: cheap to make and to keep (the body is
/// shared with the loaded content), so `serve` can hand a whole site to a background thread.
#[derive(Debug, Clone)]
pub struct DocSource {
    url: String,
    kind: DocKind,
    title: String,
    names: Vec<String>,
    mentions: Vec<String>,
    body: Arc<str>,
    counties: Vec<String>,
    year: Option<u16>,
}

impl DocSource {
    fn into_doc(self) -> Doc {
        Doc {
            url: self.url,
            kind: self.kind,
            title: self.title,
            names: self.names,
            mentions: self.mentions,
            text: markdown::plain_text(&self.body),
            counties: self.counties,
            year: self.year,
        }
    }
}

/// Every searched page of the site, in page order.
pub fn sources(site: &Site) -> Vec<DocSource> {
    let mut out: Vec<DocSource> = site.reports.iter().map(|r| report(site, r)).collect();
    out.extend((0..site.entities.len()).map(|id| entity(site, id)));
    out
}

fn report(site: &Site, r: &crate::site::graph::Report) -> DocSource {
    let named = || r.entities.iter().map(|&id| &site.entities[id]);
    DocSource {
        url: format!("/{}", r.path()),
        kind: DocKind::Report,
        title: r.title.clone(),
        names: Vec::new(),
        mentions: named().flat_map(|e| std::iter::once(&e.name).chain(&e.aliases)).cloned().collect(),
        body: Arc::clone(&r.body),
        counties: named().filter(|e| e.kind == Kind::County).map(|e| e.name.clone()).collect(),
        year: r.date.map(|d| d.year),
    }
}

/// An entity page: its names; for the county filter itself when a county, else the counties
/// it shares reports with.
fn entity(site: &Site, id: EntityId) -> DocSource {
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
        names: std::iter::once(&e.name).chain(&e.aliases).cloned().collect(),
        mentions: Vec::new(),
        body: e.page.as_ref().map(|p| Arc::from(p.body.as_str())).unwrap_or_else(|| Arc::from("")),
        counties,
        year: None,
    }
}

/// Builds the index of `sources`, a slice at a time, handing each file to `emit` as soon as
/// it is made (fragments slice by slice, then shards, filters and manifest).
pub fn index(sources: Vec<DocSource>, mut emit: impl FnMut(IndexFile) -> Result<()>) -> Result<Stats> {
    let mut builder = search::Builder::new();
    let mut sources = sources.into_iter();
    loop {
        let slice: Vec<DocSource> = sources.by_ref().take(SLICE).collect();
        if slice.is_empty() {
            break;
        }
        let docs: Vec<Doc> = slice.into_par_iter().map(DocSource::into_doc).collect();
        for file in builder.add(&docs) {
            emit(file)?;
        }
    }
    let (files, stats) = builder.finish();
    for file in files {
        emit(file)?;
    }
    Ok(stats)
}
