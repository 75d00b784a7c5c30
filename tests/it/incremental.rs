//! Incremental rebuilds as `serve` does them: a site built once and kept (`LiveSite`), files
//! edited on disk, `update` called with the changed paths. The key check: after every edit
//! the served folder is byte-identical to a full `build` of the same content, on the fixture
//! site and on a generated corpus; and an edit re-renders the report, its entities and the
//! lists that show it, not unrelated pages.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::gen_corpus;
use crate::harness::{self, read_tree};
use jianbao::progress::Progress;
use jianbao::site::BuildOptions;
use jianbao::site::live::{FirstPages, Following, LiveSite, Rebuild, hold_background};

const QUIET: &Progress = &Progress::new(true);

/// A site in a temporary folder, built once and kept.
struct Session {
    _dir: tempfile::TempDir,
    root: PathBuf,
    opts: BuildOptions,
    live: LiveSite,
}

/// What serve builds a site in `root` with: its content folder, output beside it, no search.
fn served_options(root: &Path) -> BuildOptions {
    BuildOptions {
        content: root.join("content"),
        out: root.join("served"),
        base_url: Some("http://127.0.0.1:1111/".into()),
        search: false,
        ..BuildOptions::default()
    }
}

impl Session {
    fn start(dir: tempfile::TempDir) -> Session {
        let root = dir.path().canonicalize().unwrap();
        let opts = served_options(&root);
        let (live, _) = LiveSite::build(&opts, QUIET).unwrap();
        // The open data tables follow the first build in the background.
        live.wait_for_background();
        Session { _dir: dir, root, opts, live }
    }

    fn fixture(name: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        harness::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
        Session::start(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Rewrites a file with `edit` and updates; the file must change.
    fn edit(&mut self, rel: &str, edit: impl FnOnce(&str) -> String) -> Rebuild {
        let path = self.path(rel);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let new = edit(&old);
        assert_ne!(old, new, "the edit of {rel} changed nothing");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, new).unwrap();
        self.live.update(&[path], false, QUIET).unwrap_or_else(|e| panic!("update after editing {rel}: {e:#}"))
    }

    fn remove(&mut self, rel: &str) -> Rebuild {
        let path = self.path(rel);
        std::fs::remove_file(&path).unwrap();
        self.live.update(&[path], false, QUIET).unwrap()
    }

    /// The served folder equals a full build of the content as it is now.
    fn assert_same_as_full_build(&self, after: &str) {
        // Background jobs (the open data tables) first; the full build makes everything itself.
        self.live.wait_for_background();
        let full = BuildOptions { out: self.root.join("full"), ..self.opts.clone() };
        jianbao::site::build(&full, QUIET).unwrap();
        let (served, built) = (read_tree(&self.opts.out), read_tree(&full.out));
        let names = |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&served), names(&built), "after {after}: not the same files");
        for (path, bytes) in &built {
            assert!(served[path] == *bytes, "after {after}: {path} differs from a full build");
        }
    }
}

