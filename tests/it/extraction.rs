//! Extraction regressions as files: one invented page per page class in
//! `tests/extraction/pages/` (a plain report, a page with an info line, a GBK-encoded page, a
//! bulletin that splits, an editor's-note collection, reprinted stories each with a byline, a
//! story with credits, a saved web page, an MHTML page), ingested together as an editor would.
//! Every report page written must equal its copy in `tests/extraction/expected/` (same file
//! name; no page missing or extra), so a rule's effect on every class shows in the diff.
//! `JIANBAO_BLESS=1 cargo test --test it extraction` rewrites the expected pages.
//!
//! And the shipped seed site: `ingest --check` on `seeds/` and `content/` (what `.ci/run` checks).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{TestDir, copy_tree, jianbao};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The `.md` files of a folder by name.
fn pages(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn every_page_class_gives_its_expected_report_pages() {
    let dir = TestDir::new();
    let seeds = root().join("tests/extraction/pages");
    let out = jianbao(dir.path(), &["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    let written = pages(&dir.path().join("content/reports"));
    assert!(written.len() >= 12, "nine pages, three of them holding two articles: {:?}", written.keys());
    let expected_dir = root().join("tests/extraction/expected");
    if std::env::var_os("JIANBAO_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected_dir);
        fs::create_dir_all(&expected_dir).unwrap();
        for (name, text) in &written {
            fs::write(expected_dir.join(name), text).unwrap();
        }
    }
    let expected = pages(&expected_dir);
    let mut differences = Vec::new();
    for name in expected.keys().chain(written.keys()).collect::<std::collections::BTreeSet<_>>() {
        match (expected.get(name), written.get(name)) {
            (Some(e), Some(w)) if e == w => {}
            (Some(e), Some(w)) => differences.push(format!("{name} differs:\n--- expected\n{e}\n--- written\n{w}")),
            (Some(_), None) => differences.push(format!("{name}: expected, not written")),
            _ => differences.push(format!("{name}: written, not expected")),
        }
    }
    assert!(
        differences.is_empty(),
        "{} page(s) differ from tests/extraction/expected/ (if the change is meant, run \
         `JIANBAO_BLESS=1 cargo test --test it extraction` and commit the diff):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// The shipped site's `content/` is what ingest writes for its `seeds/` (run on a copy: the
/// check writes nothing, but a test never touches the repository's files).
#[test]
fn the_shipped_content_is_what_ingest_writes_for_the_seeds() {
    let dir = TestDir::new();
    for folder in ["seeds", "content"] {
        copy_tree(&root().join(folder), &dir.path().join(folder));
    }
    fs::copy(root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let out = jianbao(dir.path(), &["ingest", "--check"]);
    assert!(
        out.status.success(),
        "content/ is not what ingest writes for seeds/: run `rm -f content/.ingest-hashes && cargo run \
         --release -- ingest`, review and commit the pages:\n{}",
        out.stderr
    );
    // The check can fail: a report page missing is stale, and named.
    let reports = dir.path().join("content/reports");
    let mut names: Vec<PathBuf> = fs::read_dir(&reports).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let page = names.into_iter().find(|p| p.extension().is_some_and(|e| e == "md")).expect("a report page");
    fs::remove_file(&page).unwrap();
    let stale = jianbao(dir.path(), &["ingest", "--check"]);
    assert!(!stale.status.success(), "{}", stale.stderr);
    let name = page.file_name().unwrap().to_string_lossy().into_owned();
    assert!(stale.stderr.contains(&format!("stale: reports/{name}")), "the stale page is named: {}", stale.stderr);
}
