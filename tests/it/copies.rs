//! Reprints end to end (issue 21): seeds that are printings of one report, in the shapes
//! found on real sites (`tests/SOURCES.md`, "Reprints"), become one report page listing the
//! others; the traps stay apart; the site and its open data count each report once. All text
//! is invented: sentences drawn from phrase pools with a fixed seed, real county names.

use std::path::Path;
use std::time::Duration;

use crate::harness::{self, TestDir};

/// Invented report text: `n` paragraphs, the same for the same `salt`; names a county and a
/// person, and figures.
fn paragraphs(salt: u64, county: &str, person: &str, n: usize) -> Vec<String> {
    const SUBJECTS: &[&str] = &["全县", "各乡镇", "驻村工作队", "帮扶单位", "村两委", "合作社", "县直部门", "党员干部"];
    const ACTS: &[&str] = &[
        "深入农户家中宣讲政策", "修缮通村道路和饮水设施", "组织劳务输出和技能培训", "发展中药材和高山蔬菜种植",
        "落实教育资助和医疗救助", "开展防返贫动态监测", "培育村集体经济项目", "推进易地搬迁后续扶持",
    ];
    const ENDS: &[&str] = &["群众满意度明显提升", "贫困户收入稳步增加", "村容村貌焕然一新", "产业基础不断夯实"];
    let mut state = salt.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut pick = |len: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % len as u64) as usize
    };
    (0..n)
        .map(|i| {
            let mut p = String::new();
            for _ in 0..3 {
                let figure = 10 + pick(900);
                p.push_str(&format!(
                    "{}{}，共计{figure}户次，{}。",
                    SUBJECTS[pick(SUBJECTS.len())],
                    ACTS[pick(ACTS.len())],
                    ENDS[pick(ENDS.len())]
                ));
            }
            if i == 0 {
                p = format!("{county}{p}{person}在调研时强调，要把各项措施落到实处。");
            }
            p
        })
        .collect()
}

/// A text seed: furniture, headline, info line, paragraphs, footer.
fn text_seed(title: &str, date: &str, source: &str, body: &[String]) -> String {
    let mut s = format!(
        "您现在的位置：首页 > 工作动态\n{title}\n发布时间：{date} 来源：{source} 点击数：12\n【字体：大 中 小】【打印】\n"
    );
    for p in body {
        s.push_str(&format!("  {p}\n"));
    }
    s.push_str("分享到\n相关新闻\n版权所有 某县人民政府\n");
    s
}

/// A saved web page of another outlet: its own menu, tags and canonical address.
fn html_seed(title: &str, date: &str, source: &str, url: &str, body: &[String]) -> String {
    let paragraphs: String = body.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 10:00"><meta name="ContentSource" content="{source}"><title>{title}_州人民政府</title>
<link rel="canonical" href="{url}"></head><body><div class="nav"><a href="/">首页</a> <a href="/xw/">新闻</a></div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：{date} 来源：{source}</div><div class="TRS_Editor">
{paragraphs}</div></div><div class="footer">版权所有 州人民政府 蜀ICP备00000000号</div></body></html>
"#
    )
}

