//! The editors' desk in `serve` (issue 22), through the real binary: each action writes
//! exactly its entry into `corrections.yaml` (the scaffold's comments kept), the served site
//! follows, `ingest --check` agrees afterwards; forged, cross-origin and hostile requests are
//! refused with a message and change nothing; `build` output carries no trace of the desk.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::serve::{Jianbao, Raw, get, raw_request};
use crate::harness::{TestDir, copy_tree, jianbao, poll, read_tree, seeds_dir};

const WAIT: Duration = Duration::from_secs(60);

/// A site made as an editor makes one: `init` (the commented corrections file), the seeds,
/// `ingest`. Returns its root.
fn editors_site(dir: &TestDir) -> PathBuf {
    let root = dir.path().canonicalize().unwrap();
    assert!(jianbao(&root, &["--quiet", "init"]).status.success());
    copy_tree(&seeds_dir(), &root.join("seeds"));
    assert!(jianbao(&root, &["--quiet", "ingest"]).status.success());
    root
}

struct Served {
    serve: Jianbao,
    addr: SocketAddr,
    token: String,
}

fn serve(root: &Path, extra: &[&str]) -> Served {
    let content = root.join("content");
    let mut args = vec!["serve", "--content", content.to_str().unwrap(), "--port", "0"];
    args.extend(extra);
    let serve = Jianbao::spawn(&args);
    let url = serve.wait_for_url(WAIT);
    let addr: SocketAddr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let page = get(addr, "/").text();
    let token = page.split("data-desk-token=\"").nth(1).map(|t| t[..32].to_string()).unwrap_or_default();
    Served { serve, addr, token }
}

impl Served {
    fn host(&self) -> String {
        self.addr.to_string()
    }

