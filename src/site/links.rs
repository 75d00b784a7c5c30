//! The internal link checker: every `href` and `src` of every HTML file that points into the
//! site must name a file of the build, and every `#fragment` an `id` on that page.
//!
//! Works in memory on what `scan` took from each rendered page, before the site is moved
//! into place. Internal means: a
//! fragment (`#x`), a path under the base path (`/sub/…`), an absolute URL under the base URL
//! (`https://example.org/sub/…`), or a relative path. Owns that check and its one message
//! (`broken_message`, for `build`, `check` and `serve` alike), which reads the graph only to
//! name the content file a page came from; it changes no file and knows nothing of how pages
//! were made.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::site::config::Config;
use crate::site::file::{OutputFile, file_of};
use crate::site::graph::Graph;

/// A link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    /// The file the link is in.
    pub(crate) file: String,
    pub(crate) href: String,
    pub(crate) why: &'static str,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: link {} {}", self.file, self.href, self.why)
    }
}

/// What the check needs of one HTML page: its ids and the links it makes (each once).
/// Taken as soon as the page is rendered, so the page itself need not be kept. The strings
/// are shared with every other page of the build that has them (`Strings`).
#[derive(Debug)]
pub(crate) struct PageLinks {
    pub(crate) path: String,
    ids: FxHashSet<Arc<str>>,
    links: Vec<Arc<str>>,
}

/// The links and ids of a build, each string held once however many pages have it: most of
/// a page's links are shared (navigation, entity pages, neighbours), and at 100,000 reports
/// a copy per page was the larger part of the build's memory. Sharded by hash, so that the
/// render threads seldom wait for one another.
#[derive(Default)]
pub(crate) struct Strings {
    shards: [Mutex<FxHashSet<Arc<str>>>; 16],
}

impl Strings {
    fn get(&self, s: &str) -> Arc<str> {
        let shard = &self.shards[(rustc_hash::FxBuildHasher.hash_one(s) >> 60) as usize];
        let mut set = shard.lock().unwrap_or_else(PoisonError::into_inner);
        match set.get(s) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = s.into();
                set.insert(shared.clone());
                shared
            }
        }
    }
}

/// The links and ids of an HTML file; `None` for other files. It reads the bytes as they
/// are (rendered pages are UTF-8; an attribute value that is not is read lossily).
pub(crate) fn scan(file: &OutputFile) -> Option<PageLinks> {
    scan_sharing(file, &Strings::default())
}

/// `scan`, the strings shared through `strings` with the other pages scanned with it.
pub(crate) fn scan_sharing(file: &OutputFile, strings: &Strings) -> Option<PageLinks> {
    if !file.path.ends_with(".html") {
        return None;
    }
    let mut ids = FxHashSet::default();
    let mut seen = FxHashSet::default();
    attributes(&file.bytes, &["href", "src", "id"], |name, value| {
        if name.eq_ignore_ascii_case("id") {
            if !ids.contains(value.as_ref()) {
                ids.insert(strings.get(&value));
            }
        } else {
            seen.insert(value);
        }
    });
    let mut links: Vec<Arc<str>> = seen.into_iter().map(|l| strings.get(&l)).collect();
    links.sort_unstable();
    Some(PageLinks { path: file.path.clone(), ids, links })
}

/// What the link check asks of the built site: which files exist, and which ids a page has.
pub(crate) trait Files: Sync {
    fn exists(&self, path: &str) -> bool;
    /// Whether the HTML page at `path` has an element with this `id`.
    fn has_id(&self, path: &str, id: &str) -> bool;
}

/// A whole build: every file's path and every page's links.
struct Whole<'a> {
    files: &'a HashSet<&'a str>,
    pages: HashMap<&'a str, &'a PageLinks>,
}

impl Files for Whole<'_> {
    fn exists(&self, path: &str) -> bool {
        self.files.contains(path)
    }
    fn has_id(&self, path: &str, id: &str) -> bool {
        self.pages.get(path).is_some_and(|p| p.ids.contains(id))
    }
}

impl PageLinks {
    pub(crate) fn ids(&self) -> &FxHashSet<Arc<str>> {
        &self.ids
    }
}

/// Every broken internal link of the site, sorted by file then link. `files` are the paths
/// of every file of the site, pages and others.
pub(crate) fn check(config: &Config, pages: &[PageLinks], files: &HashSet<&str>) -> Vec<Broken> {
    let whole = Whole { files, pages: pages.iter().map(|p| (p.path.as_str(), p)).collect() };
    let pages: Vec<&PageLinks> = pages.iter().collect();
    check_against(config, &pages, &whole)
}

