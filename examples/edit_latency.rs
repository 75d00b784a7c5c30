//! Edit-to-served latency of `jianbao serve`, measured from outside over HTTP (a benchmark
//! helper for `bench/run.sh`, not a user command).
//!
//! ```sh
//! edit_latency --bin target/release/jianbao --site /dev/shm/x/site --edits 10 --kind title
//! ```
//!
//! `--log FILE` keeps what serve printed (what each rebuild re-rendered, in how long).
//!
//! Starts `jianbao serve --port 0` on loopback for the site (output under `$TMPDIR`, an empty
//! folder), times its first page (from the start of the process until GETs of the home page
//! and of a report page are answered 200; serve answers pages before its first build has
//! written them) and its first build (until `/sitemap.xml`, written last, is served), and
//! prints them as `first page after X s, whole site after Y s`. Then it edits reports one at a time the way an editor saves a file (one
//! write of the whole file). The clock starts when the write returns and stops when HTTP GETs
//! of both the report's page and its first county's page (which lists the report) answer
//! with the new title; the pages are polled every millisecond. It prints each edit's time,
//! then the median and the worst. Edit kinds: `title` (an editor's typical fix: the title,
//! shown on the report, its entities', list and timeline pages), `date` (the title and the
//! date, which moves the report in every ordering and every list page between its old and new
//! place) and `person` (the title and a person no report named before: a new entity, so the
//! patch adds it, the mention linker is made again and every people-list page after it moves).
//! The clock includes `serve`'s quiet period after a save (5 ms once the file is closed). The
//! site's files are changed: pass a copy.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> Option<Vec<u8>> {
    let mut stream = TcpStream::connect(addr).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    response.starts_with(b"HTTP/1.1 200").then_some(response)
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The first link to a county's page (`href="/counties/x/"`, not the list) on a page.
fn first_county(page: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(page);
    text.match_indices("href=\"/counties/").find_map(|(at, found)| {
        let start = at + "href=\"".len();
        let end = at + found.len() + text[at + found.len()..].find('"')?;
        Some(text[start..end].to_string()).filter(|p| p != "/counties/")
    })
}

struct Serve(Child);

impl Drop for Serve {
    /// Ctrl-C, so serve removes its output folder; killed if it has not stopped in 5 s.
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.0.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut bin, mut site, mut edits, mut kind) = (PathBuf::new(), PathBuf::new(), 10usize, "title".to_string());
    let mut log: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("a value");
        match a.as_str() {
            "--bin" => bin = value().into(),
            "--site" => site = value().into(),
            "--edits" => edits = value().parse().expect("--edits N"),
            "--kind" => kind = value(),
            "--log" => log = Some(value().into()),
            other => panic!("unknown argument {other}"),
        }
    }
    let content = site.join("content");
    let mut reports: Vec<PathBuf> = std::fs::read_dir(content.join("reports"))
        .expect("the site's content/reports")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    reports.sort();

    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--bind", "127.0.0.1", "--content"])
        .arg(&content)
        .stdout(Stdio::piped())
        .stderr(match &log {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("the --log file")),
            None => Stdio::null(),
        })
        .spawn()
        .expect("cannot start jianbao serve");
    let stdout = child.stdout.take().unwrap();
    let serve = Serve(child);
    let started = Instant::now();
    let mut url = String::new();
    for line in BufReader::new(stdout).lines() {
        if let Some(rest) = line.unwrap().strip_prefix("Serving ") {
            url = rest.split_whitespace().next().unwrap().to_string();
            break;
        }
    }
    assert!(!url.is_empty(), "jianbao serve did not start");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let first_report = format!("/reports/{}/", reports[0].file_stem().unwrap().to_string_lossy());
    while get(&addr, "/").is_none() || get(&addr, &first_report).is_none() {
        assert!(started.elapsed() < Duration::from_secs(300), "no first page after 300 s");
        std::thread::sleep(Duration::from_millis(1));
    }
    let first_page = started.elapsed().as_secs_f64();
    // The sitemap is made after every page: serve answers it once the first build is done.
    get(&addr, "/sitemap.xml").expect("the sitemap after the first build");
    let whole = started.elapsed().as_secs_f64();
    println!("first page after {first_page:.2} s, whole site after {whole:.2} s");
    eprintln!("serve at {url}: first page after {first_page:.2} s, whole site after {whole:.2} s");

    let mut times = Vec::new();
    for i in 0..edits {
        let file = &reports[(i * 7919 + 13) % reports.len()];
        let slug = file.file_stem().unwrap().to_string_lossy().to_string();
        let page = format!("/reports/{slug}/");
        let before = get(&addr, &page).expect("the report's page");
        let county = first_county(&before).expect("a county link on the report's page");
        let text = std::fs::read_to_string(file).unwrap();
        // The new title is what the pages are polled for; a `date` edit also moves the report.
        let marker = format!("校订{}-{i}号", std::process::id());
        let mut edited = text.replacen("title: ", &format!("title: {marker}"), 1);
        match kind.as_str() {
            "title" => {}
            "date" => {
                let line = text.lines().find(|l| l.starts_with("date: ")).expect("a date").to_string();
                let date = format!("date: \"20{:02}-0{}-1{}\"", 14 + i % 7, 1 + i % 9, i % 10);
                edited = edited.replacen(&line, &date, 1);
            }
            "person" => {
                let name = format!("新{}人{i}", std::process::id() % 1000);
                edited = edited.replacen("people: [", &format!("people: [{name}, "), 1);
            }
            other => panic!("unknown --kind {other} (title, date or person)"),
        }
        std::fs::write(file, &edited).unwrap();
        let t0 = Instant::now();
        let deadline = t0 + Duration::from_secs(30);
        loop {
            let done = |path: &str| get(&addr, path).is_some_and(|b| contains(&b, &marker));
            if done(&page) && done(&county) {
                break;
            }
            assert!(Instant::now() < deadline, "edit {i} of {slug} not served after 30 s");
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        eprintln!("edit {i}: {slug} ({kind}) served after {ms:.1} ms");
        times.push(ms);
        // Let the server settle (it frees the old graph off the critical path).
        std::thread::sleep(Duration::from_millis(300));
    }
    drop(serve);
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    let median = if times.len() % 2 == 0 { (times[mid - 1] + times[mid]) / 2.0 } else { times[mid] };
    let worst = times[times.len() - 1];
    println!("edit-to-served ({kind}, {} edits): median {median:.1} ms, worst {worst:.1} ms", times.len());
}
