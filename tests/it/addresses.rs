//! Stable addresses, replayed as an editor works with the real binary: a report's slug is
//! written into its page the first time ingest writes it and kept when the title changes (a
//! correction, a changed seed); an editor who changes a slug keeps the old address, which the
//! built site (and serve) answers with a redirect page; a copied seed never renames the page
//! that was there first; a page from before slugs were recorded keeps its file name's.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::{self, TestDir, jianbao, read_tree};
use jianbao::frontmatter::{self, ReportFront};

const LUDING: &str =
    "泸定县召开扶贫工作会议\n2019年5月20日 来源:泸定县人民政府\n5月18日,县长王明远在“千村万户”活动推进会上讲话。\n";
const JINCHUAN: &str = "金川县政协开展专题调研\n2018年12月5日 来源:金川县政协\n12月3日,县政协主席张东升带队到金川县沙耳乡调研“我为脱贫攻坚做件事”活动开展情况。\n";

fn ok(root: &Path, args: &[&str]) -> String {
    let out = jianbao(root, args);
    assert!(out.status.success(), "jianbao {args:?} failed:\n{}", out.stderr);
    out.stderr
}

/// A site made by `init` with the seeds `a.txt` (泸定县) and `b.txt` (金川县), ingested.
fn site() -> TestDir {
    let dir = TestDir::new();
    ok(dir.path(), &["init"]);
    dir.write("seeds/a.txt", LUDING.as_bytes());
    dir.write("seeds/b.txt", JINCHUAN.as_bytes());
    ok(dir.path(), &["ingest"]);
    dir
}

/// Every report page: its path and front matter.
fn reports(root: &Path) -> Vec<(PathBuf, ReportFront)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("content/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let front = frontmatter::parse::<ReportFront>(&p.display().to_string(), &text).unwrap().front;
            (p, front)
        })
        .collect()
}

/// The page of `seed`: its path, file stem and front matter.
fn page_of(root: &Path, seed: &str) -> (PathBuf, String, ReportFront) {
    let (path, front) = reports(root)
        .into_iter()
        .find(|(_, f)| f.seed.as_deref() == Some(seed))
        .unwrap_or_else(|| panic!("no page of {seed}"));
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    (path, stem, front)
}

fn stems(root: &Path) -> Vec<String> {
    reports(root).iter().map(|(p, _)| p.file_stem().unwrap().to_string_lossy().to_string()).collect()
}

/// `text` with the line starting `key:` replaced by `line`, or `line` added after `after:`.
fn set_line(text: &str, key: &str, line: &str, after: &str) -> String {
    let prefix = format!("{key}:");
    if text.lines().any(|l| l.starts_with(&prefix)) {
        return text.lines().map(|l| if l.starts_with(&prefix) { line } else { l }).collect::<Vec<_>>().join("\n")
            + "\n";
    }
    let anchor = text.lines().find(|l| l.starts_with(&format!("{after}:"))).unwrap().to_string();
    text.replacen(&format!("{anchor}\n"), &format!("{anchor}\n{line}\n"), 1)
}

#[test]
fn a_report_keeps_its_address_when_its_title_changes() {
    let dir = site();
    let root = dir.path();
    let (path, stem, front) = page_of(root, "a.txt");
    assert_eq!(front.slug.as_deref(), Some(stem.as_str()), "ingest writes the slug into the page");
    assert!(stem.starts_with("ludingxian"), "the first slug comes from the title: {stem}");

    // A corrected title: same file, same slug, new title; nothing left to do afterwards.
    std::fs::write(root.join("content/corrections.yaml"), "reports:\n  a.txt:\n    title: 泸定县扶贫工作会议纪要\n")
        .unwrap();
    let out = ok(root, &["ingest"]);
    assert!(!out.contains("warning"), "{out}");
    let (after, _, corrected) = page_of(root, "a.txt");
    assert_eq!((after.as_path(), corrected.title.as_str()), (path.as_path(), "泸定县扶贫工作会议纪要"));
    assert_eq!(corrected.slug.as_deref(), Some(stem.as_str()));
    assert!(ok(root, &["ingest"]).contains("(0 written, 2 unchanged"), "a second ingest changed something");
    ok(root, &["ingest", "--check"]);

    // The seed's own headline changes (and the correction goes): still the same address.
    std::fs::write(root.join("content/corrections.yaml"), "").unwrap();
    std::fs::write(root.join("seeds/a.txt"), LUDING.replace("泸定县召开扶贫工作会议", "甘孜州泸定县脱贫攻坚推进会"))
        .unwrap();
    ok(root, &["ingest"]);
    let (after, _, retitled) = page_of(root, "a.txt");
    assert_eq!(after, path);
    assert!(retitled.title.starts_with("甘孜州泸定县"), "{}", retitled.title);
    ok(root, &["build", "--no-search"]);
    let html = std::fs::read_to_string(root.join(format!("public/reports/{stem}/index.html"))).unwrap();
    assert!(html.contains("甘孜州泸定县脱贫攻坚推进会"));

    // Hand edits are still told apart from what ingest wrote at a slug the title no longer
    // gives: an edited body is kept, and a deleted seed takes an unedited page with it.
    let (b_path, ..) = page_of(root, "b.txt");
    let edited = std::fs::read_to_string(&b_path).unwrap() + "\n编辑补充的一段。\n";
    std::fs::write(&b_path, &edited).unwrap();
    let out = ok(root, &["ingest"]);
    assert!(out.contains("edited by hand"), "{out}");
    assert_eq!(std::fs::read_to_string(&b_path).unwrap(), edited);
    std::fs::remove_file(root.join("seeds/a.txt")).unwrap();
    let out = ok(root, &["ingest"]);
    assert!(!path.exists() && out.contains("1 removed"), "{out}");
    ok(root, &["ingest", "--check"]);
}

