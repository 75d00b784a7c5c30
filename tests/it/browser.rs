//! Live reload in a real browser: headless Chromium driven over the DevTools protocol
//! (see `harness/chromium.rs`). Skips with a printed reason when Chromium is missing, unless
//! `CI` is set, where a missing browser fails.

use std::fs;
use std::time::{Duration, Instant};

use crate::harness;
use crate::harness::chromium::{self, Browser};
use crate::harness::{TestServer, hand_made_site};
use jianbao::serve::reload::Message;

const TEN_SECONDS: Duration = Duration::from_secs(10);

/// The hand-made site through the serve HTTP stack and live-reload machinery (no build):
/// an edit on disk plus a reload broadcast shows in the open page within 2 s; a CSS change
/// swaps the stylesheet without reloading; a build error shows as an escaped overlay that a
/// page opened later also gets, and that the next good build clears.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn live_reload_in_chromium() {
    let mut browser = chromium::browser("live_reload_in_chromium");
    let site = hand_made_site();
    let server = TestServer::start(&site.root);

    browser.goto(&server.url("/"));
    assert_eq!(title(&mut browser), "简报 首页");
    assert_eq!(browser.eval("window.__jianbaoLiveReload").unwrap(), true);
    server.wait_for_listeners(1, TEN_SECONDS);

    // 1. An edited page, then `reload`.
    let index = site.root.join("index.html");
    let edited = fs::read_to_string(&index).unwrap().replace("简报 首页", "改过的标题");
    fs::write(&index, edited).unwrap();
    let saved = Instant::now();
    server.reloader.send(Message::Reload);
    browser.wait_until("document.getElementById('title')?.textContent === '改过的标题'", TEN_SECONDS).unwrap();
    assert!(saved.elapsed() < TEN_SECONDS, "took {:?}", saved.elapsed());

    // 2. A stylesheet change, then `css`: new colour, same document, one <link> left.
    server.wait_for_listeners(1, TEN_SECONDS);
    browser.mark_document();
    // The reloaded page's text can be there before its stylesheet has loaded: wait for both.
    browser
        .wait_until("getComputedStyle(document.getElementById('title')).color === 'rgb(0, 0, 255)'", TEN_SECONDS)
        .unwrap();
    fs::write(site.root.join("style.css"), "h1 { color: rgb(200, 0, 0); }\n").unwrap();
    server.reloader.send(Message::Css);
    browser
        .wait_until(
            "getComputedStyle(document.getElementById('title')).color === 'rgb(200, 0, 0)' \
             && document.querySelectorAll('link[rel=stylesheet]').length === 1",
            TEN_SECONDS,
        )
        .unwrap();
    assert_eq!(
        browser.eval("window.__harnessOldDocument === true").unwrap(),
        true,
        "a CSS-only change reloaded the page"
    );

    // 3. A build error: an overlay whose text is the error, as text.
    let error = "content/reports/a.md:3: bad YAML\n<img src=/nope onerror=\"window.__pwned=1\">";
    server.reloader.send(Message::Error { text: error.into() });
    browser.wait_until(overlay_shows(error).as_str(), TEN_SECONDS).unwrap();
    let injected = browser.eval("document.querySelectorAll('#__jianbao-error img').length").unwrap();
    assert_eq!(injected, 0, "the error text was parsed as HTML");

    // A page opened while the build is broken shows it too.
    browser.goto(&server.url("/reports/a/"));
    browser.wait_until(overlay_shows(error).as_str(), TEN_SECONDS).unwrap();
    server.wait_for_listeners(1, TEN_SECONDS);

    // The next good build: the page reloads and the overlay is gone.
    browser.mark_document();
    server.reloader.send(Message::Reload);
    browser.wait_for_new_document(TEN_SECONDS).unwrap();
    browser.wait_until("!document.getElementById('__jianbao-error')", TEN_SECONDS).unwrap();
    assert_eq!(browser.eval("window.__pwned === undefined").unwrap(), true);

    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// Pages left behind in the back-forward cache close their live-reload stream: otherwise six
/// visited pages hold every connection Chromium allows per host and the next request hangs
/// (seen as a search page stuck on "searching" under `jianbao serve`).
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn live_reload_streams_do_not_pile_up_in_the_back_forward_cache() {
    let mut browser = chromium::browser("live_reload_streams_do_not_pile_up_in_the_back_forward_cache");
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    for i in 0..8 {
        browser.goto(&server.url(if i % 2 == 0 { "/" } else { "/reports/a/" }));
        server.wait_for_listeners(1, TEN_SECONDS);
    }
    // Pages left behind close their streams: one listener stays (waited for, not timed).
    harness::poll(TEN_SECONDS, || server.reloader.listeners() <= 1);
    assert_eq!(server.reloader.listeners(), 1, "streams of pages left behind are still open");
    // Back to a cached page: its stream opens again and reloads still reach it. The stream
    // of the page it leaves may still be counted for a moment, so the reload is sent until
    // the page takes it.
    browser.mark_document();
    browser.eval("history.back()").unwrap();
    browser.wait_until("document.readyState === 'complete' && location.pathname === '/'", TEN_SECONDS).unwrap();
    server.wait_for_listeners(1, TEN_SECONDS);
    browser.mark_document();
    let start = std::time::Instant::now();
    loop {
        server.reloader.send(Message::Reload);
        if browser.wait_for_new_document(Duration::from_millis(500)).is_ok() {
            break;
        }
        assert!(start.elapsed() < TEN_SECONDS, "the page back from the cache never took a reload");
    }
    browser.assert_no_errors("back and forth");
}