    /// A POST as the desk's script sends it, with `headers` replaced where given.
    fn post(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Raw {
        let host = self.host();
        let origin = format!("http://{host}");
        let mut all: Vec<(&str, &str)> = vec![
            ("Host", &host),
            ("Origin", &origin),
            ("X-Desk-Token", &self.token),
            ("Content-Type", "application/json"),
        ];
        for (name, value) in headers {
            all.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            if !value.is_empty() {
                all.push((name, value));
            }
        }
        let body = body.to_string();
        let mut req = format!("POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (n, v) in all {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(&body);
        raw_request(self.addr, req.as_bytes())
    }

    fn act(&self, body: Value) -> Raw {
        self.post("/_desk/action", &body, &[])
    }

    fn get(&self, target: &str) -> Raw {
        let req = format!("GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host());
        raw_request(self.addr, req.as_bytes())
    }

    fn report(&self, slug: &str) -> Value {
        serde_json::from_slice(&self.get(&format!("/_desk/report?path=/reports/{slug}/")).body).unwrap()
    }
}

fn message(raw: &Raw) -> String {
    serde_json::from_slice::<Value>(&raw.body)
        .map(|v| v["message"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// A report with people, and its slug.
fn report_with_people(root: &Path) -> (String, String) {
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(root.join("content/reports")).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    pages
        .into_iter()
        .find_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let people = text.lines().find_map(|l| l.strip_prefix("people: ["))?;
            let first = people.split([',', ']']).next()?.trim().to_string();
            (!first.is_empty()).then(|| (p.file_stem().unwrap().to_string_lossy().into_owned(), first))
        })
        .expect("a seed report names a person")
}

/// The report page (slug and text) of a corrections key (`seed` or `seed#N`).
fn slug_of_key(root: &Path, key: &str) -> Option<(String, String)> {
    let (seed, part) = match key.rsplit_once('#') {
        Some((seed, n)) => (seed, Some(n)),
        None => (key, None),
    };
    std::fs::read_dir(root.join("content/reports")).ok()?.flatten().find_map(|e| {
        let text = std::fs::read_to_string(e.path()).ok()?;
        let front = jianbao::frontmatter::parse::<jianbao::frontmatter::ReportFront>("r", &text).ok()?.front;
        let same = front.seed.as_deref() == Some(seed) && front.part.map(|n| n.to_string()).as_deref() == part;
        same.then(|| (e.path().file_stem().unwrap().to_string_lossy().into_owned(), text))
    })
}

fn corrections(root: &Path) -> String {
    std::fs::read_to_string(root.join("content/corrections.yaml")).unwrap()
}

/// Reject, fix a title, add, merge and undo, as an editor clicks; after each the file holds
/// the scaffold's text plus exactly that entry, the served page follows, and the content is
/// what a fresh `ingest` writes.
#[test]
fn each_action_writes_its_entry_and_the_site_follows() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let scaffold = corrections(&root);
    let (slug, person) = report_with_people(&root);
    let s = serve(&root, &[]);
    assert_eq!(s.token.len(), 32, "the page carries the desk's token");
    let key = s.report(&slug)["key"].as_str().unwrap().to_string();

    let raw = s.act(json!({"action": "reject", "kind": "people", "name": person}));
    assert_eq!(raw.status, 200, "{}", raw.text());
    assert_eq!(corrections(&root), format!("{scaffold}\nreject:\n  people:\n    - \"{person}\"\n"));
    let gone = poll(WAIT, || !s.report(&slug)["people"].as_array().unwrap().iter().any(|p| p == &json!(person)));
    assert!(gone, "ingest did not follow the rejection:\n{}", s.serve.stderr());

    let title = "编辑台改正的标题: #1";
    let raw = s.act(json!({"action": "fix", "report": key, "field": "title", "value": title}));
    assert_eq!(raw.status, 200, "{}", raw.text());
    let quoted = serde_json::to_string(&key).unwrap();
    let with_title = format!(
        "{scaffold}\nreject:\n  people:\n    - \"{person}\"\n\nreports:\n  {quoted}:\n    title: \"{title}\"\n"
    );
    assert_eq!(corrections(&root), with_title);
    // A new title may give the page a new slug: it is found again by its seed.
    let mut slug = slug;
    let renamed = poll(WAIT, || match slug_of_key(&root, &key) {
        Some((found, text)) if text.contains("编辑台改正的标题") => {
            slug = found;
            true
        }
        _ => false,
    });
    assert!(renamed, "ingest did not follow the title:\n{}", s.serve.stderr());
    assert!(
        poll(WAIT, || s.get(&format!("/reports/{slug}/")).text().contains("编辑台改正的标题")),
        "{}",
        s.serve.stderr()
    );

    let raw = s.act(json!({"action": "add", "report": key, "kind": "people", "name": "赵小红"}));
    assert_eq!(raw.status, 200, "{}", raw.text());
    assert!(
        corrections(&root)
            .ends_with(&format!("    title: \"{title}\"\n    add:\n      people:\n        - \"赵小红\"\n"))
    );
    assert!(poll(WAIT, || s.report(&slug)["people"].as_array().unwrap().contains(&json!("赵小红"))));

    let raw = s.post("/_desk/undo", &json!({}), &[]);
    assert_eq!(raw.status, 200, "{}", raw.text());
    assert_eq!(corrections(&root), with_title, "undo puts the file back byte for byte");
    assert!(poll(WAIT, || !s.report(&slug)["people"].as_array().unwrap().contains(&json!("赵小红"))));

    let mut serve = s.serve;
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    let check = jianbao(&root, &["--quiet", "ingest", "--check"]);
    assert!(check.status.success(), "the content is what a fresh ingest writes: {}", check.stderr);
}

/// Forged, cross-origin and hostile requests; a hand edit between two clicks; a malformed
/// or read-only file.
#[test]
fn forged_and_hostile_requests_change_nothing() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let scaffold = corrections(&root);
    let s = serve(&root, &[]);
    review_page_agrees_with_check(&root, &s);
    let reject = |name: &str| json!({"action": "reject", "kind": "people", "name": name});
    let evil = format!("http://evil.example:{}", s.addr.port());
    for (headers, why) in [
        (vec![("X-Desk-Token", "")], "no token"),
        (vec![("X-Desk-Token", "0123456789abcdef0123456789abcdef")], "wrong token"),
        (vec![("Origin", evil.as_str())], "another origin"),
        (vec![("Origin", "")], "no origin"),
        (vec![("Host", "evil.example")], "another host (DNS rebinding)"),
        (vec![("Sec-Fetch-Site", "cross-site")], "a cross-site fetch"),
        (vec![("Content-Type", "text/plain")], "a form post"),
    ] {
        let raw = s.post("/_desk/action", &reject("甲"), &headers);
        assert!(raw.status >= 400, "{why}: {}", raw.status);
        assert!(!message(&raw).is_empty(), "{why}: a message");
        assert_eq!(corrections(&root), scaffold, "{why}");
    }
    assert_eq!(s.post("/_desk/undo", &json!({}), &[("X-Desk-Token", "")]).status, 403);
    let rebound =
        raw_request(s.addr, b"GET /_desk/desk.js HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(rebound.status, 403);
    assert_eq!(get(s.addr, "/_desk/action").status, 405, "actions are POST only");

    for name in ["a\nb", "  ", "x\u{2028}y"] {
        let raw = s.act(reject(name));
        assert_eq!(raw.status, 409, "{name:?}: {}", raw.text());
        assert_eq!(corrections(&root), scaffold);
    }
    let hostile = ["\"引号\"", "冒号: 值", "井号 #注释", "&anchor", "*alias", "<script>alert(1)</script>", "'单引号'"];
    for name in hostile {
        assert_eq!(s.act(reject(name)).status, 200, "{name}");
    }
    let text = corrections(&root);
    assert!(text.starts_with(&scaffold));
    let value: Value = jianbao::frontmatter::parse_yaml("corrections.yaml", &text).unwrap();
    let listed: Vec<&str> = value["reject"]["people"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(listed, hostile);

    // A hand edit between two clicks is kept; undo then refuses to go past it.
    let by_hand = text.replace("reject:\n", "reject:  # 手工加的注释\n");
    std::fs::write(root.join("content/corrections.yaml"), &by_hand).unwrap();
    assert_eq!(s.act(reject("乙")).status, 200);
    assert_eq!(corrections(&root), format!("{by_hand}    - \"乙\"\n"));
    assert_eq!(s.post("/_desk/undo", &json!({}), &[]).status, 200);
    let refused = s.post("/_desk/undo", &json!({}), &[]);
    assert_eq!(refused.status, 409);
    assert!(message(&refused).contains("手工"), "{}", message(&refused));
    assert_eq!(corrections(&root), by_hand);

    // A malformed file is never overwritten; the message names its line.
    let broken = format!("{by_hand}merge: {{people: [\n");
    std::fs::write(root.join("content/corrections.yaml"), &broken).unwrap();
    let raw = s.act(reject("丙"));
    assert_eq!(raw.status, 409);
    assert!(message(&raw).contains("corrections.yaml:"), "{}", message(&raw));
    assert_eq!(corrections(&root), broken);
}

/// `/_desk/` counts what `jianbao check` lists, and links the entity pages it names.
fn review_page_agrees_with_check(root: &Path, s: &Served) {
    let check = jianbao(root, &["check"]);
    let summary = check.stderr.lines().filter(|l| l.contains("duplicate(s)")).find_map(|l| l.split("review: ").nth(1));
    let summary = summary.unwrap_or("").to_string();
    let total: usize = summary.split(", ").filter_map(|part| part.split(' ').next()?.parse::<usize>().ok()).sum();
    let page = s.get("/_desk/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains(&format!("还有 {total} 项待处理")), "{summary}\n{html}");
    if total > 0 {
        assert!(html.contains("<a href=\"/"), "{html}");
    }
    assert!(html.contains("data-desk-token"), "the review page carries the desk's script");
}

/// `/_desk/` answers from what the last ingest left: loading it twice reads no seed (serve
/// says when it has to), and after a desk action that settles an item the page shows it gone,
/// the count one less, and the stale correction at its new line.
#[test]
fn the_review_page_reads_no_seed_and_follows_the_desk() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let file = root.join("content/corrections.yaml");
    std::fs::write(&file, corrections(&root) + "reject:\n  people:\n    - 无此人\n").unwrap();
    assert!(jianbao(&root, &["--quiet", "ingest"]).status.success());
    let s = serve(&root, &[]);
    let stale_line = |text: &str| text.lines().position(|l| l.contains("无此人")).unwrap() + 1;
    let line = stale_line(&corrections(&root));
    for _ in 0..2 {
        let html = s.get("/_desk/").text();
        assert!(html.contains("还有 4 项待处理"), "3 likely duplicates and 1 stale correction:\n{html}");
        assert!(html.contains(&format!("corrections.yaml:{line}: no report names 无此人")), "{html}");
    }
    let (short, full) = ("社会组织集成攻坚扶贫模式", "社会组织集成攻坚扶贫创新模式");
    let raw = s.act(json!({"action": "merge", "kind": "programs", "name": short, "target": full}));
    assert_eq!(raw.status, 200, "{}", raw.text());
    let line = stale_line(&corrections(&root));
    let settled = || {
        let html = s.get("/_desk/").text();
        html.contains("还有 3 项待处理")
            && !html.contains("shehui-zuzhi-jicheng-gongjian-fupin-moshi.md")
            && html.contains(&format!("corrections.yaml:{line}: no report names 无此人"))
    };
    assert!(poll(WAIT, settled), "{}\n{}", s.get("/_desk/").text(), s.serve.stderr());
    let log = s.serve.stderr();
    assert!(!log.contains("reading every seed"), "a load of /_desk/ extracted the seeds:\n{log}");
    assert!(!log.contains("seeds or corrections changed"), "a whole ingest ran:\n{log}");
    assert_eq!(log.matches("of the seeds again").count(), 1, "{log}");
}

/// `serve` on an address other than loopback has no desk unless `--desk` is passed.
#[test]
fn no_desk_off_loopback_without_the_flag() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let s = serve(&root, &["--bind", "0.0.0.0"]);
    assert!(s.token.is_empty(), "no token in pages");
    assert!(!get(s.addr, "/").text().contains("_desk"));
    assert_eq!(s.get("/_desk/desk.js").status, 404);
    let raw = s.post("/_desk/action", &json!({"action": "reject", "kind": "people", "name": "甲"}), &[]);
    assert!(raw.status == 404 || raw.status == 405, "{}", raw.status);
}

/// `build` output is the same bytes before and after a desk session that ended where it
/// began (an action, then its undo), and holds no trace of the desk.
#[test]
fn build_output_has_no_trace_of_the_desk() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    assert!(jianbao(&root, &["--quiet", "build"]).status.success());
    let before = read_tree(&root.join("public"));
    for (path, bytes) in &before {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("_desk") && !text.contains("desk-token"), "{path} mentions the desk");
    }
    let s = serve(&root, &[]);
    let (_, person) = report_with_people(&root);
    assert_eq!(s.act(json!({"action": "reject", "kind": "people", "name": person})).status, 200);
    assert_eq!(s.post("/_desk/undo", &json!({}), &[]).status, 200);
    let mut serve = s.serve;
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    assert!(jianbao(&root, &["--quiet", "ingest"]).status.success());
    assert!(jianbao(&root, &["--quiet", "build"]).status.success());
    assert!(read_tree(&root.join("public")) == before, "build output changed after a desk session");
}

/// The desk as an editor uses it in Chromium, on the seed report that names two forms of one
/// program: reject a person with one click, merge the short form into the full one, fix the
/// title (the page follows the report to its new address), mark a selected phrase as a
/// person, undo it. After each the file holds exactly that entry and the reloaded page shows
/// it; afterwards `ingest --check` agrees with the content serve's re-ingests left.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn an_editor_at_the_desk_in_chromium() {
    let mut browser = crate::harness::chromium::browser("an_editor_at_the_desk_in_chromium");
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let scaffold = corrections(&root);
    let (short, full) = ("社会组织集成攻坚扶贫模式", "社会组织集成攻坚扶贫创新模式");
    let slug = report_naming(&root, short);
    let s = serve(&root, &[]);
    let url = |slug: &str| format!("http://{}/reports/{slug}/", s.addr);
    browser.goto(&url(&slug));
    let panel = "!!document.getElementById('jianbao-desk')";
    browser.wait_until(panel, WAIT).unwrap();
    browser.assert_no_errors("report page with the desk");
    let key = s.report(&slug)["key"].as_str().unwrap().to_string();
    let names = |b: &mut crate::harness::chromium::Browser, kind: &str| -> Vec<String> {
        let expr =
            format!("[...document.querySelectorAll('ul[aria-label=\"{kind}\"] .desk-name')].map(e => e.textContent)");
        serde_json::from_value(b.eval(&expr).unwrap()).unwrap_or_default()
    };

