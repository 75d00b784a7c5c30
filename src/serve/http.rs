//! HTTP for `jianbao serve`: the built site folder as a web server sees it.
//!
//! Owns: mapping a request path to one file under the site root and refusing every path that
//! would leave it (`..` and `.` segments, percent-encoded `%2e%2e`/`%2f`/`%5c`, backslashes,
//! NUL, absolute paths, symlinks that resolve outside the root: the resolved path is
//! canonicalised and must lie inside the canonical root); UTF-8 content types; directory URLs
//! (`/x/` serves `x/index.html`, `/x` redirects to `/x/`); the site's own `404.html` with status
//! 404; GET and HEAD; `Cache-Control: no-store`; inserting a snippet (the live-reload script
//! tag) before `</body>` of HTML responses; binding the socket with a clear error; asking
//! `Unwritten` (serve's first build) for a file not on disk yet before answering 404.
//!
//! Must not: build the site, watch files, write anything to disk, or know what the injected
//! snippet does (`reload.rs` owns that). Files on disk are never modified: injection happens
//! on the response body only.

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Files the server may answer with before they are on disk: given the candidate file paths
/// of a request (relative to the root, `/`-separated: `reports/x/index.html`), the index of
/// the first it has and that file's bytes, or `None` (then the disk is asked again). It may
/// block (it runs on a blocking thread) until it knows.
pub type Unwritten = Arc<dyn Fn(&[String]) -> Option<(usize, Vec<u8>)> + Send + Sync>;

/// Files on disk that are stale (an edit left them to be written after it was served): the
/// server answers with what `file` renders instead. `any` is asked on every request and must
/// be cheap; `file` (given the path relative to the root, `/`-separated) may block, on a
/// blocking thread, and gives `None` when the disk has the file right.
pub trait Stale: Send + Sync {
    fn any(&self) -> bool;
    fn file(&self, path: &str) -> Option<Vec<u8>>;
}

/// The folder being served, and what to inject into its HTML.
#[derive(Clone)]
pub struct SiteFiles {
    /// Canonical absolute path: every served file must resolve inside it.
    root: PathBuf,
    inject: Option<Arc<str>>,
    unwritten: Option<Unwritten>,
    stale: Option<Arc<dyn Stale>>,
}

impl std::fmt::Debug for SiteFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteFiles").field("root", &self.root).field("inject", &self.inject).finish_non_exhaustive()
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq)]
enum Target {
    File(PathBuf),
    /// A file not on disk yet (`Unwritten`): its path, for the content type, and its bytes.
    Unwritten(String, Vec<u8>),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
}

impl SiteFiles {
    /// Serves `root`, which must be an existing folder.
    pub fn new(root: &Path) -> Result<Self> {
        let root =
            std::fs::canonicalize(root).with_context(|| format!("{}: cannot serve this folder", root.display()))?;
        anyhow::ensure!(root.is_dir(), "{}: not a folder", root.display());
        Ok(SiteFiles { root, inject: None, unwritten: None, stale: None })
    }

    /// Asks `unwritten` for a file that is not on disk before answering 404.
    pub fn answer_unwritten_with(mut self, unwritten: Unwritten) -> Self {
        self.unwritten = Some(unwritten);
        self
    }

    /// Asks `stale` for a file on disk before answering with it.
    pub fn answer_stale_with(mut self, stale: Arc<dyn Stale>) -> Self {
        self.stale = Some(stale);
        self
    }

