//! `serve` follows the whole loop: a change to the raw reports (`seeds/` beside the content
//! folder) or to `content/corrections.yaml` re-ingests. The pages ingest writes are then seen
//! by the watcher like an editor's saves, so the rebuild and reload follow on their own.
//!
//! Owns: which changed paths call for ingest, running it off the async threads, and what the
//! terminal and open pages are told: ingest's warnings and the editors' review list on the
//! terminal, an ingest error (a malformed corrections file names its line) in the browser's
//! error overlay.
//!
//! When the only change is a write of the editors' desk (its `Hint`s lead from the
//! corrections ingested last to the file as it is now), only the seeds the desk's actions
//! touch are ingested again (`ingest::run_scoped`); anything else (a hand edit of the file, a
//! seed, a failed run, a desk write that cannot be traced) ingests everything.
//!
//! Must not: build the site (the session's `rebuild` does), or watch files (`watch.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use super::reload::{Message, Reloader};
use super::watch::ChangeSet;
use crate::desk::review::Board;
use crate::desk::{Hint, Hints};
use crate::ingest;
use crate::progress::Progress;

/// What a change set calls for.
enum Plan {
    /// The corrections file is what was last ingested and no seed changed.
    Nothing,
    /// The seeds the desk's writes touch.
    Seeds(ingest::Scope),
    Whole,
}

/// Re-ingesting for a serve session.
pub(crate) struct Reingest {
    seeds: PathBuf,
    content: PathBuf,
    corrections: PathBuf,
    /// The last run failed, so its error is on the open pages.
    failed: bool,
    /// True while ingest runs (the editors' desk reads it).
    busy: Arc<AtomicBool>,
    /// The desk's writes since the last run.
    hints: Hints,
    /// The corrections file as the last ingest read it (at start: as serve found it, the
    /// content being what ingest wrote for it); `None` after a failed run.
    last: Option<String>,
    /// A seed changed in the change set being handled.
    seeds_changed: bool,
    /// What the desk's review page lists; a whole run renews its stale corrections.
    board: Arc<Board>,
}

impl Reingest {
    /// For the site at `root` (canonical) with its `content` folder.
    pub(crate) fn new(root: &Path, content: &Path, busy: Arc<AtomicBool>, hints: Hints, board: Arc<Board>) -> Self {
        let corrections = content.join(ingest::corrections::FILE);
        let last = std::fs::read_to_string(&corrections).ok();
        let seeds = root.join("seeds");
        Reingest {
            seeds,
            content: content.to_path_buf(),
            corrections,
            failed: false,
            busy,
            hints,
            last,
            seeds_changed: false,
            board,
        }
    }

    /// What to ingest: only the seeds the desk's writes touch when they alone explain the
    /// corrections file as it is now; nothing when the file is what was last ingested and no
    /// seed changed (a second event for one save); else everything.
    fn plan(&mut self) -> Plan {
        let hints = std::mem::take(&mut *self.hints.lock().unwrap_or_else(|e| e.into_inner()));
        let now = std::fs::read_to_string(&self.corrections).ok();
        let last = std::mem::replace(&mut self.last, now.clone());
        match (self.seeds_changed, last, now) {
            (false, Some(last), Some(now)) if last == now => Plan::Nothing,
            (false, Some(last), Some(now)) => chain(&last, &now, &hints).map_or(Plan::Whole, Plan::Seeds),
            _ => Plan::Whole,
        }
    }

    /// Takes the seed and corrections paths out of `changes`: true when there were any (and
    /// the site has a seeds folder to ingest). The rest is for the site build.
    pub(crate) fn split(&mut self, changes: &mut ChangeSet) -> bool {
        let before = changes.paths.len();
        self.seeds_changed = changes.rescan || changes.paths.iter().any(|p| p.starts_with(&self.seeds));
        changes.paths.retain(|p| !p.starts_with(&self.seeds) && *p != self.corrections);
        changes.paths.len() != before && self.seeds.is_dir()
    }