    // Merge the short form into the full one: type the name, Enter.
    browser.mark_document();
    let input = format!("input[aria-label=\"{short} 与哪个名称相同\"]");
    browser.type_into(&input, full).unwrap();
    browser.press_enter().unwrap();
    browser.wait_for_new_document(WAIT).unwrap();
    browser.wait_until(panel, WAIT).unwrap();
    let merged = format!("{scaffold}\nmerge:\n  programs:\n    \"{short}\": \"{full}\"\n");
    assert_eq!(corrections(&root), merged);
    assert!(poll(WAIT, || !names(&mut browser, "项目").contains(&short.to_string())), "{}", s.serve.stderr());

    // Reject a person, if the report names one, with one click.
    let people = names(&mut browser, "人物");
    let mut expected = merged.clone();
    if let Some(person) = people.first() {
        browser.mark_document();
        browser.click(&format!("button[aria-label=\"不是人物：{person}\"]")).unwrap();
        browser.wait_for_new_document(WAIT).unwrap();
        browser.wait_until(panel, WAIT).unwrap();
        expected = format!(
            "{scaffold}\nreject:\n  people:\n    - \"{person}\"\n\nmerge:\n  programs:\n    \"{short}\": \"{full}\"\n"
        );
        assert_eq!(corrections(&root), expected);
        assert!(!names(&mut browser, "人物").contains(person));
    }