    /// Inserts `snippet` before the last `</body>` of every HTML response (at the end when
    /// there is none). The files themselves are left as they are.
    pub fn inject_into_html(mut self, snippet: &str) -> Self {
        self.inject = Some(snippet.into());
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The response to one request.
    pub async fn respond(&self, method: &Method, uri: &Uri) -> Response {
        if method != Method::GET && method != Method::HEAD {
            let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return res;
        }
        let mut target = self.resolve(uri.path()).await;
        if target == Target::NotFound {
            target = self.unwritten(uri.path()).await;
        }
        if let Target::File(path) = &target
            && let Some(fresh) = self.fresh(path).await
        {
            target = fresh;
        }
        match target {
            Target::File(path) => match self.file_response(StatusCode::OK, &path).await {
                Some(res) => res,
                None => self.not_found().await,
            },
            Target::Unwritten(path, bytes) => self.html_or_bytes(StatusCode::OK, content_type(Path::new(&path)), bytes),
            Target::Redirect(mut location) => {
                if let Some(query) = uri.query() {
                    location.push('?');
                    location.push_str(query);
                }
                redirect(&location)
            }
            Target::NotFound => self.not_found().await,
        }
    }

    /// Resolves a raw (still percent-encoded) request path to a file inside the root.
    async fn resolve(&self, raw_path: &str) -> Target {
        let Some(segments) = decode_segments(raw_path) else {
            return Target::NotFound;
        };
        let mut path = self.root.clone();
        path.extend(&segments);
        let Some((real, meta)) = self.inside_root(&path).await else {
            return Target::NotFound;
        };
        if meta.is_dir() {
            if !raw_path.ends_with('/') {
                // Rebuilt from the checked raw segments: never `//host`, never `..`.
                let raw: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
                return Target::Redirect(format!("/{}/", raw.join("/")));
            }
            return match self.inside_root(&real.join("index.html")).await {
                Some((index, meta)) if meta.is_file() => Target::File(index),
                _ => Target::NotFound,
            };
        }
        if meta.is_file() && !raw_path.ends_with('/') {
            return Target::File(real);
        }
        Target::NotFound
    }

    /// A file `Unwritten` has for a request not found on disk (`/x/` is `x/index.html`; `/x`
    /// is `x`, or a redirect to `/x/` when `x/index.html` is the file), or the disk's answer
    /// after it had none (the build may have written the file meanwhile).
    async fn unwritten(&self, raw_path: &str) -> Target {
        let (Some(unwritten), Some(segments)) = (self.unwritten.clone(), decode_segments(raw_path)) else {
            return Target::NotFound;
        };
        let joined = segments.join("/");
        let folder = if joined.is_empty() { "index.html".to_string() } else { format!("{joined}/index.html") };
        let (candidates, is_folder) = match raw_path.ends_with('/') || joined.is_empty() {
            true => (vec![folder], true),
            false => (vec![joined.clone(), folder], false),
        };
        let found =
            tokio::task::spawn_blocking(move || unwritten(&candidates).map(|(i, b)| (candidates[i].clone(), b)));
        match found.await.ok().flatten() {
            Some((path, _)) if !is_folder && path != joined => {
                let raw: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
                Target::Redirect(format!("/{}/", raw.join("/")))
            }
            Some((path, bytes)) => Target::Unwritten(path, bytes),
            None => self.resolve(raw_path).await,
        }
    }

    /// The file at `path` (inside the root) as it is now when the copy on disk is stale.
    async fn fresh(&self, path: &Path) -> Option<Target> {
        let stale = self.stale.clone().filter(|s| s.any())?;
        let rel = path.strip_prefix(&self.root).ok()?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let asked = rel.clone();
        let bytes = tokio::task::spawn_blocking(move || stale.file(&asked)).await.ok()??;
        Some(Target::Unwritten(rel, bytes))
    }

    /// The canonical form of `path` and its metadata, if it exists and resolves inside the
    /// root (after following every symlink).
    async fn inside_root(&self, path: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
        let real = tokio::fs::canonicalize(path).await.ok()?;
        if !real.starts_with(&self.root) {
            return None;
        }
        let meta = tokio::fs::metadata(&real).await.ok()?;
        Some((real, meta))
    }

    /// The file's bytes with its content type, injected when it is HTML.
    async fn file_response(&self, status: StatusCode, path: &Path) -> Option<Response> {
        let bytes = tokio::fs::read(path).await.ok()?;
        let content_type = content_type(path);
        Some(self.html_or_bytes(status, content_type, bytes))
    }

    /// A response with the snippet injected when the body is HTML.
    fn html_or_bytes(&self, status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
        let body = match &self.inject {
            Some(snippet) if content_type.starts_with("text/html") => inject(bytes, snippet),
            _ => bytes,
        };
        response(status, content_type, Body::from(body))
    }

    /// The site's own `/404.html` (resolved like any request, so it cannot leave the root
    /// either) with status 404, or a minimal HTML page when the site has none, so that the
    /// injected snippet still reaches the browser while the site is not built yet.
    async fn not_found(&self) -> Response {
        if let Target::File(page) = self.resolve("/404.html").await
            && let Some(res) = self.file_response(StatusCode::NOT_FOUND, &page).await
        {
            return res;
        }
        let page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\
                    <body><h1>404 Not Found</h1></body></html>\n";
        self.html_or_bytes(StatusCode::NOT_FOUND, "text/html; charset=utf-8", page.as_bytes().to_vec())
    }
}

/// Splits a raw request path into decoded segments, or `None` when any segment could escape
/// the root or name something else than one plain file name: `..`, `.`, an encoded `/` or
/// `\`, NUL, a drive prefix, or bytes that are not UTF-8. Empty segments (`//`) are dropped,
/// so `//etc/passwd` is looked up as `etc/passwd` under the root.
fn decode_segments(raw_path: &str) -> Option<Vec<String>> {
    raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|raw| {
            let segment = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?.into_owned();
            if segment.contains(['/', '\\', '\0']) {
                return None;
            }
            let mut components = Path::new(&segment).components();
            match (components.next(), components.next()) {
                (Some(Component::Normal(_)), None) => Some(segment),
                _ => None,
            }
        })
        .collect()
}

