//! `jianbao serve` as a user runs it: start-up errors, a broken build reported on the
//! terminal and to pages, rebuilds on save (one per burst, none for editor temp files), and
//! Ctrl-C. The fixture's content is broken on purpose, so every build fails the same way
//! whether `site::build` is the stub or the real thing.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use crate::harness;
use crate::harness::{Events, Jianbao, get};

const BROKEN_REPORT: &str = "---\ntitle: [unclosed\ndate: \"2018\n---\n正文\n";

fn broken_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().canonicalize().unwrap().join("content");
    fs::create_dir_all(content.join("reports")).unwrap();
    fs::write(content.join("reports/bad.md"), BROKEN_REPORT).unwrap();
    (dir, content)
}

#[test]
fn a_port_in_use_is_one_line_naming_the_address() {
    let (_dir, content) = broken_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut serve = Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", &port]);
    let status = serve.wait(Duration::from_secs(10)).expect("serve kept running");
    assert_eq!(status.code(), Some(1));
    let stderr = serve.stderr();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_missing_content_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-content-here");
    let mut serve = Jianbao::spawn(&["serve", "--content", missing.to_str().unwrap(), "--port", "0"]);
    let status = serve.wait(Duration::from_secs(10)).expect("serve kept running");
    assert_eq!(status.code(), Some(1));
    let stderr = serve.stderr();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no-content-here"), "{stderr}");
}

#[test]
fn a_broken_build_is_shown_rebuilt_on_save_and_ctrl_c_stops_cleanly() {
    let (_dir, content) = broken_site();
    let mut serve = Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(60));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    // Still serving: the reload script, and an HTML 404 that carries it.
    assert_eq!(get(addr, "/__jianbao/reload.js").status, 200);
    let page = get(addr, "/");
    assert!(page.text().contains("/__jianbao/reload.js"), "{}", page.text());

    // A page that connects now is told the build is broken.
    let events = Events::connect(addr);
    let first = events.next(Duration::from_secs(5)).expect("no error replayed");
    assert_eq!(first["type"], "error");
    assert!(!first["text"].as_str().unwrap().is_empty());

    // An editor's swap file is not a change.
    fs::write(content.join("reports/.bad.md.swp"), "swap").unwrap();
    fs::write(content.join("reports/bad.md~"), "backup").unwrap();
    assert!(events.next(Duration::from_millis(800)).is_none(), "editor temp files caused a rebuild");

    // A burst of saves (back to back, as an editor's "save all" writes them): one rebuild,
    // still broken, reported again.
    for i in 0..3 {
        fs::write(content.join("reports/bad.md"), format!("{BROKEN_REPORT}{i}\n")).unwrap();
        fs::write(content.join(format!("reports/other{i}.md")), BROKEN_REPORT).unwrap();
    }
    let again = events.next(Duration::from_secs(10)).expect("no rebuild after a save");
    assert_eq!(again["type"], "error");
    assert!(events.next(Duration::from_millis(800)).is_none(), "one burst gave more than one rebuild");

    let status = serve.interrupt(Duration::from_secs(10)).expect("serve did not stop on SIGINT with a page connected");
    assert!(status.success(), "exit status {status}");

    let stderr = serve.stderr();
    let errors = stderr.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(errors, 2, "one error per build expected:\n{stderr}");
    let out = stderr
        .lines()
        .find_map(|l| l.split_once(" into ").map(|(_, out)| PathBuf::from(out)))
        .unwrap_or_else(|| panic!("no output folder named:\n{stderr}"));
    assert!(!out.exists(), "{} left behind", out.display());
}

/// The search index of the served site is built in the background after the first page is
/// served, and catches up with an added report after the reload, then with an edit of it in
/// place: the report's own words are found in the shards the client would fetch (and the
/// replaced word no longer is), and only some of the index files are rewritten.
#[test]
fn the_search_index_catches_up_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let content = harness::seed_site(&dir.path().canonicalize().unwrap());
    let mut serve = Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(60));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let docs = || {
        let manifest = serde_json::from_str::<serde_json::Value>(&get(addr, "/search-index/manifest.json").text());
        manifest.ok().and_then(|m| m["docs"].as_u64())
    };
    assert!(harness::poll(Duration::from_secs(60), || docs().is_some()), "no index: {}", serve.stderr());
    let before = docs().unwrap();
    let word = "葡萄干合作社";
    assert!(!finds(addr, word), "{word} is not in the seed site");

    let report = "---\ntitle: 新增的报告\ndate: \"2019-03-01\"\nauthors: []\ncounties: []\npeople: []\nprograms: []\nevents: []\n---\n只在这篇报告里出现的词:葡萄干合作社。\n";
    fs::write(content.join("reports/xinzeng-de-baogao.md"), report).unwrap();
    let indexed = harness::poll(Duration::from_secs(60), || docs() == Some(before + 1) && finds(addr, word));
    assert!(indexed, "the index still has {:?} pages", docs());
    // An edit in place: the kept index replaces that one document.
    fs::write(content.join("reports/xinzeng-de-baogao.md"), report.replace("葡萄干合作社", "核桃加工厂")).unwrap();
    let edited = harness::poll(Duration::from_secs(60), || !finds(addr, word) && finds(addr, "核桃加工厂"));
    assert!(edited, "the index does not show the edit: {}", serve.stderr());
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    let log = serve.stderr();
    let runs: Vec<&str> = log.lines().filter(|l| l.contains("search: indexed")).collect();
    assert!(runs.len() >= 3, "{log}");
    assert!(!runs.last().unwrap().contains("(0 files written"), "{log}");
}