/// Replaces the first line starting with `key` (front matter keys are at line start).
fn set_line(text: &str, key: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(key) {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn rendered(r: &Rebuild) -> Vec<&str> {
    r.rendered.iter().map(String::as_str).collect()
}

#[test]
fn an_edit_re_renders_the_report_its_entities_and_lists_not_unrelated_pages() {
    let mut s = Session::fixture("valid");
    let r = s.edit("content/reports/danxian-nongye.md", |t| t.replacen("title: ", "title: 修订：", 1));
    assert!(!r.full && r.patched, "{}", r.describe());
    let pages = rendered(&r);
    for page in ["reports/danxian-nongye/index.html", "reports/index.html", "index.html", "timeline/index.html"] {
        assert!(pages.contains(&page), "{page} not re-rendered: {pages:?}");
    }
    // Its entities' pages show its card.
    let site = s.live.site();
    let report = site.reports.iter().find(|r| r.slug == "danxian-nongye").unwrap();
    for &e in &report.entities {
        let page = format!("{}index.html", site.entities[e].path());
        assert!(pages.contains(&page.as_str()), "{page} not re-rendered: {pages:?}");
    }
    // Entities it does not name are left alone.
    let unrelated: Vec<String> = site
        .entities
        .iter()
        .enumerate()
        .filter(|(id, e)| !report.entities.contains(id) && !e.reports.is_empty())
        .map(|(_, e)| format!("{}index.html", e.path()))
        .collect();
    assert!(!unrelated.is_empty());
    for page in &unrelated {
        assert!(!pages.contains(&page.as_str()), "{page} re-rendered for an unrelated edit");
    }
    assert!(r.rendered_count < r.pages);
    assert!(r.written >= 1 && r.written <= r.rendered_count + 3, "{}", r.describe());
    s.assert_same_as_full_build("a title edit");
}

#[test]
fn fixture_edits_of_every_kind_match_a_full_build() {
    let mut s = Session::fixture("valid");
    let report = "content/reports/jinchuan-huigu.md";
    s.edit(report, |t| t.replacen("三年来", "三年多来", 1));
    s.assert_same_as_full_build("a body edit");
    let r = s.edit(report, |t| set_line(t, "date:", "date: \"2015-06-01\""));
    assert!(r.patched, "{}", r.describe());
    s.assert_same_as_full_build("a date edit that reorders the reports");
    let r = s.edit(report, |t| set_line(t, "people:", "people: [苟华, 屈礼章, 新人甲]"));
    assert!(r.patched, "{}", r.describe());
    s.assert_same_as_full_build("a new person");
    s.edit(report, |t| set_line(t, "people:", "people: [苟华]"));
    s.assert_same_as_full_build("people removed");
    s.edit(report, |t| {
        t.replacen("events:\n", "events:\n  - date: \"2017-03-04\"\n    text: 新增的事件\n    people: [新人乙]\n", 1)
    });
    s.assert_same_as_full_build("a new event naming a new person");
    let r = s.edit("content/reports/new-report.md", |_| {
        "---\ntitle: 新报告\ndate: \"2020-02-02\"\ncounties: [金川县]\n---\n金川县的新报告。\n".into()
    });
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("a new report");
    let r = s.remove("content/reports/danxian-nongye.md");
    assert!(!r.removed.is_empty(), "{}", r.describe());
    s.assert_same_as_full_build("a removed report");
    let r = s.edit("content/counties/jinchuan-xian.md", |t| t.trim_end().to_string() + "\n\n编者补充的说明。\n");
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("an entity description");
    // Entity pages as ingest writes and removes them for the editors' desk: no full build.
    let r = s.edit("content/people/zhang-dongsheng.md", |t| set_line(t, "aliases:", "aliases: [东升同志, 苟华]"));
    assert!(!r.full, "an alias moves the reports naming it, not every page: {}", r.describe());
    s.assert_same_as_full_build("an alias that a report names");
    let r = s.edit("content/people/zhang-dongsheng.md", |t| set_line(t, "aliases:", "aliases: [东升同志]"));
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("the alias taken back");
    let r = s.edit("content/people/gou-hua.md", |_| "---\nname: 苟华\nroles: [县长]\n---\n".into());
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("a new entity page for a name reports give");
    let r = s.remove("content/people/gou-hua.md");
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("an entity page removed while reports name it");
    let r = s.edit("content/programs/xin-xiangmu.md", |_| "---\nname: 无人提及的项目\n---\n".into());
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("a new entity page no report names");
    let r = s.remove("content/programs/xin-xiangmu.md");
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("an entity page no report names removed");
    let r = s.edit("content/people/wang-wu.md", |t| set_line(t, "name:", "name: 王五一"));
    assert!(!r.full, "a renamed entity re-renders the reports naming either name: {}", r.describe());
    s.assert_same_as_full_build("a renamed entity");
    let r = s.edit("static/style.css", |_| "body { color: #222; }\n".into());
    assert!(!r.full && r.rendered_count == 0 && r.written == 1, "a stylesheet is copied: {}", r.describe());
    s.assert_same_as_full_build("a stylesheet");
    let r = s.edit("templates/404.html", |_| {
        "{% extends \"base.html\" %}{% block content %}没有{% endblock content %}".into()
    });
    assert!(r.full, "{}", r.describe());
    s.assert_same_as_full_build("a template");
}

#[test]
fn a_report_moved_to_a_new_slug_with_its_old_address_matches_a_full_build() {
    let mut s = Session::fixture("valid");
    let report = "content/reports/jinchuan-huigu.md";
    // A new slug in the page: the report's address moves, the file stays.
    let r = s.edit(report, |t| t.replacen("---\n", "---\nslug: jinchuan-huigu-2018\n", 1));
    assert!(!r.full && !r.patched, "{}", r.describe());
    assert!(s.path("served/reports/jinchuan-huigu-2018/index.html").is_file());
    s.assert_same_as_full_build("a new slug");
    // The old address listed: a full build writes its redirect page.
    let r = s.edit(report, |t| {
        t.replacen(
            "slug: jinchuan-huigu-2018\n",
            "slug: jinchuan-huigu-2018\nredirect_from: [/reports/jinchuan-huigu/]\n",
            1,
        )
    });
    assert!(r.full, "{}", r.describe());
    let redirect = std::fs::read_to_string(s.path("served/reports/jinchuan-huigu/index.html")).unwrap();
    assert!(redirect.contains("url=/reports/jinchuan-huigu-2018/"), "{redirect}");
    s.assert_same_as_full_build("an old address listed");
    // Edits that leave the addresses alone are still patches, and keep the redirect page
    // (and out of the sitemap when a new date rewrites it).
    let r = s.edit(report, |t| t.replacen("三年来", "三年多来", 1));
    assert!(r.patched, "{}", r.describe());
    let r = s.edit(report, |t| set_line(t, "date:", "date: \"2015-06-01\""));
    assert!(r.patched, "{}", r.describe());
    s.assert_same_as_full_build("a body and a date edit of the moved report");
    let sitemap = std::fs::read_to_string(s.path("served/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/reports/jinchuan-huigu/<"), "{sitemap}");
    // The old address dropped again: its page goes.
    let r = s.edit(report, |t| t.replacen("redirect_from: [/reports/jinchuan-huigu/]\n", "", 1));
    assert!(r.full, "{}", r.describe());
    assert!(!s.path("served/reports/jinchuan-huigu/index.html").exists());
    s.assert_same_as_full_build("the old address dropped");
}

#[test]
fn the_markup_fixture_edited_matches_a_full_build() {
    // Markup in titles, bodies and events, and a report that opts into raw HTML.
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    harness::copy_tree(&fixtures.join("valid"), dir.path());
    harness::copy_tree(&fixtures.join("script"), dir.path());
    let mut s = Session::start(dir);
    let r = s.edit("content/reports/xss.md", |t| t.replacen("title: ", "title: <b>改</b>", 1));
    assert!(!r.full, "{}", r.describe());
    s.assert_same_as_full_build("a title with markup");
    s.edit("content/reports/raw.md", |t| t.trim_end().to_string() + "\n\n<em>新段落</em>\n");
    s.assert_same_as_full_build("raw HTML added");
}

#[test]
fn a_failed_update_changes_nothing_and_the_fix_recovers() {
    let mut s = Session::fixture("valid");
    let before = read_tree(&s.opts.out);
    let path = s.path("content/reports/jinchuan-huigu.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replacen("title: ", "title: [broken", 1)).unwrap();
    assert!(s.live.update(std::slice::from_ref(&path), false, QUIET).is_err());
    std::fs::write(s.path("content/reports/lizhou-jingzhun-fupin.md"), {
        let t = std::fs::read_to_string(s.path("content/reports/lizhou-jingzhun-fupin.md")).unwrap();
        t.replacen("title: ", "title: 另一处修改", 1)
    })
    .unwrap();
    // Another save: the broken file is read again, so the error stays.
    let other = s.path("content/reports/lizhou-jingzhun-fupin.md");
    assert!(s.live.update(&[other], false, QUIET).is_err());
    assert!(read_tree(&s.opts.out) == before, "a failed update wrote to the served folder");
    // A link to nowhere is refused the same way.
    std::fs::write(&path, good.replacen("三年来", "三年来[坏链接](/no/such/page/)", 1)).unwrap();
    let err = s.live.update(std::slice::from_ref(&path), false, QUIET).unwrap_err().to_string();
    assert!(err.contains("broken internal link"), "{err}");
    // The same with a new person, whom the graph then has to forget.
    let with_person = good.replacen("people: [", "people: [未来人, ", 1);
    std::fs::write(&path, with_person.replacen("三年来", "三年来[坏链接](/no/such/page/)", 1)).unwrap();
    assert!(s.live.update(std::slice::from_ref(&path), false, QUIET).is_err());
    assert!(read_tree(&s.opts.out) == before, "a failed update wrote to the served folder");
    std::fs::write(&path, &good).unwrap();
    s.live.update(&[path], false, QUIET).unwrap();
    s.assert_same_as_full_build("a fix");
    assert!(!s.live.site().entities.iter().any(|e| e.name == "未来人"));
}

/// Tiny deterministic generator for the edit sequence.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn generated_corpus_edits_match_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    gen_corpus::generate(120, &corpus);
    let site = tempfile::tempdir().unwrap();
    harness::copy_tree(&corpus.join("site"), site.path());
    let mut s = Session::start(site);
    assert!(jianbao::site::views::timeline_split(s.live.site()), "the corpus should split its timeline");
    let mut rng = Lcg(7);
    for step in 0..14 {
        let rel = loop {
            let rel = format!("content/reports/r{:06}.md", rng.below(120));
            if s.path(&rel).exists() {
                break rel;
            }
        };
        let what = match step % 7 {
            0 => {
                let r =
                    s.edit(&rel, |t| t.replacen("title: ", "title: 更正", 1).replacen("\n---\n", "\n---\n补记。", 1));
                assert!(r.patched, "a title and body edit patches the graph: {}", r.describe());
                "a title and the body"
            }
            1 => {
                let year = 2015 + rng.below(6);
                let r = s.edit(&rel, |t| set_line(t, "date:", &format!("date: \"{year}-07-0{}\"", 1 + step % 9)));
                assert!(r.patched, "a new date moves the report within the graph: {}", r.describe());
                "a date"
            }
            2 => {
                let r = s.edit(&rel, |t| t.replacen("people: [", "people: [编者新增, ", 1));
                assert!(r.patched, "a new person is added to the graph: {}", r.describe());
                "a new person"
            }
            3 => {
                s.edit(&rel, |t| {
                    t.replacen("events:\n", "events:\n  - date: \"2019-01\"\n    text: 补充事件\n    counties: []\n", 1)
                });
                "a new event"
            }
            4 => {
                let r = s.remove(&rel);
                assert!(!r.full, "{}", r.describe());
                "a removed report"
            }
            5 => {
                s.edit(&format!("content/reports/z-new-{step}.md"), |_| {
                    "---\ntitle: 新增报告\ndate: \"2018-05-05\"\npeople: [编者新增]\n---\n正文。\n".into()
                });
                "a new report"
            }
            6 => {
                // The first person goes (a patch when they are named elsewhere too).
                s.edit(&rel, |t| {
                    let line = t.lines().find(|l| l.starts_with("people: [")).unwrap().to_string();
                    let rest = line.split_once(", ").map_or("people: []".to_string(), |(_, r)| format!("people: [{r}"));
                    t.replacen(&line, &rest, 1)
                });
                "a person dropped"
            }
            _ => unreachable!(),
        };
        s.assert_same_as_full_build(&format!("step {step}: {what} in {rel}"));
    }
}

/// `serve`'s first build answers pages before it has written them: asked while the build
/// waits on its own thread before rendering anything (the output folder still empty), every
/// page and static file is answered with exactly the bytes the build then writes; a file that
/// is no page (the sitemap, made last; a path the site does not have) is answered only once the
/// build is done, and then from disk (`None`); and the served folder is a full build's.
#[test]
fn first_pages_are_answered_before_they_are_written_with_the_bytes_written() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(40, &dir.path().join("corpus"));
    let root = dir.path().canonicalize().unwrap().join("corpus/site");
    let opts = served_options(&root);
    let slot: Arc<OnceLock<FirstPages>> = Arc::default();
    let early = Arc::new(Mutex::new(Early::default()));
    let (first_slot, first_early, out) = (slot.clone(), early.clone(), opts.out.clone());
    // On the build's thread, before it renders any page.
    let first = FirstPages::new(move || first_early.lock().unwrap().ask(first_slot.get().unwrap(), &out));
    assert!(slot.set(first.clone()).is_ok());
    let (live, _) = LiveSite::build_serving(&opts, QUIET, Some(&first), &Default::default()).unwrap();
    assert!(first.is_done(), "the first pages are done when the build returns");
    let early = std::mem::take(&mut *early.lock().unwrap());
    assert!(early.out_was_empty, "the output folder had files before the build rendered any");
    assert_eq!(early.answers.len(), 7, "the first pages were not asked for");
    // The open data job writes (temporary files, then renames) beside the pages meanwhile.
    live.wait_for_background();
    let served = read_tree(&opts.out);
    for (path, bytes) in &early.answers {
        let bytes = bytes.as_ref().unwrap_or_else(|| panic!("{path} was not answered during the build"));
        assert!(served.get(path) == Some(bytes), "{path}: answered during the build unlike the file written");
    }
    for wait in early.waiting {
        let (answer, done) = wait.join().unwrap();
        assert!(answer.is_none() && done, "a file that is no page was answered before the build was done");
    }
    assert!(first.file(&["index.html".into()]).is_none(), "after the build, files come from disk");
    let full = BuildOptions { out: root.join("full"), ..opts.clone() };
    jianbao::site::build(&full, QUIET).unwrap();
    assert!(read_tree(&opts.out) == read_tree(&full.out), "the served folder differs from a full build");
}

/// What the first pages answered while the build had written nothing.
#[derive(Default)]
struct Early {
    out_was_empty: bool,
    answers: Vec<(String, Option<Vec<u8>>)>,
    /// Threads asking for files that are no page.
    waiting: Vec<Waiting>,
}

/// A thread asking the first pages for a file: its answer, and whether the build was done.
type Waiting = std::thread::JoinHandle<(Option<(usize, Vec<u8>)>, bool)>;

impl Early {
    fn ask(&mut self, first: &FirstPages, out: &Path) {
        self.out_was_empty = std::fs::read_dir(out).map_or(true, |mut d| d.next().is_none());
        let pages = ["index.html", "reports/index.html", "reports/r000003/index.html", "404.html", "style.css"];
        for path in pages.into_iter().chain(["search/index.html", "timeline/index.html"]) {
            self.answers.push((path.to_string(), first.file(&[path.to_string()]).map(|(_, bytes)| bytes)));
        }
        for path in ["sitemap.xml", "no/such/page/index.html"] {
            let first = first.clone();
            self.waiting.push(std::thread::spawn(move || (first.file(&[path.to_string()]), first.is_done())));
        }
    }
}

/// A date edit that moves a report from the top of the list to its end leaves the report-list
/// pages between to follow the reload (`Following`): until they are written, each is answered
/// as it is now (not as the stale file on disk), and once written the files are those answers
/// and the served folder is a full build's.
#[test]
fn list_pages_a_date_edit_leaves_to_follow_are_answered_as_they_are_now() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(300, &dir.path().join("corpus"));
    let site = tempfile::tempdir().unwrap();
    harness::copy_tree(&dir.path().join("corpus/site"), site.path());
    let root = site.path().canonicalize().unwrap();
    let opts = served_options(&root);
    let following = Following::default();
    let (live, _) = LiveSite::build_serving(&opts, QUIET, None, &following).unwrap();
    live.wait_for_background();
    let mut s = Session { _dir: site, root, opts, live };
    let newest = format!("content/reports/{}.md", s.live.site().reports[0].slug);
    let lists: Vec<String> = (1..=6)
        .map(|n| if n == 1 { "reports/index.html".into() } else { format!("reports/page/{n}/index.html") })
        .collect();
    assert!(s.path("served").join(&lists[5]).is_file(), "300 reports make 6 list pages");
    let held = hold_background();
    let r = s.edit(&newest, |t| set_line(t, "date:", "date: \"1999-01-01\""));
    assert!(r.patched && r.deferred >= 4, "the list pages between follow: {}", r.describe());
    assert!(following.any(), "pages are stale while the background is held");
    let mut answers = Vec::new();
    for list in &lists {
        let on_disk = std::fs::read(s.path("served").join(list)).unwrap();
        match following.file(list) {
            Some(now) => {
                assert!(now != on_disk, "{list}: stale, yet answered with the file on disk");
                answers.push((list, now));
            }
            None => answers.push((list, on_disk)),
        }
    }
    drop(held);
    s.live.wait_for_background();
    assert!(!following.any(), "every stale page was written");
    for (list, answer) in &answers {
        assert!(std::fs::read(s.path("served").join(list)).unwrap() == *answer, "{list}: written unlike answered");
    }
    s.assert_same_as_full_build("a date edit moving the newest report to the end");
}

/// Open data and feed jobs requested while one runs are merged into one next run
/// (`background::Job::merge`): with the background held, every edit's job after the first
/// queues behind it. A patch's feeds (the sitemap then listing the files of that moment)
/// merged with a full rebuild's job or the other way round, a rebuild merged with a body edit,
/// and an edit adding pages merged with one removing them, must still leave the sitemap, the
/// Atom feed, robots.txt and the open data tables of a full build.
#[test]
fn merged_background_jobs_leave_the_feeds_and_tables_of_a_full_build() {
    let mut s = Session::fixture("valid");
    let report = "content/reports/jinchuan-huigu.md";
    let person = "content/people/wang-wu.md";
    // A pinned slug moving the person's page: a full rebuild.
    let pin =
        |slug: &'static str| move |_: &str| format!("---\nname: 王五\nslug: {slug}\nroles: [村党支部书记]\n---\n");
    let removed = std::fs::read_to_string(s.path("content/reports/danxian-nongye.md")).unwrap();
    let sequences: [(&str, Vec<Step>); 5] = [
        (
            "a patch listing the files, then a full rebuild moving a page",
            vec![
                Step::Body("三年来", "三年多来"),
                Step::Person("新人甲"),
                Step::Edit(person, Box::new(pin("wang-wu-a"))),
            ],
        ),
        (
            "a full rebuild moving a page, then a patch listing the files",
            vec![
                Step::Body("三年多来", "三年来"),
                Step::Edit(person, Box::new(pin("wang-wu-b"))),
                Step::Person("新人乙"),
            ],
        ),
        (
            "a full rebuild, then a body edit (the Atom feed only)",
            vec![
                Step::Body("三年来", "三年多来"),
                Step::Edit(person, Box::new(pin("wang-wu-c"))),
                Step::Body("三年多来", "三年来"),
            ],
        ),
        (
            "an edit adding a page, then one removing another",
            vec![
                Step::Body("三年来", "三年多来"),
                Step::Edit("content/reports/new-report.md", Box::new(|_: &str| NEW_REPORT.to_string())),
                Step::Remove("content/reports/danxian-nongye.md"),
            ],
        ),
        (
            "an edit removing a page, then one adding another",
            vec![
                Step::Body("三年多来", "三年来"),
                Step::Remove("content/reports/new-report.md"),
                Step::Edit("content/reports/danxian-nongye.md", Box::new(move |_: &str| removed)),
            ],
        ),
    ];
    for (what, steps) in sequences {
        let held = hold_background();
        let mut full = false;
        for step in steps {
            let r = match step {
                Step::Body(from, to) => s.edit(report, |t| t.replacen(from, to, 1)),
                Step::Person(name) => s.edit(report, |t| set_line(t, "people:", &format!("people: [苟华, {name}]"))),
                Step::Edit(rel, edit) => s.edit(rel, edit),
                Step::Remove(rel) => s.remove(rel),
            };
            full |= r.full;
        }
        assert_eq!(full, what.contains("full rebuild"), "{what}");
        drop(held);
        s.assert_same_as_full_build(what);
    }
    // The last sequences added and removed pages: the sitemap lists those there, not the gone.
    let sitemap = std::fs::read_to_string(s.path("served/sitemap.xml")).unwrap();
    assert!(sitemap.contains("/reports/danxian-nongye/") && !sitemap.contains("/reports/new-report/"), "{sitemap}");
    assert!(sitemap.contains("/people/wang-wu-c/") && !sitemap.contains("/people/wang-wu/<"), "{sitemap}");
}

const NEW_REPORT: &str = "---\ntitle: 新报告\ndate: \"2020-02-02\"\ncounties: [金川县]\n---\n金川县的新报告。\n";

/// One edit of `merged_background_jobs_leave_the_feeds_and_tables_of_a_full_build`.
enum Step {
    /// Text of the report's body replaced (a patch; the Atom feed only).
    Body(&'static str, &'static str),
    /// The report's people set to 苟华 and a new name (a patch adding a page).
    Person(&'static str),
    Edit(&'static str, Box<dyn FnOnce(&str) -> String>),
    Remove(&'static str),
}