/// The broken links of `pages`, resolved against `site` (which `serve` keeps between edits,
/// so only the pages an edit re-rendered need checking).
pub(crate) fn check_against(config: &Config, pages: &[&PageLinks], site: &impl Files) -> Vec<Broken> {
    let mut broken: Vec<Broken> = pages
        .par_iter()
        .flat_map_iter(|page| {
            page.links.iter().filter_map(|href| {
                let why = resolve(config, &page.path, href, site)?;
                Some(Broken { file: page.path.clone(), href: href.to_string(), why })
            })
        })
        .collect();
    broken.sort_by(|a, b| (&a.file, &a.href).cmp(&(&b.file, &b.href)));
    broken
}

/// The error of a check that found `broken` (not empty), the one message `build`, `check`
/// and `serve` give: how many, and the first, named with the content file of its page.
pub(crate) fn broken_message(site: &Graph, broken: &[Broken]) -> String {
    format!(
        "{} broken internal link(s); the first: {} (fix the link, or add the page it points to)",
        broken.len(),
        describe(site, &broken[0])
    )
}

/// A broken link, naming the content file the page came from when there is one.
pub(crate) fn describe(site: &Graph, b: &Broken) -> String {
    let source = site.reports.iter().find(|r| file_of(r.path()) == b.file).map(|r| r.file.clone()).or_else(|| {
        site.entities
            .iter()
            .find(|e| file_of(e.path()) == b.file)
            .and_then(|e| e.page.as_ref().map(|p| p.path.clone()))
    });
    match source {
        Some(s) => format!("{b} (page of {s})"),
        None => b.to_string(),
    }
}

/// `None` when `href`, found in `file`, resolves (or is external); otherwise why not.
fn resolve(config: &Config, file: &str, href: &str, site: &impl Files) -> Option<&'static str> {
    let href = href.trim();
    let (target, fragment) = match href.split_once('#') {
        Some((t, f)) => (t, Some(f)),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or("");
    let path = if target.is_empty() {
        file.to_string()
    } else if let Some(rest) = target.strip_prefix(&config.base_url).filter(|_| config.has_host()) {
        file_of(rest)
    } else if target.starts_with("//") || has_scheme(target) {
        return None; // another site
    } else if let Some(rest) = target.strip_prefix(&config.base_path) {
        file_of(rest)
    } else if target.starts_with('/') {
        return Some("is outside the base path (links must start with the base path)");
    } else {
        let dir = file.rfind('/').map(|i| &file[..=i]).unwrap_or("");
        match normalise(&format!("{dir}{target}")) {
            Some(p) => file_of(&p),
            None => return Some("climbs above the site root"),
        }
    };
    let path = percent_decode(&path);
    if !site.exists(&path) {
        return Some("points to no page of the site");
    }
    match fragment.map(percent_decode) {
        Some(f) if !f.is_empty() && !site.has_id(&path, &f) => Some("names an anchor the page does not have"),
        _ => None,
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => s[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) && !s[..i].contains('/'),
        None => false,
    }
}

/// Resolves `.` and `..` segments; `None` when a `..` climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (bytes.get(i + 1).and_then(hex), bytes.get(i + 2).and_then(hex))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// Calls `found(name, value)` for each of the named attributes in the tags of `html`, values
/// entity-decoded. Text outside tags is ignored, and so are `<script>` and `<style>` contents
/// and comments. Works on bytes (with `memchr`): a site's pages are hundreds of megabytes.
fn attributes<'a>(html: &'a [u8], names: &[&str], mut found: impl FnMut(&str, Cow<'a, str>)) {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
        let start = i + off;
        if html[start..].starts_with(b"<!--") {
            i = memchr::memmem::find(&html[start..], b"-->").map(|e| start + e + 3).unwrap_or(html.len());
            continue;
        }
        let Some(end) = tag_end(html, start) else { break };
        let tag = &html[start + 1..end];
        let name_len = tag.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len > 0 {
            scan_tag(tag, names, &mut found);
        }
        i = end + 1;
        for raw in ["script", "style"] {
            if tag[..name_len].eq_ignore_ascii_case(raw.as_bytes()) {
                let close = format!("</{raw}");
                i = memchr::memmem::find(&html[i..], close.as_bytes()).map(|e| i + e).unwrap_or(html.len());
            }
        }
    }
}

