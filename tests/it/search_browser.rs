//! Search in a real browser: sites built with the real binary, served by serve's HTTP stack,
//! and driven through `/search/?q=` in headless Chromium as a reader would (see
//! `harness/chromium.rs`). Every test fails on a miss or on a console error. Recall over many
//! queries runs in one page through the client's own function (`jianbaoSearch.search`), the
//! one the search page calls, to keep the tests fast.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::gen_corpus;
use crate::harness;
use crate::harness::TestServer;
use crate::harness::chromium::{self, Browser};
use serde_json::Value;

const TEN_SECONDS: Duration = Duration::from_secs(10);

/// The seed site: the seeds ingested into a temporary content folder, plus hand-made pages
/// in our own words: a person (尹才金, a name no dictionary knows), a report with a document
/// number and Latin terms, and two reports for phrase truth (金川 and 川县 far apart in one,
/// 金川县 in the other).
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn seed_site_search_in_chromium() {
    let mut browser = chromium::browser("seed_site_search_in_chromium");
    let seed = SeedSite::new();
    let out = seed.root.join("www");
    seed.build(&["--out", out.to_str().unwrap()]);
    let server = TestServer::start(&out);
    let content = &seed.content;

    // The header box on the home page submits to /search/?q=…, which runs the query.
    browser.goto(&server.url("/"));
    browser.type_into("#site-search", "金川").unwrap();
    browser.mark_document();
    browser.press_enter().unwrap();
    browser.wait_for_new_document(TEN_SECONDS).unwrap();
    let path = browser.eval("location.pathname + location.search").unwrap();
    assert_eq!(path.as_str().unwrap(), "/search/?q=%E9%87%91%E5%B7%9D");
    let results = wait_for_results(&mut browser, "金川");
    let county = entity_url(content, "counties", "金川县");
    assert_eq!(results[0].href, county, "the county page comes first: {results:#?}");
    assert_eq!(results[0].kind, "县区");
    assert!(results[0].marked.contains(&"金川".to_string()), "{results:#?}");
    for report in reports_naming(content, "金川县") {
        assert!(results.iter().any(|r| r.href == report && r.kind == "报告"), "{report} missing: {results:#?}");
    }
    let hit = results.iter().find(|r| r.kind == "报告").unwrap();
    assert!(hit.excerpt.contains("金川") && hit.marked.iter().any(|m| m == "金川"), "{hit:#?}");
    // The result count is announced; the filters name kind, county and year.
    let status = text_of(&mut browser, "#search-status");
    assert!(status.contains(&format!("找到 {} 个", results.len())), "{status}");
    assert_eq!(browser.eval("document.getElementById('search-status').getAttribute('aria-live')").unwrap(), "polite");
    browser.click("#search-filter-panel summary").unwrap();
    browser.wait_until("document.querySelectorAll('#search-filters legend').length > 0", TEN_SECONDS).unwrap();
    let legends = browser
        .eval("[...document.querySelectorAll('#search-filters legend, #search-filters label[for]')].map(e => e.textContent)")
        .unwrap();
    assert_eq!(legends, serde_json::json!(["类型", "县区", "年份"]));
    // Keyboard: down from the box to the first result, down again to the second.
    browser.eval("document.getElementById('search-input').focus()").unwrap();
    key(&mut browser, "ArrowDown");
    key(&mut browser, "ArrowDown");
    let focused = browser.eval("document.activeElement.getAttribute('href')").unwrap();
    assert_eq!(focused.as_str().unwrap(), results[1].href);
    // The kind filter keeps only reports.
    browser.click("#search-filters input[value='报告']").unwrap();
    browser
        .wait_until("[...document.querySelectorAll('.search-kind')].every(k => k.textContent === '报告')", TEN_SECONDS)
        .unwrap();
    browser.assert_no_errors("search for 金川");

    // Names typed into the search page's own box; the URL follows the query.
    browser.goto(&server.url("/search/"));
    let three = first_entity(content, "people", |n| n.chars().count() == 3);
    let two = first_entity(content, "people", |n| n.chars().count() == 2);
    let program = first_entity(content, "programs", |n| (3..=6).contains(&n.chars().count()) && n.chars().all(is_han));
    for (name, dir, kind) in [
        (&three, "people", "人物"),
        (&two, "people", "人物"),
        (&program, "programs", "项目"),
        (&"尹才金".to_string(), "people", "人物"),
    ] {
        let results = search_page_query(&mut browser, name);
        let url = entity_url(content, dir, name);
        assert_eq!(results[0].href, url, "{name}: the entity page first: {results:#?}");
        assert_eq!(results[0].kind, kind, "{name}");
        browser.assert_no_errors(name);
    }
    let search = browser.eval("decodeURIComponent(location.search)").unwrap();
    assert_eq!(search.as_str().unwrap(), "?q=尹才金");

    // Phrase truth: 金川 and 川县 far apart do not make 金川县.
    let results = search_page_query(&mut browser, "金川县");
    assert!(!results.iter().any(|r| r.href == "/reports/liang-di-ji-shi/"), "{results:#?}");
    assert!(results.iter().any(|r| r.href == "/reports/jinchuanxian-xiao-ji/"), "{results:#?}");
    let apart = run_search(&mut browser, "金川县", true);
    assert!(!urls(&apart).contains(&"/reports/liang-di-ji-shi/".to_string()), "{apart}");
    let each = run_search(&mut browser, "川县", true);
    assert!(urls(&each).contains(&"/reports/liang-di-ji-shi/".to_string()), "{each}");
    browser.assert_no_errors("phrase truth");

    // What a first query fetches, on a fresh page: the manifest, the filters, the shards of
    // its terms and the fragments of one page of results, not the whole index.
    browser.goto(&server.url("/search/"));
    let first = run_search(&mut browser, "金川", false);
    let fetched = first["fetched"].as_u64().unwrap();
    let index_bytes: u64 =
        walkdir::WalkDir::new(out.join("search-index")).into_iter().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    eprintln!("first query 金川 fetched {fetched} of {index_bytes} bytes of the index");
    assert!(fetched * 2 < index_bytes, "fetched {fetched} of {index_bytes}");
    // Leave the page before its server stops (its live-reload stream would fail to reconnect).
    browser.goto("about:blank");
    browser.assert_no_errors("a first query");
    drop(server);

    // The same site under a sub-path: every result link keeps /sub/.
    let under = seed.root.join("host");
    seed.build(&["--out", under.join("sub").to_str().unwrap(), "--base-url", "/sub/"]);
    let server = TestServer::start(&under);
    browser.goto(&server.url("/sub/search/?q=金川"));
    let results = wait_for_results(&mut browser, "金川");
    assert_eq!(results[0].href, format!("/sub{county}"));
    assert!(results.iter().all(|r| r.href.starts_with("/sub/")), "{results:#?}");
    browser.click_and_wait(".search-link").unwrap();
    let path = browser.eval("location.pathname").unwrap();
    assert_eq!(path.as_str().unwrap(), format!("/sub{county}"));
    browser.assert_no_errors("search under /sub/");
}