    // Fix the title: the report moves to its new slug and the page follows it there.
    browser.eval("document.getElementById('desk-title').value = ''").unwrap();
    browser.type_into("#desk-title", "编辑台改正的标题").unwrap();
    browser.press_enter().unwrap();
    let quoted = serde_json::to_string(&key).unwrap();
    let titled = format!("{expected}\nreports:\n  {quoted}:\n    title: \"编辑台改正的标题\"\n");
    assert!(poll(WAIT, || corrections(&root) == titled), "{}", corrections(&root));
    browser
        .wait_until("document.title.includes('编辑台改正的标题') && !!document.getElementById('jianbao-desk')", WAIT)
        .unwrap();

    // Select a phrase of the body and mark it as a person.
    let phrase: String = browser
        .eval("(() => { const p = [...document.querySelectorAll('main p')].find(p => !p.closest('#jianbao-desk') && /[\\u4e00-\\u9fff]{4}/.test(p.textContent)); const m = p.textContent.match(/[\\u4e00-\\u9fff]{3}/); const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT); let n; while ((n = walker.nextNode())) { const i = n.data.indexOf(m[0]); if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 3); const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); return m[0]; } } return ''; })()")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(phrase.chars().count(), 3);
    browser.mark_document();
    browser.click("button[aria-label=\"把选中的文字标为人物\"]").unwrap();
    let added = format!("{titled}    add:\n      people:\n        - \"{phrase}\"\n");
    assert!(poll(WAIT, || corrections(&root) == added), "{}", corrections(&root));
    browser.wait_for_new_document(WAIT).unwrap();
    browser.wait_until(panel, WAIT).unwrap();
    assert!(poll(WAIT, || names(&mut browser, "人物").contains(&phrase)));

