//! `jianbao serve`: build once, serve the output with live reload, rebuild on every change.
//!
//! Owns the serve session: the order of start-up (bind first, so a port in use fails before
//! any build; watch before the first build, so an edit made during it is not lost; the URL
//! printed once the first build can answer for its pages, `FirstPages`), where the
//! output goes, the rebuild loop, what each build result tells the terminal and the open
//! pages, and a clean stop on Ctrl-C.
//!
//! The output goes to a fresh folder under the system temp folder (`$TMPDIR`), removed on
//! exit, rather than to `<root>/public`: serve builds with a `http://127.0.0.1:PORT/` base URL,
//! and a `public/` full of localhost links next to the real one is easy to deploy by mistake;
//! serve also never clobbers the user's last real build. Set `TMPDIR=/dev/shm` for tmpfs.
//! Ctrl-C during a build cancels it (`BuildOptions::cancel`) and waits for it, a bounded time
//! (`unless_stopped`): its staging folder is gone before the output folder is removed.
//!
//! Must not: resolve request paths (`http.rs`), speak SSE (`reload.rs`), filter file events
//! (`watch.rs`), or render anything itself: every build goes through `rebuild`, the one
//! call into `crate::site`.

pub mod http;
pub(crate) mod reingest;
pub mod reload;
pub(crate) mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio::sync::watch as signal_flag;

use crate::cancel::Cancel;
use crate::desk::Desk;
use crate::progress::Progress;
use crate::site::BuildOptions;
use crate::site::live::background;
use crate::site::live::search::SearchCatchUp;
use crate::site::live::{FirstPages, Following, LiveSite, Rebuild};
use reload::{Message, Reloader};
use watch::ChangeSet;

/// What `jianbao serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// The content folder; its parent is the site root.
    pub(crate) content: PathBuf,
    /// Address to listen on (`127.0.0.1`, `::1`, `0.0.0.0`, a host name).
    pub(crate) bind: String,
    /// Port; 0 picks a free one (the printed URL says which).
    pub(crate) port: u16,
    /// Offer the editors' desk even on an address other than loopback.
    pub(crate) desk: bool,
}

/// Runs the session until Ctrl-C.
pub(crate) fn run(opts: &Options, progress: &Progress) -> Result<()> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let result = runtime.block_on(session(opts, *progress));
    // A build running when Ctrl-C came was cancelled and waited for (`unless_stopped`); one
    // that did not stop in time is not waited for again.
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

async fn session(opts: &Options, progress: Progress) -> Result<()> {
    let content = std::fs::canonicalize(&opts.content).with_context(|| {
        format!("{}: no such folder; point --content at the site's content folder", opts.content.display())
    })?;
    anyhow::ensure!(content.is_dir(), "{}: not a folder", content.display());
    let root = site_root(&content);

    let listener = http::bind(socket_addr(&opts.bind, opts.port).await?).await?;
    let url = site_url(listener.local_addr()?);

    let out = tempfile::Builder::new()
        .prefix("jianbao-serve-")
        .tempdir()
        .context("cannot create the output folder in the system temp folder")?;
    let mut watcher = watch::Watcher::new(&root, &content, &[out.path()])?;
    let reloader = Reloader::new();
    let busy = Arc::new(AtomicBool::new(false));
    let hints = crate::desk::Hints::default();
    let board = crate::desk::review::Board::new(&content);
    let (snippet, routes) = match desk_for(opts, &content, listener.local_addr()?, (&busy, &hints, &board)) {
        Some(desk) => {
            progress.info(format!("editors' desk on: report pages carry its controls; review at {url}_desk/"));
            (format!("{}{}", reload::SCRIPT_TAG, desk.script_tag()), reloader.routes().merge(desk.routes()))
        }
        None => (reload::SCRIPT_TAG.to_string(), reloader.routes()),
    };
    let announce = Arc::new(Announce { url: url.clone(), printed: AtomicBool::new(false) });
    let first = first_pages(&announce, progress);
    let unwritten = first.clone();
    let following = Following::default();
    let files = http::SiteFiles::new(out.path())?
        .inject_into_html(&snippet)
        .answer_unwritten_with(Arc::new(move |paths: &[String]| unwritten.file(paths)))
        .answer_stale_with(Arc::new(following.clone()));
    let server = http::start(listener, http::app(files, routes))?;
    let mut stop = ctrl_c();

    let mut session = Session {
        build: serve_build_options(content, out.path(), &url),
        root,
        reloader: reloader.clone(),
        progress,
        last_ok: false,
        served_once: false,
        first: Some(first),
        following,
        announce,
    };
    let search_catch_up = SearchCatchUp::default();
    progress.info(format!("building {} into {}", session.root.display(), out.path().display()));
    // Outlives the session so that stopping can wait for its background jobs.
    let mut live: Option<LiveSite> = None;
    let mut edits = Edits { watcher: &mut watcher, stop: &mut stop, search: &search_catch_up, busy, hints, board };
    edits.build_then_follow(&mut session, &mut live).await;

    progress.info("stopping");
    // The background jobs (search index, open data) stop at their next file or table.
    session.build.cancel.cancel();
    reloader.close();
    server.stop(Duration::from_secs(2)).await;
    drop(watcher);
    // A background job still writing into the output folder would keep it from being removed.
    if let Some(live) = &live {
        live.wait_for_background();
    }
    search_catch_up.worker.wait();
    if let Err(err) = out.close() {
        progress.warn(format!("could not remove the output folder: {err}"));
    }
    Ok(())
}

