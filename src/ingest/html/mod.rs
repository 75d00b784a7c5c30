//! Saved web pages (`.html`, `.htm`, `.shtml`, `.mhtml`/`.mht`, or a `.txt` that is really
//! HTML) → the article's text plus what the page's markup says about it (`PageMeta`).
//!
//! ```text
//! bytes ─(mhtml: the text/html part)─ decode ─ html5ever (scraper) ─┬─ meta: tags, JSON-LD, <title>
//!                                                                    ├─ content: the article's container
//!                                                                    └─ render: lines by zone
//!   → text: headline, info lines (来源 / 时间 / 作者), body lines  → the text pipeline as any seed
//! ```
//!
//! The text it hands on is what the text pipeline expects from a seed (one paragraph per
//! line), so an HTML page and its text dump give the same entities and events. It never
//! parses the info line's values (that is `metadata`) and never finds entities.
//! Every walk over the DOM is iterative: nesting depth cannot overflow the stack.

pub(crate) mod content;
pub(crate) mod decode;
pub(crate) mod dom;
pub(crate) mod meta;
pub(crate) mod mhtml;
pub(crate) mod render;

use std::path::Path;

use scraper::Html;

pub(crate) use meta::{Found, PageMeta};
use render::{Line, Zone};

use super::boilerplate::{self, Kind};
use super::text::{Skip, normalize};

/// A saved page read: its article text and metadata.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) meta: PageMeta,
    pub(crate) text: String,
}

/// File endings of saved web pages.
const PAGE_ENDINGS: &[&str] = &["html", "htm", "shtml", "xhtml", "mhtml", "mht"];
/// A body line with more link text than this is navigation, unless it is an attachment.
const LINK_DENSITY_MAX: f64 = 0.5;
/// How many lines after the article are looked at for an info line printed below it.
const INFO_AFTER: usize = 8;
/// How many lines before the article are looked at when no headline is found there.
const INFO_BEFORE: usize = 8;

/// A seed to read as a web page: by its name, or a text file that starts like HTML or MHTML.
pub(crate) fn is_page(path: &Path, bytes: &[u8]) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    PAGE_ENDINGS.contains(&ext.as_str()) || starts_like_html(bytes) || mhtml::looks_like_mhtml(bytes)
}

/// The first non-blank bytes (after a BOM) are `<!DOCTYPE html` or `<html`.
fn starts_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..bytes.len().min(start + 14)].iter().map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// What `ingest` reads from a saved page, for a person looking into it
/// (`examples/html_text.rs`): the evidence for each metadata field, then the text handed to
/// the text pipeline; or why the page is skipped.
pub fn describe_page(bytes: &[u8]) -> String {
    match read_page(bytes) {
        Ok(page) => format!("{:#?}\n{}", page.meta, page.text),
        Err(skip) => format!("skipped: {skip}"),
    }
}

/// Reads a saved page (HTML or MHTML bytes).
pub(crate) fn read_page(bytes: &[u8]) -> Result<Page, Skip> {
    let (html, part_url) = if mhtml::looks_like_mhtml(bytes) {
        let part = mhtml::html_part(bytes).ok_or(Skip::Undecodable("MHTML without a text/html part"))?;
        (part.html, part.url)
    } else {
        (decode::decode_page(bytes, None)?, None)
    };
    Ok(from_html(&html, part_url))
}

/// Reads a decoded page; `known_url` is the address the container format recorded.
pub(crate) fn from_html(html: &str, known_url: Option<String>) -> Page {
    let doc = Html::parse_document(html);
    let tags = meta::Tags::read(&doc);
    let url = meta::url(&tags).or(known_url.map(|u| Found { value: u, from: "MHTML Content-Location" }));
    let container = content::container(&doc);
    let mut lines = render::lines(&doc, container, url.as_ref().map(|u| u.value.as_str()));
    drop(doc);
    for line in &mut lines {
        line.text = normalize(&line.text).split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let title = meta::title(&tags, &lines);
    let body = body_lines(&lines);
    let info = info_lines(&lines, title.as_ref().map(|t| t.value.as_str()));
    let meta = PageMeta {
        date: meta::date(&tags),
        source: meta::source(&tags),
        authors: meta::authors(&tags),
        url,
        title,
    };
    let mut text = String::new();
    for line in meta.title.iter().map(|t| &t.value).chain(info.iter()).chain(body.iter()) {
        text.push_str(line);
        text.push('\n');
    }
    Page { meta, text }
}

/// The article's lines: inside the container, not furniture, not link lists (attachment
/// links stay, with their address).
fn body_lines(lines: &[Line]) -> Vec<String> {
    let mut body: Vec<String> = lines
        .iter()
        .filter(|l| l.zone == Zone::Inside && !l.furniture)
        .filter_map(|l| match &l.attachment {
            Some(url) => Some(format!("{} ({url})", l.text)),
            None if l.link_density() > LINK_DENSITY_MAX => None,
            None => Some(l.text.clone()),
        })
        .collect();
    while body.last().is_some_and(|l| is_editor_credit(l) || is_counter(l)) {
        body.pop();
    }
    body
}

/// `(责编:王明远)`, `【编辑:李秀兰】`: the editor's line that closes many articles.
fn is_editor_credit(line: &str) -> bool {
    let inner = line.trim_matches(|c: char| c.is_whitespace() || "()[]【】".contains(c));
    line.chars().count() <= 40
        && boilerplate::EDITOR_ROLES
            .iter()
            .any(|r| inner.strip_prefix(r).is_some_and(|rest| rest.starts_with([':', ' '])))
}

/// A like or view counter left at the end (`+1`, `0`): no word in it.
fn is_counter(line: &str) -> bool {
    line.chars().count() <= 4 && !line.chars().any(|c| c.is_alphabetic())
}

/// The info lines (来源 / 时间 / 作者 …) printed between the headline and the article, or
/// just below the article (`发布日期` and `责任编辑` after the text): lines the text
/// pipeline reads as metadata, in that order.
fn info_lines(lines: &[Line], title: Option<&str>) -> Vec<String> {
    let before: Vec<&Line> = lines.iter().filter(|l| l.zone == Zone::Before).collect();
    let headline_at =
        title.and_then(|t| before.iter().rposition(|l| l.text == t || (l.headline && t.contains(&l.text))));
    let from = headline_at.map(|i| i + 1).unwrap_or(before.len().saturating_sub(INFO_BEFORE));
    let after = lines.iter().filter(|l| l.zone == Zone::After).take(INFO_AFTER);
    before[from..]
        .iter()
        .copied()
        .chain(after)
        .filter(|l| l.link_density() <= LINK_DENSITY_MAX)
        .map(|l| with_plain_keys(&l.text))
        .filter(|t| boilerplate::classify(t).first().is_some_and(|c| c.kind == Kind::Meta))
        .collect()
}

/// Key spellings of info lines that the text pipeline knows under another name
/// (`来源于:` is `来源:`).
fn with_plain_keys(line: &str) -> String {
    line.replace("来源于:", "来源:").replace("来源于 ", "来源: ")
}

#[cfg(test)]
mod tests;
