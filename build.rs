//! Decides, when the tests are compiled, which of them can run on this machine, so that a
//! test whose requirement is missing is *ignored*, and `cargo test` says so in its summary
//! ("N ignored"), with the reason beside each (`test x ... ignored, needs …`):
//!
//! - `jianbao_no_shared`: `../shared/eval/score.py` (the project's evaluation corpus and
//!   scorer, beside the repository) is missing: the extraction-bar tests are ignored.
//! - `jianbao_no_frictionless`: no `frictionless` command on `PATH`: the open data package
//!   validation is ignored.
//! - `jianbao_no_chromium`: no Chromium (`$JIANBAO_CHROMIUM`, `/usr/bin/chromium`,
//!   `/usr/bin/chromium-browser`, `/usr/bin/google-chrome`): the browser tests are ignored.
//!
//! With `CI` set nothing is ignored, so a missing requirement fails its test there. A
//! requirement found is watched (removing it recompiles and ignores its tests again); one
//! installed later is seen after `touch build.rs` (Cargo cannot watch a file that does not
//! exist yet without rebuilding the crate on every run). The binary itself is not affected by
//! these.
//!
//! It also gives the binary `JIANBAO_SOURCE_HASH`, a hash of every file under `src/` and
//! `data/` (the rules, the lexicon files, the gazetteer): ingest's article cache
//! (`ingest::article_cache`) keys its files with it, so a binary built from other rules or
//! other words never takes another build's articles. A file over 4 MiB (the recogniser's
//! weights) counts by its name and length only; the model's version is in the tags' format.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=JIANBAO_CHROMIUM");
    let ci = std::env::var_os("CI").is_some();
    let repo = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let shared = Some(repo.join("../shared/eval/score.py")).filter(|p| p.is_file());
    requirement("jianbao_no_shared", shared, ci);
    requirement("jianbao_no_frictionless", on_path("frictionless"), ci);
    requirement("jianbao_no_chromium", chromium(), ci);
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=data");
    println!("cargo::rustc-env=JIANBAO_SOURCE_HASH={:016x}", source_hash(&repo));
}

/// FNV-1a over the sorted paths and contents of `src/` and `data/` (stable across builds and
/// machines, unlike `DefaultHasher`).
fn source_hash(repo: &Path) -> u64 {
    let mut files = Vec::new();
    for dir in ["src", "data"] {
        list(&repo.join(dir), &mut files);
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    for path in files {
        let name = path.strip_prefix(repo).unwrap_or(&path).to_string_lossy().into_owned();
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        feed(name.as_bytes());
        feed(&len.to_le_bytes());
        if len <= 4 << 20 {
            feed(&std::fs::read(&path).unwrap_or_default());
        }
    }
    hash
}

fn list(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Sets `cfg` when `found` is `None` (outside CI); watches what was found.
fn requirement(cfg: &str, found: Option<PathBuf>, ci: bool) {
    println!("cargo::rustc-check-cfg=cfg({cfg})");
    match found {
        Some(path) => println!("cargo::rerun-if-changed={}", path.display()),
        None if !ci => println!("cargo::rustc-cfg={cfg}"),
        None => {}
    }
}

fn on_path(command: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(command)).find(|p| p.is_file())
}

/// Where the browser tests' harness (`tests/it/harness/chromium.rs`) looks for Chromium.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JIANBAO_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(Path::new)
        .find(|p| p.is_file())
        .map(Path::to_path_buf)
}