/// Five printed reports, in the shapes of `tests/SOURCES.md`'s reprints, and two traps.
fn write_seeds(dir: &TestDir) {
    // 1. A newspaper's story and a portal's copy naming it as 来源 (saved page, a day later).
    let a = paragraphs(1, "金川县", "王建华", 6);
    dir.write("seeds/a1.txt", text_seed("金川县扎实推进产业帮扶", "2020-08-24", "阿坝日报", &a).as_bytes());
    let page = html_seed(
        "金川县扎实推进产业帮扶",
        "2020-08-25",
        "阿坝日报",
        "http://www.example.gov.cn/xw/2020/0825/1.html",
        &a,
    );
    dir.write("seeds/a2.html", page.as_bytes());
    // 2. A provincial paper and a news site's copy with its own kicker, saved in GBK.
    let b = paragraphs(2, "黑水县", "李秀英", 5);
    dir.write("seeds/b1.txt", text_seed("黑水县驻村工作队帮民增收", "2020-10-12", "省日报", &b).as_bytes());
    let mut b2 = b.clone();
    b2[0] = format!("省新闻网10月13日讯 据省日报报道，{}", b2[0]);
    let gbk =
        encoding_rs::GBK.encode(&text_seed("黑水县驻村工作队帮民增收", "2020-10-13", "省新闻网", &b2)).0.into_owned();
    dir.write("seeds/b2.txt", &gbk);
    // 3. A wire story and a mirror that dropped its last paragraph.
    let c = paragraphs(3, "壤塘县", "张国强", 7);
    dir.write("seeds/c1.txt", text_seed("壤塘县全部贫困村退出", "2020-11-21", "新华社", &c).as_bytes());
    dir.write("seeds/c2.txt", text_seed("壤塘县全部贫困村退出", "2020-11-22", "某某网", &c[..6]).as_bytes());
    // 4. A farmers' paper and a reprint with 转载 in its headline, an earlier date and a
    // shortened title (the reprint marks it, so the paper holds the page).
    let d = paragraphs(4, "红原县", "陈海燕", 6);
    dir.write("seeds/d1.txt", text_seed("他们做扶贫路上贴心人", "2019-02-22", "农民日报", &d).as_bytes());
    dir.write("seeds/d2.txt", text_seed("转载：扶贫路上贴心人", "2019-02-20", "转载自农民日报", &d).as_bytes());
    // 5. A radio summary printed by three sites, one without its first paragraph.
    let mut e = paragraphs(5, "若尔盖县", "刘志明", 6);
    e[1] = format!("3月4日，若尔盖县召开脱贫摘帽新闻发布会。{}", e[1]);
    dir.write("seeds/e1.txt", text_seed("若尔盖县脱贫摘帽", "2020-03-05", "中国之声", &e).as_bytes());
    dir.write("seeds/e2.txt", text_seed("若尔盖县脱贫摘帽", "2020-03-06", "农业网", &e).as_bytes());
    dir.write("seeds/e3.txt", text_seed("若尔盖县脱贫摘帽", "2020-03-07", "乡村网", &e[1..]).as_bytes());
    // Traps: report 1's template with another county, person and figures; a report quoting
    // one paragraph of report 3.
    let t = paragraphs(1, "小金县", "赵丽华", 6)
        .into_iter()
        .map(|p| {
            let other_figures =
                p.chars().map(|c| c.to_digit(10).map_or(c, |d| char::from(b'0' + ((d + 3) % 10) as u8)));
            other_figures.collect::<String>().replace("户次", "人次")
        })
        .collect::<Vec<_>>();
    dir.write("seeds/t1.txt", text_seed("小金县扎实推进产业帮扶", "2020-08-24", "小金县融媒体中心", &t).as_bytes());
    let mut q = paragraphs(9, "理县", "孙德福", 5);
    q.insert(2, format!("正如有关报道所说：“{}”", c[3]));
    dir.write("seeds/t2.txt", text_seed("理县召开巩固脱贫成果推进会", "2020-12-01", "理县人民政府", &q).as_bytes());
}

