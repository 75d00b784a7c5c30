//! `serve`'s search index, built in the background after the first build and after updates
//! (`SearchCatchUp`: one run at a time on a `background::Worker`): the builder kept between
//! runs (`SearchState`), documents replaced in place after an edit, and only changed index
//! files rewritten (`SearchJob`).
//!
//! A run stops at its next file once the session's `BuildOptions::cancel` is set (Ctrl-C).
//!
//! Must not: decide what the documents hold (`search_docs`) or know the index format.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::Instant;

use anyhow::{Context as _, Result};

use crate::cancel::{self, Cancel};
use crate::progress::Progress;
use crate::search;
use crate::site::file::OutputFile;
use crate::site::graph::Graph;
use crate::site::output;
use crate::site::search_docs::{self, DocSource, add_all};

use super::background::{Job, Worker, edit_waiting, yield_to_edits};

/// What a background (re-)index needs: the served folder and the graph of the last good
/// update, held weakly (its searched pages are listed when the job runs, on the worker's
/// thread: listing 16,000 pages is no work for the edit's thread, and a held graph would make
/// the next edit copy it). A job whose graph is gone has been replaced by a later request.
#[derive(Debug, Clone)]
pub(crate) struct SearchJob {
    out: PathBuf,
    site: Weak<Graph>,
    /// The session's build flag: set on Ctrl-C, the run stops at its next file.
    cancel: Cancel,
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
    pub(crate) fn new(out: PathBuf, site: Weak<Graph>, cancel: Cancel) -> SearchJob {
        SearchJob { out, site, cancel }
    }

    /// Brings the served folder's search index up to date. With the state of the last run
    /// and the same pages in the same order, only the changed documents are replaced in the
    /// kept postings; otherwise the index is built again in memory. Either way only the
    /// files whose bytes changed are replaced (each atomically), and files of the old index
    /// that the new one lacks are removed. `serve` runs it off the reload path, so an edit
    /// never waits for the index. `None` when the graph is gone (a later job has the newer).
    pub(crate) fn run(self, state: &mut Option<SearchState>) -> Result<Option<SearchRun>> {
        // Documents an edit interrupted are made again after it, from its graph if it lives.
        let sources = loop {
            yield_to_edits();
            self.cancel.check()?;
            let Some(site) = self.site.upgrade() else { return Ok(None) };
            if let Some(sources) = search_docs::sources_until(&site, edit_waiting) {
                break sources;
            }
        };
        SearchJob::index(self.out, sources, state, &self.cancel).map(Some)
    }

    fn index(
        out: PathBuf,
        sources: Vec<DocSource>,
        state: &mut Option<SearchState>,
        cancel: &Cancel,
    ) -> Result<SearchRun> {
        let mut written = 0;
        let mut write = |file: search::IndexFile| -> Result<()> {
            yield_to_edits();
            cancel.check()?;
            let file = OutputFile { path: file.path, bytes: file.bytes };
            written += usize::from(output::replace_if_changed(&out, &file)?);
            Ok(())
        };
        let same_pages = state.as_ref().is_some_and(|s| {
            s.sources.len() == sources.len() && s.sources.iter().zip(&sources).all(|(a, b)| a.url() == b.url())
        });
        let kept = match state.take() {
            Some(mut kept) if same_pages => {
                for (id, (old, new)) in kept.sources.iter().zip(&sources).enumerate() {
                    if old != new {
                        write(kept.builder.replace(id as u32, &old.clone().into_doc()?, &new.clone().into_doc()?))?;
                    }
                }
                SearchState { builder: kept.builder, sources }
            }
            _ => SearchState { builder: add_all(sources.clone(), &mut write, yield_to_edits)?, sources },
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

/// Builds the search index in the background after the first build and after updates, one
/// run at a time (`background::Worker`: its own pool, below the edits in priority): edits
/// made during a run give one more run after it, with the state of the last of them.
pub(crate) struct SearchCatchUp {
    pub(crate) worker: Worker<IndexRun>,
    /// The index of the last run, for the next.
    index: Arc<Mutex<Option<SearchState>>>,
}

impl Default for SearchCatchUp {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        SearchCatchUp { worker: Worker::new(threads), index: Arc::default() }
    }
}

impl SearchCatchUp {
    pub(crate) fn request(&self, job: SearchJob, progress: Progress) {
        self.worker.request(IndexRun { job, index: Arc::clone(&self.index), progress });
    }
}

/// One background run of the search index.
pub(crate) struct IndexRun {
    job: SearchJob,
    index: Arc<Mutex<Option<SearchState>>>,
    progress: Progress,
}

impl Job for IndexRun {
    /// The newer job holds the newer pages; the kept index tells what changed since.
    fn merge(self, later: IndexRun) -> IndexRun {
        later
    }

    fn run(self) {
        let started = Instant::now();
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        match self.job.run(&mut index) {
            Ok(None) => {}
            Ok(Some(run)) => self.progress.info(format!(
                "search: indexed {} pages in the background in {} ms ({} files written, {} removed)",
                run.stats.docs,
                started.elapsed().as_millis(),
                run.written,
                run.removed,
            )),
            Err(err) if cancel::is_cancelled(&err) => {}
            Err(err) => self.progress.warn(format!("search: background re-index failed: {err:#}")),
        }
    }
}