/// The `Serving URL` line, printed once: as soon as the first build can answer requests for
/// its pages, or when it failed before.
struct Announce {
    url: String,
    printed: AtomicBool,
}

impl Announce {
    fn print(&self) {
        if !self.printed.swap(true, Ordering::SeqCst) {
            println!("Serving {} (Ctrl-C to stop)", self.url);
        }
    }
}

/// The first build's pages, answered while it writes them (`FirstPages`): the URL is printed
/// when they can be.
fn first_pages(announce: &Arc<Announce>, progress: Progress) -> FirstPages {
    let (announce, started) = (Arc::clone(announce), Instant::now());
    FirstPages::new(move || {
        let millis = started.elapsed().as_millis();
        progress
            .info(format!("answering requests after {millis} ms: each page is rendered when asked for until written"));
        announce.print();
    })
}

/// What serve builds: the site into `out`, for `url`, with search (`LiveSite` builds it in
/// `Mode::Serve`: pages first, the search index and the open data catch up in the background).
fn serve_build_options(content: PathBuf, out: &Path, url: &str) -> BuildOptions {
    BuildOptions { content, out: out.to_path_buf(), base_url: Some(url.to_string()), ..BuildOptions::default() }
}

/// What the session listens to between builds: the watcher's change sets, Ctrl-C, and the
/// search index's background worker that each build hands its pages to.
struct Edits<'a> {
    watcher: &'a mut watch::Watcher,
    stop: &'a mut signal_flag::Receiver<bool>,
    search: &'a SearchCatchUp,
    /// Set while ingest runs (the desk refuses to write then).
    busy: Arc<AtomicBool>,
    /// The desk's writes, so that ingest reads again only the seeds they touch.
    hints: crate::desk::Hints,
    /// The desk's review lists, told when the content changes.
    board: Arc<crate::desk::review::Board>,
}

impl Edits<'_> {
    /// The first build, the URL printed, then a rebuild per change set, until Ctrl-C or the
    /// watcher ends. `live` keeps the last kept site (stopping waits for its background jobs).
    async fn build_then_follow(&mut self, session: &mut Session, live: &mut Option<LiveSite>) {
        let progress = session.progress;
        let (busy, hints, board) = (Arc::clone(&self.busy), self.hints.clone(), Arc::clone(&self.board));
        let mut reingest = reingest::Reingest::new(&session.root, &session.build.content, busy, hints, board);
        let started = Instant::now();
        let result;
        let first = session.first.take();
        let (cancel, build) = (session.build.cancel.clone(), rebuild(None, session, None, first));
        (*live, result) = match unless_stopped(self.stop, &cancel, build, progress).await {
            Ok(done) => done,
            Err(kept) => {
                *live = kept;
                return;
            }
        };
        session.report(None, started, result);
        session.announce.print();
        // The first page is served now; the search index follows in the background (a failed
        // first build keeps no site, so no job).
        if let Some(job) = live.as_ref().and_then(LiveSite::search_job) {
            self.search.request(job, progress);
        }
        while let Some((mut changes, _editing)) = self.next_changes().await {
            self.board.content_changed();
            // Seeds or corrections: ingest; the pages it writes come back as changes.
            if reingest.split(&mut changes) {
                tokio::select! {
                    _ = self.stop.wait_for(|stop| *stop) => return,
                    _ = reingest.run(&session.reloader, progress) => {}
                }
                if changes.paths.is_empty() && !changes.rescan {
                    continue;
                }
            }
            if !self.update(session, live, &changes).await {
                return;
            }
        }
    }

    /// The next change set; `None` on Ctrl-C or when the watcher ends.
    /// Background work pauses from the first change on, until the guard is dropped (after the
    /// update is reported): the quiet period and the update have the cores to themselves.
    async fn next_changes(&mut self) -> Option<(ChangeSet, background::Editing)> {
        let mut editing = None;
        let changes = tokio::select! {
            _ = self.stop.wait_for(|stop| *stop) => None,
            changes = self.watcher.next(|| editing = Some(background::editing())) => changes,
        }?;
        Some((changes, editing.unwrap_or_else(background::editing)))
    }

    /// One update for `changes`, reported; false when Ctrl-C came first.
    async fn update(&mut self, session: &mut Session, live: &mut Option<LiveSite>, changes: &ChangeSet) -> bool {
        let progress = session.progress;
        let started = Instant::now();
        let result;
        let (cancel, build) = (session.build.cancel.clone(), rebuild(live.take(), session, Some(changes), None));
        (*live, result) = match unless_stopped(self.stop, &cancel, build, progress).await {
            Ok(done) => done,
            Err(kept) => {
                *live = kept;
                return false;
            }
        };
        // An update re-renders pages, not the search index: that catches up afterwards.
        // After a failed update too: undoing a patch let go of the graph the last job holds.
        let pages_changed = !matches!(&result, Ok(r) if !r.full && r.written == 0 && r.removed.is_empty());
        session.report(Some(changes), started, result);
        if let Some(job) = live.as_ref().and_then(LiveSite::search_job).filter(|_| pages_changed) {
            self.search.request(job, progress);
        }
        true
    }
}