    // Undo: the file as before the add, and the page without the name.
    browser.mark_document();
    browser.click("button[aria-label=\"撤销上一步（编辑台）\"]").unwrap();
    assert!(poll(WAIT, || corrections(&root) == titled), "{}", corrections(&root));
    browser.wait_for_new_document(WAIT).unwrap();
    browser.wait_until(panel, WAIT).unwrap();
    assert!(!names(&mut browser, "人物").contains(&phrase));
    // The only errors: the old address, gone once the title moved the report (the reload
    // that lands there follows the report to its new one).
    let old = format!("/reports/{slug}/");
    let escaped = format!("%2Freports%2F{slug}%2F");
    let errors = browser.errors();
    assert!(errors.iter().all(|e| e.contains("404") && (e.contains(&old) || e.contains(&escaped))), "{errors:#?}");

    let mut serve = s.serve;
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    let check = jianbao(&root, &["--quiet", "ingest", "--check"]);
    assert!(check.status.success(), "the content is what a fresh ingest writes: {}", check.stderr);
}

/// The slug of the report whose programs include `name`.
fn report_naming(root: &Path, name: &str) -> String {
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(root.join("content/reports")).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    let page = pages
        .into_iter()
        .find(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines().any(|l| l.starts_with("programs: [") && l.split([',', '[', ']']).any(|n| n.trim() == name))
        })
        .expect("a seed report names the program");
    page.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Every desk action re-ingests only the seeds it touches (serve says how many), and leaves
