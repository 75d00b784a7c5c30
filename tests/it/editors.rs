//! An editor's session with the real binary: `init` a site, drop the seeds in, `ingest`,
//! correct what extraction found in `content/corrections.yaml`, `ingest` again (twice: the
//! result must not change), `build`, and look at the pages and the built site. Then a stale
//! correction, a malformed corrections file, and `init` refusing to overwrite.
//!
//! The names corrected are picked from what ingest wrote, not written here: the test holds
//! for whatever the seeds and the extraction rules give.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness;
use crate::harness::{TestDir, copy_tree, jianbao, read_tree};
use jianbao::frontmatter::{self, PersonFront, ReportFront};

/// The seeds of the shared corpus when it is beside the repository, else the shipped ones.
fn seeds() -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if shared.is_dir() { shared } else { harness::seeds_dir() }
}

fn reports(root: &Path) -> Vec<(PathBuf, ReportFront)> {
    let mut out = Vec::new();
    for path in md_files(&root.join("content/reports")) {
        let text = std::fs::read_to_string(&path).unwrap();
        out.push((path.clone(), frontmatter::parse::<ReportFront>(&path.display().to_string(), &text).unwrap().front));
    }
    out
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// The person page whose `name` is `name`.
fn person_page(root: &Path, name: &str) -> Option<(PathBuf, PersonFront)> {
    md_files(&root.join("content/people")).into_iter().find_map(|path| {
        let text = std::fs::read_to_string(&path).unwrap();
        let front = frontmatter::parse::<PersonFront>("p.md", &text).unwrap().front;
        (front.name == name).then_some((path, front))
    })
}

fn without_corrections(mut files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.remove("corrections.yaml");
    files
}

fn names_everywhere(front: &ReportFront) -> Vec<String> {
    let mut names: Vec<String> = front.people.iter().chain(&front.programs).chain(&front.counties).cloned().collect();
    for ev in &front.events {
        names.extend(ev.people.iter().chain(&ev.programs).chain(&ev.counties).cloned());
    }
    names
}

fn ok(root: &Path, args: &[&str]) -> String {
    let out = jianbao(root, args);
    assert!(out.status.success(), "jianbao {args:?} failed:\n{}", out.stderr);
    out.stderr
}

const NEW_TITLE: &str = "编辑改过的标题";
const ADDED: &str = "王明远";

#[test]
fn an_editor_starts_a_site_corrects_what_ingest_found_and_publishes() {
    let dir = TestDir::new();
    ok(dir.path(), &["init", "site"]);
    let root = dir.path().join("site");
    for file in ["site.yaml", "content/corrections.yaml", ".gitignore", "README.md", ".github/workflows/publish.yml"] {
        assert!(root.join(file).is_file(), "init did not write {file}");
    }
    assert_eq!(std::fs::read_dir(root.join("seeds")).unwrap().count(), 0);
    copy_tree(&seeds(), &root.join("seeds"));
    ok(&root, &["ingest"]);

    // What to correct, from what ingest found: in the single-article report naming the most
    // people, reject its last person (named by no other report), retitle it, add a person
    // and remove its first program; merge the second person of another report into its first.
    let found = reports(&root);
    let mut by_people: Vec<&(PathBuf, ReportFront)> = found.iter().filter(|(_, f)| f.part.is_none()).collect();
    by_people.sort_by_key(|(_, f)| std::cmp::Reverse(f.people.len()));
    let (target_path, target) = by_people[0];
    assert!(
        target.people.len() >= 3 && !target.programs.is_empty(),
        "the seeds should give a report with people and programs"
    );
    let named_elsewhere = |name: &str, except: &Path| {
        found.iter().any(|(p, f)| p != except && names_everywhere(f).iter().any(|n| n == name))
    };
    let rejected = target
        .people
        .iter()
        .rev()
        .find(|p| !named_elsewhere(p, target_path))
        .expect("a person only one report names")
        .clone();
    let other = found.iter().find(|(p, f)| p != target_path && f.people.len() >= 2);
    let (merge_from, merge_in) = match other {
        Some((_, f)) => (f.people[1].clone(), f.people[0].clone()),
        None => (target.people[1].clone(), target.people[0].clone()),
    };
    assert_ne!(merge_from, rejected);
    let removed_program = target.programs[0].clone();
    let seed = target.seed.clone().unwrap();
    let rejected_page = person_page(&root, &rejected).expect("ingest made a page for each person").0;
    let variant_page = person_page(&root, &merge_from).unwrap().0;
    let corrections = format!(
        "# 编辑的更正\nreject:\n  people: [{rejected}]\nmerge:\n  people: {{{merge_from}: {merge_in}}}\nreports:\n  {seed}:\n    title: {NEW_TITLE}\n    add: {{people: [{ADDED}]}}\n    remove: {{programs: [{removed_program}]}}\n"
    );
    std::fs::write(root.join("content/corrections.yaml"), &corrections).unwrap();

    let first = ok(&root, &["ingest"]);
    assert!(!first.contains("warning"), "every correction matched:\n{first}");
    let after = read_tree(&root.join("content"));
    let second = ok(&root, &["ingest"]);
    assert!(second.contains("(0 written, "), "{second}");
    assert_eq!(read_tree(&root.join("content")), after, "a second ingest changed content/");
    ok(&root, &["ingest"]);
    assert_eq!(read_tree(&root.join("content")), after, "a third ingest changed content/");
    ok(&root, &["ingest", "--check"]);

    // The pages follow the corrections.
    let corrected = reports(&root);
    for (path, front) in &corrected {
        let names = names_everywhere(front);
        assert!(!names.contains(&rejected), "{} still names the rejected {rejected}", path.display());
        assert!(!names.contains(&merge_from), "{} still names the merged {merge_from}", path.display());
    }
    let (retitled_path, retitled) =
        corrected.iter().find(|(_, f)| f.seed.as_deref() == Some(seed.as_str())).expect("the retitled report");
    assert_eq!(retitled.title, NEW_TITLE);
    assert!(retitled.people.contains(&ADDED.to_string()));
    assert!(!retitled.programs.contains(&removed_program));
    assert_eq!(retitled_path, target_path, "a corrected title moved the page (a report keeps its address)");
    assert!(!rejected_page.exists(), "the rejected person's page is still there");
    assert!(!variant_page.exists(), "the merged variant's own page is still there");
    let (kept_page, kept) = person_page(&root, &merge_in).unwrap();
    assert!(kept.aliases.contains(&merge_from), "{merge_from} is not an alias of {merge_in}: {:?}", kept.aliases);
    assert!(person_page(&root, ADDED).is_some(), "no page for the added person");

    // The built site.
    ok(&root, &["build", "--no-search"]);
    let public = root.join("public");
    let report_html =
        std::fs::read_to_string(public.join("reports").join(retitled_path.file_stem().unwrap()).join("index.html"))
            .unwrap();
    assert!(report_html.contains(NEW_TITLE));
    assert!(!public.join("people").join(rejected_page.file_stem().unwrap()).exists());
    assert!(!public.join("people").join(variant_page.file_stem().unwrap()).exists());
    let kept_url = format!("/people/{}/", kept_page.file_stem().unwrap().to_string_lossy());
    let mentions_variant = walkdir::WalkDir::new(public.join("reports"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .any(|e| std::fs::read_to_string(e.path()).unwrap().contains(&format!("href=\"{kept_url}\">{merge_from}</a>")));
    assert!(mentions_variant, "no report links a mention of {merge_from} to {kept_url}");

    // A stale correction: a warning naming its line; the rest still applies.
    std::fs::write(root.join("content/corrections.yaml"), format!("{corrections}  no-such-seed.txt:\n    title: 无\n"))
        .unwrap();
    let stale = ok(&root, &["ingest"]);
    let line = corrections.lines().count() + 1;
    assert!(
        stale.contains(&format!("content/corrections.yaml:{line}: no seed no-such-seed.txt")),
        "no warning naming line {line}:\n{stale}"
    );
    assert_eq!(without_corrections(read_tree(&root.join("content"))), without_corrections(after.clone()), "{stale}");
    let check = ok(&root, &["check"]);
    assert!(check.contains(&format!("stale correction: content/corrections.yaml:{line}:")), "{check}");

    // A malformed file: an error naming its line, and nothing written.
    std::fs::remove_file(root.join("content/reports").join(retitled_path.file_name().unwrap())).unwrap();
    let before = read_tree(&root.join("content"));
    std::fs::write(root.join("content/corrections.yaml"), "reject:\n  people: [某人]\n  persons: [某人]\n").unwrap();
    let out = jianbao(&root, &["ingest"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(out.stderr.starts_with("error: content/corrections.yaml:3: "), "{}", out.stderr);
    assert_eq!(
        without_corrections(read_tree(&root.join("content"))),
        without_corrections(before),
        "ingest wrote something after a malformed corrections file"
    );

    // init never overwrites a file.
    let readme = std::fs::read(root.join("README.md")).unwrap();
    let out = jianbao(dir.path(), &["init", "site"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("site.yaml") && out.stderr.contains("already exist"), "{}", out.stderr);
    assert_eq!(std::fs::read(root.join("README.md")).unwrap(), readme);
}

/// The installed binary carries its theme, gazetteer and name tables: a site made by `init`
/// far from the repository ingests and builds with nothing else.
#[test]
fn a_new_site_builds_outside_the_repository() {
    let dir = TestDir::new();
    ok(dir.path(), &["init"]);
    dir.write(
        "seeds/note.txt",
        "泸定县召开扶贫工作会议\n2019年5月20日 来源:泸定县人民政府\n5月18日,县长王明远在“千村万户”活动推进会上讲话。\n"
            .as_bytes(),
    );
    ok(dir.path(), &["ingest"]);
    ok(dir.path(), &["build", "--no-search"]);
    assert!(dir.path().join("public/index.html").is_file());
    assert!(dir.path().join("public/counties/luding-xian/index.html").is_file(), "the gazetteer is built in");
}

/// `serve` follows the whole loop: saving corrections.yaml re-ingests, the served report
/// changes and open pages reload; a malformed file shows its error, naming the line, over
/// the page.
#[test]
fn serve_re_ingests_when_the_corrections_change() {
    use std::time::{Duration, Instant};

    let dir = TestDir::new();
    ok(dir.path(), &["init"]);
    let root = dir.path().canonicalize().unwrap();
    copy_tree(&seeds(), &root.join("seeds"));
    ok(&root, &["--quiet", "ingest"]);
    let seed = reports(&root).into_iter().find_map(|(_, f)| f.part.is_none().then_some(f.seed).flatten()).unwrap();
    // Another report's title edited by hand: serve's re-ingest keeps it, as ingest does.
    let (hand_page, _) = reports(&root).into_iter().find(|(_, f)| f.seed.as_ref() != Some(&seed)).unwrap();
    let hand_text = with_title(&std::fs::read_to_string(&hand_page).unwrap(), "编辑手改的标题");
    std::fs::write(&hand_page, &hand_text).unwrap();

    let content = root.join("content");
    let mut serve = harness::Jianbao::spawn(&["serve", "--content", content.to_str().unwrap(), "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(60));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let events = harness::Events::connect(addr);

    let title = "编辑在预览时改的标题";
    std::fs::write(content.join("corrections.yaml"), format!("reports:\n  {seed}:\n    title: {title}\n")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = events.next(left).unwrap_or_else(|| panic!("no reload with the new title:\n{}", serve.stderr()));
        if event["type"] == "reload" && harness::get(addr, "/reports/").text().contains(title) {
            break;
        }
    }

    std::fs::write(content.join("corrections.yaml"), "reports:\n  x.txt:\n    title: [unclosed\n").unwrap();
    let event = loop {
        let event = events.next(Duration::from_secs(30)).expect("no error after a malformed corrections file");
        if event["type"] == "error" {
            break event;
        }
    };
    let text = event["text"].as_str().unwrap();
    assert!(text.contains("corrections.yaml:3:"), "{text}");
    assert!(harness::get(addr, "/reports/").text().contains(title), "the last good site is still served");

    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    let stderr = serve.stderr();
    assert!(stderr.contains("seeds or corrections changed: ingesting"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&hand_page).unwrap(), hand_text, "serve's re-ingest reverted a hand edit");
    assert!(stderr.contains(": edited by hand since ingest wrote it"), "{stderr}");
}

const LUDING: &str =
    "泸定县召开扶贫工作会议\n2019年5月20日 来源:泸定县人民政府\n5月18日,县长王明远在“千村万户”活动推进会上讲话。\n";
const JINCHUAN: &str = "金川县政协开展专题调研\n2018年12月5日 来源:金川县政协\n12月3日,县政协主席张东升带队到金川县沙耳乡调研“我为脱贫攻坚做件事”活动开展情况。\n";

/// A site made by `init` with two small seeds, `a.txt` (泸定县, 王明远) and `b.txt` (金川县,
/// 张东升), ingested.
fn two_seed_site() -> TestDir {
    let dir = TestDir::new();
    ok(dir.path(), &["init"]);
    dir.write("seeds/a.txt", LUDING.as_bytes());
    dir.write("seeds/b.txt", JINCHUAN.as_bytes());
    ok(dir.path(), &["ingest"]);
    assert!(person_page(dir.path(), "张东升").is_some(), "the seeds give 张东升 a page");
    dir
}

/// The report page ingest wrote for `seed`, and its text.
fn page_of(root: &Path, seed: &str) -> Option<(PathBuf, String)> {
    reports(root).into_iter().find(|(_, f)| f.seed.as_deref() == Some(seed)).map(|(p, _)| {
        let text = std::fs::read_to_string(&p).unwrap();
        (p, text)
    })
}

fn with_title(page: &str, title: &str) -> String {
    page.lines()
        .map(|l| if l.starts_with("title: ") { format!("title: {title}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_report_page_edited_by_hand_is_kept_and_ingest_says_so() {
    let dir = two_seed_site();
    let root = dir.path();
    let (path, text) = page_of(root, "a.txt").unwrap();
    let shown = format!("content/reports/{}", path.file_name().unwrap().to_string_lossy());
    let edited = with_title(&text, NEW_TITLE);
    std::fs::write(&path, &edited).unwrap();

    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "ingest reverted the edit:\n{out}");
    let warning = out
        .lines()
        .find(|l| l.starts_with(&format!("warning: {shown}: edited by hand")))
        .unwrap_or_else(|| panic!("no warning naming {shown}:\n{out}"));
    assert!(warning.contains("content/corrections.yaml") && warning.contains("edited: true"), "{warning}");
    assert!(out.contains("(0 written, 1 unchanged, 1 kept as edited, 0 removed)"), "{out}");
    let quiet = ok(root, &["--quiet", "ingest"]);
    assert!(quiet.contains(&format!("warning: {shown}: edited by hand")), "--quiet hid the warning:\n{quiet}");
    let check = ok(root, &["ingest", "--check"]);
    assert!(check.contains(&format!("warning: {shown}: edited by hand")), "{check}");

    // The editor follows the advice: the title goes to corrections.yaml and ingest takes the
    // page back as its own (at the address it has), with no more warnings.
    std::fs::write(root.join("content/corrections.yaml"), format!("reports:\n  a.txt:\n    title: {NEW_TITLE}\n"))
        .unwrap();
    let out = ok(root, &["ingest"]);
    assert!(!out.contains("warning"), "{out}");
    let (new_path, new_text) = page_of(root, "a.txt").unwrap();
    assert!(new_text.contains(&format!("title: {NEW_TITLE}\n")), "{new_text}");
    assert_eq!(new_path, path, "the corrected title moved the page");
    let hashes = std::fs::read_to_string(root.join("content/.ingest-hashes")).unwrap();
    let rel = format!("reports/{}", new_path.file_name().unwrap().to_string_lossy());
    assert!(hashes.lines().any(|l| l.ends_with(&format!("  {rel}"))), "{rel} not recorded:\n{hashes}");
}

/// A site from before `content/.ingest-hashes`: ingest treats its pages as its own the first
/// time (rewrites an edited one, as before) and records them.
#[test]
fn a_site_without_the_hash_file_is_rewritten_once_then_protected() {
    let dir = two_seed_site();
    let root = dir.path();
    std::fs::remove_file(root.join("content/.ingest-hashes")).unwrap();
    let (path, text) = page_of(root, "a.txt").unwrap();
    std::fs::write(&path, with_title(&text, NEW_TITLE)).unwrap();
    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{out}");
    assert!(root.join("content/.ingest-hashes").is_file(), "{out}");
    std::fs::write(&path, with_title(&text, NEW_TITLE)).unwrap();
    let out = ok(root, &["ingest"]);
    assert!(out.contains("edited by hand"), "{out}");
}

#[test]
fn a_deleted_seed_takes_its_page_and_its_entity_pages_with_it() {
    let dir = two_seed_site();
    let root = dir.path();
    let (page, _) = page_of(root, "b.txt").unwrap();
    let (person, _) = person_page(root, "张东升").unwrap();
    let (kept_person, _) = person_page(root, "王明远").unwrap();
    std::fs::remove_file(root.join("seeds/b.txt")).unwrap();

    let check = jianbao(root, &["ingest", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", check.stderr);
    let rel = format!("reports/{}", page.file_name().unwrap().to_string_lossy());
    assert!(check.stderr.contains(&format!("stale: {rel}")), "{}", check.stderr);

    let out = ok(root, &["ingest"]);
    assert!(out.contains("1 removed)"), "{out}");
    assert!(!page.exists(), "the page of the deleted seed is still there:\n{out}");
    assert!(!person.exists(), "张东升's page is still there:\n{out}");
    assert!(kept_person.exists(), "王明远 lost his page:\n{out}");
    assert!(!root.join("content/counties/jinchuan-xian.md").exists(), "{out}");
    assert!(root.join("content/counties/luding-xian.md").exists(), "{out}");
    ok(root, &["ingest", "--check"]);
    ok(root, &["build", "--no-search"]);
    assert!(!root.join("public").join(page.strip_prefix(root.join("content")).unwrap().with_extension("")).exists());
}

#[test]
fn a_seed_that_becomes_unreadable_or_is_deleted_keeps_only_edited_pages() {
    let dir = two_seed_site();
    let root = dir.path();
    // b.txt is overwritten with bytes that are no text: its page goes.
    let (page_b, _) = page_of(root, "b.txt").unwrap();
    dir.write("seeds/b.txt", &[0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8, 9, 0, 1, 2]);
    let out = ok(root, &["ingest"]);
    assert!(out.contains("seeds/b.txt: skipped"), "{out}");
    assert!(!page_b.exists(), "the page of a seed now skipped is still there:\n{out}");

    // a.txt's page was edited by hand, then its seed deleted: the page stays, and ingest says so.
    let (page_a, text) = page_of(root, "a.txt").unwrap();
    let edited = with_title(&text, NEW_TITLE);
    std::fs::write(&page_a, &edited).unwrap();
    std::fs::remove_file(root.join("seeds/a.txt")).unwrap();
    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&page_a).unwrap(), edited, "{out}");
    let shown = format!("content/reports/{}", page_a.file_name().unwrap().to_string_lossy());
    assert!(out.contains(&format!("warning: {shown}: seed a.txt gives no report any more")), "{out}");
    assert!(person_page(root, "王明远").is_some(), "the edited page still names 王明远:\n{out}");
}

#[test]
fn a_skipped_seed_gets_no_page_and_its_entity_pages_follow() {
    let dir = two_seed_site();
    let root = dir.path();
    let (page, _) = page_of(root, "b.txt").unwrap();
    let (person, _) = person_page(root, "张东升").unwrap();
    let corrections = "reports:\n  b.txt:\n    skip: true\n";
    std::fs::write(root.join("content/corrections.yaml"), corrections).unwrap();

    let check = jianbao(root, &["ingest", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", check.stderr);
    let out = ok(root, &["ingest"]);
    assert!(!out.contains("warning"), "{out}");
    assert!(!page.exists() && !person.exists(), "{out}");
    assert!(root.join("seeds/b.txt").exists());
    assert!(page_of(root, "a.txt").is_some());
    ok(root, &["ingest", "--check"]);

    // A skip for a seed that is not there: a warning naming its line.
    std::fs::write(root.join("content/corrections.yaml"), format!("{corrections}  gone.txt:\n    skip: true\n"))
        .unwrap();
    let out = ok(root, &["ingest"]);
    assert!(out.contains("warning: content/corrections.yaml:4: no seed gone.txt"), "{out}");
    // A skip that is no yes or no: an error naming its line, nothing written.
    std::fs::write(root.join("content/corrections.yaml"), "reports:\n  b.txt:\n    skip: ja\n").unwrap();
    let out = jianbao(root, &["ingest"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.starts_with("error: content/corrections.yaml:3: "), "{}", out.stderr);
    assert!(!page.exists());
}

#[test]
fn the_review_list_says_skip_drops_a_report_with_no_entity() {
    let dir = TestDir::new();
    ok(dir.path(), &["init"]);
    dir.write(
        "seeds/off.txt",
        "春季养生小知识\n2019年3月1日\n春天到了,多喝水,早睡早起,适当运动,保持心情舒畅,有益健康。\n".as_bytes(),
    );
    let out = ok(dir.path(), &["--quiet", "ingest"]);
    let line = out
        .lines()
        .find(|l| l.starts_with("review: off.txt: no county, person or program found"))
        .unwrap_or_else(|| panic!("no review line:\n{out}"));
    assert!(line.contains("`skip: true`") && line.contains("corrections.yaml"), "{line}");
}

/// Corrections taken back leave the site a fresh ingest gives: a merge undone gives the
/// variant its page again and takes the alias off the name it was merged into, and a
/// rejected name gets its page back (the desk's undo does exactly this).
#[test]
fn corrections_taken_back_leave_what_a_fresh_ingest_gives() {
    let dir = TestDir::new();
    ok(dir.path(), &["init", "site"]);
    let root = dir.path().join("site");
    copy_tree(&seeds(), &root.join("seeds"));
    ok(&root, &["ingest"]);
    let fresh = read_tree(&root.join("content"));
    let found = reports(&root);
    let (_, two) = found.iter().find(|(_, f)| f.people.len() >= 3).expect("a report naming three people");
    let (merge_from, merge_in, rejected) = (&two.people[1], &two.people[0], &two.people[2]);
    assert!(person_page(&root, merge_from).is_some() && person_page(&root, rejected).is_some());

    let original = std::fs::read_to_string(root.join("content/corrections.yaml")).unwrap();
    let corrections = format!("{original}\nreject:\n  people: [{rejected}]\nmerge:\n  people: {{{merge_from}: {merge_in}}}\n");
    std::fs::write(root.join("content/corrections.yaml"), corrections).unwrap();
    ok(&root, &["ingest"]);
    assert!(person_page(&root, merge_from).is_none(), "the merged variant kept its page");
    assert!(person_page(&root, merge_in).unwrap().1.aliases.contains(merge_from));

    std::fs::write(root.join("content/corrections.yaml"), &original).unwrap();
    let out = ok(&root, &["ingest"]);
    assert!(!out.contains("warning"), "{out}");
    assert!(person_page(&root, merge_from).is_some(), "the variant got no page back:\n{out}");
    assert!(!person_page(&root, merge_in).unwrap().1.aliases.contains(merge_from), "the alias stayed:\n{out}");
    assert_eq!(read_tree(&root.join("content")), fresh, "content/ is not what a fresh ingest gave");
}

/// The page with its title's characters in reverse order: the same length in bytes.
fn title_reversed(page: &str) -> String {
    let title = page.lines().find_map(|l| l.strip_prefix("title: ")).expect("a title line");
    let edited = with_title(page, &title.chars().rev().collect::<String>());
    assert_eq!(edited.len(), page.len(), "{edited}");
    assert_ne!(edited, page);
    edited
}

/// Waits until the file at `path` last changed more than `secs` seconds ago.
fn wait_until_older(path: &Path, secs: f64) {
    use std::os::unix::fs::MetadataExt;
    loop {
        let meta = std::fs::metadata(path).unwrap();
        let changed = std::time::UNIX_EPOCH + std::time::Duration::new(meta.ctime() as u64, meta.ctime_nsec() as u32);
        if changed.elapsed().is_ok_and(|d| d.as_secs_f64() > secs) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Ingest reads a report page again only when its file is not as it was when ingest last
/// read it (length, times, inode in `.jianbao/report-stamps.json`); a page edited to the same
/// length is still seen and kept: at once after ingest wrote it, at once after ingest read
/// and stamped it, and with its modification time put back.
#[cfg(unix)]
#[test]
fn a_page_edited_to_the_same_length_is_kept_even_in_the_second_ingest_read_it() {
    let dir = two_seed_site();
    let root = dir.path();
    let stamps = root.join(".jianbao/report-stamps.json");
    let (a, text_a) = page_of(root, "a.txt").unwrap();
    let (b, text_b) = page_of(root, "b.txt").unwrap();
    // Just written: an edit in the same second is seen.
    let edited_a = title_reversed(&text_a);
    std::fs::write(&a, &edited_a).unwrap();
    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), edited_a, "{out}");
    assert!(out.contains("edited by hand"), "{out}");

    // Once the pages are a few seconds old, ingest stamps what it reads...
    wait_until_older(&a, 3.5);
    wait_until_older(&b, 3.5);
    let out = ok(root, &["ingest"]);
    assert!(out.contains("(0 written, 1 unchanged, 1 kept as edited, 0 removed)"), "{out}");
    let stamped = std::fs::read_to_string(&stamps).unwrap();
    let name_b = b.file_name().unwrap().to_string_lossy().to_string();
    assert!(stamped.contains(&format!("reports/{name_b}")), "{stamped}");
    // ... and an edit of the same length right after, its modification time put back, is
    // still seen: the page is kept, not overwritten.
    let modified = std::fs::metadata(&b).unwrap().modified().unwrap();
    let edited_b = title_reversed(&text_b);
    std::fs::write(&b, &edited_b).unwrap();
    std::fs::File::options().write(true).open(&b).unwrap().set_modified(modified).unwrap();
    assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), modified);
    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), edited_b, "{out}");
    assert!(out.contains(&format!("reports/{name_b}: edited by hand")), "{out}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), edited_a, "{out}");

    // Pages given back to ingest are written again; a stamp file cut short is ignored.
    std::fs::write(&stamps, &stamped[..stamped.len() / 2]).unwrap();
    std::fs::remove_file(&a).unwrap();
    std::fs::remove_file(&b).unwrap();
    let out = ok(root, &["ingest"]);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), text_a, "{out}");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), text_b, "{out}");
    assert!(!out.contains("warning"), "{out}");
}