    /// Runs ingest, prints its warnings and the review list, and reports an error to the
    /// terminal and the open pages.
    pub(crate) async fn run(&mut self, reloader: &Reloader, progress: Progress) {
        let opts = ingest::Options { seeds: self.seeds.clone(), content: self.content.clone(), verbose: false };
        let scope = match self.plan() {
            Plan::Nothing => return,
            Plan::Seeds(scope) => Some(scope),
            Plan::Whole => None,
        };
        self.busy.store(true, Ordering::SeqCst);
        let board = Arc::clone(&self.board);
        let task = tokio::task::spawn_blocking(move || match scope {
            Some(scope) => ingest::run_scoped(&opts, &scope, &progress).map(|o| wrote(&o)),
            None => ingest_and_review(&opts, &board, &progress),
        });
        let joined = task.await;
        self.busy.store(false, Ordering::SeqCst);
        let result = match joined {
            Ok(result) => result,
            Err(err) => Err(anyhow::Error::new(err).context("ingest stopped unexpectedly")),
        };
        match result {
            Ok(wrote) => {
                // Nothing written means no rebuild will come to clear the last error.
                if self.failed && !wrote {
                    reloader.send(Message::Reload);
                }
                self.failed = false;
            }
            Err(err) => {
                let text = format!("{err:#}");
                eprintln!("error: {text}");
                progress.info("ingest failed; nothing was written; save a fix to ingest again");
                self.last = None;
                reloader.send(Message::Error { text });
                self.failed = true;
            }
        }
    }
}

/// Ingest (warnings go to the terminal as it runs), then the review list, kept for the desk.
/// True when ingest changed a file in content/.
fn ingest_and_review(opts: &ingest::Options, board: &Board, progress: &Progress) -> Result<bool> {
    progress.info("seeds or corrections changed: ingesting");
    let outcome = ingest::run(opts, progress)?;
    if let Err(err) = board.ingested(&outcome.stale_corrections) {
        progress.warn(format!("{err:#} (the desk's review list)"));
    }
    // Corrections that matched nothing were just printed as ingest's warnings.
    crate::review::print(&crate::review::of_folder(&opts.content, Vec::new())?, progress);
    Ok(wrote(&outcome))
}

/// Whether ingest changed a file in content/.
fn wrote(outcome: &ingest::write::Outcome) -> bool {
    outcome.written > 0
        || !outcome.removed.is_empty()
        || !outcome.entities_created.is_empty()
        || !outcome.entities_updated.is_empty()
        || !outcome.entities_removed.is_empty()
}

/// The union of the scopes of the desk's writes that lead from `last` to `now`, one after
/// the other (writes that lead elsewhere skipped); `None` when they do not reach `now`.
fn chain(last: &str, now: &str, hints: &[Hint]) -> Option<ingest::Scope> {
    let mut at = last;
    let mut scope = ingest::Scope::default();
    for hint in hints.iter().filter(|h| h.before != h.after) {
        if hint.before == at {
            scope.seeds.extend(hint.scope.seeds.iter().cloned());
            scope.names.extend(hint.scope.names.iter().cloned());
            scope.groups.extend(hint.scope.groups.iter().cloned());
            at = &hint.after;
        }
    }
    (at == now && last != now).then_some(scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(before: &str, after: &str, seed: &str) -> Hint {
        let scope = ingest::Scope { seeds: [seed.to_string()].into(), ..Default::default() };
        Hint { before: before.into(), after: after.into(), scope }
    }

    #[test]
    fn only_the_desks_own_writes_in_a_row_give_a_scope() {
        let hints = [hint("a", "b", "1.txt"), hint("x", "y", "2.txt"), hint("b", "c", "3.txt")];
        let scope = chain("a", "c", &hints).expect("a → b → c");
        assert_eq!(scope.seeds, ["1.txt".to_string(), "3.txt".to_string()].into());
        // A hand edit after the desk's write, or one before it: everything is ingested.
        assert_eq!(chain("a", "c edited", &hints), None);
        assert_eq!(chain("a edited", "c", &hints), None);
        assert_eq!(chain("a", "a", &[]), None);
    }
}
