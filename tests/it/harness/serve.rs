//! The `serve` harness: a hand-made site folder, the HTTP server started in-process on a
//! free port, raw HTTP over a `TcpStream` (so no client normalises the path), an SSE reader,
//! and `jianbao serve` as a child process.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jianbao::serve::http::{self, Server, SiteFiles};
use jianbao::serve::reload::{self, Reloader};
use tempfile::TempDir;

/// Bytes that must never come out of the server: they live outside the site root.
pub const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-ROOT";

pub const INDEX_HTML: &str = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<title>简报</title><link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"icon\" href=\"/favicon.svg\">\
</head><body><h1 id=\"title\">简报 首页</h1><p><a id=\"to-report\" href=\"/reports/a/\">金川县调研报告</a></p>\
</body></html>\n";

/// A small site made by hand, with traps around it:
///
/// ```text
/// tmp/secret, tmp/outside/secret        SECRET, outside the root
/// tmp/site/                             the root
///   index.html, reports/a/index.html, 404.html, style.css, app.js, data.json, feed.xml,
///   favicon.svg, mod.wasm, empty/ (no index.html)
///   link-out -> ../outside              symlinked folder leaving the root
///   leak.html -> ../secret              symlinked file leaving the root
///   same.css -> style.css               symlink staying inside: allowed
/// ```
pub struct Graph {
    pub dir: TempDir,
    pub root: PathBuf,
}

pub fn hand_made_site() -> Graph {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    let root = top.join("site");
    let files: &[(&str, &[u8])] = &[
        ("index.html", INDEX_HTML.as_bytes()),
        (
            "reports/a/index.html",
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>金川县调研报告</title>\
             <link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"icon\" href=\"/favicon.svg\"></head>\
             <body><h1>金川县调研报告</h1></body></html>"
                .as_bytes(),
        ),
        (
            "404.html",
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>找不到</title>\
             <link rel=\"icon\" href=\"/favicon.svg\"></head><body><h1>找不到页面</h1></body></html>"
                .as_bytes(),
        ),
        ("style.css", b"h1 { color: rgb(0, 0, 255); }\n"),
        ("app.js", b"console.log('app');\n"),
        ("data.json", "{\"标题\": \"简报\"}".as_bytes()),
        ("feed.xml", b"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed/>"),
        (
            "favicon.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>",
        ),
        ("mod.wasm", b"\0asm\x01\0\0\0"),
    ];
    for (name, bytes) in files {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    fs::create_dir_all(root.join("empty")).unwrap();
    fs::write(top.join("secret"), SECRET).unwrap();
    fs::create_dir_all(top.join("outside")).unwrap();
    fs::write(top.join("outside/secret"), SECRET).unwrap();
    std::os::unix::fs::symlink("../outside", root.join("link-out")).unwrap();
    std::os::unix::fs::symlink("../secret", root.join("leak.html")).unwrap();
    std::os::unix::fs::symlink("style.css", root.join("same.css")).unwrap();
    Graph { dir, root }
}

/// The serve HTTP stack (files with the reload script injected, plus the live-reload
/// routes) on a free loopback port, in-process, without `site::build`.
pub struct TestServer {
    runtime: tokio::runtime::Runtime,
    server: Option<Server>,
    pub reloader: Reloader,
    pub addr: SocketAddr,
}

impl TestServer {
    pub fn start(root: &Path) -> Self {
        TestServer::start_with(root, None)
    }

    /// `start`, asking `unwritten` for files not on disk (as `serve` does during its first build).
    pub fn start_with(root: &Path, unwritten: Option<http::Unwritten>) -> Self {
        TestServer::start_files(root, |files| match unwritten {
            Some(unwritten) => files.answer_unwritten_with(unwritten),
            None => files,
        })
    }

    /// Serves `root` with the files `configure` sets up (the reload snippet injected).
    pub fn start_files(root: &Path, configure: impl FnOnce(SiteFiles) -> SiteFiles) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let reloader = Reloader::new();
        let files = configure(SiteFiles::new(root).unwrap().inject_into_html(reload::SCRIPT_TAG));
        let app = http::app(files, reloader.routes());
        let server = runtime.block_on(async {
            let listener = http::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
            http::start(listener, app).unwrap()
        });
        let addr = server.addr();
        TestServer { runtime, server: Some(server), reloader, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Waits until `n` pages listen for reload messages.
    pub fn wait_for_listeners(&self, n: usize, timeout: Duration) {
        let connected = super::poll(timeout, || self.reloader.listeners() >= n);
        assert!(connected, "no page connected to the live-reload events within {timeout:?}");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.reloader.close();
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.stop(Duration::from_secs(1)));
        }
    }
}

/// A response as it came over the wire.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` as bytes and reads the whole response (the request should say
/// `Connection: close`).
pub fn raw_request(addr: SocketAddr, request: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    Raw { status, headers, body: bytes[split + 4..].to_vec() }
}

/// `METHOD target` with the target sent exactly as given.
pub fn request(addr: SocketAddr, method: &str, target: &str) -> Raw {
    let req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    raw_request(addr, req.as_bytes())
}

pub fn get(addr: SocketAddr, target: &str) -> Raw {
    request(addr, "GET", target)
}

/// A reader of `/__jianbao/events` that yields the `data:` of each message.
pub struct Events {
    rx: mpsc::Receiver<String>,
}

impl Events {
    pub fn connect(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /__jianbao/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                // Chunked framing lines and keep-alive comments are not `data:` lines.
                if let Some(data) = line.strip_prefix("data: ").or(line.strip_prefix("data:"))
                    && tx.send(data.to_string()).is_err()
                {
                    break;
                }
            }
        });
        Events { rx }
    }

    /// The next message, parsed, or `None` after `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<serde_json::Value> {
        let data = self.rx.recv_timeout(timeout).ok()?;
        Some(serde_json::from_str(&data).unwrap_or_else(|e| panic!("bad event {data:?}: {e}")))
    }
}

/// `jianbao` as a child process: stdout read line by line, stderr kept in a file.
pub struct Jianbao {
    pub child: Child,
    stdout: mpsc::Receiver<String>,
    stderr_path: PathBuf,
    _logs: TempDir,
}

impl Jianbao {
    pub fn spawn(args: &[&str]) -> Self {
        let logs = tempfile::tempdir().unwrap();
        let stderr_path = logs.path().join("stderr");
        let mut child = Command::new(env!("CARGO_BIN_EXE_jianbao"))
            .args(args)
            // Bursts of saves written back to back stay one burst on a loaded machine.
            .env("JIANBAO_WATCH_QUIET_MS", "400")
            // Serve's output folder goes to the temp folder; a child killed at the end of a
            // test cannot remove it, so it goes into the test's own, removed with it.
            .env("TMPDIR", logs.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, stdout) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Jianbao { child, stdout, stderr_path, _logs: logs }
    }

    /// Waits for the `Serving http://…/` line and returns the URL.
    pub fn wait_for_url(&self, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Serving ") {
                        return rest.split_whitespace().next().unwrap().to_string();
                    }
                }
                Err(_) => panic!("jianbao serve printed no URL within {timeout:?}; stderr:\n{}", self.stderr()),
            }
        }
    }

    /// The child's own temp folder (its `TMPDIR`), where serve puts its output folder.
    pub fn temp_dir(&self) -> &Path {
        self._logs.path()
    }

    pub fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the exit.
    pub fn interrupt(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        self.wait(timeout)
    }

    pub fn wait(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Jianbao {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
