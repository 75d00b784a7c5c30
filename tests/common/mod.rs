//! A small harness for tests that read like user sessions: a temporary folder, files written
//! into it, and the real `jianbao` binary run inside it. `serve` adds the HTTP and live-reload
//! helpers, `chromium` drives headless Chromium over the DevTools protocol.
#![allow(dead_code, unused_imports)]

pub mod chromium;
pub mod serve;

pub use serve::*;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// A temporary folder removed when the test ends.
pub struct TestDir(tempfile::TempDir);

impl TestDir {
    pub fn new() -> Self {
        TestDir(tempfile::tempdir().expect("temp dir"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `bytes` to `rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// What a run of the binary printed.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `jianbao ARGS` in `cwd`.
pub fn jianbao(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_jianbao")).current_dir(cwd).args(args).output().expect("run jianbao");
    Output {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's shipped seeds.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
