//! `jianbao ingest` as an editor uses it: seeds in, content/ out, edits kept, bad files
//! skipped with a warning.

mod common;

use std::fs;
use std::path::Path;

use common::{TestDir, jianbao, seeds_dir};

fn reports(content: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(content.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn seeds_become_report_and_entity_pages() {
    let dir = TestDir::new();
    let out = jianbao(dir.path(), &["ingest", "--seeds", seeds_dir().to_str().unwrap(), "--content", "content"]);
    assert!(out.status.success(), "{}", out.stderr);
    let pages = reports(&dir.path().join("content"));
    assert_eq!(pages.len(), 6, "five seeds, one of them a bulletin of two articles");
    let bulletin: Vec<_> = pages.iter().filter(|(_, t)| t.contains("seed: 003_c51156a49d3c15f2.txt")).collect();
    assert_eq!(bulletin.len(), 2);
    assert!(
        bulletin.iter().any(|(_, t)| t.contains("part: 1\n")) && bulletin.iter().any(|(_, t)| t.contains("part: 2\n"))
    );
    for kind in ["counties", "people", "programs"] {
        let n = fs::read_dir(dir.path().join("content").join(kind)).unwrap().count();
        assert!(n > 0, "no {kind} pages");
    }
    assert!(out.stderr.contains("ingest: 5 seed(s) → 6 report page(s)"), "{}", out.stderr);
}

#[test]
fn ingest_is_deterministic_and_idempotent() {
    let dir = TestDir::new();
    let seeds = seeds_dir();
    let args = ["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "a"];
    assert!(jianbao(dir.path(), &args).status.success());
    let again = jianbao(dir.path(), &args);
    assert!(again.stderr.contains("(0 written, 6 unchanged"), "{}", again.stderr);
    assert!(
        jianbao(dir.path(), &["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "b", "--quiet"])
            .status
            .success()
    );
    assert_eq!(reports(&dir.path().join("a")), reports(&dir.path().join("b")));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = TestDir::new();
    let out = jianbao(dir.path(), &["ingest", "--seeds", seeds_dir().to_str().unwrap(), "--content", "c", "--quiet"]);
    assert!(out.status.success());
    assert_eq!(out.stderr, "");
}

#[test]
fn gbk_and_utf16_copies_give_the_same_pages() {
    let dir = TestDir::new();
    let text = fs::read_to_string(seeds_dir().join("004_f86faae1e616e59f.txt")).unwrap();
    dir.write("utf8/004_f86faae1e616e59f.txt", text.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    dir.write("gbk/004_f86faae1e616e59f.txt", &gbk);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    dir.write("utf16/004_f86faae1e616e59f.txt", &utf16);
    for enc in ["utf8", "gbk", "utf16"] {
        let out = jianbao(dir.path(), &["ingest", "--seeds", enc, "--content", &format!("out-{enc}")]);
        assert!(out.status.success(), "{enc}: {}", out.stderr);
    }
    let utf8 = reports(&dir.path().join("out-utf8"));
    assert_eq!(utf8, reports(&dir.path().join("out-gbk")));
    assert_eq!(utf8, reports(&dir.path().join("out-utf16")));
}

#[test]
fn html_in_a_seed_is_written_as_text() {
    let dir = TestDir::new();
    dir.write(
        "seeds/x.txt",
        "某县<script>alert(1)</script>扶贫纪实\n来源:某县政协 日期:2018-12-05\n村民在<b>合作社</b>里劳动,收入明显增加,这是<script>alert(2)</script>一段足够长的正文内容。\n".as_bytes(),
    );
    assert!(jianbao(dir.path(), &["ingest", "--seeds", "seeds", "--content", "content"]).status.success());
    let (_, page) = &reports(&dir.path().join("content"))[0];
    assert!(page.contains("\\<script\\>alert(2)\\</script\\>"), "{page}");
    assert!(!page.contains("<script>alert(2)"), "{page}");
    assert!(page.contains("title: \"某县<script>alert(1)</script>扶贫纪实\"\n"), "front matter keeps the text: {page}");
}

#[test]
fn empty_and_binary_files_are_skipped_with_a_warning() {
    let dir = TestDir::new();
    let good = fs::read(seeds_dir().join("004_f86faae1e616e59f.txt")).unwrap();
    dir.write("seeds/a-empty.txt", b"");
    dir.write(
        "seeds/b-image.png",
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3],
    );
    dir.write("seeds/c-good.txt", &good);
    let out = jianbao(dir.path(), &["ingest", "--seeds", "seeds", "--content", "content"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stderr.contains("warning: seeds/a-empty.txt: skipped: empty file"), "{}", out.stderr);
    assert!(out.stderr.contains("warning: seeds/b-image.png: skipped: binary file"), "{}", out.stderr);
    assert_eq!(reports(&dir.path().join("content")).len(), 1);
}

#[test]
fn edited_pages_and_entity_pages_survive_reingest() {
    let dir = TestDir::new();
    let seeds = seeds_dir();
    let args = ["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content"];
    assert!(jianbao(dir.path(), &args).status.success());
    let content = dir.path().join("content");
    let (name, text) = reports(&content).into_iter().find(|(_, t)| t.contains("seed: 004_")).unwrap();
    let edited =
        text.replacen("---\n", "---\nedited: true\n", 1).replace("title: \"凤庆县:", "title: \"编辑改过的凤庆县:");
    fs::write(content.join("reports").join(&name), &edited).unwrap();
    let person = fs::read_dir(content.join("people")).unwrap().next().unwrap().unwrap().path();
    let person_text = fs::read_to_string(&person).unwrap() + "编辑写的人物介绍。\n";
    fs::write(&person, &person_text).unwrap();

    let out = jianbao(dir.path(), &args);
    assert!(out.status.success());
    assert!(out.stderr.contains(&format!("kept reports/{name} (edited: true)")), "{}", out.stderr);
    assert_eq!(fs::read_to_string(content.join("reports").join(&name)).unwrap(), edited);
    assert_eq!(fs::read_to_string(&person).unwrap(), person_text);
    let check = jianbao(dir.path(), &["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content", "--check"]);
    assert!(check.status.success(), "an edited page is never stale: {}", check.stderr);
}

#[test]
fn check_reports_stale_pages_and_writes_nothing() {
    let dir = TestDir::new();
    let seeds = seeds_dir();
    let check = ["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content", "--check"];
    let out = jianbao(dir.path(), &check);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("content").exists(), "--check must not write");
    assert!(
        jianbao(dir.path(), &["ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content"]).status.success()
    );
    assert!(jianbao(dir.path(), &check).status.success());
    let (name, text) = reports(&dir.path().join("content")).remove(0);
    fs::write(dir.path().join("content/reports").join(&name), text.replace("---\n", "---\n\n")).unwrap();
    let out = jianbao(dir.path(), &check);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.contains(&format!("stale: reports/{name}")), "{}", out.stderr);
}

#[test]
fn missing_seeds_folder_is_a_one_line_error() {
    let dir = TestDir::new();
    let out = jianbao(dir.path(), &["ingest", "--seeds", "nope", "--content", "content"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stderr, "error: nope: seeds folder not found (pass --seeds DIR)\n");
}

/// The extraction bars of the ingest issue, scored by the shared scorer when it is present.
#[test]
fn seeds_meet_the_extraction_bars() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    if !eval.join("score.py").exists() {
        eprintln!("skipped: ../shared/eval is not present");
        return;
    }
    let dir = TestDir::new();
    let out =
        jianbao(dir.path(), &["ingest", "--seeds", seeds_dir().to_str().unwrap(), "--content", "content", "--quiet"]);
    assert!(out.status.success());
    let score = std::process::Command::new("python3")
        .arg(eval.join("score.py"))
        .args([
            "--content",
            dir.path().join("content").to_str().unwrap(),
            "--gold",
            eval.join("gold").to_str().unwrap(),
        ])
        .args(["--min", "people=0.95", "--min", "counties=0.95", "--min", "programs=0.85"])
        .args(["--min", "dates=0.90", "--min", "meta=0.90", "--min", "split=1.0"])
        .output()
        .expect("python3 runs the scorer");
    let stdout = String::from_utf8_lossy(&score.stdout);
    assert!(score.status.success(), "{stdout}{}", String::from_utf8_lossy(&score.stderr));
}

/// Issue 10, item 3: people on the dev set (real pages from other provinces, read from
/// ../shared/eval/dev, never copied into the repository) score at least 0.90.
#[test]
fn dev_set_people_bar() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev");
    let score_py = dev.join("../score.py");
    if !score_py.exists() || !dev.join("gold").is_dir() {
        eprintln!("skipped: ../shared/eval/dev is not present");
        return;
    }
    let dir = TestDir::new();
    for entry in fs::read_dir(&dev).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            dir.write(&format!("seeds/{}", path.file_name().unwrap().to_string_lossy()), &fs::read(&path).unwrap());
        }
    }
    let out = jianbao(dir.path(), &["ingest", "--seeds", "seeds", "--content", "content", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    let score = std::process::Command::new("python3")
        .arg(&score_py)
        .args(["--content", dir.path().join("content").to_str().unwrap(), "--gold", dev.join("gold").to_str().unwrap()])
        .args(["--min", "people=0.90"])
        .output()
        .expect("python3 runs the scorer");
    let stdout = String::from_utf8_lossy(&score.stdout);
    assert!(score.status.success(), "{stdout}{}", String::from_utf8_lossy(&score.stderr));
}
