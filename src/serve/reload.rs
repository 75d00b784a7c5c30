//! Live reload: the messages, the server-sent events endpoint and the browser script.
//!
//! Owns: `/__jianbao/events` (an SSE stream of JSON messages `{"type":"reload"}`,
//! `{"type":"css"}` and `{"type":"error","text":…}`), `/__jianbao/reload.js` (reloads the page,
//! swaps stylesheets in place, shows build errors as an overlay written with `textContent`,
//! closes its stream when the page goes into the back-forward cache and reopens it on return),
//! the script tag that `http.rs` injects into served HTML, and the memory of the last build
//! error, so a page opened while the build is broken shows the overlay at once.
//!
//! Must not: decide when to reload or what a change means (`serve/mod.rs` does, from the
//! build result), touch the file system, or appear in `build` output.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{Stream, StreamExt, stream};
use serde::Serialize;
use tokio::sync::{broadcast, watch};

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__jianbao/events";
/// The path of the browser script.
pub const SCRIPT_PATH: &str = "/__jianbao/reload.js";
/// What `http.rs` inserts before `</body>` of every served HTML page.
pub const SCRIPT_TAG: &str = "<script src=\"/__jianbao/reload.js\"></script>";

const SCRIPT: &str = include_str!("reload.js");

/// One message to every open page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: refetch them without reloading.
    Css,
    /// The build failed: show the text over the page until the next good build.
    Error { text: String },
}

impl Message {
    fn event(&self) -> Event {
        // JSON keeps newlines and carriage returns of error text escaped on one data line.
        let data = serde_json::to_string(self).unwrap_or_else(|_| r#"{"type":"reload"}"#.into());
        Event::default().data(data)
    }
}

/// The broadcast side of live reload; cheap to clone.
#[derive(Clone)]
pub struct Reloader {
    inner: Arc<Inner>,
}

struct Inner {
    tx: broadcast::Sender<Message>,
    last_error: Mutex<Option<String>>,
    closed: watch::Sender<bool>,
}

impl Default for Reloader {
    fn default() -> Self {
        Self::new()
    }
}

impl Reloader {
    pub fn new() -> Self {
        Reloader {
            inner: Arc::new(Inner {
                tx: broadcast::channel(16).0,
                last_error: Mutex::new(None),
                closed: watch::channel(false).0,
            }),
        }
    }

    /// Tells every open page. An error is remembered for pages that connect later; any
    /// other message means the build is good again and forgets it.
    pub fn send(&self, msg: Message) {
        let mut last_error = self.inner.last_error.lock().unwrap_or_else(PoisonError::into_inner);
        *last_error = match &msg {
            Message::Error { text } => Some(text.clone()),
            Message::Reload | Message::Css => None,
        };
        // No receiver is fine: no page is open.
        let _ = self.inner.tx.send(msg);
    }

    /// How many pages are listening now.
    pub fn listeners(&self) -> usize {
        self.inner.tx.receiver_count()
    }

    /// Ends every event stream, so that the server can shut down without waiting for open
    /// pages. Pages reconnect by themselves to the next server.
    pub fn close(&self) {
        self.inner.closed.send_replace(true);
    }

    /// The two live-reload routes.
    pub fn routes(&self) -> Router {
        let events = {
            let reloader = self.clone();
            move || async move { Sse::new(reloader.stream()).keep_alive(KeepAlive::default()) }
        };
        Router::new().route(EVENTS_PATH, get(events)).route(SCRIPT_PATH, get(script))
    }

    /// The last error if the build is broken now, then every message until `close`.
    fn stream(&self) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
        // Subscribe before reading the last error: a message sent in between is seen twice
        // at worst, never missed.
        let rx = self.inner.tx.subscribe();
        let closed = self.inner.closed.subscribe();
        let replay = self
            .inner
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .map(|text| Ok(Message::Error { text }.event()));
        let live = stream::unfold((rx, closed), |(mut rx, mut closed)| async move {
            let msg = tokio::select! {
                _ = closed.wait_for(|closed| *closed) => return None,
                msg = rx.recv() => msg,
            };
            let msg = match msg {
                Ok(msg) => msg,
                // Too far behind to know what changed: a reload is always right.
                Err(broadcast::error::RecvError::Lagged(_)) => Message::Reload,
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(msg.event()), (rx, closed)))
        });
        stream::iter(replay).chain(live)
    }
}

async fn script() -> Response {
    let mut res = SCRIPT.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_small_json() {
        assert_eq!(serde_json::to_string(&Message::Reload).unwrap(), r#"{"type":"reload"}"#);
        assert_eq!(
            serde_json::to_string(&Message::Error { text: "a\r\n<b>".into() }).unwrap(),
            r#"{"type":"error","text":"a\r\n<b>"}"#
        );
    }

    #[test]
    fn a_good_build_forgets_the_error() {
        let r = Reloader::new();
        r.send(Message::Error { text: "bad".into() });
        assert_eq!(r.inner.last_error.lock().unwrap().as_deref(), Some("bad"));
        r.send(Message::Css);
        assert_eq!(*r.inner.last_error.lock().unwrap(), None);
    }
}
