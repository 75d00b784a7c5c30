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
//! exist yet without rebuilding the crate on every run). The binary itself is not affected.

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
