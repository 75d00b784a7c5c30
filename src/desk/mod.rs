//! The editors' desk in `serve` (issue 22): correct the site where you read it.
//!
//! Owns the desk's HTTP side under `/_desk/`: the script tag serve injects into its pages
//! (carrying the session's token), the script and its data (a report page's key and extracted
//! fields, the names of a kind for merging), the review page, and the actions, which are
//! same-origin POSTs only: `Host` must be the address serve listens on, `Origin` that host,
//! `X-Desk-Token` the session's token and the body JSON; refused while an ingest runs or when
//! `corrections.yaml` is not writable, each time with a message in Chinese.
//!
//! Must not: write anything but `corrections.yaml` (through `store`), run ingest or build
//! (serve's watcher sees the file change and re-ingests; the page reloads as after any edit),
//! or be reachable from `build` (only serve mounts these routes and injects the tag).

pub(crate) mod edit;
mod page;
pub(crate) mod review;
pub(crate) mod scope;
pub(crate) mod store;

use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use store::{Action, Done, Store};
pub(crate) use store::{Hint, Hints};

const SCRIPT: &str = include_str!("desk.js");

/// One serve session's desk.
#[derive(Debug)]
pub(crate) struct Desk {
    store: Store,
    content: PathBuf,
    token: String,
    /// `Host` values that name this server (`127.0.0.1:1111`, `localhost:1111`).
    hosts: Vec<String>,
    /// True while serve's ingest runs.
    busy: Arc<AtomicBool>,
    /// How long an action waits for an ingest under way before it is refused.
    busy_wait: Duration,
    /// What `/_desk/` lists, kept between loads.
    board: Arc<review::Board>,
}

impl Desk {
    /// The desk of the site whose content folder is `content`, answering to `hosts`.
    /// Its writes are handed to serve's re-ingest through `hints`; its review page lists
    /// what `board` keeps.
    pub(crate) fn new(
        content: &Path,
        hosts: Vec<String>,
        busy: Arc<AtomicBool>,
        hints: Hints,
        board: Arc<review::Board>,
    ) -> Self {
        let busy_wait = Duration::from_secs(20);
        let store = Store::new(content, hints);
        Desk { store, content: content.to_path_buf(), token: token(), hosts, busy, busy_wait, board }
    }

    /// The tag serve injects into every page it serves.
    pub(crate) fn script_tag(&self) -> String {
        format!("<script src=\"/_desk/desk.js\" data-desk-token=\"{}\" defer></script>", self.token)
    }

    /// The desk's routes, to merge into serve's app.
    pub(crate) fn routes(self: Arc<Self>) -> Router {
        let (a, b, c, d, e, f) = (self.clone(), self.clone(), self.clone(), self.clone(), self.clone(), self);
        Router::new()
            .route("/_desk/desk.js", get(move |h: HeaderMap| async move { a.guard_get(&h).unwrap_or_else(script) }))
            .route("/_desk/report", get(move |h: HeaderMap, uri: Uri| async move { b.report(&h, &uri).await }))
            .route("/_desk/names", get(move |h: HeaderMap, uri: Uri| async move { c.names(&h, &uri).await }))
            .route("/_desk/", get(move |h: HeaderMap| async move { d.review(&h).await }))
            .route("/_desk/action", post(move |h: HeaderMap, body: Bytes| async move { e.action(&h, &body).await }))
            .route("/_desk/undo", post(move |h: HeaderMap| async move { f.undo(&h).await }))
    }

    /// A GET names this server (no DNS rebinding: another name pointing here is refused).
    fn guard_get(&self, headers: &HeaderMap) -> Option<Response> {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        (!self.hosts.iter().any(|h| h == host)).then(|| refuse(StatusCode::FORBIDDEN, "Host 不是本机的编辑台地址"))
    }