/// The `>` closing the tag opened at `start`, skipping quoted attribute values.
fn tag_end(html: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (j, &c) in html[start..].iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return Some(start + j),
            _ => {}
        }
    }
    None
}

fn scan_tag<'a>(tag: &'a [u8], names: &[&str], found: &mut impl FnMut(&str, Cow<'a, str>)) {
    let b = tag;
    let mut i = tag.iter().position(u8::is_ascii_whitespace).unwrap_or(tag.len());
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            if name.is_empty() {
                i += 1;
            }
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
            let q = b[i];
            let v_start = i + 1;
            let v_end = memchr::memchr(q, &tag[v_start..]).map(|e| v_start + e).unwrap_or(tag.len());
            i = v_end + 1;
            &tag[v_start..v_end]
        } else {
            let v_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            &tag[v_start..i]
        };
        if let Some(&n) = names.iter().find(|n| n.as_bytes().eq_ignore_ascii_case(name)) {
            found(n, decode_entities(String::from_utf8_lossy(value)));
        }
    }
}

fn decode_entities(s: Cow<'_, str>) -> Cow<'_, str> {
    if !s.contains('&') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&n| n <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base: &str, path: &str) -> Config {
        crate::site::config::for_tests(base, path)
    }

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: html.as_bytes().to_vec() }
    }

    #[test]
    fn finds_broken_pages_and_anchors_under_a_sub_path() {
        let c = config("https://example.org/sub/", "/sub/");
        let files = [
            file(
                "index.html",
                "<a href=\"/sub/reports/a/#x\">a</a><a href='/sub/reports/a/#nope'>b</a><a href=\"/sub/people/\">c</a>",
            ),
            file(
                "reports/a/index.html",
                "<h2 id=\"x\">x</h2><a href=\"#x\">top</a><a href=\"../../\">home</a><link href=\"https://example.org/sub/style.css\"><a href=\"https://other.org/\">x</a><a href=\"/elsewhere/\">y</a>",
            ),
            file("style.css", ""),
        ];
        let pages: Vec<PageLinks> = files.iter().filter_map(scan).collect();
        let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let broken: Vec<String> = check(&c, &pages, &paths).iter().map(|b| b.to_string()).collect();
        assert_eq!(
            broken,
            [
                "index.html: link /sub/people/ points to no page of the site",
                "index.html: link /sub/reports/a/#nope names an anchor the page does not have",
                "reports/a/index.html: link /elsewhere/ is outside the base path (links must start with the base path)",
            ]
        );
    }

    #[test]
    fn the_message_names_the_content_file_of_the_page() {
        let front = crate::frontmatter::ReportFront { title: "t".into(), ..Default::default() };
        let page = crate::site::load::ReportPage {
            path: "content/reports/a.md".into(),
            slug: "a".into(),
            redirects: Vec::new(),
            front,
            date: None,
            event_dates: Vec::new(),
            body: "".into(),
            excerpt: String::new(),
        };
        let content = crate::site::load::Content { reports: vec![std::sync::Arc::new(page)], entities: Vec::new() };
        let site = crate::site::graph::build(config("/", "/"), &content).unwrap();
        let broken =
            |file: &str| Broken { file: file.into(), href: "#x".into(), why: "names an anchor the page does not have" };
        let message = broken_message(&site, &[broken("reports/a/index.html"), broken("index.html")]);
        assert_eq!(
            message,
            "2 broken internal link(s); the first: reports/a/index.html: link #x names an anchor the page does not \
             have (page of content/reports/a.md) (fix the link, or add the page it points to)"
        );
        assert_eq!(
            describe(&site, &broken("index.html")),
            "index.html: link #x names an anchor the page does not have"
        );
    }

    #[test]
    fn attribute_values_are_decoded_and_scripts_skipped() {
        let html = "<a class=x href=\"/a?b=1&amp;c=2\" >t</a><script>var s = '<a href=\"/no/\">';</script><!-- <a href=\"/no2/\"> --><img src=/i.png alt='x > y'>";
        let mut found = Vec::new();
        attributes(html.as_bytes(), &["href", "src"], |_, v| found.push(v.into_owned()));
        assert_eq!(found, ["/a?b=1&c=2", "/i.png"]);
    }

    #[test]
    fn relative_paths_normalise() {
        assert_eq!(normalise("reports/a/../../people/").as_deref(), Some("people/"));
        assert_eq!(normalise("../x"), None);
        assert_eq!(percent_decode("%E9%87%91"), "金");
    }
}
