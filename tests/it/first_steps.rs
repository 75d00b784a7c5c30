//! What a new user trips over in a first hour (issue 20, items 10 and 11), replayed with the
//! real binary in temporary folders: `build` run where there is no site, a site without
//! `base_url`, a `site.yaml` or front matter with a YAML syntax error, and a small site whose
//! report states its events out of date order and whose entities have reports in one year.

use crate::harness::{TestDir, jianbao};

/// A report naming 金川县, whose text states its events out of date order (two of them on
/// one day, which keep the text's order).
const REPORT: &str = r#"---
title: 金川县脱贫攻坚回顾
date: "2019-03-01"
source: 金川县政府
authors: []
counties: [金川县]
people: []
programs: []
events:
  - date: "2018-12"
    text: 全县脱贫摘帽
    counties: [金川县]
    people: []
    programs: []
  - date: "2016-05-10"
    text: 启动易地扶贫搬迁
    counties: [金川县]
    people: []
    programs: []
  - date: "2017"
    text: 第一批贫困村退出
    counties: []
    people: []
    programs: []
  - date: "2016-05-10"
    text: 召开动员大会
    counties: []
    people: []
    programs: []
---
金川县回顾脱贫攻坚的历程。
"#;

/// A report of the same year naming another county only.
const OTHER: &str = "---\ntitle: 马尔康市调研\ndate: \"2019-06-01\"\nsource: 马尔康市政府\nauthors: []\ncounties: [马尔康市]\npeople: []\nprograms: []\nevents: []\n---\n调研。\n";

fn small_site() -> TestDir {
    let dir = TestDir::new();
    dir.write("site.yaml", b"title: \xe7\xae\x80\xe6\x8a\xa5\nbase_url: https://example.org/\n");
    dir.write("content/reports/huigu.md", REPORT.as_bytes());
    dir.write("content/reports/diaoyan.md", OTHER.as_bytes());
    dir
}