/// `content/` exactly as a whole `ingest` from the command line would: on the seed site with
/// a reprint of one seed added, a date fixed on the printing that holds the page (the copy
/// group is read again and the other printing takes the page over), a person removed from
/// one report, two people merged, one rejected, an undo. Afterwards `build` of that content
/// and of a fresh ingest are the same bytes.
#[test]
fn each_action_reingests_only_its_seeds_with_the_result_of_a_whole_ingest() {
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let seeds = root.join("seeds");
    let mut names: Vec<String> =
        std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    std::fs::copy(seeds.join(&names[1]), seeds.join("zz_reprint.txt")).unwrap();
    assert!(jianbao(&root, &["--quiet", "ingest"]).status.success());
    let (holder_slug, holder) = slug_of_key(&root, &names[1]).expect("the first printing holds the page");
    assert!(holder.contains("- seed: zz_reprint.txt"), "the reprint is folded in:\n{holder}");
    let total = names.len() + 1;

    let s = serve(&root, &[]);
    let mut done = 0;
    let mut act = |body: Value, most: usize| {
        let raw = if body.is_null() { s.post("/_desk/undo", &json!({}), &[]) } else { s.act(body.clone()) };
        assert_eq!(raw.status, 200, "{body}: {}", raw.text());
        done += 1;
        let ran = poll(WAIT, || s.serve.stderr().matches("of the seeds again").count() == done);
        assert!(ran, "{body}: no scoped ingest:\n{}", s.serve.stderr());
        let log = s.serve.stderr();
        let last = log.lines().rfind(|l| l.contains("of the seeds again")).unwrap();
        let read: usize = last.split("ingest: ").nth(1).and_then(|r| r.split(' ').next()?.parse().ok()).unwrap();
        assert!((1..=most).contains(&read) && read < total, "{body}: {read} of {total} seeds read again: {last}");
        assert!(
            !s.serve.stderr().contains("seeds or corrections changed"),
            "a whole ingest ran:\n{}",
            s.serve.stderr()
        );
        same_as_a_whole_ingest(&root, &body.to_string());
    };

    // The holder's date made later than its reprint's: the reprint holds the report now.
    act(json!({"action": "fix", "report": names[1], "field": "date", "value": "2030-01-01"}), 2);
    let moved = slug_of_key(&root, "zz_reprint.txt").expect("the reprint holds the page now");
    assert_eq!(moved.0, holder_slug, "the report keeps its address");

    let (slug, person) = report_with_people(&root);
    let key = s.report(&slug)["key"].as_str().unwrap().to_string();
    let others: Vec<String> =
        s.report(&slug)["people"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().into()).collect();
    act(json!({"action": "remove", "report": key, "kind": "people", "name": person}), total - 1);
    let (a, b) = (others[1].clone(), others.last().unwrap().clone());
    assert_ne!(a, b, "the report names three people or more");
    act(json!({"action": "merge", "kind": "people", "name": a, "target": b}), total - 1);
    act(json!({"action": "reject", "kind": "people", "name": b}), total - 1);
    act(Value::Null, total - 1);

    let mut serve = s.serve;
    assert!(serve.interrupt(Duration::from_secs(10)).expect("serve stops").success());
    let fresh = TestDir::new();
    copy_tree(&root, fresh.path());
    assert!(jianbao(fresh.path(), &["--quiet", "ingest"]).status.success());
    assert!(jianbao(fresh.path(), &["--quiet", "build"]).status.success());
    assert!(jianbao(&root, &["--quiet", "build"]).status.success());
    assert!(read_tree(&root.join("public")) == read_tree(&fresh.path().join("public")), "builds differ");
}

