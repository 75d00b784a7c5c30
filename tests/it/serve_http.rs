//! `serve`'s HTTP side against a hand-made site folder, over raw TCP so that every request
//! target reaches the server exactly as written.

use std::time::Duration;

use crate::harness::{Events, SECRET, TestServer, get, hand_made_site, raw_request, request};
use jianbao::serve::reload::{Message, SCRIPT_TAG};

#[test]
fn no_path_leaves_the_site_root() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    for target in [
        "/../secret", "/../../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/.%2e/secret", "/..%2fsecret",
        "/..%2Fsecret", "/%2e%2e%2fsecret", "/..\\secret", "/..%5csecret", "/reports/../../secret",
        "/reports/%2e%2e/%2e%2e/secret", "/./../secret", "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/passwd",
        "/link-out/secret", "/link-out/", "/link-out", "/leak.html", "/secret%00.html", "http://localhost/../secret",
    ] {
        let res = get(server.addr, target);
        let body = res.text();
        assert_eq!(res.status, 404, "{target}: {body}");
        assert!(!body.contains(SECRET), "{target} served the secret");
        assert!(!body.contains("root:"), "{target} served /etc/passwd");
        assert!(body.contains("找不到页面"), "{target}: not the site's 404 page: {body}");
    }
    // A symlink that stays inside the root is an ordinary file.
    let res = get(server.addr, "/same.css");
    assert_eq!(res.status, 200);
    assert_eq!(res.body, std::fs::read(site.root.join("style.css")).unwrap());
}

#[test]
fn content_types_say_utf8() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/reports/a/", "text/html; charset=utf-8"),
        ("/reports/a/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/mod.wasm", "application/wasm"),
        ("/__jianbao/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let res = get(server.addr, target);
        assert_eq!(res.status, 200, "{target}");
        assert_eq!(res.header("content-type"), Some(content_type), "{target}");
        assert_eq!(res.header("cache-control"), Some("no-store"), "{target}");
    }
    // Percent-encoded UTF-8 names are found.
    std::fs::create_dir_all(site.root.join("县")).unwrap();
    std::fs::write(site.root.join("县/index.html"), "<p>金川县</p>").unwrap();
    let res = get(server.addr, "/%E5%8E%BF/");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("金川县"));
}

#[test]
fn folders_redirect_to_their_slash_and_serve_index_html() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let res = get(server.addr, "/reports/a");
    assert_eq!(res.status, 307);
    assert_eq!(res.header("location"), Some("/reports/a/"));
    let res = get(server.addr, "/reports/a?x=1");
    assert_eq!(res.header("location"), Some("/reports/a/?x=1"));
    // Never a protocol-relative `//host/` location.
    let res = get(server.addr, "//reports//a");
    assert_eq!(res.header("location"), Some("/reports/a/"));

    let res = get(server.addr, "/reports/a/");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("<h1>金川县调研报告</h1>"));
    // A folder without index.html is not listed; a file is not a folder.
    assert_eq!(get(server.addr, "/empty/").status, 404);
    assert_eq!(get(server.addr, "/style.css/").status, 404);
}

#[test]
fn head_has_the_headers_and_no_body() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let full = get(server.addr, "/");
    let head = request(server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sent a body");
    assert_eq!(head.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(head.header("content-length"), Some(full.body.len().to_string().as_str()));
    let missing = request(server.addr, "HEAD", "/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.is_empty());

    let post = request(server.addr, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn missing_pages_get_the_sites_404_page() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let res = get(server.addr, "/reports/nope/");
    assert_eq!(res.status, 404);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(res.text().contains("<h1>找不到页面</h1>"));
    assert!(res.text().contains(SCRIPT_TAG), "404 page should live-reload too");

    // Without a 404.html, still an HTML 404 (which carries the reload script).
    std::fs::remove_file(site.root.join("404.html")).unwrap();
    let res = get(server.addr, "/reports/nope/");
    assert_eq!(res.status, 404);
    assert!(res.text().contains("404 Not Found"));
    assert!(res.text().contains(SCRIPT_TAG));
}

#[test]
fn reload_script_is_injected_in_served_html_only() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let html = get(server.addr, "/").text();
    assert!(html.contains(&format!("{SCRIPT_TAG}</body>")), "script not right before </body>: {html}");
    assert_eq!(html.matches("/__jianbao/").count(), 1);
    // Served bytes are the file plus the tag; the file itself is untouched.
    let on_disk = std::fs::read_to_string(site.root.join("index.html")).unwrap();
    assert!(!on_disk.contains("__jianbao"));
    assert_eq!(html.replace(SCRIPT_TAG, ""), on_disk);
    // Other types come through byte for byte.
    for name in ["style.css", "app.js", "data.json", "feed.xml", "mod.wasm"] {
        let res = get(server.addr, &format!("/{name}"));
        assert_eq!(res.body, std::fs::read(site.root.join(name)).unwrap(), "{name}");
    }
    let script = get(server.addr, "/__jianbao/reload.js").text();
    assert!(script.contains("EventSource(\"/__jianbao/events\")"));
    assert!(script.contains("textContent") && !script.contains("innerHTML ="));
}

#[test]
fn reload_messages_reach_every_page_and_errors_are_replayed() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let first = Events::connect(server.addr);
    server.wait_for_listeners(1, Duration::from_secs(5));
    let wait = Duration::from_secs(5);

    server.reloader.send(Message::Reload);
    assert_eq!(first.next(wait).unwrap()["type"], "reload");
    server.reloader.send(Message::Css);
    assert_eq!(first.next(wait).unwrap()["type"], "css");
    let text = "content/reports/a.md:2: bad YAML\r\n  <script>alert(1)</script>";
    server.reloader.send(Message::Error { text: text.into() });
    let msg = first.next(wait).unwrap();
    assert_eq!(msg["type"], "error");
    assert_eq!(msg["text"], text);

    // A page opened while the build is broken gets the error at once...
    let late = Events::connect(server.addr);
    let msg = late.next(wait).unwrap();
    assert_eq!((msg["type"].as_str(), msg["text"].as_str()), (Some("error"), Some(text)));
    // ...and once a build succeeds, nothing is replayed.
    server.reloader.send(Message::Reload);
    assert_eq!(late.next(wait).unwrap()["type"], "reload");
    let fresh = Events::connect(server.addr);
    server.wait_for_listeners(3, wait);
    assert!(fresh.next(Duration::from_millis(300)).is_none());
}

#[test]
fn a_port_in_use_names_the_address_and_the_flag() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let err = runtime.block_on(jianbao::serve::http::bind(addr)).unwrap_err().to_string();
    assert!(err.contains(&addr.to_string()), "{err}");
    assert!(err.contains("--port"), "{err}");
    assert!(!err.contains('\n'), "{err}");
}