#[test]
fn a_changed_slug_moves_the_page_and_the_old_address_redirects() {
    let dir = site();
    let root = dir.path();
    ok(root, &["build"]);
    let manifest = || std::fs::read_to_string(root.join("public/search-index/manifest.json")).unwrap();
    let docs_before = manifest().split("\"docs\":").nth(1).unwrap().split(',').next().unwrap().to_string();
    let (path, old, _) = page_of(root, "a.txt");

    // The editor gives the page a shorter slug; ingest moves it and keeps the old address.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, set_line(&text, "slug", "slug: luding-huiyi", "title")).unwrap();
    let out = ok(root, &["ingest"]);
    assert!(!out.contains("edited by hand"), "a changed slug is not a hand edit:\n{out}");
    assert!(out.contains(&format!("moved reports/{old}.md to its new slug")), "{out}");
    assert!(!path.exists());
    let (moved, stem, front) = page_of(root, "a.txt");
    assert_eq!((stem.as_str(), front.redirect_from.clone()), ("luding-huiyi", vec![format!("/reports/{old}/")]));
    let after = read_tree(&root.join("content"));
    assert!(ok(root, &["ingest"]).contains("(0 written, 2 unchanged"));
    assert_eq!(read_tree(&root.join("content")), after, "a second ingest changed content/");
    ok(root, &["ingest", "--check"]);

    // The built site: the report at its new address, a redirect page at the old one, which
    // no sitemap, feed, open data table or search index lists.
    ok(root, &["check"]);
    ok(root, &["build"]);
    let public = root.join("public");
    assert!(std::fs::read_to_string(public.join("reports/luding-huiyi/index.html")).unwrap().contains("泸定县"));
    let redirect = std::fs::read_to_string(public.join(format!("reports/{old}/index.html"))).unwrap();
    for needle in [
        "<meta http-equiv=\"refresh\" content=\"0; url=/reports/luding-huiyi/\">",
        "<link rel=\"canonical\" href=\"/reports/luding-huiyi/\">",
        "<a href=\"/reports/luding-huiyi/\">",
        "noindex",
    ] {
        assert!(redirect.contains(needle), "no {needle} in the redirect page:\n{redirect}");
    }
    for file in ["sitemap.xml", "atom.xml", "data/reports.csv", "data/reports.json", "data/events.csv"] {
        let text = std::fs::read_to_string(public.join(file)).unwrap();
        assert!(!text.contains(&old), "{file} names the old address");
        if file != "data/events.csv" {
            assert!(text.contains("luding-huiyi"), "{file} lacks the new slug");
        }
    }
    let docs_after = manifest().split("\"docs\":").nth(1).unwrap().split(',').next().unwrap().to_string();
    assert_eq!(docs_after, docs_before, "the search index gained a document");

    // Old addresses an editor lists by hand are checked: not another report's address, not a
    // page of the site, not another page's old address; each is one line naming the file.
    let (b_path, b_stem, _) = page_of(root, "b.txt");
    let b_text = std::fs::read_to_string(&b_path).unwrap();
    let shown = format!("content/reports/{b_stem}.md");
    for (list, says) in [
        ("[/reports/luding-huiyi/]", format!("{shown}:4: redirect_from `/reports/luding-huiyi/` is the address of")),
        ("[/search/]", format!("{shown}:4: redirect_from `/search/` is the address of a page of the site")),
        (
            &format!("[/reports/{old}]"),
            format!(
                "content/reports/luding-huiyi.md:4: redirect_from `/reports/{old}/` is also an old address of {shown}"
            ),
        ),
        ("[\"https://example.org/x\"]", format!("{shown}:4: redirect_from `https://example.org/x` is not an address")),
    ] {
        std::fs::write(&b_path, set_line(&b_text, "redirect_from", &format!("redirect_from: {list}"), "slug")).unwrap();
        for command in ["check", "build"] {
            let out = jianbao(root, &[command]);
            assert_eq!(out.status.code(), Some(1), "{command} accepted redirect_from: {list}");
            let error = out.stderr.lines().find(|l| l.starts_with("error: ")).unwrap_or_default();
            assert!(error.starts_with(&format!("error: {says}")), "{command}, {list}:\n{}", out.stderr);
        }
    }
    // A good one: the page keeps it (an editor's field), and the build writes its redirect.
    std::fs::write(&b_path, set_line(&b_text, "redirect_from", "redirect_from: [/2018/12/jinchuan.html]", "slug"))
        .unwrap();
    ok(root, &["build"]);
    let redirect = std::fs::read_to_string(public.join("2018/12/jinchuan.html")).unwrap();
    assert!(redirect.contains(&format!("url=/reports/{b_stem}/")), "{redirect}");
    assert!(moved.exists());
}

