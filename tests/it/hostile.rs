//! Hostile input and hard stops: ingest on any bytes, processes killed at random moments, a
//! disk that fills up. What must hold each time: no panic, nothing written outside the
//! folders a command owns, the previous site and content intact, and the next run succeeds.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use proptest::prelude::*;

use crate::gen_corpus;
use crate::harness::{self, TestDir, jianbao, read_tree};

/// Seed texts to mutate: the shipped seeds, which look like what ingest usually reads.
fn shipped_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<_> = std::fs::read_dir(harness::seeds_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    seeds.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// A seed with a few bytes overwritten, a stretch cut out and a stretch doubled.
fn mutated(seed: &[u8], edits: &[(usize, u8)], cut: (usize, usize)) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for &(at, b) in edits {
        let n = bytes.len();
        bytes[at % n] = b;
    }
    let (a, len) = (cut.0 % bytes.len(), cut.1 % 400);
    let end = (a + len).min(bytes.len());
    let doubled = bytes[a..end].to_vec();
    bytes.splice(a..a, doubled);
    bytes.drain(a / 2..a / 2 + (end - a).min(a / 2));
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes, as text, a saved page or MHTML: extraction returns, and every article's
    /// front matter reads back as written (`jianbao::fuzzing::seed` asserts it).
    #[test]
    fn ingest_reads_any_bytes_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..3000), kind in 0usize..3) {
        let name = ["x.txt", "x.html", "x.mhtml"][kind];
        jianbao::fuzzing::seed(name, &bytes);
    }

    /// Seeds damaged in place: bytes overwritten (broken UTF-8 and GBK), stretches doubled
    /// and cut, read as text and as a saved page.
    #[test]
    fn ingest_reads_damaged_seeds_without_panicking(
        which in 0usize..5,
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 0..12),
        cut in (any::<usize>(), any::<usize>()),
        as_page in any::<bool>(),
    ) {
        let seeds = shipped_seeds();
        let bytes = mutated(&seeds[which % seeds.len()], &edits, cut);
        jianbao::fuzzing::seed(if as_page { "x.html" } else { "x.txt" }, &bytes);
    }
}

/// Everything under `root` but content/ and ingest's cache, by path.
fn outside_content(root: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(root).into_iter().filter(|(p, _)| !p.starts_with("content/") && !p.starts_with(".jianbao/")).collect()
}

#[test]
fn ingest_of_hostile_seeds_writes_only_inside_content_and_never_panics() {
    let dir = TestDir::new();
    let seeds = shipped_seeds();
    dir.write("seeds/good.txt", &seeds[0]);
    dir.write("seeds/empty.txt", b"");
    dir.write("seeds/nul.txt", &[0u8; 64]);
    dir.write("seeds/bad-utf8.txt", &mutated(&seeds[1], &[(10, 0xff), (11, 0xfe), (300, 0x80)], (500, 200)));
    dir.write("seeds/page.html", b"<html><body><h1>\xe6\x9f\x90\xe5\x8e\xbf</h1><p>../../../etc/passwd</p><script>");
    dir.write("seeds/traversal title.txt", "../../../x\n发布时间:2019-01-01\n../../y/z 正文.\n".as_bytes());
    dir.write("seeds/deep.html", &"<div>".repeat(20_000).into_bytes());
    let before = outside_content(dir.path());
    let run = jianbao(dir.path(), &["ingest", "--quiet"]);
    assert_ne!(run.status.code(), Some(101), "a panic:\n{}", run.stderr);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(outside_content(dir.path()) == before, "ingest wrote outside content/ and its cache");
    for (path, bytes) in read_tree(&dir.path().join("content")) {
        if path.starts_with("reports/") {
            let text = String::from_utf8(bytes).expect("pages are UTF-8");
            jianbao::frontmatter::parse::<jianbao::frontmatter::ReportFront>(&path, &text).expect("pages parse");
        }
    }
    assert!(jianbao(dir.path(), &["ingest", "--check", "--quiet"]).status.success(), "a second ingest agrees");
}

/// A run of `jianbao ARGS` in `cwd` killed (SIGKILL) after `after`, or left to finish.
fn killed_after(cwd: &Path, args: &[&str], after: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
}