/// How long stopping waits for a cancelled build to reach its next check and clean up.
const STOP_WAIT: Duration = Duration::from_secs(5);

/// What a build gives back: the site it keeps, and what it did.
type Done = (Option<LiveSite>, Result<Rebuild>);

/// `build`'s result, or, when Ctrl-C comes first, `Err` with the site it kept: the build is
/// then cancelled (`BuildOptions::cancel`, checked between its steps) and waited for, at most
/// `STOP_WAIT`, so that it has removed its staging folder before the session removes the
/// output folder, and its background jobs can be waited for.
async fn unless_stopped(
    stop: &mut signal_flag::Receiver<bool>,
    cancel: &Cancel,
    build: impl Future<Output = Done>,
    progress: Progress,
) -> std::result::Result<Done, Option<LiveSite>> {
    tokio::pin!(build);
    tokio::select! {
        done = &mut build => return Ok(done),
        _ = stop.wait_for(|stop| *stop) => {}
    }
    cancel.cancel();
    match tokio::time::timeout(STOP_WAIT, build).await {
        Ok((kept, _)) => Err(kept),
        Err(_) => {
            progress.warn(format!("the build did not stop within {} s; stopping without it", STOP_WAIT.as_secs()));
            Err(None)
        }
    }
}

/// The one place serve asks the site stage for output (`changes` is `None` for the first
/// build). The site stage keeps what it built (`LiveSite`) and, given the changed paths,
/// re-renders only the pages they affect; without a kept site (first build, or the last full
/// build failed) it builds everything, answering requests for pages through `first` while it
/// writes them when given. A panic in the build is an error like any other: the server keeps
/// running, and the next change builds from scratch.
async fn rebuild(
    live: Option<LiveSite>,
    session: &Session,
    changes: Option<&ChangeSet>,
    first: Option<FirstPages>,
) -> (Option<LiveSite>, Result<Rebuild>) {
    let (opts, progress, following) = (session.build.clone(), session.progress, session.following.clone());
    let changes = changes.cloned();
    let task = tokio::task::spawn_blocking(move || match (live, changes) {
        (Some(mut live), Some(changes)) => {
            let paths: Vec<PathBuf> = changes.paths.into_iter().collect();
            let result = live.update(&paths, changes.rescan, &progress);
            (Some(live), result)
        }
        _ => {
            let built = LiveSite::build_serving(&opts, &progress, first.as_ref(), &following);
            match built {
                Ok((live, summary)) => (Some(live), Ok(summary)),
                Err(err) => (None, Err(err)),
            }
        }
    });
    match task.await {
        Ok(done) => done,
        Err(err) => (None, Err(anyhow::Error::new(err).context("the build stopped unexpectedly"))),
    }
}

/// What a build result means for the terminal and the open pages.
struct Session {
    build: BuildOptions,
    root: PathBuf,
    reloader: Reloader,
    progress: Progress,
    /// The last build succeeded (a CSS-only change may then swap stylesheets).
    last_ok: bool,
    /// Some build has succeeded, so there is a last good build to serve.
    served_once: bool,
    /// The first build's pages, until it starts.
    first: Option<FirstPages>,
    /// The pages updates leave stale, answered as they are now until written.
    following: Following,
    announce: Arc<Announce>,
}