    /// A POST names this server, comes from one of its pages and carries the token.
    fn guard_post(&self, headers: &HeaderMap) -> Option<Response> {
        if let Some(refused) = self.guard_get(headers) {
            return Some(refused);
        }
        let value = |name: &str| headers.get(name).and_then(|h| h.to_str().ok()).unwrap_or("");
        let origin_ok = self.hosts.iter().any(|h| value("origin") == format!("http://{h}"));
        let fetch_site = value("sec-fetch-site");
        if !origin_ok || !(fetch_site.is_empty() || fetch_site == "same-origin") {
            return Some(refuse(StatusCode::FORBIDDEN, "请求不是来自本站页面（Origin 不符）"));
        }
        if !constant_time_eq(value("x-desk-token").as_bytes(), self.token.as_bytes()) {
            return Some(refuse(StatusCode::FORBIDDEN, "缺少或错误的编辑台令牌；请重新加载页面"));
        }
        if !value("content-type").starts_with("application/json") {
            return Some(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "请求须为 JSON"));
        }
        None
    }

    /// Why no action can run now, if so. An ingest under way is waited for (up to
    /// `busy_wait`), so that clicks made while the last one is being applied are not lost.
    async fn blocked(&self) -> Option<Response> {
        let mut waited = Duration::ZERO;
        while self.busy.load(Ordering::SeqCst) {
            if waited >= self.busy_wait {
                return Some(refuse(StatusCode::CONFLICT, "正在重新导入，请稍候再试"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            waited += Duration::from_millis(50);
        }
        self.store.unwritable().map(|why| refuse(StatusCode::FORBIDDEN, &why))
    }

    async fn action(self: Arc<Self>, headers: &HeaderMap, body: &[u8]) -> Response {
        if let Some(refused) = self.guard_post(headers) {
            return refused;
        }
        if let Some(refused) = self.blocked().await {
            return refused;
        }
        let action = match serde_json::from_slice::<Request>(body).map_err(|e| e.to_string()).and_then(Request::action)
        {
            Ok(action) => action,
            Err(why) => return refuse(StatusCode::BAD_REQUEST, &format!("请求无效：{why}")),
        };
        let desk = Arc::clone(&self);
        let apply = move || {
            // What the action touches, for a re-ingest of those seeds only (unknown: all).
            let scope = scope::of(&desk.content, &action).ok();
            desk.store.apply(&action, scope)
        };
        match tokio::task::spawn_blocking(apply).await {
            Ok(Ok(Done::Written(what))) => answer(StatusCode::OK, &what, true),
            Ok(Ok(Done::Already(what))) => answer(StatusCode::OK, &what, false),
            Ok(Err(err)) => refuse(StatusCode::CONFLICT, &format!("{err:#}")),
            Err(err) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
        }
    }

    async fn undo(self: Arc<Self>, headers: &HeaderMap) -> Response {
        if let Some(refused) = self.guard_post(headers) {
            return refused;
        }
        if let Some(refused) = self.blocked().await {
            return refused;
        }
        let desk = Arc::clone(&self);
        match tokio::task::spawn_blocking(move || desk.store.undo()).await {
            Ok(Ok(what)) => answer(StatusCode::OK, &what, true),
            Ok(Err(err)) => refuse(StatusCode::CONFLICT, &format!("{err:#}")),
            Err(err) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
        }
    }

    /// A report page's corrections key and fields, for `?path=/reports/<slug>/` or `?key=seed`.
    async fn report(self: Arc<Self>, headers: &HeaderMap, uri: &Uri) -> Response {
        if let Some(refused) = self.guard_get(headers) {
            return refused;
        }
        let content = self.content.clone();
        let found = match (query_value(uri, "path"), query_value(uri, "key")) {
            (Some(path), _) => {
                let Some(slug) = path.strip_prefix("/reports/").map(|s| s.trim_end_matches('/').to_string()) else {
                    return refuse(StatusCode::NOT_FOUND, "不是报告页面");
                };
                tokio::task::spawn_blocking(move || page::report_json(&content, &slug)).await
            }
            (None, key) => {
                let key = key.unwrap_or_default();
                tokio::task::spawn_blocking(move || page::report_by_key(&content, &key)).await
            }
        };
        match found {
            Ok(Some(value)) => json_response(StatusCode::OK, &value),
            _ => refuse(StatusCode::NOT_FOUND, "找不到这篇报告的内容文件"),
        }
    }

    /// The names of one kind's entity pages, for `?kind=people`.
    async fn names(self: Arc<Self>, headers: &HeaderMap, uri: &Uri) -> Response {
        if let Some(refused) = self.guard_get(headers) {
            return refused;
        }
        let kind = query_value(uri, "kind").unwrap_or_default();
        if !["people", "counties", "programs"].contains(&kind.as_str()) {
            return refuse(StatusCode::BAD_REQUEST, "kind: people, counties or programs");
        }
        let folder = self.content.join(&kind);
        let names = tokio::task::spawn_blocking(move || page::entity_names(&folder)).await.unwrap_or_default();
        json_response(StatusCode::OK, &json!(names))
    }

    async fn review(self: Arc<Self>, headers: &HeaderMap) -> Response {
        if let Some(refused) = self.guard_get(headers) {
            return refused;
        }
        let desk = Arc::clone(&self);
        let lists = move || {
            let review = desk.board.lists(&crate::progress::Progress::new(false))?;
            anyhow::Ok(page::review_html(&review, &desk.script_tag()))
        };
        let html = tokio::task::spawn_blocking(lists).await.unwrap_or_else(|e| Err(anyhow::anyhow!("{e}")));
        match html {
            Ok(html) => response(StatusCode::OK, "text/html; charset=utf-8", html),
            Err(err) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &format!("{err:#}")),
        }
    }
}

/// An action as the script posts it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    action: String,
    #[serde(default)]
    report: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
}

