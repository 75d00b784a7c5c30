//! `jianbao build` and `jianbao check` run as a user runs them: a fixture site from
//! `tests/fixtures/` copied into a temporary folder, the built binary started in it, then the
//! files it wrote and the lines it printed are read back.
//!
//! Fixtures: `valid/` (four Chinese reports with counties, people, programs, events and
//! aliases, editorial entity pages, a slug collision, a page no report uses), `script/`
//! (markup in a title, a body and an event), `broken-link/` and `malformed/<case>/`, which
//! are laid over `valid/` to break it in one way each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::harness;
use regex::Regex;

/// A site in a temporary folder.
struct TestSite {
    dir: tempfile::TempDir,
}

/// The files of a built site: path relative to the output folder → bytes.
type Tree = BTreeMap<String, Vec<u8>>;

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    fn fixture(name: &str) -> TestSite {
        let site = TestSite { dir: tempfile::tempdir().unwrap() };
        site.overlay(name);
        site
    }

    /// Copies `tests/fixtures/<name>` over the site.
    fn overlay(&self, name: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no fixture {name}");
        harness::copy_tree(&from, self.dir.path());
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs `jianbao ARGS` in the site folder.
    fn run(&self, args: &[&str]) -> harness::Output {
        harness::jianbao(self.dir.path(), args)
    }

    /// Runs `jianbao ARGS`, which must succeed.
    fn ok(&self, args: &[&str]) -> harness::Output {
        let run = self.run(args);
        assert_eq!(run.status.code(), Some(0), "jianbao {args:?} failed:\n{}", run.stderr);
        run
    }

    /// Every file under `rel` (the output folder).
    fn tree(&self, rel: &str) -> Tree {
        harness::read_tree(&self.path(rel))
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn text(tree: &Tree, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("no {path} in the site")).clone()).unwrap()
}

fn html_files(tree: &Tree) -> impl Iterator<Item = (&String, String)> {
    tree.iter().filter(|(p, _)| p.ends_with(".html")).map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
}