impl Session {
    fn report(&mut self, changes: Option<&ChangeSet>, started: Instant, result: Result<Rebuild>) {
        let millis = started.elapsed().as_millis();
        let what = match changes {
            None => String::new(),
            Some(changes) => format!("{} changed: ", changes.describe(&self.root)),
        };
        match result {
            Ok(summary) if changes.is_none() => {
                // No reload: what was answered during the build is what it wrote, and a
                // request for anything else waited for it.
                self.progress.info(format!("built {} pages in {millis} ms", summary.pages));
                self.last_ok = true;
            }
            Ok(summary) => {
                self.progress.info(format!("{what}{} in {millis} ms", summary.describe()));
                let css_only = self.last_ok && changes.is_some_and(ChangeSet::only_css);
                self.reloader.send(if css_only { Message::Css } else { Message::Reload });
                self.last_ok = true;
            }
            Err(err) => {
                let text = format!("{err:#}");
                eprintln!("error: {text}");
                let serving = if self.served_once { "still serving the last good build" } else { "nothing built yet" };
                self.progress.info(format!("{what}build failed after {millis} ms; {serving}; save a fix to rebuild"));
                self.reloader.send(Message::Error { text });
                self.last_ok = false;
            }
        }
        self.served_once |= self.last_ok;
    }
}

impl http::Stale for Following {
    fn any(&self) -> bool {
        Following::any(self)
    }

    fn file(&self, path: &str) -> Option<Vec<u8>> {
        Following::file(self, path)
    }
}

/// Becomes true on Ctrl-C.
fn ctrl_c() -> signal_flag::Receiver<bool> {
    let (tx, rx) = signal_flag::channel(false);
    tokio::spawn(async move {
        match tokio::signal::ctrl_c().await {
            Ok(()) => {
                let _ = tx.send(true);
            }
            // No signal handler: serve until killed, keeping `tx` so the flag stays false.
            Err(_) => std::future::pending::<()>().await,
        }
    });
    rx
}

/// `--bind` and `--port` as a socket address: an IP address, or a host name looked up.
async fn socket_addr(bind: &str, port: u16) -> Result<SocketAddr> {
    let bare = bind.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    tokio::net::lookup_host((bind, port))
        .await
        .ok()
        .and_then(|mut addrs| addrs.next())
        .with_context(|| format!("--bind {bind}: not an IP address or a known host name"))
}

/// The URL to open: the bound address, with loopback standing in for "every address".
fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// The editors' desk, on a loopback address or with `--desk`, answering to the bound
/// address (and `localhost`, and the `--bind` name) on its port.
fn desk_for(
    opts: &Options,
    content: &Path,
    addr: SocketAddr,
    (busy, hints, board): (&Arc<AtomicBool>, &crate::desk::Hints, &Arc<crate::desk::review::Board>),
) -> Option<Arc<Desk>> {
    if !(addr.ip().is_loopback() || opts.desk) {
        return None;
    }
    let port = addr.port();
    let mut hosts = vec![site_url(addr).trim_start_matches("http://").trim_end_matches('/').to_string()];
    hosts.push(format!("localhost:{port}"));
    let bind = opts.bind.trim_start_matches('[').trim_end_matches(']');
    hosts.push(match bind.parse::<IpAddr>() {
        Ok(ip) => SocketAddr::new(ip, port).to_string(),
        Err(_) => format!("{bind}:{port}"),
    });
    hosts.dedup();
    Some(Arc::new(Desk::new(content, hosts, Arc::clone(busy), hints.clone(), Arc::clone(board))))
}

/// The site root of a content folder: its parent.
fn site_root(content: &Path) -> PathBuf {
    content.parent().unwrap_or(content).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_host() {
        assert_eq!(site_url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(site_url("0.0.0.0:80".parse().unwrap()), "http://127.0.0.1:80/");
        assert_eq!(site_url("[::]:1111".parse().unwrap()), "http://[::1]:1111/");
    }

    #[tokio::test]
    async fn bind_accepts_addresses_and_names() {
        assert_eq!(socket_addr("::1", 5).await.unwrap(), "[::1]:5".parse().unwrap());
        assert_eq!(socket_addr("[::1]", 5).await.unwrap(), "[::1]:5".parse().unwrap());
        assert!(socket_addr("localhost", 5).await.unwrap().ip().is_loopback());
        assert!(socket_addr("no such host.invalid", 5).await.is_err());
    }
}
