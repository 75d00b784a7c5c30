//! `serve` follows the whole loop: a change to the raw reports (`seeds/` beside the content
//! folder) or to `content/corrections.yaml` re-ingests. The pages ingest writes are then seen
//! by the watcher like an editor's saves, so the rebuild and reload follow on their own.
//!
//! Owns: which changed paths call for ingest, running it off the async threads, and what the
//! terminal and open pages are told: ingest's warnings and the editors' review list on the
//! terminal, an ingest error (a malformed corrections file names its line) in the browser's
//! error overlay.
//!
//! Must not: build the site (the session's `rebuild` does), or watch files (`watch.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use super::reload::{Message, Reloader};
use super::watch::ChangeSet;
use crate::ingest;
use crate::progress::Progress;

/// Re-ingesting for a serve session.
pub(crate) struct Reingest {
    seeds: PathBuf,
    content: PathBuf,
    corrections: PathBuf,
    /// The last run failed, so its error is on the open pages.
    failed: bool,
    /// True while ingest runs (the editors' desk reads it).
    busy: Arc<AtomicBool>,
}

impl Reingest {
    /// For the site at `root` (canonical) with its `content` folder.
    pub(crate) fn new(root: &Path, content: &Path, busy: Arc<AtomicBool>) -> Self {
        Reingest {
            seeds: root.join("seeds"),
            content: content.to_path_buf(),
            corrections: content.join(ingest::corrections::FILE),
            failed: false,
            busy,
        }
    }

    /// Takes the seed and corrections paths out of `changes`: true when there were any (and
    /// the site has a seeds folder to ingest). The rest is for the site build.
    pub(crate) fn split(&self, changes: &mut ChangeSet) -> bool {
        let before = changes.paths.len();
        changes.paths.retain(|p| !p.starts_with(&self.seeds) && *p != self.corrections);
        changes.paths.len() != before && self.seeds.is_dir()
    }

    /// Runs ingest, prints its warnings and the review list, and reports an error to the
    /// terminal and the open pages.
    pub(crate) async fn run(&mut self, reloader: &Reloader, progress: Progress) {
        let opts = ingest::Options { seeds: self.seeds.clone(), content: self.content.clone(), verbose: false };
        self.busy.store(true, Ordering::SeqCst);
        let task = tokio::task::spawn_blocking(move || ingest_and_review(&opts, &progress));
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
                reloader.send(Message::Error { text });
                self.failed = true;
            }
        }
    }
}

/// Ingest (warnings go to the terminal as it runs), then the review list. True when ingest
/// changed a file in content/.
fn ingest_and_review(opts: &ingest::Options, progress: &Progress) -> Result<bool> {
    progress.info("seeds or corrections changed: ingesting");
    let outcome = ingest::run(opts, progress)?;
    // Corrections that matched nothing were just printed as ingest's warnings.
    crate::review::print(&crate::review::of_folder(&opts.content, Vec::new())?, progress);
    Ok(outcome.written > 0
        || !outcome.removed.is_empty()
        || !outcome.entities_created.is_empty()
        || !outcome.entities_updated.is_empty()
        || !outcome.entities_removed.is_empty())
}
