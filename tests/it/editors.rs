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
    assert!(!target_path.exists(), "the page under the old title's slug is gone");
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
}