/// Content type by extension; every text type says UTF-8.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Inserts `snippet` before the last `</body` (any case), or appends it.
fn inject(mut html: Vec<u8>, snippet: &str) -> Vec<u8> {
    let at = html.windows(b"</body".len()).rposition(|w| w.eq_ignore_ascii_case(b"</body")).unwrap_or(html.len());
    html.splice(at..at, snippet.bytes());
    html
}

fn response(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    response(status, "text/plain; charset=utf-8", Body::from(text))
}

fn redirect(location: &str) -> Response {
    let mut res = plain(StatusCode::TEMPORARY_REDIRECT, "");
    match HeaderValue::from_str(location) {
        Ok(value) => {
            res.headers_mut().insert(header::LOCATION, value);
            res
        }
        Err(_) => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// The whole application: `routes` (for example the live-reload endpoints) first, then the
/// site's files for every other path.
pub fn app(files: SiteFiles, routes: Router) -> Router {
    let files = Arc::new(files);
    routes.fallback(move |method: Method, uri: Uri| {
        let files = Arc::clone(&files);
        async move { files.respond(&method, &uri).await }
    })
}

/// Binds the listening socket; a port in use is a one-line error naming the address.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|err| match err.kind() {
        io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "cannot listen on {addr}: the address is already in use; \
             stop the other server or pick another port with --port"
        ),
        _ => anyhow::anyhow!("cannot listen on {addr}: {err}; pick another address with --bind or --port"),
    })
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

/// Starts serving `app` on `listener` in the background (of the current tokio runtime).
/// Bind to port 0 to get a free port; [`Server::addr`] tells which.
pub fn start(listener: TcpListener, app: Router) -> io::Result<Server> {
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Server { addr, stop: Some(stop), task })
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in flight finish, and gives up on connections still
    /// open after `grace` (long-lived event streams should be closed before calling this).
    pub async fn stop(mut self, grace: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(grace, &mut self.task).await.is_err() {
            self.task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_refuse_every_way_out() {
        for raw in [
            "/../x", "/%2e%2e/x", "/%2E%2E/x", "/..%2fx", "/..%2Fx", "/%2fetc/passwd", "/a/..%5cx", "/a\\..\\x",
            "/./x", "/x%00.html", "/%ff",
        ] {
            assert_eq!(decode_segments(raw), None, "{raw}");
        }
    }

    #[test]
    fn segments_keep_plain_names() {
        assert_eq!(decode_segments("/").unwrap(), Vec::<String>::new());
        assert_eq!(
            decode_segments("//reports/%E9%87%91%E5%B7%9D/").unwrap(),
            vec!["reports".to_string(), "金川".to_string()]
        );
        assert_eq!(decode_segments("/a..b/c").unwrap(), vec!["a..b", "c"]);
    }

    #[test]
    fn injects_before_the_last_body_tag() {
        let out = inject(b"<body>x</BODY></html>".to_vec(), "<s>");
        assert_eq!(out, b"<body>x<s></BODY></html>");
        assert_eq!(inject(b"<p>x".to_vec(), "<s>"), b"<p>x<s>");
    }

    #[test]
    fn text_types_are_utf8() {
        for name in ["a.html", "a.css", "a.js", "a.xml", "a.svg", "a.json"] {
            assert!(content_type(Path::new(name)).ends_with("charset=utf-8"), "{name}");
        }
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
    }
}
