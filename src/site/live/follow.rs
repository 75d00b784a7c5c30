//! The pages an update leaves until after the edit is served (`serve`'s "fast render"): a
//! date edit moves its report across every report-list page between its old and new place
//! (50-150 pages at 10,000 reports), a new person every page of the people's list, and no one
//! editing a report is looking at those. The update renders and writes what the editor waits
//! for (the report, its neighbours, its entities, the list page it is on) and marks the rest
//! stale here (`defer`); a background job (`FollowJob`, on a `background::Worker`) renders
//! and writes them a few at a time, and until one is written a request for it is rendered on
//! demand from the current graph (`file`), so nothing is answered stale after the reload.
//!
//! While an update runs (`suspend` .. `resume`) nothing renders from the old graph: requests
//! for stale pages wait, and the job lets go of the graph between two chunks (so the next
//! patch changes the graph in place instead of copying it). What the job's link scan read
//! of the pages it wrote goes back to the update's kept files (`suspend` returns it).
//!
//! Owns the stale set and its rendering; it decides nothing about which pages an edit
//! affects (`plan`) and must not know about HTTP (`serve` asks it for a file path).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::progress::Progress;
use crate::site::file::file_of;
use crate::site::graph::Graph;
use crate::site::links::{self, PageLinks};
use crate::site::markdown::Markdown;
use crate::site::output;
use crate::site::render::{Renderer, Templates};
use crate::site::views::{self, Page};

use super::background::{self, Job};

/// Pages rendered per step of the job: the update waiting for the job waits at most this.
const CHUNK: usize = 4;

/// What a page is rendered with: the state of the last good update.
#[derive(Clone)]
pub(crate) struct Parts {
    pub(crate) site: Arc<Graph>,
    pub(crate) templates: Arc<Templates>,
    pub(crate) markdown: Arc<Markdown>,
    pub(crate) search: bool,
}

impl Parts {
    fn render(&self, page: Page) -> anyhow::Result<crate::site::file::OutputFile> {
        Renderer::new(&self.site, &self.templates, &self.markdown, self.search).render(page)
    }
}

/// The stale pages of the served folder. Cheap to clone; shared by the site, its job and
/// the server.
#[derive(Clone, Default)]
pub struct Following {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Whether any page is stale (read without the lock on every request).
    any: AtomicBool,
}

#[derive(Default)]
struct State {
    /// File path (`reports/page/3/index.html`) → its page, not yet written as it now is.
    stale: FxHashMap<String, Page>,
    /// `None` while an update runs.
    parts: Option<Parts>,
    /// The job is rendering a chunk (it holds the graph).
    rendering: bool,
    /// What the job's link scan read of the pages it wrote, for the next update.
    scanned: Vec<PageLinks>,
}

impl Following {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner)
    }

    /// An update starts: stale pages are no longer rendered (requests for them wait) and the
    /// job has let go of the graph when this returns. Gives what the job's scans read.
    pub(crate) fn suspend(&self) -> Vec<PageLinks> {
        let mut state = self.lock();
        state.parts = None;
        while state.rendering {
            state = self.wait(state);
        }
        std::mem::take(&mut state.scanned)
    }

    /// The stale pages, taken out of the set (the update renders them itself).
    pub(crate) fn take(&self) -> Vec<Page> {
        let mut state = self.lock();
        let mut pages: Vec<Page> = state.stale.drain().map(|(_, p)| p).collect();
        self.shared.any.store(false, Ordering::SeqCst);
        pages.sort_unstable();
        pages
    }

    /// Marks `pages` of `site` stale (an update wrote the other pages it affects).
    pub(crate) fn defer(&self, site: &Graph, pages: &[Page]) {
        let mut state = self.lock();
        for &page in pages {
            state.stale.insert(file_of(&views::path_of(site, page)), page);
        }
        self.shared.any.store(!state.stale.is_empty(), Ordering::SeqCst);
    }

    /// The update is over: stale pages render from `parts`. True when some page is stale
    /// (the caller then asks for a job).
    pub(crate) fn resume(&self, parts: Parts) -> bool {
        let mut state = self.lock();
        state.parts = Some(parts);
        self.shared.changed.notify_all();
        !state.stale.is_empty()
    }

    /// Whether some page is stale (cheap: no lock).
    pub fn any(&self) -> bool {
        self.shared.any.load(Ordering::SeqCst)
    }

    /// The page at `path` (relative to the output folder, `reports/page/3/index.html`) as it
    /// is now, when the file on disk is stale; `None` when the disk has it right. Waits for
    /// an update that is running; a page whose template fails is `None` (the disk's copy).
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        let mut state = self.lock();
        loop {
            let &page = state.stale.get(path)?;
            if let Some(parts) = state.parts.clone() {
                drop(state);
                return parts.render(page).ok().map(|f| f.bytes);
            }
            state = self.wait(state);
        }
    }

    /// Renders and writes up to `CHUNK` stale pages into `out`; false when there is nothing
    /// (more) to do now (no stale page, or an update runs).
    fn step(&self, out: &std::path::Path) -> anyhow::Result<bool> {
        let (chunk, parts) = {
            let mut state = self.lock();
            let Some(parts) = state.parts.clone() else { return Ok(false) };
            let mut chunk: Vec<(String, Page)> = state.stale.iter().map(|(f, &p)| (f.clone(), p)).collect();
            chunk.sort_unstable_by_key(|&(_, p)| p);
            chunk.truncate(CHUNK);
            if chunk.is_empty() {
                return Ok(false);
            }
            state.rendering = true;
            (chunk, parts)
        };
        let done = Rendering(self);
        let files = chunk.par_iter().map(|&(_, page)| parts.render(page)).collect::<anyhow::Result<Vec<_>>>()?;
        drop(parts);
        for file in &files {
            output::replace_if_changed(out, file)?;
        }
        let scanned: Vec<PageLinks> = files.iter().filter_map(links::scan).collect();
        let mut state = self.lock();
        for (path, _) in &chunk {
            state.stale.remove(path);
        }
        state.scanned.extend(scanned);
        self.shared.any.store(!state.stale.is_empty(), Ordering::SeqCst);
        drop(state);
        drop(done);
        Ok(true)
    }
}

/// Clears `rendering` however a step ends.
struct Rendering<'a>(&'a Following);

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        self.0.lock().rendering = false;
        self.0.shared.changed.notify_all();
    }
}

/// Writes the stale pages, a chunk at a time, until none is left or an update starts (which
/// asks for a job of its own when it is done).
pub(crate) struct FollowJob {
    pub(crate) following: Following,
    pub(crate) out: PathBuf,
    pub(crate) progress: Progress,
}

impl Job for FollowJob {
    fn merge(self, later: FollowJob) -> FollowJob {
        later
    }

    fn run(self) {
        let (started, mut steps) = (Instant::now(), 0);
        loop {
            background::yield_to_edits();
            match self.following.step(&self.out) {
                Ok(true) => steps += 1,
                Ok(false) => break,
                Err(err) => {
                    self.progress.warn(format!("pages left for after the edit: {err:#}"));
                    break;
                }
            }
        }
        if steps > 0 {
            self.progress.info(format!(
                "list pages the edit moved: written in the background in {} ms",
                started.elapsed().as_millis()
            ));
        }
    }
}