/// The "no console errors" assertions mean something: the harness does see a console
/// error, an uncaught exception and a failed load.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn the_harness_sees_console_errors() {
    let mut browser = chromium::browser("the_harness_sees_console_errors");
    let site = hand_made_site();
    fs::write(
        site.root.join("broken.html"),
        "<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"/favicon.svg\">\
         <script src=\"/missing.js\"></script></head><body>\
         <script>console.error('boom'); null.x;</script></body></html>",
    )
    .unwrap();
    let server = TestServer::start(&site.root);
    browser.goto(&server.url("/broken.html"));
    let mut errors = Vec::new();
    harness::poll(TEN_SECONDS, || {
        errors = browser.errors();
        errors.len() >= 3
    });
    let all = errors.join("\n");
    assert!(all.contains("console.error: \"boom\""), "{all}");
    assert!(all.contains("uncaught:"), "{all}");
    assert!(all.contains("missing.js"), "{all}");
}

/// The full session against the seed site, through the real `jianbao` binary: ingest the
/// seeds, `serve` them, click home → county → person → program → timeline → a report, edit
/// that report's title on disk and see the open page show it within 2 s.
#[test]
#[cfg_attr(
    jianbao_no_chromium,
    ignore = "needs Chromium: bash .ci/install-browser.sh, or JIANBAO_CHROMIUM=path; then touch build.rs"
)]
fn seed_site_click_through_and_live_edit() {
    let mut browser = chromium::browser("seed_site_click_through_and_live_edit");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let content = harness::seed_site(root);

    let content_arg = content.to_str().unwrap();
    let mut serve = harness::Jianbao::spawn(&["serve", "--content", content_arg, "--port", "0"]);
    let url = serve.wait_for_url(Duration::from_secs(120));
    browser.goto(&url);
    browser.assert_no_errors("home");

    for (kind, index) in [("counties", "/counties/"), ("people", "/people/"), ("programs", "/programs/")] {
        let item = format!("a[href*='/{kind}/']:not([href$='/{kind}/'])");
        if browser.click_and_wait(&item).is_err() {
            // Not linked from here: through the list page.
            browser.click_and_wait(&format!("a[href$='{index}']")).unwrap_or_else(|e| panic!("no way to {index}: {e}"));
            browser.click_and_wait(&item).unwrap();
        }
        let path = browser.eval("location.pathname").unwrap();
        let path = path.as_str().unwrap();
        assert!(path.starts_with(index) && path.len() > index.len(), "{kind}: landed on {path}");
        browser.assert_no_errors(path);
    }
    browser.click_and_wait("a[href$='/timeline/']").unwrap();
    browser.assert_no_errors("timeline");

    // A report linked from the timeline, then its title edited on disk.
    browser.click_and_wait("a[href*='/reports/']:not([href$='/reports/'])").unwrap();
    let path = browser.eval("location.pathname").unwrap();
    let slug = path.as_str().unwrap().trim_end_matches('/').rsplit('/').next().unwrap().to_string();
    let file = content.join("reports").join(format!("{slug}.md"));
    let page = fs::read_to_string(&file).unwrap();
    let new_title = "改过的报告标题";
    let edited: String = page
        .lines()
        .map(|l| if l.starts_with("title:") { format!("title: {new_title}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    browser.mark_document();
    fs::write(&file, edited + "\n").unwrap();
    let saved = Instant::now();
    browser.wait_until(&format!("document.body.innerText.includes('{new_title}')"), TEN_SECONDS).unwrap();
    assert!(saved.elapsed() < TEN_SECONDS);
    browser.assert_no_errors("edited report");

    // Search works under serve: the index is built in the background after the first build
    // (and again after the edit); the live-reload script is in every page.
    let indexed = harness::poll(Duration::from_secs(60), || serve.stderr().matches("search: indexed").count() >= 2);
    assert!(indexed, "the index was not built: {}", serve.stderr());
    browser.goto(&format!("{url}search/?q=金川"));
    let county_result =
        "[...document.querySelectorAll('.search-link')].some(a => a.getAttribute('href').startsWith('/counties/'))";
    browser.wait_until(county_result, Duration::from_secs(10)).unwrap();
    assert_eq!(browser.eval("window.__jianbaoLiveReload").unwrap(), true);
    browser.assert_no_errors("search under serve");

    let status = serve.interrupt(Duration::from_secs(10)).expect("serve did not stop on SIGINT");
    assert!(status.success(), "serve exited with {status}");
}

fn title(browser: &mut Browser) -> String {
    let v = browser.eval("document.getElementById('title').textContent").unwrap();
    v.as_str().unwrap().to_string()
}

fn overlay_shows(text: &str) -> String {
    format!("document.querySelector('#__jianbao-error pre')?.textContent === {}", serde_json::to_string(text).unwrap())
}