/// A small xorshift for kill moments: the same moments on every run of the suite.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// How long `jianbao ARGS` takes here, in ms: kill moments spread over the whole run.
fn duration_ms(cwd: &Path, args: &[&str]) -> u64 {
    let started = std::time::Instant::now();
    assert!(jianbao(cwd, args).status.success());
    started.elapsed().as_millis() as u64
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new() {
    let dir = TestDir::new();
    gen_corpus::generate(150, &dir.path().join("corpus"));
    let site = dir.path().join("corpus/site");
    jianbao(&site, &["build", "--quiet"]);
    let old = read_tree(&site.join("public"));
    // The new site: one report retitled, one removed.
    let retitled = site.join("content/reports/r000003.md");
    let page = std::fs::read_to_string(&retitled).unwrap();
    std::fs::write(&retitled, page.replacen("title: ", "title: 改过的标题", 1)).unwrap();
    std::fs::remove_file(site.join("content/reports/r000007.md")).unwrap();
    let took = duration_ms(&site, &["build", "--quiet"]);
    let new = read_tree(&site.join("public"));
    assert!(old != new, "the edit changes the site");
    let mut moments = Moments(0x9e3779b97f4a7c15);
    for round in 0..8 {
        // Back to the old site, then a build of the new content killed at a random moment.
        restore_tree(&site.join("public"), &old);
        killed_after(&site, &["build", "--quiet"], Duration::from_millis(moments.next_ms(took + took / 4)));
        let after = read_tree(&site.join("public"));
        assert!(after == old || after == new, "round {round}: public/ is neither the old site nor the new");
        let run = jianbao(&site, &["build", "--quiet"]);
        assert!(run.status.success(), "round {round}: the next build: {}", run.stderr);
        assert!(read_tree(&site.join("public")) == new, "round {round}: the next build gives the new site");
    }
}

/// Makes `dir` hold exactly `tree`.
fn restore_tree(dir: &Path, tree: &std::collections::BTreeMap<String, Vec<u8>>) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, bytes) in tree {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

#[test]
fn an_ingest_killed_at_any_moment_leaves_every_page_old_or_new() {
    let dir = TestDir::new();
    gen_corpus::generate(60, &dir.path().join("corpus"));
    let root = dir.path().join("corpus");
    let args = ["ingest", "--quiet", "--content", "ingested"];
    let took = duration_ms(&root, &args);
    let old = read_tree(&root.join("ingested"));
    // New seeds: every fifth one says 扶贫 where it said 脱贫.
    for i in (0..60).step_by(5) {
        let seed = root.join(format!("seeds/{i:06}.txt"));
        let text = std::fs::read_to_string(&seed).unwrap();
        std::fs::write(&seed, text.replace("脱贫", "扶贫")).unwrap();
    }
    let took = took.max(duration_ms(&root, &args));
    let new = read_tree(&root.join("ingested"));
    assert!(old != new, "the new seeds change the pages");
    let mut moments = Moments(0x2545f4914f6cdd1d);
    for round in 0..8 {
        restore_tree(&root.join("ingested"), &old);
        killed_after(&root, &args, Duration::from_millis(moments.next_ms(took)));
        for (path, bytes) in read_tree(&root.join("ingested")) {
            let known = old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
            // A kill between a page's temporary file and its rename leaves the hidden `.x.md.tmp`
            // (no page reads it); the next ingest must not leave it (the equality below).
            let interrupted = path.rsplit('/').next().is_some_and(|name| name.starts_with('.') && name.ends_with(".tmp"));
            assert!(
                known || interrupted || path.ends_with(".ingest-hashes"),
                "round {round}: {path} is neither old nor new"
            );
        }
        let run = jianbao(&root, &args);
        assert!(run.status.success(), "round {round}: the next ingest: {}", run.stderr);
        assert!(read_tree(&root.join("ingested")) == new, "round {round}: the next ingest gives the new pages");
    }
}

/// Runs `jianbao ARGS` with files limited to `limit` bytes (a full disk, as the process sees
/// it: writing past the limit fails with EFBIG instead of killing the process).
#[cfg(unix)]
fn with_file_limit(cwd: &Path, args: &[&str], limit: u64) -> harness::Output {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_jianbao"));
    command.current_dir(cwd).args(args);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rlim = libc::rlimit { rlim_cur: limit, rlim_max: limit };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = command.output().unwrap();
    harness::Output { status: out.status, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

#[cfg(unix)]
#[test]
fn a_full_disk_fails_with_one_line_and_leaves_site_and_content_intact() {
    let dir = TestDir::new();
    gen_corpus::generate(60, &dir.path().join("corpus"));
    let site = dir.path().join("corpus/site");
    let first = jianbao(&site, &["build", "--quiet"]);
    assert!(first.status.success(), "{}", first.stderr);
    let public = read_tree(&site.join("public"));
    let content = read_tree(&site.join("content"));
    let page = site.join("content/reports/r000001.md");
    std::fs::write(&page, std::fs::read_to_string(&page).unwrap().replacen("title: ", "title: 新", 1)).unwrap();
    let edited = read_tree(&site.join("content"));
    let run = with_file_limit(&site, &["build", "--quiet"], 2048);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("public") || errors[0].contains(".jianbao"), "names what it could not write: {}", errors[0]);
    assert!(read_tree(&site.join("public")) == public, "the previous site is intact");
    assert!(read_tree(&site.join("content")) == edited && edited != content);
    assert!(jianbao(&site, &["build", "--quiet"]).status.success(), "the next build succeeds");

    // Ingest with the same limit: content as it was, the next ingest succeeds.
    let root = dir.path().join("corpus");
    let args = ["ingest", "--quiet", "--content", "ingested"];
    assert!(jianbao(&root, &args).status.success());
    let ingested = read_tree(&root.join("ingested"));
    std::fs::write(root.join("seeds/000002.txt"), "新的标题\n新的正文,很长的一段话。".repeat(400)).unwrap();
    let run = with_file_limit(&root, &args, 4096);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error: ")).count(), 1, "{}", run.stderr);
    let stopped = read_tree(&root.join("ingested"));
    assert!(jianbao(&root, &args).status.success(), "the next ingest succeeds");
    let new = read_tree(&root.join("ingested"));
    for (path, bytes) in stopped {
        let known = ingested.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
        assert!(known || path.ends_with(".ingest-hashes"), "{path} is neither its old version nor its new");
    }
}

/// Serve under abuse: idle half-sent requests, a huge body, a huge path and a live-reload
/// reader that never reads. Through all of it the site keeps answering other readers.
#[test]
fn serve_keeps_answering_through_idle_connections_huge_requests_and_a_reader_that_never_reads() {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use crate::harness::{Events, TestServer, get, hand_made_site};
    use jianbao::serve::reload::Message;

    let site = hand_made_site();
    let server = TestServer::start(&site.root);
    let answers = |what: &str| {
        let res = get(server.addr, "/reports/a/");
        assert_eq!(res.status, 200, "{what}: another reader is still served");
    };
    // Slowloris: 200 connections that send half a request and wait.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
            s
        })
        .collect();
    answers("200 idle connections");
    // A body of a gigabyte announced, 4 MB of it sent: answered without reading it all.
    let mut big = TcpStream::connect(server.addr).unwrap();
    big.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    big.write_all(b"POST /reports/a/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n\r\n").unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..64 {
        if big.write_all(&chunk).is_err() {
            break; // the server closed the connection: also a fine answer
        }
    }
    let mut head = [0u8; 12];
    if big.read_exact(&mut head).is_ok() {
        let status = String::from_utf8_lossy(&head[9..12]).into_owned();
        assert!(status.starts_with('4'), "a POST with a huge body is refused: {status}");
    }
    answers("a gigabyte body");
    // A path of 100 KB.
    let long = format!("/{}", "a".repeat(100 * 1024));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(format!("GET {long} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes());
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 4"), "a 100 KB path is refused: {}", &reply[..reply.len().min(40)]);
    answers("a 100 KB path");
    // A live-reload reader that never reads, and one that does: messages keep flowing.
    let mut deaf = TcpStream::connect(server.addr).unwrap();
    deaf.write_all(b"GET /__jianbao/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let listening = Events::connect(server.addr);
    server.wait_for_listeners(2, Duration::from_secs(30));
    let long_error = "错误".repeat(20_000);
    for _ in 0..200 {
        server.reloader.send(Message::Error { text: long_error.clone() });
    }
    server.reloader.send(Message::Reload);
    let mut got_reload = false;
    while let Some(message) = listening.next(Duration::from_secs(30)) {
        if message["type"] == "reload" {
            got_reload = true;
            break;
        }
    }
    assert!(got_reload, "a reader that reads gets the last message though another never reads");
    answers("a reader that never reads");
    drop(idle);
}

/// `serve` killed at random moments while it re-ingests a changed seed and rebuilds: every
/// content file is its old or its new version, and the next ingest and serve succeed.
#[test]
fn serve_killed_while_it_reingests_leaves_every_page_old_or_new() {
    use crate::harness::Jianbao;

    let dir = TestDir::new();
    let content = harness::seed_site(dir.path());
    harness::copy_tree(&harness::seeds_dir(), &dir.path().join("seeds"));
    assert!(jianbao(dir.path(), &["ingest", "--quiet"]).status.success());
    let old = read_tree(&content);
    let seed = std::fs::read_dir(dir.path().join("seeds")).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let original = std::fs::read(&seed).unwrap();
    let changed = String::from_utf8_lossy(&original).replace("脱贫", "扶贫").replace("扶贫攻坚", "脱贫攻坚");
    std::fs::write(&seed, &changed).unwrap();
    assert!(jianbao(dir.path(), &["ingest", "--quiet"]).status.success());
    let new = read_tree(&content);
    assert!(old != new, "the changed seed changes its page");
    let mut moments = Moments(0x5851f42d4c957f2d);
    for round in 0..5 {
        std::fs::write(&seed, &original).unwrap();
        restore_tree(&content, &old);
        let mut serve = Jianbao::spawn(&["serve", "--port", "0", "--content", content.to_str().unwrap()]);
        serve.wait_for_url(Duration::from_secs(120));
        std::fs::write(&seed, &changed).unwrap();
        std::thread::sleep(Duration::from_millis(moments.next_ms(4000)));
        let _ = serve.child.kill();
        let _ = serve.child.wait();
        for (path, bytes) in read_tree(&content) {
            let known = old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
            assert!(known || path.ends_with(".ingest-hashes"), "round {round}: {path} is neither old nor new");
        }
        let run = jianbao(dir.path(), &["ingest", "--quiet"]);
        assert!(run.status.success(), "round {round}: the next ingest: {}", run.stderr);
        assert!(read_tree(&content) == new, "round {round}: the next ingest gives the new pages");
    }
}

/// Found by the `seed_mhtml` fuzz target: a page whose title holds C1 control characters was
/// written with them raw, and YAML could not read the page back.
#[test]
fn fuzz_finding_control_characters_in_a_title_are_written_as_escapes() {
    let bytes = include_bytes!("../fixtures/fuzz/mhtml-control-characters-in-title.mhtml");
    assert!(jianbao::fuzzing::seed("x.mhtml", bytes) > 0);
}

/// Ctrl-C during `jianbao build`, once it is rendering: the build stops (exit status 130, as a
/// process ended by SIGINT), `public/` is the previous site byte for byte, and no staging or
/// retired folder is left beside it.
#[test]
fn ctrl_c_during_a_build_keeps_the_previous_site_and_leaves_no_staging() {
    let dir = TestDir::new();
    gen_corpus::generate(1500, &dir.path().join("corpus"));
    let site = dir.path().canonicalize().unwrap().join("corpus/site");
    let first = jianbao(&site, &["build", "--quiet"]);
    assert!(first.status.success(), "{}", first.stderr);
    let old = read_tree(&site.join("public"));
    let retitled = site.join("content/reports/r000003.md");
    let page = std::fs::read_to_string(&retitled).unwrap();
    std::fs::write(&retitled, page.replacen("title: ", "title: 改过的标题", 1)).unwrap();
    let (content, out) = (site.join("content"), site.join("public"));
    let mut build =
        harness::Jianbao::spawn(&["build", "--content", content.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    // The graph is built: the pages are being rendered into the staging folder now.
    let rendering = harness::poll(Duration::from_secs(120), || build.stderr().contains("related "));
    assert!(rendering, "the build did not get to its pages: {}", build.stderr());
    let status = build.interrupt(Duration::from_secs(30)).expect("build did not stop on SIGINT");
    let log = build.stderr();
    assert_eq!(status.code(), Some(130), "the build was to be caught mid-way (make the site bigger):\n{log}");
    assert!(log.contains("stopped (Ctrl-C)"), "{log}");
    assert!(read_tree(&out) == old, "public/ is the previous site");
    let mut names: Vec<String> =
        std::fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["content", "public"], "nothing but the site beside public/");
}