/// `content/` of `root` is what a whole `ingest` writes for its seeds and corrections.
fn same_as_a_whole_ingest(root: &Path, after: &str) {
    let fresh = TestDir::new();
    copy_tree(root, fresh.path());
    let out = jianbao(fresh.path(), &["--quiet", "ingest"]);
    assert!(out.status.success(), "{}", out.stderr);
    let (ours, whole) = (read_tree(&root.join("content")), read_tree(&fresh.path().join("content")));
    let differ: std::collections::BTreeSet<&String> =
        ours.keys().chain(whole.keys()).filter(|k| ours.get(*k) != whole.get(*k)).collect();
    assert!(differ.is_empty(), "after {after}: the desk's ingest and a whole one differ in {differ:?}");
}

/// What Lighthouse's accessibility audits check that matters for the desk, in Chromium (the
/// project runs no Lighthouse in its tests; see the README): `lang="zh-CN"`; every control
/// of the panel and of `/_desk/` has an accessible name in Chinese that contains its visible
/// text; Tab reaches every control in document order (no positive `tabindex`), each showing
/// a focus outline; text and the error message have a contrast of at least 4.5:1.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn the_desk_is_usable_by_keyboard_and_labelled_in_chinese() {
    let mut browser = crate::harness::chromium::browser("the_desk_is_usable_by_keyboard_and_labelled_in_chinese");
    let dir = TestDir::new();
    let root = editors_site(&dir);
    let (slug, _) = report_with_people(&root);
    let s = serve(&root, &[]);
    browser.goto(&format!("http://{}/reports/{slug}/", s.addr));
    browser.wait_until("!!document.getElementById('jianbao-desk')", WAIT).unwrap();
    // An error message shown, so that its colour is measured too.
    browser.click("button[aria-label=\"把选中的文字标为人物\"]").unwrap();
    browser.wait_until("document.getElementById('desk-status').className === 'desk-error'", WAIT).unwrap();
    let panel = audit(&mut browser, "#jianbao-desk");
    assert!(panel.controls >= 10, "the panel's controls: {}", panel.controls);

    // Tab from the top of the page: every control of the panel in document order, each with
    // a visible focus outline.
    let focusable = "[...document.querySelectorAll('#jianbao-desk :is(a[href], button, input, select, textarea)')]";
    let count = browser.eval(&format!("{focusable}.length")).unwrap().as_u64().unwrap() as usize;
    // A fresh load, so that sequential focus starts at the top of the page.
    browser.goto(&format!("http://{}/reports/{slug}/", s.addr));
    browser.wait_until("!!document.getElementById('jianbao-desk')", WAIT).unwrap();
    let mut seen = Vec::new();
    for _ in 0..400 {
        browser.press_tab().unwrap();
        let at = browser
            .eval(&format!(
                "(() => {{ const e = document.activeElement; const i = {focusable}.indexOf(e); if (i < 0) return -1; \
                 const st = getComputedStyle(e); \
                 return (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) ? i : -2; }})()"
            ))
            .unwrap()
            .as_i64()
            .unwrap();
        assert_ne!(at, -2, "control {} of the panel has no visible focus", seen.len());
        if at >= 0 {
            seen.push(at as usize);
        } else if !seen.is_empty() {
            break;
        }
    }
    assert_eq!(seen, (0..count).collect::<Vec<_>>(), "Tab order through the panel");
    assert_eq!(
        browser
            .eval("document.querySelectorAll('[tabindex]:not([tabindex=\"-1\"]):not([tabindex=\"0\"])').length")
            .unwrap(),
        json!(0)
    );

    browser.goto(&format!("http://{}/_desk/", s.addr));
    browser.wait_until("document.readyState === 'complete'", WAIT).unwrap();
    audit(&mut browser, "main");
    browser.assert_no_errors("the desk's pages");
}