#[test]
fn a_raw_request_with_an_absolute_path_is_refused() {
    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let secret = site.dir.path().canonicalize().unwrap().join("secret");
    let req = format!("GET {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", secret.display());
    let res = raw_request(server.addr, req.as_bytes());
    assert_eq!(res.status, 404);
    assert!(!res.text().contains(SECRET));
}

/// Files on disk that an edit left stale (`serve`'s list pages that follow the reload) are
/// answered with what `Stale` renders, the snippet injected, with the content type of their
/// name; files it does not call stale come from disk, and while nothing is stale it is never
/// asked.
#[test]
fn stale_files_on_disk_are_answered_as_they_are_now() {
    struct Following(std::sync::atomic::AtomicBool, std::sync::Mutex<Vec<String>>);
    impl jianbao::serve::http::Stale for Following {
        fn any(&self) -> bool {
            self.0.load(std::sync::atomic::Ordering::SeqCst)
        }
        fn file(&self, path: &str) -> Option<Vec<u8>> {
            self.1.lock().unwrap().push(path.to_string());
            (path == "reports/a/index.html").then(|| b"<html><body><h1>now</h1></body></html>".to_vec())
        }
    }
    let site = hand_made_site();
    let stale = std::sync::Arc::new(Following(true.into(), Default::default()));
    let answering = stale.clone();
    let server = TestServer::start_files(&site.root, move |files| files.answer_stale_with(answering));
    let page = get(server.addr, "/reports/a/");
    assert_eq!((page.status, page.header("content-type")), (200, Some("text/html; charset=utf-8")));
    assert!(page.text().starts_with("<html><body><h1>now</h1>") && page.text().contains(SCRIPT_TAG), "{}", page.text());
    let home = get(server.addr, "/");
    assert!(home.status == 200 && !home.text().contains("<h1>now</h1>"), "{}", home.text());
    assert_eq!(*stale.1.lock().unwrap(), ["reports/a/index.html", "index.html"]);
    stale.0.store(false, std::sync::atomic::Ordering::SeqCst);
    let page = get(server.addr, "/reports/a/");
    assert!(page.text().contains("金川县调研报告"), "nothing stale: the file on disk");
    assert_eq!(stale.1.lock().unwrap().len(), 2, "asked while nothing was stale");
}

/// Files not on disk yet (`serve`'s first build) are asked of `Unwritten`: a folder URL for its
/// `index.html`, a URL without the slash redirected when that is the file, any other file as
/// it is, with the snippet injected into HTML and the content type of its name; what it does
/// not have is looked for on disk, and what is nowhere is the site's 404. Files on disk are
/// never asked for, and no path can leave the root through it.
#[test]
fn files_not_written_yet_are_asked_for_before_a_404() {
    let site = hand_made_site();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Vec<String>>::new()));
    let log = asked.clone();
    let unwritten: jianbao::serve::http::Unwritten = std::sync::Arc::new(move |paths: &[String]| {
        log.lock().unwrap().push(paths.to_vec());
        let bytes = |p: &str| match p {
            "late/index.html" => Some(b"<html><body><h1>late</h1></body></html>".to_vec()),
            "late.css" => Some(b"p { color: red }".to_vec()),
            _ => None,
        };
        paths.iter().enumerate().find_map(|(i, p)| bytes(p).map(|b| (i, b)))
    });
    let server = TestServer::start_with(&site.root, Some(unwritten));
    let page = get(server.addr, "/late/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().starts_with("<html><body><h1>late</h1>") && page.text().contains(SCRIPT_TAG),
        "{}",
        page.text()
    );
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let moved = get(server.addr, "/late?x=1");
    assert_eq!((moved.status, moved.header("location")), (307, Some("/late/?x=1")));
    let css = get(server.addr, "/late.css");
    assert_eq!((css.status, css.header("content-type")), (200, Some("text/css; charset=utf-8")));
    assert_eq!(css.body, b"p { color: red }");
    let missing = get(server.addr, "/nowhere/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("找不到页面"), "{}", missing.text());
    // On disk: never asked. Outside the root: refused before asking.
    assert_eq!(get(server.addr, "/reports/a/").status, 200);
    assert_eq!(get(server.addr, "/%2e%2e/secret").status, 404);
    let asked = asked.lock().unwrap().clone();
    let expected: Vec<Vec<String>> = vec![
        vec!["late/index.html".into()],
        vec!["late".into(), "late/index.html".into()],
        vec!["late.css".into(), "late.css/index.html".into()],
        vec!["nowhere/index.html".into()],
    ];
    assert_eq!(asked, expected);
}