/// Another report under the same headline (a copy of a seed edited into another story).
const LUDING_AGAIN: &str =
    "泸定县召开扶贫工作会议\n2019年6月3日 来源:泸定县人民政府\n6月1日,副县长李秀兰在磨西镇检查易地扶贫搬迁安置点建设。\n";

#[test]
fn a_copied_seed_never_renames_the_page_that_was_there() {
    let dir = site();
    let root = dir.path();
    let (path, stem, _) = page_of(root, "a.txt");
    let page = std::fs::read_to_string(&path).unwrap();
    // The newcomer's name sorts before the original's, and its headline gives the same slug.
    dir.write("seeds/0-copy.txt", LUDING_AGAIN.as_bytes());
    ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), page, "the existing page changed");
    let (_, copy, _) = page_of(root, "0-copy.txt");
    assert!(copy.starts_with(&format!("{stem}-")), "the newcomer gets a suffixed slug: {copy}");

    // A seed copied as it is is a reprint of the same report: still one page, at the address
    // the report had, listing the other printing.
    dir.write("seeds/0-reprint.txt", LUDING.as_bytes());
    ok(root, &["ingest"]);
    let reports: Vec<_> = std::fs::read_dir(root.join("content/reports")).unwrap().collect();
    assert_eq!(reports.len(), 3, "泸定 once, the other 泸定 report, 金川");
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("\ncopies:\n  - seed: "), "{kept}");

    // On a fresh site the order of the seed files decides, the same way every time.
    let fresh = |dir: &TestDir| {
        ok(dir.path(), &["init"]);
        dir.write("seeds/0-copy.txt", LUDING_AGAIN.as_bytes());
        dir.write("seeds/a.txt", LUDING.as_bytes());
        ok(dir.path(), &["ingest"]);
        read_tree(&dir.path().join("content"))
    };
    let (one, two) = (TestDir::new(), TestDir::new());
    assert!(fresh(&one) == fresh(&two), "two fresh sites are the same");
    assert_eq!(page_of(one.path(), "0-copy.txt").1, stem, "the first seed in file order keeps the plain slug");
    assert!(page_of(one.path(), "a.txt").1.starts_with(&format!("{stem}-")));
}

#[test]
fn a_page_from_before_slugs_were_recorded_keeps_its_file_name() {
    let dir = site();
    let root = dir.path();
    let (path, orig, _) = page_of(root, "a.txt");
    // As an older jianbao wrote it: no `slug:` line, under a file name the title does not
    // give now, and no record of what ingest wrote.
    let text = std::fs::read_to_string(&path).unwrap();
    let legacy: String = text.lines().filter(|l| !l.starts_with("slug:")).map(|l| format!("{l}\n")).collect();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(root.join("content/reports/luding-2019.md"), legacy).unwrap();
    std::fs::remove_file(root.join("content/.ingest-hashes")).unwrap();
    ok(root, &["ingest"]);
    let (after, stem, front) = page_of(root, "a.txt");
    assert_eq!((stem.as_str(), front.slug.as_deref()), ("luding-2019", Some("luding-2019")));
    assert!(front.redirect_from.is_empty());
    let expected = text.replace(&format!("slug: {orig}\n"), "slug: luding-2019\n");
    assert_eq!(std::fs::read_to_string(&after).unwrap(), expected, "only the slug line was added");
    assert_eq!(stems(root).len(), 2);
    ok(root, &["ingest", "--check"]);
}

#[test]
fn serve_answers_an_old_address_with_its_redirect() {
    let dir = site();
    let root = dir.path().canonicalize().unwrap();
    let (path, old, _) = page_of(&root, "a.txt");
    let content = root.join("content");
    let mut serve = harness::Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(60));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    assert!(harness::get(addr, &format!("/reports/{old}/")).text().contains("泸定县"));

    // The editor changes the slug in the page and lists the old address, as the docs say.
    let text = std::fs::read_to_string(&path).unwrap();
    let text = set_line(&text, "slug", "slug: luding-huiyi", "title");
    std::fs::write(&path, set_line(&text, "redirect_from", &format!("redirect_from: [/reports/{old}/]"), "slug"))
        .unwrap();
    let moved = harness::poll(Duration::from_secs(60), || {
        harness::get(addr, &format!("/reports/{old}/")).text().contains("url=/reports/luding-huiyi/")
    });
    assert!(moved, "no redirect served at the old address:\n{}", serve.stderr());
    assert!(harness::get(addr, "/reports/luding-huiyi/").text().contains("泸定县"));
    assert!(!harness::get(addr, "/sitemap.xml").text().contains(&old), "the sitemap lists the old address");
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
}
