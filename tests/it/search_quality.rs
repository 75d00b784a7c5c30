//! Search quality on real content: the graded reader queries of `bench/search_queries.tsv`
//! (names, surname + title, counties and short forms, programs, topics, title phrases, two
//! words, years, numbers, other punctuation), each typed into the site's own `/search/?q=`
//! page in headless Chromium, scored by nDCG@10, success@1 (the first result graded 2 or 3)
//! and the number of queries with no result. The site: the seeds, the dev text pages and the
//! saved web pages of ../shared/eval, ingested together with the real binary.
//! `bench/search_quality.sh` runs this test and prints its figures.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::harness::chromium;
use crate::harness::{self, TestServer};

/// One graded query: the text, its class, and (page, grade) judgments.
struct Query {
    text: String,
    class: String,
    grades: Vec<(String, u32)>,
}

fn queries() -> Vec<Query> {
    let tsv = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/search_queries.tsv")).unwrap();
    let mut lines = tsv.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("query\tclass\tjudgments"), "bench/search_queries.tsv: header");
    lines
        .enumerate()
        .map(|(i, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "bench/search_queries.tsv: query {} has {} columns", i + 1, cols.len());
            let grades = cols[2]
                .split(' ')
                .map(|j| {
                    let (page, grade) = j.split_once('=').unwrap_or_else(|| panic!("{}: bad judgment {j}", cols[0]));
                    (page.to_string(), grade.parse().unwrap_or_else(|_| panic!("{}: bad grade {j}", cols[0])))
                })
                .collect();
            Query { text: cols[0].to_string(), class: cols[1].to_string(), grades }
        })
        .collect()
}

/// nDCG@10 of `ranked` (pages, best first) against `grades`, gain 2^grade - 1.
fn ndcg(ranked: &[String], grades: &[(String, u32)]) -> f64 {
    let grade = |page: &str| grades.iter().find(|g| g.0 == page).map_or(0, |g| g.1);
    let dcg = |gs: &mut dyn Iterator<Item = u32>| -> f64 {
        gs.take(10).enumerate().map(|(i, g)| f64::from((1u32 << g) - 1) / ((i + 2) as f64).log2()).sum()
    };
    let mut ideal: Vec<u32> = grades.iter().map(|g| g.1).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&mut ideal.into_iter());
    if best == 0.0 { 0.0 } else { (dcg(&mut ranked.iter().map(|p| grade(p))) / best).max(0.0) }
}

