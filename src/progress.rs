//! Progress and summary lines on stderr, silenced by `--quiet`.
//!
//! Owns nothing but the quiet flag. Warnings and errors never go through the quiet
//! switch: `warn` and `always` print under `--quiet` too.

use std::io::Write;

/// Where a command reports what it is doing.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    quiet: bool,
}

impl Progress {
    pub const fn new(quiet: bool) -> Self {
        Progress { quiet }
    }

    /// A progress or summary line; nothing under `--quiet`.
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "{}", msg.as_ref());
        }
    }

    /// A warning: always printed, prefixed `warning:`.
    pub fn warn(&self, msg: impl AsRef<str>) {
        let _ = writeln!(std::io::stderr().lock(), "warning: {}", msg.as_ref());
    }

    /// A line an editor acts on (the ingest review list): printed even under `--quiet`,
    /// without the `warning:` prefix.
    pub fn always(&self, msg: impl AsRef<str>) {
        let _ = writeln!(std::io::stderr().lock(), "{}", msg.as_ref());
    }

    /// Reports `done` of `total` every `step` items and at the end, for long loops.
    pub fn tick(&self, what: &str, done: usize, total: usize, step: usize) {
        if !self.quiet && total >= step && (done.is_multiple_of(step) || done == total) {
            let _ = writeln!(std::io::stderr().lock(), "{what}: {done}/{total}");
        }
    }

    pub fn is_quiet(&self) -> bool {
        self.quiet
    }
}