impl Request {
    fn action(self) -> Result<Action, String> {
        let Request { action, report, kind, name, target, field, value } = self;
        Ok(match action.as_str() {
            "reject" => Action::Reject { kind, name },
            "remove" => Action::Remove { report, kind, name },
            "add" => Action::Add { report, kind, name },
            "merge" => Action::Merge { kind, variant: name, target },
            "fix" => Action::Fix { report, field, value },
            _ => return Err("unknown action".into()),
        })
    }
}

/// 128 bits from the standard library's per-process random keys.
fn token() -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut out = String::new();
    for salt in [0x9e37_79b9_u64, std::process::id() as u64] {
        let mut h = state.build_hasher();
        h.write_u64(salt);
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn query_value(uri: &Uri, key: &str) -> Option<String> {
    uri.query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        let v = v.replace('+', " ");
        (k == key).then(|| percent_encoding::percent_decode_str(&v).decode_utf8().ok().map(|s| s.into_owned()))?
    })
}

fn script() -> Response {
    response(StatusCode::OK, "text/javascript; charset=utf-8", SCRIPT.to_string())
}

fn answer(status: StatusCode, message: &str, changed: bool) -> Response {
    json_response(status, &json!({ "ok": true, "message": message, "changed": changed }))
}

fn refuse(status: StatusCode, message: &str) -> Response {
    json_response(status, &json!({ "ok": false, "message": message }))
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    response(status, "application/json; charset=utf-8", value.to_string())
}

fn response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_are_long() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), b.as_bytes()));
    }

    #[tokio::test]
    async fn actions_wait_for_an_ingest_then_say_why_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("corrections.yaml"), "reject:\n").unwrap();
        let busy = Arc::new(AtomicBool::new(true));
        let board = review::Board::new(dir.path());
        let mut desk = Desk::new(dir.path(), vec!["127.0.0.1:1".into()], Arc::clone(&busy), Hints::default(), board);
        desk.busy_wait = Duration::from_millis(100);
        let refused = desk.blocked().await.expect("refused while ingest runs");
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        busy.store(false, Ordering::SeqCst);
        assert!(desk.blocked().await.is_none());
        std::fs::remove_file(dir.path().join("corrections.yaml")).unwrap();
        assert_eq!(desk.blocked().await.unwrap().status(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn queries_decode() {
        let uri: Uri = "/_desk/report?x=1&path=%2Freports%2F%E9%87%91%2F".parse().unwrap();
        assert_eq!(query_value(&uri, "path").unwrap(), "/reports/金/");
        assert_eq!(query_value(&uri, "kind"), None);
    }
}