/// The seeds, the dev pages and the saved web pages ingested into `root/content`.
fn eval_site(root: &Path) -> std::path::PathBuf {
    let raw = root.join("raw");
    fs::create_dir_all(&raw).unwrap();
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    assert!(
        eval.join("dev").is_dir(),
        "{} is not present (put the shared corpus beside the repository)",
        eval.display()
    );
    let sets = [(harness::seeds_dir(), "txt"), (eval.join("dev"), "txt"), (eval.join("html-dev"), "html")];
    for (dir, ext) in sets {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                fs::copy(&path, raw.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let content = root.join("content");
    let out = harness::jianbao(
        root,
        &["--quiet", "ingest", "--seeds", raw.to_str().unwrap(), "--content", content.to_str().unwrap()],
    );
    assert!(out.status.success(), "ingest failed: {}", out.stderr);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness::copy_tree(&repo.join("themes"), &root.join("themes"));
    fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    content
}

#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
#[cfg_attr(
    jianbao_no_shared,
    ignore = "needs ../shared (the evaluation corpus) beside the repository; then touch build.rs"
)]
fn search_quality_on_graded_queries() {
    let queries = queries();
    assert!(queries.len() >= 50, "{} graded queries", queries.len());
    let dir = tempfile::tempdir().unwrap();
    let content = eval_site(dir.path());
    let out = dir.path().join("www");
    let built = harness::jianbao(
        dir.path(),
        &["--quiet", "build", "--content", content.to_str().unwrap(), "--out", out.to_str().unwrap()],
    );
    assert!(built.status.success(), "build failed: {}", built.stderr);
    for q in &queries {
        for (page, _) in &q.grades {
            assert!(out.join(page).join("index.html").is_file(), "{}: graded page {page} is not on the site", q.text);
        }
    }
    let server = TestServer::start(&out);
    let mut browser = chromium::browser("search_quality_on_graded_queries");
    let (mut total, mut first, mut empty) = (0.0, 0, 0);
    for q in &queries {
        let ranked = results_of(&mut browser, &server, &q.text);
        let score = ndcg(&ranked, &q.grades);
        let top = ranked.first().map_or(0, |p| q.grades.iter().find(|g| &g.0 == p).map_or(0, |g| g.1));
        total += score;
        first += usize::from(top >= 2);
        empty += usize::from(ranked.is_empty());
        eprintln!(
            "quality query {:<16} {:<14} nDCG {score:.2} top {}",
            q.text,
            q.class,
            ranked.first().map_or("(nothing)", String::as_str)
        );
    }
    // A near match is shown as one, below nothing exact; the exact title is not marked.
    let fengqing = "reports/fengqingxian-zhao-wenti-zhao-duice-tuopin-gongjian-zai-fa-li";
    assert_eq!(results_of(&mut browser, &server, "找问题找对策").first().map(String::as_str), Some(fengqing));
    let note = browser.eval("document.querySelector('.search-result')?.className + ' ' + (document.querySelector('.search-partial-note')?.textContent ?? '')");
    assert_eq!(note.unwrap().as_str(), Some("search-result search-partial 部分匹配"));
    assert_eq!(results_of(&mut browser, &server, "找问题、找对策").first().map(String::as_str), Some(fengqing));
    let exact_first = browser.eval("document.querySelector('.search-result').classList.contains('search-partial')");
    assert_eq!(exact_first.unwrap(), false, "the exact match is not marked partial");
    // A year however it is typed.
    let years: Vec<Vec<String>> =
        ["2016", "2016年", "二〇一六年"].iter().map(|q| results_of(&mut browser, &server, q)).collect();
    assert!(years[0].len() >= 3 && years[0] == years[1] && years[1] == years[2], "{years:#?}");
    browser.goto("about:blank");
    browser.assert_no_errors("graded queries");
    let n = queries.len() as f64;
    let (ndcg, success) = (total / n, first as f64 / n);
    eprintln!("quality: {} queries, nDCG@10 {ndcg:.3}, success@1 {success:.3}, no result {empty}", queries.len());
    assert!(ndcg >= 0.95, "nDCG@10 {ndcg:.3}");
    assert!(success >= 0.95, "success@1 {success:.3}");
    assert!(empty <= 1, "{empty} queries with no result");
}

/// The pages the search page lists for `query` (site paths without slashes), best first.
fn results_of(browser: &mut chromium::Browser, server: &TestServer, query: &str) -> Vec<String> {
    let encoded: String = query.bytes().map(|b| format!("%{b:02X}")).collect();
    browser.goto(&server.url(&format!("/search/?q={encoded}")));
    let q = serde_json::to_string(query.trim()).unwrap();
    let said = serde_json::to_string(&format!("“{}”", query.trim())).unwrap();
    let done = format!(
        "document.getElementById('search-input')?.value === {q} \
         && (document.getElementById('search-status')?.textContent ?? '').includes({said})"
    );
    browser
        .wait_until(&done, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{query}: the search page did not answer: {e}; errors: {:?}", browser.errors()));
    let hrefs =
        browser.eval("[...document.querySelectorAll('.search-link')].map(a => a.getAttribute('href'))").unwrap();
    hrefs.as_array().unwrap().iter().map(|h| h.as_str().unwrap().trim_matches('/').to_string()).collect()
}

#[test]
fn ndcg_rewards_the_graded_order() {
    let grades = vec![("a".to_string(), 3), ("b".to_string(), 1)];
    let page = |s: &str| s.to_string();
    assert!((ndcg(&[page("a"), page("b")], &grades) - 1.0).abs() < 1e-9);
    assert!(ndcg(&[page("b"), page("a")], &grades) < 0.9);
    assert_eq!(ndcg(&[], &grades), 0.0);
    assert_eq!(ndcg(&[page("x")], &grades), 0.0);
}