/// The audit of one part of the page: the findings fail the test; returns what was checked.
struct Audited {
    controls: usize,
}

fn audit(browser: &mut crate::harness::chromium::Browser, root: &str) -> Audited {
    let script = r#"((root) => {
      const out = { problems: [], controls: 0 };
      const han = /[\u4e00-\u9fff]/;
      if (document.documentElement.lang !== 'zh-CN') out.problems.push('lang: ' + document.documentElement.lang);
      const scope = document.querySelector(root);
      if (!scope) { out.problems.push('no ' + root); return out; }
      const name = (e) => {
        if (e.getAttribute('aria-label')) return e.getAttribute('aria-label');
        if (e.labels && e.labels.length) return e.labels[0].textContent;
        return e.textContent;
      };
      for (const e of scope.querySelectorAll('a[href], button, input, select, textarea')) {
        out.controls++;
        const n = (name(e) || '').trim(), shown = (e.textContent || '').trim();
        if (!n) out.problems.push('no accessible name: ' + e.outerHTML.slice(0, 80));
        else if (!han.test(n)) out.problems.push('name not in Chinese: ' + n);
        if (shown && !n.includes(shown)) out.problems.push('name "' + n + '" lacks its visible text "' + shown + '"');
      }
      const rgb = (c) => { const m = c.match(/[\d.]+/g) || []; return m.map(Number); };
      const lum = (c) => { const v = rgb(c).slice(0, 3).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                           return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const background = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; const a = rgb(c)[3];
                                   if (a === undefined || a > 0.5) return c; } return 'rgb(255, 255, 255)'; };
      for (const e of scope.querySelectorAll('*')) {
        const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || getComputedStyle(e).visibility === 'hidden') continue;
        const [l1, l2] = [lum(getComputedStyle(e).color), lum(background(e))];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < 4.5) out.problems.push('contrast ' + ratio.toFixed(2) + ': ' + e.tagName + ' ' + e.textContent.trim().slice(0, 20));
      }
      return out;
    })"#;
    let found = browser.eval(&format!("{script}({})", serde_json::to_string(root).unwrap())).unwrap();
    let problems: Vec<String> = serde_json::from_value(found["problems"].clone()).unwrap();
    assert!(problems.is_empty(), "{root}: {problems:#?}");
    Audited { controls: found["controls"].as_u64().unwrap() as usize }
}
