//! A small harness for tests that read like user sessions: a temporary folder, files written
//! into it, and the real `jianbao` binary run inside it. `serve` adds the HTTP and live-reload
//! helpers, `chromium` drives headless Chromium over the DevTools protocol.

pub mod chromium;
pub mod serve;

pub use serve::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

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
    pub stderr: String,
}

/// Runs `jianbao ARGS` in `cwd`.
pub fn jianbao(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_jianbao")).current_dir(cwd).args(args).output().expect("run jianbao");
    Output { status: out.status, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// The repository's shipped seeds.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Copies a folder tree (files and folders) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Polls `ready` until it holds or `limit` has passed; whether it held. For what can only be
/// polled: a file served over HTTP, a line in a log, a count kept by another thread.
pub fn poll(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every file under `dir` with its bytes, by its `/`-separated path below `dir`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut tree = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let name = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            tree.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
    tree
}

/// The seed site in `root`: the shipped seeds ingested into `root/content`, the repository's
/// themes and site.yaml beside it. Returns the content folder.
pub fn seed_site(root: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = root.join("content");
    let out = jianbao(
        root,
        &["--quiet", "ingest", "--seeds", seeds_dir().to_str().unwrap(), "--content", content.to_str().unwrap()],
    );
    assert!(out.status.success(), "ingest failed: {}", out.stderr);
    copy_tree(&repo.join("themes"), &root.join("themes"));
    if repo.join("site.yaml").is_file() {
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    }
    content
}
