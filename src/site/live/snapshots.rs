//! What templates see, pinned as data: every page's context on the seed site (`content/`),
//! one JSON file per page kind under `tests/snapshots/context/` (`site.json` for the `site`
//! value every page gets), compared in `cargo test` and written again with
//! `JIANBAO_BLESS=1 cargo test --lib snapshots`. A change to a view, to the graph or to the
//! seed content shows in the diff of those files.
//!
//! Then the serve-update planner is held to the contexts: after a title edit, a date edit
//! and an edit naming a new person, every page whose context changed (or that is new) must
//! be on the planner's list, both for a patched graph (`plan::patched`) and for a rebuilt
//! one (`plan::affected`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashSet;
use tera::Value;

use super::plan;
use crate::site::body::Bodies;
use crate::site::config::Config;
use crate::site::graph::{self, Graph};
use crate::site::load;
use crate::site::render;
use crate::site::root_of;
use crate::site::views::{self, Page, SiteView, Views};

/// Every top-level name a view puts in a page's context (`site` is the renderer's). The
/// snapshot fails when a context holds a name not listed here, so none goes unpinned.
const CONTEXT_KEYS: [&str; 14] = [
    "meta", "report", "reports", "entity", "entities", "kind", "kinds", "latest", "pager", "timeline", "years",
    "chart", "data", "data_url",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot_dir() -> PathBuf {
    repo().join("tests/snapshots/context")
}

/// The graph of the content in `content` (the site root is its parent), as `serve` keeps it.
fn graph_of(content: &Path) -> Graph {
    let config = Config::load(&root_of(content), None, None).unwrap();
    let loaded = load::load(content, Bodies::Keep).unwrap();
    graph::build(config, &loaded).unwrap()
}

/// The snapshot file a page's context goes to.
fn kind_of(page: Page) -> &'static str {
    match page {
        Page::Home => "home",
        Page::Reports(_) => "report_list",
        Page::Report(_) => "report",
        Page::Entities(..) => "entity_list",
        Page::Entity(_) => "entity",
        Page::Timeline => "timeline",
        Page::TimelineYear(..) => "timeline_year",
        Page::Search => "search",
        Page::Data => "data",
        Page::NotFound => "not_found",
    }
}

/// Every page's context by site path, grouped by kind; the check that the contexts hold no
/// name outside `CONTEXT_KEYS`.
fn contexts(site: &Graph) -> BTreeMap<&'static str, BTreeMap<String, BTreeMap<&'static str, Value>>> {
    let markdown = render::markdown_of(site, false);
    let views = Views::new(site, &markdown);
    let mut kinds: BTreeMap<_, BTreeMap<_, _>> = BTreeMap::new();
    for page in views::pages(site) {
        let mut ctx = views.page(page).unwrap();
        let mut kept = BTreeMap::new();
        for key in CONTEXT_KEYS {
            if let Some(value) = ctx.context.remove(key) {
                kept.insert(key, value);
            }
        }
        assert!(ctx.context == tera::Context::new(), "{}: a name not in CONTEXT_KEYS: {:?}", ctx.path, ctx.context);
        kinds.entry(kind_of(page)).or_default().insert(ctx.path, kept);
    }
    kinds
}

/// Each snapshot file's name and text.
fn snapshot_files(site: &Graph) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> =
        contexts(site).iter().map(|(kind, pages)| (format!("{kind}.json"), pretty(pages))).collect();
    // As `build` renders it, with search on.
    files.insert("site.json".into(), pretty(&SiteView::new(site, true)));
    files
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

/// The first lines where `expected` and `actual` differ, with a few around them.
fn first_differences(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let at = old.iter().zip(&new).position(|(a, b)| a != b).unwrap_or(old.len().min(new.len()));
    let from = at.saturating_sub(2);
    let mut out = format!("first difference at line {}:\n", at + 1);
    for (n, line) in old.iter().enumerate().skip(from).take(8) {
        out.push_str(&format!("  snapshot {:>5} | {line}\n", n + 1));
    }
    for (n, line) in new.iter().enumerate().skip(from).take(8) {
        out.push_str(&format!("  now      {:>5} | {line}\n", n + 1));
    }
    out
}