/// `(href, text)` of the `<a>` elements of a page.
fn anchors(html: &str) -> Vec<(String, String)> {
    let re = Regex::new(r#"<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>"#).unwrap();
    re.captures_iter(html).map(|c| (unescape(&c[1]), c[2].to_string())).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Every `href` and `src` of the site checked the way a static web server would serve the
/// folder at `prefix` (`/` or `/sub/`) of `host`: the file must exist, the anchor must be an
/// `id` on it. Returns the failures.
fn unresolved(tree: &Tree, host: &str, prefix: &str) -> Vec<String> {
    let attr = Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    let id = Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let ids: BTreeMap<&String, BTreeSet<String>> =
        html_files(tree).map(|(p, h)| (p, id.captures_iter(&h).map(|c| unescape(&c[1])).collect())).collect();
    let script = Regex::new(r"(?s)<script.*?</script>").unwrap();
    let mut bad = Vec::new();
    for (page, html) in html_files(tree) {
        let html = script.replace_all(&html, "");
        for c in attr.captures_iter(&html) {
            let href = unescape(&c[1]);
            let (target, fragment) = href.split_once('#').map_or((href.as_str(), None), |(t, f)| (t, Some(f)));
            let file = if target.is_empty() {
                page.clone()
            } else {
                let local = target.strip_prefix(host).unwrap_or(target);
                if local.starts_with("http") || local.starts_with("mailto:") {
                    continue;
                }
                let Some(rest) = local.strip_prefix(prefix) else {
                    bad.push(format!("{page}: {href} is not under {prefix}"));
                    continue;
                };
                if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() }
            };
            if !tree.contains_key(&file) {
                bad.push(format!("{page}: {href} → no {file}"));
            } else if let Some(f) = fragment
                && !ids.get(&file).is_some_and(|s| s.contains(f))
            {
                bad.push(format!("{page}: {href} → no id {f} in {file}"));
            }
        }
    }
    bad
}

/// Checks that `xml` is well-formed; returns the text of every `name` element, in order.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}\n{xml}", reader.buffer_position()))
        {
            Event::Start(e) => {
                stack.push(e.name().as_ref().to_string());
                if stack.last().unwrap() == name {
                    found.push(String::new());
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) if stack.last().is_some_and(|s| s == name) => {
                found.last_mut().unwrap().push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().ok().flatten().unwrap_or_else(|| panic!("undefined entity &{};", &*r)),
                };
                if stack.last().is_some_and(|s| s == name) {
                    found.last_mut().unwrap().push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    found
}

/// The names under `key:` of every report of the valid fixture, and the entity pages' names.
fn fixture_names(site: &TestSite, key: &str) -> BTreeSet<String> {
    let list = Regex::new(&format!(r"(?m)^\s*{key}: \[(.*)\]$")).unwrap();
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(site.path("content/reports")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for c in list.captures_iter(&text) {
            names.extend(c[1].split(',').map(|n| n.trim().trim_matches('"').to_string()).filter(|n| !n.is_empty()));
        }
    }
    names
}

#[test]
fn every_page_kind_exists_for_every_entity() {
    let site = TestSite::fixture("valid");
    site.ok(&["build"]);
    let tree = site.tree("public");
    for page in [
        "index.html", "reports/index.html", "counties/index.html", "people/index.html", "programs/index.html",
        "timeline/index.html", "search/index.html", "404.html", "favicon.svg", "style.css", "syntax.css", "robots.txt",
    ] {
        assert!(tree.contains_key(page), "no {page}");
    }
    for entry in std::fs::read_dir(site.path("content/reports")).unwrap() {
        let stem = entry.unwrap().path().file_stem().unwrap().to_string_lossy().to_string();
        assert!(tree.contains_key(&format!("reports/{stem}/index.html")), "no page for report {stem}");
    }
    // Every name a report uses has a page, listed on its kind's index, whose h1 is its name;
    // an alias (东升同志, 我为扶贫攻坚做件事) leads to its entity's page, not a page of its own.
    let aliases = ["东升同志", "我为扶贫攻坚做件事", "金川"];
    for (kind, extra) in [("counties", vec![]), ("people", vec!["王五"]), ("programs", vec![])] {
        let listed: BTreeMap<String, String> = anchors(&text(&tree, &format!("{kind}/index.html")))
            .into_iter()
            .filter(|(href, _)| href.starts_with(&format!("/{kind}/")) && href.len() > kind.len() + 2)
            .map(|(href, name)| (name, href))
            .collect();
        let mut expected = fixture_names(&site, kind);
        expected.retain(|n| !aliases.contains(&n.as_str()));
        expected.extend(extra.into_iter().map(String::from));
        assert_eq!(listed.keys().cloned().collect::<BTreeSet<_>>(), expected, "the {kind} index");
        for (name, href) in listed {
            let page = text(&tree, &format!("{}index.html", &href[1..]));
            assert!(page.contains(&format!("<h1>{name}</h1>")), "{href} is not the page of {name}");
        }
    }
    assert!(tree.contains_key("counties/jinchuan-xian/index.html"), "a pinned slug is the page's URL");
    let person = text(&tree, "people/index.html");
    let zhang = anchors(&person).into_iter().find(|(_, n)| n == "张东升").unwrap().0;
    let page = text(&tree, &format!("{}index.html", &zhang[1..]));
    assert!(page.contains("省人大常委会副主任") && page.contains("东升同志"), "roles and aliases from the entity page");
    assert!(
        page.contains("2015年8月7日") && page.contains("张东升同志到利州区龙池村调研精准扶贫工作"),
        "the event named through the alias is on the page"
    );
}

#[test]
fn pages_show_their_entities_events_and_neighbours() {
    let site = TestSite::fixture("valid");
    site.ok(&["build"]);
    let tree = site.tree("public");
    let report = text(&tree, "reports/jinchuan-zhengxie-diaoyan/index.html");
    // Mentions of the report's own entities become links, aliases too, text unchanged.
    assert!(
        report.contains(r#"深入<a class="mention" href="/counties/jinchuan-xian/">金川</a>各乡镇"#),
        "alias mention linked"
    );
    assert!(report.contains(">屈礼章</a>多次带队"), "person mention linked");
    assert!(
        !report.contains(r#"<a class="mention" href="/people/zhangdongsheng/""#),
        "only the report's own entities are linked"
    );
    assert!(
        report.contains("<table>")
            && report.contains("<del>帮扶措施单一</del>")
            && report.contains("footnote-definition")
    );
    assert!(
        report.contains(r#"<pre class="code" data-lang="yaml"><code><span class="hl-source hl-yaml">"#),
        "code highlighted with classes"
    );
    assert!(report.contains(r#"id="event-2""#) && report.contains("屈礼章带队赴金川县咯尔乡调研产业扶贫"));
    assert!(
        report.contains(r#"href="/reports/jinchuan-huigu/" rel="prev""#)
            && report.contains(r#"href="/reports/lizhou-jingzhun-fupin/" rel="next""#),
        "newer and older"
    );
    // The county page: facts, reports newest first, its slice of the timeline, related entities with counts.
    let county = text(&tree, "counties/jinchuan-xian/index.html");
    assert!(
        county.contains("阿坝藏族羌族自治州") && county.contains("513222") && county.contains("金川县位于四川省西北部")
    );
    let newer = county.find("金川县脱贫攻坚三年回顾").unwrap();
    let older = county.find("金川县政协“我为脱贫攻坚做件事”调研报告").unwrap();
    assert!(newer < older, "reports newest first");
    assert!(
        county.contains(r#"id="y2016""#) && county.contains(r#"id="y2018m12""#) && !county.contains(r#"id="y2015""#),
        "its own slice of the timeline"
    );
    assert!(
        Regex::new(r#"苟华<span class="count"[^>]*>2</span>"#).unwrap().is_match(&county),
        "related person with a count"
    );
    // The timeline: every event by year and month, linked to its report.
    let timeline = text(&tree, "timeline/index.html");
    let years: Vec<&str> = Regex::new(r#"<h2 id="y(\d+)""#)
        .unwrap()
        .captures_iter(&timeline)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(years, ["2015", "2016", "2018"]);
    assert!(timeline.contains("2015年8月7日</time>至<time datetime=\"2015-08-08\">2015年8月8日"), "ranges");
    assert!(timeline.contains(r#"href="/reports/lizhou-jingzhun-fupin/#event-1""#));
    // The home page: what the site holds, the latest reports, entry points.
    let home = text(&tree, "index.html");
    assert!(
        home.contains("<strong>4</strong> 篇报告")
            && home.contains("最新报告")
            && home.contains(r#"href="/timeline/""#)
    );
}

#[test]
fn every_internal_link_and_anchor_resolves_at_the_root_and_under_a_sub_path() {
    let site = TestSite::fixture("valid");
    site.ok(&["build"]);
    let root = site.tree("public");
    assert_eq!(unresolved(&root, "", "/"), Vec::<String>::new());
    site.ok(&["build", "--base-url", "https://example.org/sub/", "--out", "sub"]);
    let sub = site.tree("sub");
    assert_eq!(unresolved(&sub, "https://example.org", "/sub/"), Vec::<String>::new());
    assert_eq!(root.keys().collect::<Vec<_>>(), sub.keys().collect::<Vec<_>>(), "the same pages");
    let report = text(&sub, "reports/lizhou-jingzhun-fupin/index.html");
    assert!(
        report.contains(r#"<a href="/sub/counties/jinchuan-xian/">金川县的做法</a>"#),
        "a root-relative link in a body moves under the sub-path"
    );
    assert!(report.contains(r#"<link rel="canonical" href="https://example.org/sub/reports/lizhou-jingzhun-fupin/">"#));
    // site.yaml's base_url applies when no flag is given.
    site.write("site.yaml", "title: 县域脱贫简报\nbase_url: /archive/\n");
    site.ok(&["build", "--out", "archive"]);
    assert_eq!(unresolved(&site.tree("archive"), "", "/archive/"), Vec::<String>::new());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::fixture("valid");
    site.ok(&["build", "--out", "one"]);
    site.ok(&["build", "--out", "two"]);
    let (one, two) = (site.tree("one"), site.tree("two"));
    assert!(!one.is_empty());
    for (path, bytes) in &one {
        assert!(two.get(path) == Some(bytes), "{path} differs between builds");
    }
    assert_eq!(one.len(), two.len());
}

#[test]
fn malformed_content_fails_naming_file_and_line_and_leaves_public_as_it_was() {
    let cases = [
        ("bad-yaml", "content/reports/bad-yaml.md:5: did not find expected ',' or ']'"),
        ("missing-title", "content/reports/no-title.md:2: missing field `title`"),
        ("bad-date", "content/reports/bad-date.md:3: bad date \"2018-02-30\" in `date`"),
        ("unknown-key", "content/reports/unknown-key.md:4: unknown field `tags`"),
        (
            "pinned-slug",
            "content/people/zhang-wei-b.md:3: slug `zhang-wei` is pinned by both 张伟 (content/people/zhang-wei-a.md) and 章伟 (content/people/zhang-wei-b.md)",
        ),
        (
            "alias-twice",
            "content/counties/jinchuan-xian.md:7: alias `金川` is also claimed by content/counties/jinchuan-2.md",
        ),
    ];
    for (case, expected) in cases {
        let site = TestSite::fixture("valid");
        site.ok(&["build", "--quiet"]);
        let before = site.tree("public");
        site.overlay(&format!("malformed/{case}"));
        for command in [vec!["build", "--quiet"], vec!["check", "--quiet"]] {
            let run = site.run(&command);
            assert_eq!(run.status.code(), Some(1), "{case}: {command:?} must fail:\n{}", run.stderr);
            let errors: Vec<&str> = run.stderr.lines().filter(|l| !l.starts_with("warning: ")).collect();
            assert_eq!(errors.len(), 1, "{case}: one error line:\n{}", run.stderr);
            assert!(errors[0].starts_with(&format!("error: {expected}")), "{case}: {}", errors[0]);
        }
        assert!(site.tree("public") == before, "{case}: public/ changed");
        let leftovers: Vec<String> = std::fs::read_dir(site.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("jianbao"))
            .collect();
        assert!(leftovers.is_empty(), "{case}: {leftovers:?}");
    }
}

#[test]
fn a_broken_internal_link_stops_build_and_check() {
    let site = TestSite::fixture("valid");
    site.overlay("broken-link");
    let run = site.run(&["check"]);
    assert_eq!(run.status.code(), Some(1));
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("error: 2 broken internal link(s); the first: reports/broken-link/index.html: link #nowhere"),
        "{last}"
    );
    assert!(last.contains("(page of content/reports/broken-link.md)"), "{last}");
    assert!(run.stderr.contains("link /people/nobody/ points to no page of the site"), "{}", run.stderr);
    assert_eq!(site.run(&["build"]).status.code(), Some(1));
    assert!(!site.path("public").exists(), "a refused build writes nothing");
    std::fs::remove_file(site.path("content/reports/broken-link.md")).unwrap();
    let run = site.ok(&["check"]);
    assert!(run.stderr.contains("every internal link resolves"), "{}", run.stderr);
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn markup_in_content_renders_as_text_unless_the_report_opts_in() {
    let site = TestSite::fixture("script");
    site.ok(&["build"]);
    let tree = site.tree("public");
    let page = text(&tree, "reports/xss/index.html");
    assert!(page.contains("<h1>关于&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;的说明</h1>"), "title as text");
    assert!(
        page.contains("<title>关于&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;的说明 · "),
        "title element as text"
    );
    assert!(
        page.contains("<p>正文&lt;script&gt;alert(\"正文\")&lt;/script&gt;提到<a class=\"mention\""),
        "inline HTML as text, mentions still linked"
    );
    assert!(page.contains("<p>&lt;script&gt;alert(\"块\")&lt;/script&gt;"), "an HTML block as text");
    assert!(
        page.contains("<p>&lt;img src=\"x\" onerror=\"alert(1)\"&gt;") && !page.contains("<img"),
        "no image element"
    );
    assert!(!page.contains("javascript:"), "script links dropped");
    assert_eq!(page.matches("<script").count(), 1, "only the JSON-LD script element");
    let ld = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap().captures(&page).unwrap()
        [1]
    .to_string();
    assert!(!ld.contains('<'), "JSON-LD cannot close its element: {ld}");
    let json: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(json["@graph"][1]["name"], "事件文字</script><script>alert(\"事件\")</script>");
    for (path, html) in html_files(&tree) {
        assert!(!html.contains("<script>alert") && !html.contains("<b>某县"), "{path} carries markup from content");
    }
    let atom = text(&tree, "atom.xml");
    assert!(
        xml_texts(&atom, "title").contains(&"关于<script>alert(\"标题\")</script>的说明".to_string()),
        "escaped in the feed and read back"
    );
    assert!(
        text(&tree, "reports/raw/index.html").contains("这是<mark>高亮</mark>的文字。"),
        "raw_html: true renders HTML"
    );
}

#[test]
fn sitemap_and_atom_are_well_formed_and_complete() {
    let site = TestSite::fixture("valid");
    site.ok(&["build", "--base-url", "https://example.org/sub/"]);
    let tree = site.tree("public");
    let locs: BTreeSet<String> = xml_texts(&text(&tree, "sitemap.xml"), "loc").into_iter().collect();
    let pages: BTreeSet<String> = tree
        .keys()
        .filter_map(|p| p.strip_suffix("index.html"))
        .map(|p| format!("https://example.org/sub/{p}"))
        .collect();
    assert_eq!(locs, pages, "the sitemap lists every page");
    let atom = text(&tree, "atom.xml");
    let titles = xml_texts(&atom, "title");
    assert_eq!(
        titles[1..],
        [
            "金川县脱贫攻坚三年回顾",
            "金川县政协“我为脱贫攻坚做件事”调研报告",
            "齐心协力 打赢脱贫攻坚战——张东升同志联系指导利州区精准扶贫工作综述",
            "单县特色农业带动增收的调查"
        ],
        "the latest reports, newest first"
    );
    assert_eq!(xml_texts(&atom, "updated")[0], "2019-01-10T00:00:00Z", "from the newest report, not the clock");
    assert!(text(&tree, "robots.txt").contains("Sitemap: https://example.org/sub/sitemap.xml"));
}

#[test]
fn every_page_is_accessible_html_with_valid_json_ld() {
    let site = TestSite::fixture("valid");
    site.ok(&["build"]);
    let ld = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap();
    for (path, html) in html_files(&site.tree("public")) {
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), "{path}: lang");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: exactly one h1");
        for landmark in [
            "<header", "<nav class=\"site-nav\" aria-label=", "<main id=\"main\"", "<footer", "href=\"#main\"",
            "<meta name=\"viewport\"",
        ] {
            assert!(html.contains(landmark), "{path}: no {landmark}");
        }
        let json: serde_json::Value =
            serde_json::from_str(&ld.captures(&html).unwrap_or_else(|| panic!("{path}: no JSON-LD"))[1]).unwrap();
        assert_eq!(json["@context"], "https://schema.org", "{path}");
    }
    let person = site.read("public/people/index.html");
    let zhang = anchors(&person).into_iter().find(|(_, n)| n == "张东升").unwrap().0;
    let page = site.read(&format!("public/{}index.html", &zhang[1..]));
    assert!(
        page.contains(r#""@type":"Person""#) && page.contains(r#""jobTitle":["省人大常委会副主任","党组副书记"]"#),
        "schema.org Person"
    );
    assert!(site.read("public/counties/jinchuan-xian/index.html").contains(r#""@type":"Place""#));
    let report = site.read("public/reports/lizhou-jingzhun-fupin/index.html");
    assert!(
        report.contains(r#""@type":"Report""#)
            && report.contains(r#""@type":"Event""#)
            && report.contains(r#"<meta property="og:type" content="article">"#)
    );
}

#[test]
fn a_site_template_overrides_the_theme_and_its_errors_name_file_line_and_column() {
    let site = TestSite::fixture("valid");
    site.write("templates/search.html", "{% extends \"base.html\" %}\n{% block content %}<h1>站内检索</h1><p>由本站模板提供</p>{% endblock content %}\n");
    site.ok(&["build"]);
    let search = site.read("public/search/index.html");
    assert!(
        search.contains("<p>由本站模板提供</p>") && search.contains("<nav class=\"site-nav\""),
        "the override, inside the theme's base"
    );
    site.write(
        "templates/search.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  <h1>{{ site.nope }}</h1>\n{% endblock content %}\n",
    );
    let before = site.tree("public");
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.status.code(), Some(1));
    let line = run.stderr.lines().find(|l| l.starts_with("error: ")).unwrap();
    assert!(line.starts_with("error: templates/search.html:3:15: Field `nope` is not defined."), "{line}");
    assert!(line.ends_with("(fix the template; rendering /search/)"), "{line}");
    let checked = site.run(&["check", "--quiet"]);
    assert_eq!(checked.status.code(), Some(1), "check renders what build ships, search included");
    assert_eq!(checked.stderr.lines().find(|l| l.starts_with("error: ")), Some(line), "check names it as build does");
    site.write(
        "templates/search.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    let run = site.run(&["build", "--quiet"]);
    let line = run.stderr.lines().find(|l| l.starts_with("error: ")).unwrap();
    assert!(Regex::new(r"^error: templates/search\.html:2:\d+: ").unwrap().is_match(line), "{line}");
    assert!(site.tree("public") == before, "a template error leaves public/ as it was");
}

#[test]
fn a_theme_folder_replaces_the_built_in_theme() {
    let site = TestSite::fixture("valid");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    harness::copy_tree(&shipped, &site.path("themes/plain"));
    std::fs::write(site.path("themes/plain/static/style.css"), "body { color: black; }\n").unwrap();
    site.ok(&["build", "--theme", "plain"]);
    assert_eq!(site.read("public/style.css"), "body { color: black; }\n");
    let run = site.run(&["build", "--theme", "missing"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stderr.contains("theme `missing` not found"), "{}", run.stderr);
}

#[test]
fn progress_and_summary_go_to_stderr_and_quiet_keeps_only_warnings() {
    let site = TestSite::fixture("valid");
    let run = site.ok(&["build"]);
    assert!(
        Regex::new(r"built \d+ pages \(\d+ files\) into public in \d+\.\d\d s").unwrap().is_match(&run.stderr),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: content/people/wang-wu.md: no report names 王五"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: slug `"), "a resolved slug collision is reported:\n{}", run.stderr);
    let quiet = site.ok(&["build", "--quiet"]);
    assert!(quiet.stderr.lines().all(|l| l.starts_with("warning: ")), "{}", quiet.stderr);
}

#[test]
fn large_lists_are_paginated_and_a_large_timeline_is_split_by_year() {
    let site = TestSite::fixture("valid");
    let people = ["赵一", "钱二", "孙三", "李四", "周五", "吴六"];
    for i in 0..130 {
        let year = 2011 + i % 4;
        let events: String = (1..=3)
            .map(|m| format!("  - date: \"{year}-{m:02}-{:02}\"\n    text: 第{i}号事件之{m}\n    counties: [金川县]\n    people: [{}]\n    programs: []\n", 1 + i % 28, people[i % 6]))
            .collect();
        site.write(
            &format!("content/reports/gen-{i:03}.md"),
            &format!("---\ntitle: 生成的报告{i}\ndate: \"{year}-12-{:02}\"\ncounties: [金川县]\npeople: [{}]\nprograms: []\nevents:\n{events}---\n正文{i}。\n", 1 + i % 28, people[i % 6]),
        );
    }
    site.ok(&["build", "--quiet"]);
    let tree = site.tree("public");
    assert!(tree.contains_key("reports/page/2/index.html") && tree.contains_key("reports/page/3/index.html"));
    assert!(!tree.contains_key("reports/page/4/index.html"), "134 reports make three pages of 50");
    let first = text(&tree, "reports/index.html");
    assert!(first.contains(r#"href="/reports/page/2/" rel="next""#));
    for year in 2011..=2014 {
        assert!(tree.contains_key(&format!("timeline/{year}/index.html")), "a page for {year}");
    }
    let index = text(&tree, "timeline/index.html");
    assert!(
        index.contains(r#"href="/timeline/2013/""#) && !index.contains("第1号事件之1"),
        "the index links years, events are on their pages"
    );
    assert!(text(&tree, "timeline/2012/index.html").contains("第1号事件之1"));
    assert_eq!(unresolved(&tree, "", "/"), Vec::<String>::new());
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// The fragments of a built site's search index (one per searched page), by URL.
fn fragments(tree: &Tree) -> BTreeMap<String, serde_json::Value> {
    tree.iter()
        .filter(|(p, _)| p.starts_with("search-index/docs/"))
        .map(|(_, bytes)| {
            let json: serde_json::Value = serde_json::from_slice(&gunzip(bytes)).unwrap();
            (json["url"].as_str().unwrap().to_string(), json)
        })
        .collect()
}

fn bundle(tree: &Tree) -> Tree {
    tree.iter().filter(|(p, _)| p.starts_with("search-index/")).map(|(p, b)| (p.clone(), b.clone())).collect()
}

#[test]
fn search_indexes_report_and_entity_pages_with_kind_county_and_names() {
    let site = TestSite::fixture("valid");
    let run = site.ok(&["build"]);
    let summary = Regex::new(
        r"built \d+ pages \(\d+ files\) into public in \d+\.\d\d s; search: indexed (\d+) pages in \d+\.\d\d s \(\d+\.\d\d s after rendering\), \d+ terms in \d+ shards of [\d.]+ [KM]?B \(largest [\d.]+ [KM]?B\), fragments [\d.]+ [KM]?B",
    )
    .unwrap();
    let indexed: usize = summary.captures(&run.stderr).unwrap_or_else(|| panic!("{}", run.stderr))[1].parse().unwrap();
    let tree = site.tree("public");
    for file in ["client.js", "manifest.json", "filters.bin", "shards/0.bin"] {
        assert!(tree.contains_key(&format!("search-index/{file}")), "no search-index/{file}");
    }
    // Exactly the report and entity pages, by their site paths.
    let pages: BTreeSet<String> = tree
        .keys()
        .filter(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            parts.len() == 3
                && ["reports", "counties", "people", "programs"].contains(&parts[0])
                && parts[1] != "page"
                && parts[2] == "index.html"
        })
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    let fragments = fragments(&tree);
    assert_eq!(fragments.keys().cloned().collect::<BTreeSet<_>>(), pages);
    assert_eq!(indexed, pages.len());

    let county = &fragments["/counties/jinchuan-xian/"];
    assert_eq!(county["title"], "金川县");
    assert_eq!(county["kind"], "县区");
    assert_eq!(county["counties"], serde_json::json!(["金川县"]));
    assert!(county["names"].as_array().unwrap().iter().any(|n| n == "金川县"));
    // A report: kind, year, the counties it names; its text is plain (no Markdown, no HTML).
    let (url, report) = fragments
        .iter()
        .find(|(u, f)| u.starts_with("/reports/") && f["counties"].to_string().contains("金川县"))
        .expect("a report naming 金川县");
    assert_eq!(report["kind"], "报告", "{url}");
    assert!(report["year"].as_u64().is_some(), "{url}");
    let body = report["text"].as_str().unwrap();
    assert!(!body.contains('<') && !body.contains("](") && !body.contains("**"), "plain text in {url}");
    // Lists, timeline, search and 404 are not searched.
    for page in ["/", "/reports/", "/counties/", "/timeline/", "/search/", "/404.html"] {
        assert!(!fragments.contains_key(page), "{page} is indexed");
    }

    // The search page loads the client and names the index, with the base path.
    let search = text(&tree, "search/index.html");
    for needle in [r#"src="/search-index/client.js""#, r#"data-index="/search-index/""#, r#"data-base="/""#] {
        assert!(search.contains(needle), "{needle} not in the search page");
    }
    assert!(search.contains(r#"<label for="search-input">"#) && search.contains(r#"aria-live="polite""#));
    assert!(text(&tree, "index.html").contains(r#"action="/search/""#), "the header search box");
    assert!(!search.contains(r#"id="site-search""#), "no second search box on the search page");

    // Under a sub-path: the page points under it; the index is the same bytes (its URLs are
    // site paths, and the client adds the base path).
    site.ok(&["build", "--base-url", "https://example.org/sub/", "--out", "sub"]);
    let sub = site.tree("sub");
    let search = text(&sub, "search/index.html");
    for needle in [r#"src="/sub/search-index/client.js""#, r#"data-index="/sub/search-index/""#, r#"data-base="/sub/""#]
    {
        assert!(search.contains(needle), "{needle} not in the sub-path search page");
    }
    assert!(text(&sub, "index.html").contains(r#"action="/sub/search/""#));
    assert!(bundle(&sub) == bundle(&tree), "the index does not depend on the base path");
}

#[test]
fn no_search_writes_no_index_and_no_search_box() {
    let site = TestSite::fixture("valid");
    let run = site.ok(&["build", "--no-search"]);
    assert!(!run.stderr.contains("search:"), "{}", run.stderr);
    let tree = site.tree("public");
    assert!(!tree.keys().any(|p| p.starts_with("search-index/")), "an index was written");
    assert!(!site.path("public/search-index").exists());
    let search = text(&tree, "search/index.html");
    assert!(!search.contains("search-index"), "the search page loads no index");
    for (path, html) in html_files(&tree) {
        assert!(!html.contains("site-search") && !html.contains("search-index/"), "{path} still has search markup");
    }
    assert_eq!(unresolved(&tree, "", "/"), Vec::<String>::new());
}

#[test]
fn the_index_of_a_larger_site_is_sharded_and_builds_byte_identical() {
    let site = TestSite::fixture("valid");
    // 1,000 reports of varied text: a deterministic walk through common characters.
    let pool: Vec<char> = "脱贫攻坚扶持产业发展合作社村民委员会干部群众种植养殖技术培训资金项目道路饮水安全住房教育医疗保障就业创业电商旅游生态环境基层党建乡村振兴易地搬迁集体经济收入增长帮扶责任考核验收示范带动"
        .chars()
        .collect();
    let mut state: u64 = 7;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    for i in 0..1000 {
        let body: String = (0..12)
            .map(|_| {
                let sentence: String = (0..(8 + next(20))).map(|_| pool[next(pool.len())]).collect();
                format!("{sentence}。")
            })
            .collect();
        site.write(
            &format!("content/reports/gen-{i:04}.md"),
            &format!("---\ntitle: 生成的报告{i}\ndate: \"2019-0{}-1{}\"\ncounties: []\npeople: []\nprograms: []\n---\n{body}\n", 1 + i % 9, i % 10),
        );
    }
    site.ok(&["build", "--quiet", "--out", "one"]);
    site.ok(&["build", "--quiet", "--out", "two"]);
    let (one, two) = (site.tree("one"), site.tree("two"));
    assert!(bundle(&one) == bundle(&two), "the index differs between two builds");
    let sizes = |dir: &str| -> Vec<usize> {
        one.iter().filter(|(p, _)| p.starts_with(&format!("search-index/{dir}/"))).map(|(_, b)| b.len()).collect()
    };
    let (shards, fragments) = (sizes("shards"), sizes("docs"));
    let total: usize = shards.iter().sum();
    eprintln!(
        "{} pages: index {total} bytes in {} shards; {} fragments, {} bytes",
        fragments.len(),
        shards.len(),
        fragments.len(),
        fragments.iter().sum::<usize>()
    );
    assert!(fragments.len() > 1000);
    assert!(shards.len() >= 4, "one query fetches one shard per term; here there are only {}", shards.len());
    assert!(shards.iter().all(|&c| c * 2 < total), "no shard holds half the index: {shards:?}");
}

#[test]
fn a_theme_file_in_the_index_folder_fails_the_build_and_keeps_the_previous_site() {
    let site = TestSite::fixture("valid");
    site.ok(&["build", "--quiet"]);
    let before = site.tree("public");
    site.write("static/search-index/client.js", "// mine\n");
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("two files would be written to search-index/client.js"), "{}", run.stderr);
    assert!(site.tree("public") == before, "public/ changed");
}