fn read(dir: &TestDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_reports_events_are_listed_by_date_and_keep_their_anchors() {
    let dir = small_site();
    let out = jianbao(dir.path(), &["build", "--no-search"]);
    assert!(out.status.success(), "{}", out.stderr);
    let page = read(&dir, "public/reports/huigu/index.html");
    let section = &page[page.find("id=\"section-events\"").expect("大事记")..];
    let texts: Vec<usize> = ["启动易地扶贫搬迁", "召开动员大会", "第一批贫困村退出", "全县脱贫摘帽"]
        .iter()
        .map(|t| section.find(t).unwrap())
        .collect();
    assert!(texts.windows(2).all(|w| w[0] < w[1]), "events not by date (equal dates in text order): {section}");
    // Links from the timeline keep pointing at the same event: anchors follow the text's order.
    let first = &section[..texts[0]];
    assert!(first.rfind("id=\"event-2\"") > first.rfind("id=\"event-1\""), "{section}");
}

#[test]
fn one_year_of_reports_draws_no_chart_and_two_do() {
    let dir = small_site();
    let out = jianbao(dir.path(), &["build", "--no-search"]);
    assert!(out.status.success(), "{}", out.stderr);
    // 马尔康市: one report in 2019, nothing else: one bar would compare nothing.
    let one = read(&dir, "public/counties/maerkang-shi/index.html");
    assert!(!one.contains("<svg class=\"chart\"") && !one.contains("最多的是"), "{one}");
    // 金川县: a report in 2019, events in 2016 and 2018: a chart, every bar with its year.
    let three = read(&dir, "public/counties/jinchuan-xian/index.html");
    let svg = &three[three.find("<svg class=\"chart\"").expect("a chart")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    for year in ["2016", "2018", "2019"] {
        assert!(svg.contains(&format!(">{year}</text>")), "{year} unlabelled: {svg}");
    }
    assert!(!svg.contains(">2017</text>"), "a year without a bar is not labelled: {svg}");
    // The home page counts the site: 2016 to 2019, the busiest year (2016) labelled.
    let home = read(&dir, "public/index.html");
    let svg = &home[home.find("<svg class=\"chart\"").expect("a chart")..];
    for year in ["2016", "2017", "2018", "2019"] {
        assert!(svg[..svg.find("</svg>").unwrap()].contains(&format!(">{year}</text>")), "{year}: {svg}");
    }
}

#[test]
fn outside_a_site_build_and_ingest_say_there_is_no_site_here() {
    let dir = TestDir::new();
    for command in [&["build"][..], &["check"], &["ingest"], &["serve", "--port", "0"]] {
        let out = jianbao(dir.path(), command);
        assert_eq!(out.status.code(), Some(1), "{command:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{command:?}: one line:\n{}", out.stderr);
        let line = out.stderr.trim_end();
        assert!(
            line.starts_with("error: ") && line.contains(": no site here: no site.yaml and no content folder"),
            "{line}"
        );
        assert!(line.contains("cd into your site's folder") && line.contains("`jianbao init`"), "{line}");
        assert!(!line.contains("ingest` first"), "{command:?}: advice that fails too: {line}");
    }
    // A site that has not been ingested yet gets the advice that works there.
    dir.write("site.yaml", b"title: t\n");
    let out = jianbao(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.contains("run `jianbao ingest` first"), "{}", out.stderr);
    // What the advice says works: `jianbao init` makes a site here.
    let fresh = TestDir::new();
    assert!(jianbao(fresh.path(), &["init"]).status.success());
    assert!(jianbao(fresh.path(), &["ingest", "--quiet"]).status.success());
}

#[test]
fn a_build_without_base_url_warns_once_naming_site_yaml() {
    let dir = small_site();
    let out = jianbao(dir.path(), &["build", "--no-search", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(!out.stderr.contains("base_url"), "a base URL with a host: no warning\n{}", out.stderr);
    dir.write("site.yaml", "title: 简报\n".as_bytes());
    let out = jianbao(dir.path(), &["build", "--no-search", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    let warnings: Vec<&str> = out.stderr.lines().filter(|l| l.contains("base_url")).collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr);
    assert!(warnings[0].starts_with("warning: site.yaml: no base_url with a host"), "{}", warnings[0]);
    assert!(warnings[0].contains("sitemap.xml") && warnings[0].contains("--base-url"), "{}", warnings[0]);
    let sitemap = read(&dir, "public/sitemap.xml");
    assert!(sitemap.contains("<loc>/"), "what the warning is about: {sitemap}");
    // The flag gives the host: no warning.
    let out = jianbao(dir.path(), &["build", "--no-search", "--quiet", "--base-url", "https://example.org/sub/"]);
    assert!(out.status.success() && !out.stderr.contains("base_url"), "{}", out.stderr);
}

#[test]
fn yaml_slips_say_what_to_write() {
    let dir = small_site();
    // A colon in an unquoted title of site.yaml.
    dir.write("site.yaml", "title: 简报: 2019年\n".as_bytes());
    let out = jianbao(dir.path(), &["build", "--no-search"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        out.stderr,
        "error: site.yaml:1: mapping values are not allowed in this context (a colon followed by a space ends a key \
         in YAML: put the value in quotes, `title: \"简报: 2019年\"`)\n"
    );
    // A `#` at the start of a report's title: YAML reads a comment, and the title is empty.
    dir.write("site.yaml", b"base_url: https://example.org/\n");
    dir.write("content/reports/diaoyan.md", OTHER.replace("title: 马尔康市调研", "title: #2 马尔康市调研").as_bytes());
    let out = jianbao(dir.path(), &["build", "--no-search"]);
    assert_eq!(out.status.code(), Some(1));
    let line = out.stderr.trim_end();
    assert!(line.starts_with("error: content/reports/diaoyan.md:2: empty title"), "{line}");
    assert!(
        line.ends_with("(`#` starts a comment in YAML: put the value in quotes, `title: \"#2 马尔康市调研\"`)"),
        "{line}"
    );
}