/// Recall on the seed site: sampled body words and random substrings of every report's text
/// find the report; and a labelled set of queries (every person, county and program name, each
/// report's title, a phrase of its own from each report, a document number and Latin terms)
/// has its page in the top 3.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn seed_site_recall_and_labelled_queries() {
    let mut browser = chromium::browser("seed_site_recall_and_labelled_queries");
    let seed = SeedSite::new();
    let out = seed.root.join("www");
    seed.build(&["--out", out.to_str().unwrap()]);
    let server = TestServer::start(&out);
    browser.goto(&server.url("/search/"));

    let reports = reports(&seed.content);
    let urls_of_reports: Vec<String> = reports.iter().map(|(_, _, url)| url.clone()).collect();
    let recall = recall(&mut browser, &urls_of_reports, 40);
    browser.assert_no_errors("recall");
    assert!(recall >= 0.99, "recall {recall:.3} on the seed site");

    let mut labelled: Vec<(String, String)> = Vec::new();
    for dir in ["people", "counties", "programs"] {
        labelled.extend(entities(&seed.content, dir));
    }
    let all_texts: Vec<String> =
        harness::read_tree(&seed.content).into_values().map(|b| String::from_utf8(b).unwrap()).collect();
    for (front, body, url) in reports {
        let title = front.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().trim().trim_matches('"');
        labelled.push((title.to_string(), url.clone()));
        if let Some(phrase) = phrase_of_its_own(&all_texts, &body) {
            labelled.push((phrase, url));
        }
    }
    labelled.push(("川府办发〔2019〕27号".into(), "/reports/wen-hao/".into()));
    labelled.push(("GDP".into(), "/reports/wen-hao/".into()));
    labelled.push(("PM2.5".into(), "/reports/wen-hao/".into()));
    assert!(labelled.len() >= 30, "{} labelled queries", labelled.len());
    let mut misses = Vec::new();
    for (query, url) in &labelled {
        let found = run_search(&mut browser, query, false);
        let top: Vec<String> = urls(&found).into_iter().take(3).collect();
        if !top.contains(url) {
            misses.push(format!("{query} → {url}, top 3: {top:?}"));
        }
    }
    eprintln!("labelled: {} of {} with the expected page in the top 3", labelled.len() - misses.len(), labelled.len());
    assert!(misses.is_empty(), "{misses:#?}");
    browser.assert_no_errors("labelled queries");
}

