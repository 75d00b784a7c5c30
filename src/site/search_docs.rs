//! The adapter between the site and the search index: the graph's reports and entities as
//! `search::Doc`s, and the index built from them.
//!
//! Owns which pages are searched (every report and entity page, in page order: reports, then
//! entities, so document numbers are the same from build to build), what each hands over
//! (title, names, plain body text, the county and year filters), and the slices the documents
//! are made and indexed in (so a large site never holds every body's text at once).
//!
//! Also `serve`'s background index (`SearchJob`, `SearchState`): the builder kept between
//! runs, documents replaced in place after an edit, and only changed index files rewritten.
//!
//! Must not: render or read pages (it works from the graph; a body the build did not keep
//! is read again through `body::ReportBody`), or know the index format.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::search::{self, Doc, DocKind, IndexFile, Stats};
use crate::site::body::ReportBody;
use crate::site::file::OutputFile;
use crate::site::graph::Site;
use crate::site::ids::{EntityId, Kind};
use crate::site::output;
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
            text: text::plain_text(&self.body.text()?),
            counties: self.counties,
            year: self.year,
        })
    }
}

/// Every searched page of the site, in page order.
pub(crate) fn sources(site: &Site) -> Vec<DocSource> {
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
        body: r.body.clone(),
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
        body: ReportBody::kept(e.page.as_ref().map_or("", |p| p.body.as_str())),
        counties,
        year: None,
    }
}

/// Builds the index of `sources`, a slice at a time, handing each file to `emit` as soon as
/// it is made (fragments slice by slice, then shards, filters and manifest).
pub(crate) fn index(sources: Vec<DocSource>, mut emit: impl FnMut(IndexFile) -> Result<()>) -> Result<Stats> {
    let builder = add_all(sources, &mut emit)?;
    let (files, stats) = builder.finish();
    for file in files {
        emit(file)?;
    }
    Ok(stats)
}

/// Adds every document of `sources` to a new builder, handing each fragment to `emit`; the
/// caller takes the other files from the builder (`serve` keeps it for later edits).
pub(crate) fn add_all(
    sources: Vec<DocSource>,
    mut emit: impl FnMut(IndexFile) -> Result<()>,
) -> Result<search::Builder> {
    let mut builder = search::Builder::new();
    let mut sources = sources.into_iter();
    loop {
        let slice: Vec<DocSource> = sources.by_ref().take(SLICE).collect();
        if slice.is_empty() {
            break;
        }
        let docs: Vec<Doc> = slice.into_par_iter().map(DocSource::into_doc).collect::<Result<_>>()?;
        for file in builder.add(&docs) {
            emit(file)?;
        }
    }
    Ok(builder)
}

/// What a background (re-)index needs: the served folder and the site's searched pages as
/// of the last good build.
#[derive(Debug, Clone)]
pub(crate) struct SearchJob {
    out: PathBuf,
    sources: Vec<DocSource>,
}

/// What a background index did.
#[derive(Debug, Clone)]
pub(crate) struct SearchRun {
    pub(crate) stats: search::Stats,
    /// Index files written because their bytes changed (an edit changes a few shards and
    /// fragments), and stale ones removed.
    pub(crate) written: usize,
    pub(crate) removed: usize,
}

/// The index `serve` keeps between background runs: the builder (its postings) and the
/// documents it holds, so an edit that keeps every page in place re-indexes only the pages
/// whose documents changed.
pub(crate) struct SearchState {
    builder: search::Builder,
    sources: Vec<DocSource>,
}

impl SearchJob {
    pub(crate) fn new(out: PathBuf, sources: Vec<DocSource>) -> SearchJob {
        SearchJob { out, sources }
    }

    /// Brings the served folder's search index up to date. With the state of the last run
    /// and the same pages in the same order, only the changed documents are replaced in the
    /// kept postings; otherwise the index is built again in memory. Either way only the
    /// files whose bytes changed are replaced (each atomically), and files of the old index
    /// that the new one lacks are removed. `serve` runs it off the reload path, so an edit
    /// never waits for the index.
    pub(crate) fn run(self, state: &mut Option<SearchState>) -> Result<SearchRun> {
        let out = self.out;
        let mut written = 0;
        let mut write = |file: search::IndexFile| -> Result<()> {
            let file = OutputFile { path: file.path, bytes: file.bytes };
            written += usize::from(output::replace_if_changed(&out, &file)?);
            Ok(())
        };
        let same_pages = state.as_ref().is_some_and(|s| {
            s.sources.len() == self.sources.len()
                && s.sources.iter().zip(&self.sources).all(|(a, b)| a.url() == b.url())
        });
        let kept = match state.take() {
            Some(mut kept) if same_pages => {
                for (id, (old, new)) in kept.sources.iter().zip(&self.sources).enumerate() {
                    if old != new {
                        write(kept.builder.replace(id as u32, &old.clone().into_doc()?, &new.clone().into_doc()?))?;
                    }
                }
                SearchState { builder: kept.builder, sources: self.sources }
            }
            _ => SearchState { builder: add_all(self.sources.clone(), &mut write)?, sources: self.sources },
        };
        let (files, stats) = kept.builder.files();
        let mut fresh: HashSet<String> =
            (0..kept.sources.len()).map(|id| format!("{}/docs/{id}.bin", search::DIR)).collect();
        for file in files {
            fresh.insert(file.path.clone());
            write(file)?;
        }
        *state = Some(kept);
        let mut stale = Vec::new();
        for entry in walkdir::WalkDir::new(out.join(search::DIR)).sort_by_file_name() {
            let entry = entry.context("search: cannot list the index folder")?;
            let rel = entry.path().strip_prefix(&out).unwrap_or(entry.path());
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let ours = search::is_index_file(&rel) && !rel.rsplit('/').next().is_some_and(|n| n.starts_with('.'));
            if entry.file_type().is_file() && ours && !fresh.contains(&rel) {
                stale.push(rel);
            }
        }
        for rel in &stale {
            output::remove(&out, rel)?;
        }
        Ok(SearchRun { stats, written, removed: stale.len() })
    }
}
