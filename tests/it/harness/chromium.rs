//! Headless Chromium for tests, driven over the DevTools protocol on a pipe.
//!
//! Chromium is started with `--remote-debugging-pipe`: it reads protocol messages (JSON, each
//! ended by a NUL byte) on fd 3 and writes answers and events on fd 4. So the harness needs no
//! chromedriver process, no port, no WebSocket or WebDriver crate: `serde_json`, two pipes and
//! `libc` to put them on fds 3 and 4 in the child. It also sees what WebDriver hides: console
//! errors, uncaught exceptions and failed loads (`Runtime.consoleAPICalled`,
//! `Runtime.exceptionThrown`, `Log.entryAdded`) arrive as events and are collected.
//!
//! One `Browser` drives one tab. Chromium is looked for at `$JIANBAO_CHROMIUM`,
//! `/usr/bin/chromium` (Debian's package), `/usr/bin/chromium-browser`, `/usr/bin/google-chrome`.
//!
//! A `Browser` holds `TURN` while it lives, so browser tests take turns: they share one test
//! process with every other test, and two Chromiums side by side on a small machine slow
//! page loads enough to blur what the tests time.

use std::io::{BufRead, BufReader, PipeWriter, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

/// Taken by each `Browser` for its lifetime, so browser tests run one at a time.
static TURN: Mutex<()> = Mutex::new(());

/// How long one protocol call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

pub fn chromium_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JIANBAO_CHROMIUM") {
        return Some(path.into());
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// A browser. The tests that need one are ignored where `build.rs` found no Chromium when
/// they were compiled (outside `CI`); a test that runs anyway (under `CI`, or with
/// `cargo test -- --ignored`) fails naming what to install.
pub fn browser(test: &str) -> Browser {
    match chromium_path() {
        Some(path) => Browser::launch(&path).unwrap_or_else(|e| panic!("{test}: {e}")),
        None => {
            panic!("{test}: Chromium is not installed (run .ci/install-browser.sh, or point JIANBAO_CHROMIUM at it)")
        }
    }
}

pub struct Browser {
    child: Child,
    to_browser: PipeWriter,
    from_browser: mpsc::Receiver<Value>,
    next_id: u64,
    session: String,
    errors: Vec<String>,
    profile: TempDir,
    /// Released after `Drop` has closed the browser (fields drop after `drop`).
    _turn: MutexGuard<'static, ()>,
}

impl Browser {
    pub fn launch(exe: &Path) -> Result<Self, String> {
        // A test that failed while holding the lock poisons it; the next may still run.
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = std::fs::File::create(profile.path().join("chromium.log")).map_err(|e| e.to_string())?;
        let (child_reads, to_browser) = std::io::pipe().map_err(|e| e.to_string())?;
        let (from_browser_r, child_writes) = std::io::pipe().map_err(|e| e.to_string())?;
        let (read_fd, write_fd) = (child_reads.as_raw_fd(), child_writes.as_raw_fd());

        let mut cmd = Command::new(exe);
        cmd.args([
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions", "--no-first-run",
            "--no-default-browser-check", "--mute-audio", "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
        // SAFETY: between fork and exec only fcntl(2) and dup2(2), which are
        // async-signal-safe. Both ends are first moved above fd 10 so that placing one on
        // 3 or 4 cannot close the other.
        unsafe {
            cmd.pre_exec(move || {
                let r = libc::fcntl(read_fd, libc::F_DUPFD, 10);
                let w = libc::fcntl(write_fd, libc::F_DUPFD, 10);
                if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        // The child's ends now live in the child only, so a dead browser reads as EOF.
        drop(child_reads);
        drop(child_writes);

        let (tx, from_browser) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_browser_r);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(msg) = serde_json::from_slice::<Value>(&buf)
                    && tx.send(msg).is_err()
                {
                    break;
                }
            }
        });

        let mut browser = Browser {
            child,
            to_browser,
            from_browser,
            next_id: 0,
            session: String::new(),
            errors: Vec::new(),
            profile,
            _turn: turn,
        };
        let target = browser
            .call(None, "Target.createTarget", json!({ "url": "about:blank" }))
            .map_err(|e| browser.with_log(e))?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached =
            browser.call(None, "Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }))?;
        browser.session = attached["sessionId"].as_str().ok_or("no session id")?.to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.page_call(domain, json!({}))?;
        }
        Ok(browser)
    }

    /// Adds the end of Chromium's own log to an error.
    fn with_log(&self, err: String) -> String {
        let log = std::fs::read_to_string(self.profile.path().join("chromium.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("{err}\nchromium log:\n{}", tail.join("\n"))
    }

    /// One protocol call; events that arrive meanwhile are looked at for errors.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            msg["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to_browser.write_all(&bytes).map_err(|e| format!("{method}: the browser is gone: {e}"))?;
        let deadline = Instant::now() + CALL_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .from_browser
                .recv_timeout(left)
                .map_err(|_| format!("{method}: no answer within {CALL_TIMEOUT:?}"))?;
            if msg["id"].as_u64() == Some(id) {
                if let Some(err) = msg.get("error") {
                    return Err(format!("{method}: {err}"));
                }
                return Ok(msg["result"].clone());
            }
            self.absorb(msg);
        }
    }

    fn page_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    /// Keeps what the page reports as an error.
    fn absorb(&mut self, msg: Value) {
        if msg["sessionId"].as_str() != Some(self.session.as_str()) {
            return;
        }
        let p = &msg["params"];
        match msg["method"].as_str() {
            Some("Runtime.consoleAPICalled") if matches!(p["type"].as_str(), Some("error" | "assert")) => {
                let args: Vec<String> = p["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a.get("value")
                            .map(|v| v.to_string())
                            .or_else(|| a["description"].as_str().map(str::to_string))
                            .unwrap_or_default()
                    })
                    .collect();
                self.errors.push(format!("console.error: {}", args.join(" ")));
            }
            Some("Runtime.exceptionThrown") => {
                let d = &p["exceptionDetails"];
                self.errors.push(format!(
                    "uncaught: {} {}",
                    d["text"].as_str().unwrap_or_default(),
                    d["exception"]["description"].as_str().unwrap_or_default()
                ));
            }
            Some("Log.entryAdded") if p["entry"]["level"].as_str() == Some("error") => {
                self.errors.push(format!(
                    "log: {} {}",
                    p["entry"]["text"].as_str().unwrap_or_default(),
                    p["entry"]["url"].as_str().unwrap_or_default()
                ));
            }
            _ => {}
        }
    }

    /// Takes in every message that has arrived.
    fn pump(&mut self) {
        while let Ok(msg) = self.from_browser.try_recv() {
            self.absorb(msg);
        }
    }

    /// Everything the pages reported as an error so far: console errors, uncaught
    /// exceptions, failed loads.
    pub fn errors(&mut self) -> Vec<String> {
        self.pump();
        self.errors.clone()
    }

    /// Fails the test, naming `page`, when a page reported an error so far.
    pub fn assert_no_errors(&mut self, page: &str) {
        let errors = self.errors();
        assert!(errors.is_empty(), "{page}: console errors: {errors:#?}");
    }

    /// Evaluates `expr` in the page (promises awaited) and returns its JSON value.
    pub fn eval(&mut self, expr: &str) -> Result<Value, String> {
        let res = self.page_call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = res.get("exceptionDetails") {
            return Err(format!("{expr}: {}", details["exception"]["description"]));
        }
        Ok(res["result"]["value"].clone())
    }

    /// Polls `expr` until it is `true`; returns how long that took. Evaluation errors (the
    /// page navigating away in between) count as "not yet".
    pub fn wait_until(&mut self, expr: &str, timeout: Duration) -> Result<Duration, String> {
        let start = Instant::now();
        loop {
            if self.eval(expr) == Ok(Value::Bool(true)) {
                return Ok(start.elapsed());
            }
            if start.elapsed() > timeout {
                let state = self.eval("location.href + ' | ' + document.title");
                return Err(format!("not true within {timeout:?}: {expr} (page: {state:?})"));
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Marks the current document, so [`Browser::wait_for_new_document`] can tell when
    /// another one has replaced it.
    pub fn mark_document(&mut self) {
        self.eval("window.__harnessOldDocument = true").unwrap();
    }

    /// Waits for a document loaded after [`Browser::mark_document`].
    pub fn wait_for_new_document(&mut self, timeout: Duration) -> Result<Duration, String> {
        self.wait_until("!window.__harnessOldDocument && document.readyState === 'complete'", timeout)
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&mut self, url: &str) {
        self.mark_document();
        let res = self.page_call("Page.navigate", json!({ "url": url })).unwrap();
        assert!(res.get("errorText").is_none(), "cannot open {url}: {}", res["errorText"]);
        self.wait_for_new_document(Duration::from_secs(10)).unwrap();
    }

    /// Clicks the first element matching `selector` with the mouse, as a user would.
    pub fn click(&mut self, selector: &str) -> Result<(), String> {
        let sel = serde_json::to_string(selector).unwrap();
        let pos = self.eval(&format!(
            "(() => {{ const e = document.querySelector({sel}); if (!e) return null; \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ))?;
        let (Some(x), Some(y)) = (pos[0].as_f64(), pos[1].as_f64()) else {
            return Err(format!("nothing matches {selector}"));
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.page_call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )?;
        }
        Ok(())
    }

    /// Focuses the first element matching `selector` and types `text` into it as keyboard
    /// input (`input` events fire as they do for a user).
    pub fn type_into(&mut self, selector: &str, text: &str) -> Result<(), String> {
        let sel = serde_json::to_string(selector).unwrap();
        let found = self.eval(&format!(
            "(() => {{ const e = document.querySelector({sel}); if (!e) return false; e.focus(); return true; }})()"
        ))?;
        if found != Value::Bool(true) {
            return Err(format!("nothing matches {selector}"));
        }
        self.page_call("Input.insertText", json!({ "text": text }))?;
        Ok(())
    }

    /// Presses Enter in the focused element.
    pub fn press_enter(&mut self) -> Result<(), String> {
        let key = json!({ "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13 });
        let mut down = key.clone();
        down["type"] = json!("keyDown");
        down["text"] = json!("\r");
        self.page_call("Input.dispatchKeyEvent", down)?;
        let mut up = key;
        up["type"] = json!("keyUp");
        self.page_call("Input.dispatchKeyEvent", up)?;
        Ok(())
    }

    /// Presses Tab: focus moves to the next element in the page's focus order, as a keyboard
    /// user moves it (so `:focus-visible` applies).
    pub fn press_tab(&mut self) -> Result<(), String> {
        let key = json!({ "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9 });
        let mut down = key.clone();
        down["type"] = json!("rawKeyDown");
        self.page_call("Input.dispatchKeyEvent", down)?;
        let mut up = key;
        up["type"] = json!("keyUp");
        self.page_call("Input.dispatchKeyEvent", up)?;
        Ok(())
    }

    /// Clicks `selector` and waits for the page it leads to.
    pub fn click_and_wait(&mut self, selector: &str) -> Result<(), String> {
        self.mark_document();
        self.click(selector)?;
        self.wait_for_new_document(Duration::from_secs(10)).map(|_| ())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