/// Whether every pair of `word` is in the shard the client would fetch for it (what the
/// browser's search does before checking the phrase).
fn finds(addr: std::net::SocketAddr, word: &str) -> bool {
    use std::io::Read as _;
    let Some(manifest) =
        serde_json::from_str::<serde_json::Value>(&get(addr, "/search-index/manifest.json").text()).ok()
    else {
        return false;
    };
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let chars: Vec<char> = word.chars().collect();
    chars.windows(2).all(|pair| {
        let term: String = pair.iter().collect();
        let shard = jianbao::search::tokens::hash(&term) % shards;
        let raw = get(addr, &format!("/search-index/shards/{shard}.bin")).body;
        let mut table = Vec::new();
        flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut table).is_ok()
            && jianbao::search::format::decode_table(&table).is_ok_and(|t| t.iter().any(|(t, _, _)| *t == term))
    })
}

/// `serve` on a generated site of `reports` reports made in `dir`, on a free port.
fn serve_generated(reports: usize, dir: &std::path::Path) -> Jianbao {
    crate::gen_corpus::generate(reports, &dir.join("corpus"));
    let content = dir.canonicalize().unwrap().join("corpus/site/content");
    Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"])
}

/// `serve` prints its URL as soon as its first build can render pages, before it has written
/// them: from then on every page is answered 200 with the bytes the build writes (rendered
/// when asked for, or read from disk), a missing page is a 404 only once the build is done,
/// and the URL of a folder without its slash is redirected, at whatever moment it is asked.
#[test]
fn pages_asked_for_during_the_first_build_are_the_pages_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut serve = serve_generated(300, dir.path());
    let url = serve.wait_for_url(Duration::from_secs(120));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let targets = ["/", "/reports/r000123/", "/reports/", "/people/", "/timeline/", "/style.css", "/reports/r000007/"];
    let early: Vec<_> = targets.iter().map(|t| (t, get(addr, t))).collect();
    let moved = get(addr, "/reports/r000042");
    assert_eq!((moved.status, moved.header("location")), (307, Some("/reports/r000042/")));
    // What is no page waits for the build (longer than a request's timeout on a loaded machine).
    let built = harness::poll(Duration::from_secs(120), || serve.stderr().contains("\nbuilt "));
    assert!(built, "the first build did not end: {}", serve.stderr());
    assert_eq!(get(addr, "/reports/no-such-report/").status, 404);
    assert_eq!(get(addr, "/sitemap.xml").status, 200);
    for (target, first) in early {
        assert_eq!(first.status, 200, "{target} during the first build: {}", first.text());
        assert!(first.body == get(addr, target).body, "{target}: answered during the build unlike the file written");
    }
    let stopped = serve.interrupt(Duration::from_secs(30));
    assert!(stopped.is_some_and(|s| s.success()), "serve did not stop: {}", serve.stderr());
    let log = serve.stderr();
    let (ready, built) = (log.find("answering requests after"), log.find("\nbuilt "));
    assert!(ready.is_some() && built.is_some() && ready < built, "{log}");
}

/// Ctrl-C while the first build is still writing pages: serve stops promptly and cleanly (exit
/// status 0) and leaves nothing in the temp folder: no output folder, no staging folder
/// (`.jianbao-serve-….jianbao-new`), no retired one.
#[test]
fn ctrl_c_during_the_first_build_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut serve = serve_generated(1500, dir.path());
    // The URL is printed as soon as the first build can render pages, before it writes them.
    serve.wait_for_url(Duration::from_secs(120));
    let status = serve.interrupt(Duration::from_secs(30)).expect("serve did not stop on SIGINT");
    let log = serve.stderr();
    assert!(!log.contains("\nbuilt "), "the first build ended before Ctrl-C; make the site bigger:\n{log}");
    assert!(status.success(), "exit status {status}:\n{log}");
    let left: Vec<String> = fs::read_dir(serve.temp_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.contains("jianbao-serve-") || name.ends_with(".jianbao-new") || name.ends_with(".jianbao-old")
        })
        .collect();
    assert!(left.is_empty(), "left in the temp folder: {left:?}\n{log}");
}
