//! Stopping a build part-way: a flag a command sets (on Ctrl-C) and a build checks between its
//! steps (`Cancel::check`: between stages, between slices of pages, between search index
//! files and open data tables), and the error a cancelled build returns (`Cancelled`), which
//! tells "stopped on request" from a failure.
//!
//! Owns the flag and the error only: a cancelled build's staging folder is removed by its
//! owner (`site::output::Staging`, on drop), and when to set the flag is the command's
//! (`serve` on Ctrl-C, `build` through `on_ctrl_c`). Imports nothing of the crate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cancellation flag shared by its clones; never set unless `cancel` is called.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

/// The error of a build stopped by `Cancel::cancel` (nothing is wrong with the site).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped before the build was done (Ctrl-C); nothing was replaced")
    }
}

impl std::error::Error for Cancelled {}

impl Cancel {
    /// Asks every holder of a clone to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once `cancel` was called: a build's `?` between two steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }

    /// A flag set by the first Ctrl-C (SIGINT); a second one ends the process at once (exit
    /// status 130), for a step that takes long to reach its next check. Without a signal
    /// handler (or off Unix), the flag is never set and Ctrl-C ends the process as before.
    pub fn on_ctrl_c() -> Cancel {
        let cancel = Cancel::default();
        #[cfg(unix)]
        watch_sigint(cancel.clone());
        cancel
    }
}

/// Sets `flag` on the first SIGINT and exits on the second, from a thread of its own. The
/// handler is installed before this returns, so no Ctrl-C falls between.
#[cfg(unix)]
fn watch_sigint(flag: Cancel) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
    let Ok(mut signals) = runtime.block_on(async { signal(SignalKind::interrupt()) }) else { return };
    let watching = std::thread::Builder::new().name("jb-ctrl-c".into()).spawn(move || {
        runtime.block_on(async {
            signals.recv().await;
            flag.cancel();
            signals.recv().await;
            std::process::exit(130);
        })
    });
    drop(watching);
}

/// Whether `err` is (or wraps) `Cancelled`.
pub fn is_cancelled(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<Cancelled>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag_and_the_error_is_recognised_through_context() {
        let cancel = Cancel::default();
        let other = cancel.clone();
        assert!(other.check().is_ok());
        cancel.cancel();
        assert_eq!(other.check(), Err(Cancelled));
        let err = anyhow::Error::new(Cancelled).context("rendering reports/a/");
        assert!(is_cancelled(&err));
        assert!(!is_cancelled(&anyhow::anyhow!("a broken link")));
    }
}