#[test]
fn template_contexts_match_their_snapshots() {
    let made = snapshot_files(&graph_of(&repo().join("content")));
    let dir = snapshot_dir();
    if std::env::var_os("JIANBAO_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &made {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let stored: BTreeSet<String> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned())).collect())
        .unwrap_or_default();
    let wanted: BTreeSet<String> = made.keys().cloned().collect();
    let bless = "run `JIANBAO_BLESS=1 cargo test --lib snapshots` and review the diff of tests/snapshots/context/";
    assert_eq!(stored, wanted, "the snapshot files are not one per page kind; {bless}");
    let mut failures = Vec::new();
    for (name, text) in &made {
        let old = std::fs::read_to_string(dir.join(name)).unwrap();
        if &old != text {
            failures.push(format!("tests/snapshots/context/{name}: {}", first_differences(&old, text)));
        }
    }
    assert!(failures.is_empty(), "template contexts changed; {bless}\n{}", failures.join("\n"));
}

#[test]
fn first_differences_names_the_line_and_shows_both_sides() {
    let shown = first_differences("a\nb\nc\nd\n", "a\nb\nX\nd\n");
    assert!(shown.starts_with("first difference at line 3:"), "{shown}");
    assert!(shown.contains("snapshot     3 | c") && shown.contains("now          3 | X"), "{shown}");
    let longer = first_differences("a\n", "a\nb\n");
    assert!(longer.starts_with("first difference at line 2:") && longer.contains("now          2 | b"), "{longer}");
}

/// The seed site copied into a temporary folder, so that a report can be edited.
fn seed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let content = dir.path().join("content");
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        let to = content.join(entry.path().strip_prefix(repo().join("content")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    (dir, content)
}

/// The site paths whose context differs between `old` and `new`, or that only `new` has.
fn changed_paths(old: &Graph, new: &Graph) -> BTreeSet<String> {
    let flat =
        |site| -> BTreeMap<String, BTreeMap<&'static str, Value>> { contexts(site).into_values().flatten().collect() };
    let (before, after) = (flat(old), flat(new));
    after.into_iter().filter(|(path, ctx)| before.get(path) != Some(ctx)).map(|(path, _)| path).collect()
}

fn paths_of(site: &Graph, pages: &[Page]) -> BTreeSet<String> {
    pages.iter().map(|&p| views::path_of(site, p)).collect()
}

/// The report the edits change: one with people and events.
const EDITED: &str = "reports/fengqingxian-zhao-wenti-zhao-duice-tuopin-gongjian-zai-fa-li.md";

/// Applies `edit` to the edited report of a copy of the seed site, and checks that both
/// planners list every page whose context changed. Returns how many pages changed.
fn planners_cover(what: &str, edit: impl Fn(&str) -> String) -> usize {
    let (_dir, content) = seed_copy();
    let old = graph_of(&content);
    let path = content.join(EDITED);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "{what}: the edit changed nothing");
    std::fs::write(&path, edited).unwrap();
    let new = graph_of(&content);
    let changed = changed_paths(&old, &new);
    assert!(!changed.is_empty(), "{what}: no context changed");

    // The rebuilt graph compared with the old one.
    let slug = EDITED.trim_start_matches("reports/").trim_end_matches(".md").to_string();
    let reports: FxHashSet<String> = [slug].into_iter().collect();
    let affected = plan::affected(&old, &new, &reports, &[], false);
    assert_eq!(affected.full, None, "{what}: the planner gave up");
    let listed = paths_of(&new, &affected.pages);
    let missed: Vec<&String> = changed.difference(&listed).collect();
    assert!(missed.is_empty(), "{what}: plan::affected left out pages whose context changed: {missed:?}");
    let all = views::pages(&new).len();
    assert!(listed.len() < all, "{what}: plan::affected listed all {all} pages");

    // The old graph patched in place, as `serve` does for one report edited.
    let mut patched = Arc::new(old);
    let page = load::load_report(&path, Bodies::Keep).unwrap();
    let patch = Arc::make_mut(&mut patched).patch_report(&page, true).expect("the edit is a patch");
    let listed = paths_of(&patched, &plan::patched(&patched, &patch));
    let missed: Vec<&String> = changed.difference(&listed).collect();
    assert!(missed.is_empty(), "{what}: plan::patched left out pages whose context changed: {missed:?}");
    assert!(listed.len() < all, "{what}: plan::patched listed all {all} pages");
    changed.len()
}

fn set_line(text: &str, key: &str, line: &str) -> String {
    let old = text.lines().find(|l| l.starts_with(key)).unwrap();
    text.replacen(old, line, 1)
}

#[test]
fn the_planners_list_every_page_whose_context_a_title_edit_changes() {
    let n = planners_cover("a title edit", |t| t.replacen("title: ", "title: 修订：", 1));
    assert!(n >= 3, "the report, its lists and its entities' cards: {n}");
}

#[test]
fn the_planners_list_every_page_whose_context_a_date_edit_changes() {
    let n = planners_cover("a date edit", |t| set_line(t, "date: ", "date: \"2019-05-20\""));
    assert!(n >= 3, "{n}");
}

#[test]
fn the_planners_list_every_page_whose_context_a_new_person_changes() {
    let site = graph_of(&repo().join("content"));
    assert!(site.entities.iter().all(|e| e.name != "王新民"), "the new person is new");
    let n = planners_cover("an edit naming a new person", |t| t.replacen("people: [", "people: [王新民, ", 1));
    assert!(n >= 4, "{n}");
}