/// Recall on a generated site of 1,000 reports (examples/gen_corpus.rs).
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn generated_site_recall() {
    let mut browser = chromium::browser("generated_site_recall");
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(1000, dir.path());
    let content = dir.path().join("site/content");
    let out = dir.path().join("www");
    let run = harness::jianbao(
        dir.path(),
        &["--quiet", "build", "--content", content.to_str().unwrap(), "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", run.stderr);
    let server = TestServer::start(&out);
    browser.goto(&server.url("/search/"));
    let mut files: Vec<PathBuf> = fs::read_dir(content.join("reports")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    // Every 25th report: 40 reports, 10 queries each.
    let reports: Vec<String> =
        files.iter().step_by(25).map(|f| format!("/reports/{}/", f.file_stem().unwrap().to_string_lossy())).collect();
    let recall = recall(&mut browser, &reports, 10);
    browser.assert_no_errors("recall on the generated site");
    assert!(recall >= 0.99, "recall {recall:.3} on the generated site");
}

/// For each report: its text as the page shows it (`.report-body`), `per` queries sampled from
/// it with a fixed generator, half body words (2–4 Han characters) and half substrings (2–6
/// characters, any, but not cutting a Latin word or a number in two: a reader types whole
/// numbers), each searched with the client, every match checked. Returns the share of
/// queries that found their report.
fn recall(browser: &mut Browser, reports: &[String], per: usize) -> f64 {
    let script = format!(
        r#"(async () => {{
  const reports = {reports};
  let seed = 12345;
  const rand = n => {{ seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; }};
  const han = c => /[\u3400-\u9fff]/u.test(c);
  const word = c => /[\p{{Alphabetic}}\p{{N}}]/u.test(c) && !han(c);
  let asked = 0, found = 0, misses = [];
  for (const url of reports) {{
    const html = await (await fetch(url)).text();
    const page = new DOMParser().parseFromString(html, "text/html");
    const chars = [...page.querySelector(".report-body").textContent.replace(/\s+/g, " ")];
    const queries = [];
    for (let tries = 0; queries.length < {per} && tries < 10000; tries++) {{
      const wordy = queries.length % 2 === 0;
      const len = wordy ? 2 + rand(3) : 2 + rand(5);
      const at = rand(Math.max(1, chars.length - len));
      const piece = chars.slice(at, at + len);
      if (piece.length < len) continue;
      if (wordy && !piece.every(han)) continue;
      if (!piece.some(c => han(c) || word(c))) continue;
      if ((word(piece[0]) && word(chars[at - 1] || "")) || (word(piece[len - 1]) && word(chars[at + len] || ""))) continue;
      queries.push(piece.join(""));
    }}
    for (const q of queries) {{
      asked++;
      const r = await window.jianbaoSearch.search(q, {{ all: true }});
      if (r.results.some(x => x.url === url)) found++; else misses.push(q + " → " + url);
    }}
  }}
  return {{ asked, found, misses: misses.slice(0, 20) }};
}})()"#,
        reports = serde_json::to_string(reports).unwrap(),
    );
    browser.wait_until("!!(window.jianbaoSearch && window.jianbaoSearch.index)", TEN_SECONDS).unwrap();
    let r = browser.eval(&script).unwrap();
    let (asked, found) = (r["asked"].as_f64().unwrap(), r["found"].as_f64().unwrap());
    eprintln!("recall: {found} of {asked} queries found their report; misses: {}", r["misses"]);
    assert!(asked >= (reports.len() * per) as f64 * 0.9, "too few queries sampled: {asked}");
    found / asked
}