fn reports(content: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(content.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    pages.sort();
    pages
}

fn seed_of(page: &str) -> &str {
    page.lines().find_map(|l| l.strip_prefix("seed: ")).unwrap()
}

#[test]
fn printings_of_one_report_become_one_page_and_the_traps_stay_apart() {
    let dir = TestDir::new();
    write_seeds(&dir);
    let out = harness::jianbao(dir.path(), &["ingest"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stderr.contains("6 printing(s) folded in as copies"), "{}", out.stderr);
    let pages = reports(&dir.path().join("content"));
    let mut holders: Vec<&str> = pages.iter().map(|(_, p)| seed_of(p)).collect();
    holders.sort();
    assert_eq!(holders, ["a1.txt", "b1.txt", "c1.txt", "d1.txt", "e1.txt", "t1.txt", "t2.txt"]);
    let page = |seed: &str| pages.iter().map(|(_, p)| p.as_str()).find(|p| seed_of(p) == seed).unwrap();
    assert!(
        page("a1.txt").contains(
            "copies:\n  - seed: a2.html\n    source: 阿坝日报\n    date: \"2020-08-25\"\n    url: \"http://www.example.gov.cn/xw/2020/0825/1.html\"\n"
        ),
        "{}",
        page("a1.txt")
    );
    assert!(page("b1.txt").contains("copies:\n  - seed: b2.txt\n    source: 省新闻网\n"), "{}", page("b1.txt"));
    assert!(page("d1.txt").contains("  - seed: d2.txt\n"), "the reprint marks itself: {}", page("d1.txt"));
    let e = page("e1.txt");
    assert!(
        e.contains("  - seed: e2.txt\n") && e.contains("  - seed: e3.txt\n") && e.find("e2.txt") < e.find("e3.txt"),
        "{e}"
    );
    for trap in ["t1.txt", "t2.txt"] {
        assert!(!page(trap).contains("copies:"), "{}", page(trap));
    }

    // Ingest again: nothing changes; --check agrees.
    let check = harness::jianbao(dir.path(), &["ingest", "--check"]);
    assert!(check.status.success(), "{}", check.stderr);

    // The site counts each report once and lists the other printings.
    harness::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &dir.path().join("themes"));
    let built = harness::jianbao(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", built.stderr);
    let public = dir.path().join("public");
    let report_pages = std::fs::read_dir(public.join("reports"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert_eq!(report_pages, 7);
    let slug_of =
        |seed: &str| pages.iter().find(|(_, p)| seed_of(p) == seed).unwrap().0.trim_end_matches(".md").to_string();
    let html = std::fs::read_to_string(public.join("reports").join(slug_of("a1.txt")).join("index.html")).unwrap();
    assert!(html.contains("<dt>也刊于</dt>"), "{html}");
    assert!(
        html.contains(
            "<a href=\"http://www.example.gov.cn/xw/2020/0825/1.html\" rel=\"nofollow noopener\">阿坝日报</a>"
        ),
        "{html}"
    );
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 7, "the feed counts each report once");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("/reports/").count() - sitemap.matches("/reports/</loc>").count(), 7, "{sitemap}");
    let entity_pages: usize = ["counties", "people", "programs"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(public.join(kind)).ok())
        .flat_map(|dir| dir.map(|e| e.unwrap().path()))
        .filter(|p| p.join("index.html").is_file())
        .count();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("search-index/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["docs"], 7 + entity_pages, "search holds each report once");
    let csv = std::fs::read_to_string(public.join("data/copies.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert!(csv.starts_with("report,seed,part,source,date,url\r\n"), "{csv}");
    let reports_csv = std::fs::read_to_string(public.join("data/reports.csv")).unwrap();
    assert_eq!(reports_csv.lines().count(), 1 + 7);
    let e_row = reports_csv.lines().find(|l| l.starts_with(&slug_of("e1.txt"))).unwrap();
    assert!(e_row.ends_with(",2"), "{e_row}");
    counted_once(&public, &slug_of("e1.txt"));
}

/// The home page's counts and chart, the county page of the report printed three times
/// (`e1`, at `e1_slug`) and the timeline count each report once.
fn counted_once(public: &Path, e1_slug: &str) {
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("<strong>7</strong> 篇报告"), "{home}");
    assert!(home.contains("若尔盖县<span class=\"count\" title=\"报告数\">1</span>"), "{home}");
    assert!(home.contains("<th scope=\"row\">2020年</th><td>6</td>"), "a1 b1 c1 e1 t1 t2: {home}");
    let county = std::fs::read_dir(public.join("counties"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .find(|html| html.contains("<h1>若尔盖县</h1>"))
        .expect("a page for 若尔盖县");
    let linked: std::collections::BTreeSet<&str> = county
        .split("href=\"/reports/")
        .skip(1)
        .filter_map(|s| s.split(['/', '"']).next())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(linked.into_iter().collect::<Vec<_>>(), [e1_slug], "the county's reports");
    let timeline: String = walk(&public.join("timeline")).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert_eq!(timeline.matches("召开脱贫摘帽新闻发布会").count(), 1, "the event of three printings: {timeline}");
}

/// Every HTML file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

#[test]
fn editors_keep_printings_apart_or_join_them_in_corrections() {
    let dir = TestDir::new();
    write_seeds(&dir);
    dir.write(
        "content/corrections.yaml",
        "copies:\n  distinct: [[e1.txt, e3.txt]]\n  same:\n    - [t2.txt, t1.txt]\n    - [c1.txt, gone.txt]\n"
            .as_bytes(),
    );
    let out = harness::jianbao(dir.path(), &["ingest"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stderr.contains("corrections.yaml:5: no article gone.txt"), "{}", out.stderr);
    let pages = reports(&dir.path().join("content"));
    let mut holders: Vec<&str> = pages.iter().map(|(_, p)| seed_of(p)).collect();
    holders.sort();
    // e3 is apart from e1 (and from e2, which joins e1 first); t1 and t2 are one report.
    assert_eq!(holders, ["a1.txt", "b1.txt", "c1.txt", "d1.txt", "e1.txt", "e3.txt", "t1.txt"]);
    // `check` names a pair just below the threshold: 7 of 10 paragraphs shared.
    let f = paragraphs(6, "茂县", "周文军", 10);
    let mut g = f[..7].to_vec();
    g.extend(paragraphs(7, "茂县", "周文军", 3));
    dir.write("seeds/f1.txt", text_seed("茂县推进乡村振兴", "2021-03-01", "茂县人民政府", &f).as_bytes());
    dir.write("seeds/f2.txt", text_seed("茂县推进乡村振兴工作", "2021-03-02", "州政府网", &g).as_bytes());
    assert!(harness::jianbao(dir.path(), &["ingest", "--quiet"]).status.success());
    harness::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &dir.path().join("themes"));
    let check = harness::jianbao(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", check.stderr);
    assert!(check.stderr.contains("likely copy: f1.txt: likely a copy of f2.txt ("), "{}", check.stderr);
    let pages = reports(&dir.path().join("content"));
    // A malformed decision stops ingest before it writes anything, naming the line.
    dir.write("content/corrections.yaml", "copies:\n  same:\n    - [a1.txt]\n".as_bytes());
    let bad = harness::jianbao(dir.path(), &["ingest"]);
    assert!(!bad.status.success());
    assert!(
        bad.stderr.contains("corrections.yaml:3: a `copies: same` group names two articles or more"),
        "{}",
        bad.stderr
    );
    assert_eq!(reports(&dir.path().join("content")), pages);
}

/// Two printings with a page each (`f1.txt` and `f2.txt`: 7 of 10 paragraphs shared, below
/// the threshold) and one other report, ingested on a site `init` made.
fn two_pages_of_one_report() -> TestDir {
    let dir = TestDir::new();
    assert!(harness::jianbao(dir.path(), &["init"]).status.success());
    let f = paragraphs(6, "茂县", "周文军", 10);
    let mut g = f[..7].to_vec();
    g.extend(paragraphs(7, "茂县", "周文军", 3));
    dir.write("seeds/f1.txt", text_seed("茂县推进乡村振兴", "2021-03-01", "茂县人民政府", &f).as_bytes());
    dir.write("seeds/f2.txt", text_seed("茂县推进乡村振兴工作", "2021-03-02", "州政府网", &g).as_bytes());
    let c = paragraphs(3, "壤塘县", "张国强", 7);
    dir.write("seeds/c1.txt", text_seed("壤塘县全部贫困村退出", "2020-11-21", "新华社", &c).as_bytes());
    let out = harness::jianbao(dir.path(), &["ingest", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stderr.contains("review: f1.txt: likely a copy of f2.txt ("), "ingest's review list: {}", out.stderr);
    dir
}

/// The file stem of the page holding `seed`.
fn stem_of(content: &Path, seed: &str) -> Option<String> {
    reports(content).into_iter().find(|(_, p)| seed_of(p) == seed).map(|(name, _)| name.trim_end_matches(".md").into())
}

#[test]
fn the_address_of_a_printing_folded_into_another_report_redirects_to_it() {
    let dir = two_pages_of_one_report();
    let root = dir.path().canonicalize().unwrap();
    let content = root.join("content");
    let (holder, folded) = (stem_of(&content, "f1.txt").unwrap(), stem_of(&content, "f2.txt").unwrap());
    let mut serve = harness::Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(60));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    assert!(harness::get(addr, &format!("/reports/{folded}/")).text().contains("茂县推进乡村振兴工作"));

    // The editor, told that f2 is likely a copy of f1, says so in corrections.yaml; serve
    // ingests again, and the folded printing's address now leads to the report.
    std::fs::write(content.join("corrections.yaml"), "copies:\n  same: [[f1.txt, f2.txt]]\n").unwrap();
    let redirect = format!("url=/reports/{holder}/");
    let moved = harness::poll(Duration::from_secs(60), || {
        harness::get(addr, &format!("/reports/{folded}/")).text().contains(&redirect)
    });
    assert!(moved, "no redirect at the folded printing's address:\n{}", serve.stderr());
    assert!(harness::get(addr, &format!("/reports/{holder}/")).text().contains("<dt>也刊于</dt>"));
    assert!(!harness::get(addr, "/sitemap.xml").text().contains(&folded), "the sitemap lists the old address");
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());

    // The report's page keeps the old address; ingest again changes nothing, and the build
    // writes the redirect page.
    assert_eq!(stem_of(&content, "f2.txt"), None);
    let page = std::fs::read_to_string(content.join(format!("reports/{holder}.md"))).unwrap();
    let front = jianbao::frontmatter::parse::<jianbao::frontmatter::ReportFront>("page", &page).unwrap().front;
    assert_eq!(front.redirect_from, [format!("/reports/{folded}/")], "{page}");
    assert_eq!(front.copies.iter().map(|c| c.seed.as_str()).collect::<Vec<_>>(), ["f2.txt"], "{page}");
    let again = harness::jianbao(&root, &["ingest"]);
    assert!(again.stderr.contains("(0 written, 2 unchanged"), "{}", again.stderr);
    assert!(harness::jianbao(&root, &["ingest", "--check"]).status.success());
    assert!(harness::jianbao(&root, &["check"]).status.success());
    assert!(harness::jianbao(&root, &["build", "--no-search"]).status.success());
    let html = std::fs::read_to_string(root.join(format!("public/reports/{folded}/index.html"))).unwrap();
    assert!(html.contains(&redirect) && html.contains("noindex"), "{html}");

    // An editor who keeps them apart again: f2 gets a page again, at a new address (the old
    // one stays with the report it was folded into, where readers were sent).
    std::fs::write(content.join("corrections.yaml"), "").unwrap();
    assert!(harness::jianbao(&root, &["ingest"]).status.success());
    let back = stem_of(&content, "f2.txt").expect("f2 has a page again");
    assert_ne!(back, folded);
    assert!(harness::jianbao(&root, &["build", "--no-search"]).status.success());
}