fn key(browser: &mut Browser, key: &str) {
    let js = format!(
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{key}', bubbles: true }}))"
    );
    browser.eval(&js).unwrap();
}

fn text_of(browser: &mut Browser, selector: &str) -> String {
    let v = browser.eval(&format!("document.querySelector('{selector}').textContent")).unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// The client's search function on the open page: every match (`all`) or the first page.
fn run_search(browser: &mut Browser, query: &str, all: bool) -> Value {
    browser.wait_until("!!(window.jianbaoSearch && window.jianbaoSearch.index)", TEN_SECONDS).unwrap();
    let q = serde_json::to_string(query).unwrap();
    browser.eval(&format!("window.jianbaoSearch.search({q}, {{ all: {all} }})")).unwrap()
}

fn urls(found: &Value) -> Vec<String> {
    found["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_string()).collect()
}

/// The seeds ingested into a temporary site, with the repository's themes and hand-made pages.
struct SeedSite {
    _dir: tempfile::TempDir,
    root: PathBuf,
    content: PathBuf,
}

const HAND_MADE: &[(&str, &str)] = &[
    ("people/yin-caijin.md", "---\nname: 尹才金\n---\n驻村干部尹才金、，推动产业发展。\n"),
    (
        "reports/wen-hao.md",
        "---\ntitle: 关于山区空气质量的通报\ndate: \"2019-06-03\"\ncounties: []\npeople: []\nprograms: []\n---\n\
         根据川府办发〔2019〕27号文件，本季度全区PM2.5平均浓度下降，GDP同比增长，空气质量持续改善。\n",
    ),
    (
        "reports/liang-di-ji-shi.md",
        "---\ntitle: 两地纪事\ndate: \"2019-05-10\"\ncounties: []\npeople: []\nprograms: []\n---\n\
         老乡们说金川的苹果又大又甜。\n\n后来他们坐车去四川县城赶集，买回了化肥。\n",
    ),
    (
        "reports/jinchuanxian-xiao-ji.md",
        "---\ntitle: 山乡小记\ndate: \"2019-05-11\"\ncounties: []\npeople: []\nprograms: []\n---\n\
         我们到金川县的一个山村，看到梯田里种满了油菜。\n",
    ),
];

impl SeedSite {
    fn new() -> SeedSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let content = harness::seed_site(&root);
        for (path, text) in HAND_MADE {
            fs::write(content.join(path), text).unwrap();
        }
        SeedSite { _dir: dir, root, content }
    }

    fn build(&self, args: &[&str]) {
        let content = self.content.to_str().unwrap();
        let out = harness::jianbao(&self.root, &[&["--quiet", "build", "--content", content], args].concat());
        assert!(out.status.success(), "build failed: {}", out.stderr);
    }
}

#[derive(Debug, serde::Deserialize)]
struct Hit {
    href: String,
    kind: String,
    excerpt: String,
    /// The highlighted pieces of the title and excerpt.
    marked: Vec<String>,
}

const RESULTS_JS: &str = "[...document.querySelectorAll('.search-result')].map(r => ({ \
    href: r.querySelector('.search-link')?.getAttribute('href') ?? '', \
    kind: r.querySelector('.search-kind')?.textContent ?? '', \
    excerpt: r.querySelector('.search-excerpt')?.textContent ?? '', \
    marked: [...r.querySelectorAll('mark')].map(m => m.textContent) }))";

/// The results shown for `term`, once the status line says they are there.
fn wait_for_results(browser: &mut Browser, term: &str) -> Vec<Hit> {
    let term_js = serde_json::to_string(&format!("“{term}”")).unwrap();
    let ready = format!(
        "document.getElementById('search-input').value === {q} \
         && (document.getElementById('search-status')?.textContent ?? '').includes({term_js}) \
         && document.querySelectorAll('.search-result').length > 0",
        q = serde_json::to_string(term).unwrap()
    );
    browser
        .wait_until(&ready, TEN_SECONDS)
        .unwrap_or_else(|e| panic!("no results for {term}: {e}; errors: {:?}", browser.errors()));
    let v = browser.eval(RESULTS_JS).unwrap();
    serde_json::from_value(v).unwrap()
}

/// Types `term` into the search page's box (emptied first) and returns the results.
fn search_page_query(browser: &mut Browser, term: &str) -> Vec<Hit> {
    browser.eval("document.getElementById('search-input').value = ''").unwrap();
    browser.type_into("#search-input", term).unwrap();
    wait_for_results(browser, term)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `name:` of each entity page of `dir`, with its URL, sorted by file name.
fn entities(content: &Path, dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = fs::read_dir(content.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = fs::read_to_string(f).unwrap();
            let name = text.lines().find_map(|l| l.strip_prefix("name: ")).unwrap().trim().to_string();
            (name, format!("/{dir}/{}/", f.file_stem().unwrap().to_string_lossy()))
        })
        .collect()
}

fn entity_url(content: &Path, dir: &str, name: &str) -> String {
    entities(content, dir).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {dir} page {name}")).1
}

fn first_entity(content: &Path, dir: &str, pick: impl Fn(&str) -> bool) -> String {
    entities(content, dir).into_iter().map(|(n, _)| n).find(|n| pick(n)).unwrap_or_else(|| panic!("no such {dir}"))
}

/// Reports (as URLs) whose front matter names `county`.
fn reports_naming(content: &Path, county: &str) -> Vec<String> {
    reports(content)
        .into_iter()
        .filter(|(front, _, _)| front.lines().any(|l| l.starts_with("counties:") && l.contains(county)))
        .map(|(_, _, url)| url)
        .collect()
}

/// (front matter, body, URL) of every report, sorted.
fn reports(content: &Path) -> Vec<(String, String, String)> {
    let mut files: Vec<_> = fs::read_dir(content.join("reports")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = fs::read_to_string(f).unwrap();
            let mut parts = text.splitn(3, "---\n").skip(1);
            let (front, body) = (parts.next().unwrap().to_string(), parts.next().unwrap_or_default().to_string());
            (front, body, format!("/reports/{}/", f.file_stem().unwrap().to_string_lossy()))
        })
        .collect()
}

/// A six-character run of Han characters from `body` that no other content file contains
/// (`all`: the text of every content file): what a reader who remembers a phrase would type.
/// The first such, deterministic.
fn phrase_of_its_own(all: &[String], body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(6)
        .skip(chars.len() / 3)
        .filter(|w| w.iter().all(|&c| is_han(c)))
        .map(|w| w.iter().collect::<String>())
        .find(|p| all.iter().filter(|t| t.contains(p.as_str())).count() == 1)
}
