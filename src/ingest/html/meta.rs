//! Metadata of a saved page by evidence, in order of trust: the government page meta tags
//! of the 政府网站发展指引 (`ArticleTitle`, `PubDate`, `ContentSource`, `Author`, `Url`);
//! JSON-LD, Open Graph and `article:*` tags; the common publishing-system tags
//! (`publishdate`, `firstpublishedtime`, `source`); the visible headline checked against the
//! `<title>` (the title minus the site name), or the heading nearest the article when the
//! `<title>` names only the site or the page never shows it. The page's visible info line (来源 / 时间 / 作者)
//! is left to the text pipeline (`metadata`), which reads it from the lines `html` puts after
//! the headline; `extract::apply_page_meta` lets these fields win over it.
//!
//! Owns reading tags and choosing among them; it never parses the info line itself.

use scraper::{Html, Selector};

use super::render::{Line, Zone};
use crate::ingest::boilerplate::{self, Kind};
use crate::ingest::dates::{self, PartialDate};
use crate::ingest::{headline, people, shape, text};

/// A value and the evidence it was taken from (shown by `ingest --verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found<T> {
    pub(crate) value: T,
    pub(crate) from: &'static str,
}

fn found<T>(value: T, from: &'static str) -> Found<T> {
    Found { value, from }
}

/// What the page's markup says about the article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PageMeta {
    pub(crate) title: Option<Found<String>>,
    pub(crate) date: Option<Found<PartialDate>>,
    pub(crate) source: Option<Found<String>>,
    /// Authors named by the page's tags: they win over the info line.
    pub(crate) authors: Option<Found<Vec<String>>>,
    pub(crate) url: Option<Found<String>>,
}

/// `<meta>` tags as (name, content), the name lower-cased from `name`, `property`,
/// `itemprop` or `http-equiv`, in document order.
pub(crate) struct Tags {
    pairs: Vec<(String, String)>,
    ld: Vec<serde_json::Value>,
    doc_title: Option<String>,
    canonical: Option<String>,
}

impl Tags {
    pub(crate) fn read(doc: &Html) -> Tags {
        let meta = Selector::parse("meta[content]").expect("selector");
        let mut pairs = Vec::new();
        for el in doc.select(&meta) {
            let el = el.value();
            let name = ["name", "property", "itemprop"].iter().find_map(|a| el.attr(a));
            if let (Some(name), Some(content)) = (name, el.attr("content")) {
                pairs.push((name.trim().to_ascii_lowercase(), clean(content)));
            }
        }
        let ld_sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("selector");
        let ld = doc
            .select(&ld_sel)
            .filter_map(|s| serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).ok())
            .collect();
        let title_sel = Selector::parse("title").expect("selector");
        let doc_title =
            doc.select(&title_sel).next().map(|t| clean(&t.text().collect::<String>())).filter(|t| !t.is_empty());
        let canon_sel = Selector::parse(r#"link[rel="canonical"][href]"#).expect("selector");
        let canonical =
            doc.select(&canon_sel).next().and_then(|l| l.value().attr("href")).map(|h| h.trim().to_string());
        Tags { pairs, ld, doc_title, canonical }
    }

    /// The first non-empty tag among `names`.
    fn get(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.pairs.iter().find(|(k, v)| k == n && !v.is_empty()).map(|(_, v)| v.as_str()))
    }

    /// A field of the first JSON-LD object (or `@graph` member) that has it.
    fn ld_field(&self, key: &str) -> Option<&serde_json::Value> {
        let mut stack: Vec<&serde_json::Value> = self.ld.iter().collect();
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    if let Some(found) = map.get(key) {
                        return Some(found);
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn ld_text(&self, key: &str) -> Option<String> {
        match self.ld_field(key)? {
            serde_json::Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    pub(crate) fn doc_title(&self) -> Option<&str> {
        self.doc_title.as_deref()
    }
}

/// Whitespace folded, characters normalised as for text seeds.
fn clean(s: &str) -> String {
    text::normalize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's own address: `<link rel=canonical>`, `og:url`, the government `Url` tag.
pub(crate) fn url(tags: &Tags) -> Option<Found<String>> {
    if let Some(u) = tags.canonical.as_deref().filter(|u| shape::is_web_address(u)) {
        return Some(found(u.to_string(), "link rel=canonical"));
    }
    if let Some(u) = tags.get(&["og:url"]).filter(|u| shape::is_web_address(u)) {
        return Some(found(u.to_string(), "og:url"));
    }
    tags.get(&["url"]).filter(|u| shape::is_web_address(u)).map(|u| found(u.to_string(), "meta Url"))
}

/// The publication date, by the order of trust of the tags that carry one.
pub(crate) fn date(tags: &Tags) -> Option<Found<PartialDate>> {
    const TAGS: &[(&str, &str)] = &[
        ("pubdate", "meta PubDate"),
        ("article:published_time", "article:published_time"),
        ("datepublished", "itemprop datePublished"),
        ("publishdate", "meta publishdate"),
        ("firstpublishedtime", "meta firstpublishedtime"),
        ("publishtime", "meta publishtime"),
        ("publish_time", "meta publish_time"),
    ];
    for (name, from) in TAGS {
        if let Some(d) = tags.get(&[name]).and_then(day_of) {
            return Some(found(d, from));
        }
        if *name == "article:published_time"
            && let Some(d) = tags.ld_text("datePublished").as_deref().and_then(day_of)
        {
            return Some(found(d, "JSON-LD datePublished"));
        }
    }
    None
}

/// A full day from a tag value (`2019-09-18 06:23`, `2007-08-20-23:59:59`, ISO 8601).
fn day_of(value: &str) -> Option<PartialDate> {
    let d = dates::find(&dates::arabic_numerals(value), None).first()?.date;
    (d.day.is_some() && d.is_valid()).then_some(d)
}

/// The source: the government `ContentSource` tag, or a publishing system's `source` tag
/// (`来源:某日报 原创稿` → 某日报).
pub(crate) fn source(tags: &Tags) -> Option<Found<String>> {
    if let Some(s) = tags.get(&["contentsource"]).map(short_source).filter(|s| !s.is_empty()) {
        return Some(found(s, "meta ContentSource"));
    }
    tags.get(&["source"]).map(short_source).filter(|s| has_han(s)).map(|s| found(s, "meta source"))
}

/// A source value without its key and the trailing notes (原创稿, 转载).
fn short_source(value: &str) -> String {
    let value = value.trim();
    let value = ["来源:", "来源:", "来源"].iter().find_map(|k| value.strip_prefix(k)).unwrap_or(value).trim();
    let first = value.split_whitespace().next().unwrap_or("");
    // A bracketed note after the name (a place), also one whose bracket is cut: `某某网(北京`.
    let first = first.find('(').filter(|&i| i > 0).map_or(first, |i| &first[..i]);
    if first.chars().count() > 30 { String::new() } else { first.to_string() }
}

fn has_han(s: &str) -> bool {
    s.chars().any(crate::lexicon::is_han)
}

/// Authors named by tags: the government `Author` tag, JSON-LD `author`; only values that
/// read as persons' names (publishing systems put user ids there too).
pub(crate) fn authors(tags: &Tags) -> Option<Found<Vec<String>>> {
    let names = |v: &str| -> Vec<String> {
        v.split([' ', ',', '、', ';']).filter(|n| people::looks_like_full_name(n)).map(str::to_string).collect()
    };
    if let Some(v) = tags.get(&["author"]) {
        let n = names(v);
        if !n.is_empty() {
            return Some(found(n, "meta Author"));
        }
    }
    let ld = match tags.ld_field("author") {
        Some(serde_json::Value::Object(o)) => o.get("name").and_then(|n| n.as_str()).map(names),
        Some(serde_json::Value::String(s)) => Some(names(s)),
        Some(serde_json::Value::Array(a)) => {
            Some(a.iter().filter_map(|x| x.get("name").and_then(|n| n.as_str())).flat_map(names).collect())
        }
        _ => None,
    };
    ld.filter(|n| !n.is_empty()).map(|n| found(n, "JSON-LD author"))
}

/// Separators between a headline and the site name in a `<title>`.
const TITLE_SEPARATORS: &[&str] = &["_", "|", "｜", " - ", "--", " — ", " – ", "-"];

/// The headline. A title tag (`ArticleTitle`, `og:title`, JSON-LD `headline`) wins when the
/// page shows it or its `<title>` starts with it; when the page shows a different headline
/// that the `<title>` also starts with, two pieces of evidence agree against the tag and the
/// visible headline wins. Without tags: the visible headline that the `<title>` starts with,
/// else the `<title>` before its first separator.
pub(crate) fn title(tags: &Tags, lines: &[Line]) -> Option<Found<String>> {
    let visible = visible_headline(tags.doc_title(), lines);
    let tagged = [("articletitle", "meta ArticleTitle"), ("og:title", "og:title")]
        .iter()
        .find_map(|(n, from)| tags.get(&[n]).map(|v| (v.to_string(), *from)))
        .or_else(|| tags.ld_text("headline").map(|h| (h, "JSON-LD headline")));
    if let Some((t, from)) = tagged {
        let shown = lines.iter().any(|l| l.text == t) || tags.doc_title().is_some_and(|d| d.starts_with(&t));
        match &visible {
            Some(v) if !shown && v.text != t => {}
            _ => return Some(found(t, from)),
        }
    }
    let heading = nearest_heading(tags.doc_title(), lines);
    if let Some(v) = visible {
        // A <title> that is only the site's name, shown in its header, names no article: the
        // heading nearer the text does.
        let site_name = tags.doc_title() == Some(v.text.as_str());
        return Some(match heading {
            Some(h) if site_name && h.at > v.at && h.text != v.text => found(h.text, NEAREST_HEADING),
            _ => found(v.text, "visible headline = <title> minus site name"),
        });
    }
    let doc_title = tags.doc_title()?;
    let head = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| doc_title.find(sep).map(|i| doc_title[..i].trim()))
        .filter(|h| h.chars().count() >= 4)
        .min_by_key(|h| h.len())
        .unwrap_or(doc_title);
    // The page never shows the <title>'s words (a channel's or site's name, `科研动态 - 某所`):
    // a heading of its own above the text, unlike them, is the article's.
    match heading
        .filter(|h| !h.text.contains(head) && !head.contains(&h.text) && shape::similarity(&h.text, head) < 0.6)
    {
        Some(h) => Some(found(h.text, NEAREST_HEADING)),
        None => Some(found(head.to_string(), "<title> before the site name")),
    }
}

const NEAREST_HEADING: &str = "heading nearest the article";

/// A line of the page and where it stands among the lines.
struct Shown {
    text: String,
    at: usize,
}

/// The heading element (`<h1>`–`<h6>`, a `title` class) nearest the article: the last one
/// before it, else one at its top; a line that reads as a headline, not a site's name (in
/// the `<title>` after the headline, or repeated below the article), not metadata or chrome.
fn nearest_heading(doc_title: Option<&str>, lines: &[Line]) -> Option<Shown> {
    let after: Vec<&str> = lines.iter().filter(|l| l.zone == Zone::After).map(|l| l.text.as_str()).collect();
    let is_headline = |l: &Line| {
        let n = l.text.chars().count();
        l.headline
            && (6..=100).contains(&n)
            && l.link_density() < 0.5
            && shape::is_title_like(&l.text, 100)
            && !headline::is_subtitle(&l.text)
            && headline::furniture_penalty(&l.text) == 0.0
            && !doc_title.is_some_and(|d| d != l.text && d.contains(&l.text))
            && !after.iter().any(|a| a.contains(&l.text))
            && boilerplate::classify(&l.text).first().is_some_and(|c| c.kind == Kind::Text)
    };
    let indexed = || lines.iter().enumerate();
    let before = indexed().rev().filter(|(_, l)| l.zone == Zone::Before).find(|(_, l)| is_headline(l));
    let top = || indexed().filter(|(_, l)| l.zone == Zone::Inside).take(3).find(|(_, l)| is_headline(l));
    before.or_else(top).map(|(at, l)| Shown { text: l.text.clone(), at })
}

/// The longest line shown before the article (or at its top) that the `<title>` starts
/// with, followed there by a separator or the end.
fn visible_headline(doc_title: Option<&str>, lines: &[Line]) -> Option<Shown> {
    let doc_title = doc_title?;
    let indexed = || lines.iter().enumerate();
    let inside_top = indexed().filter(|(_, l)| l.zone == Zone::Inside).take(3);
    let before = indexed().filter(|(_, l)| l.zone == Zone::Before);
    before
        .chain(inside_top)
        .filter(|(_, l)| l.link_density() < 0.5 && shape::is_title_like(&l.text, 100) && l.text.chars().count() >= 4)
        .filter(|(_, l)| {
            doc_title
                .strip_prefix(l.text.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '_', '|', '｜', '-', '—', '–', '·', ':']))
        })
        .max_by_key(|(_, l)| l.text.len())
        .map(|(at, l)| Shown { text: l.text.clone(), at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, zone: Zone) -> Line {
        Line {
            text: text.into(),
            zone,
            chars: text.chars().count(),
            link_chars: 0,
            furniture: false,
            headline: false,
            attachment: None,
        }
    }

    fn tags(head: &str) -> Tags {
        Tags::read(&Html::parse_document(&format!("<html><head>{head}</head><body></body></html>")))
    }

    #[test]
    fn government_tags_come_first() {
        let t = tags(
            "<meta name='ArticleTitle' content='青山县召开产业推进会'><meta name='PubDate' content='2019-09-18 06:23'>\
             <meta name='ContentSource' content='青山日报'><meta name='Url' content='http://www.example.gov.cn/a/1.html'>\
             <meta property='article:published_time' content='2019-09-17T10:00:00+08:00'><title>青山县召开产业推进会_青山县人民政府</title>",
        );
        assert_eq!(title(&t, &[]).unwrap().value, "青山县召开产业推进会");
        assert_eq!(date(&t).unwrap().value.to_string(), "2019-09-18");
        assert_eq!(source(&t).unwrap().value, "青山日报");
        assert_eq!(url(&t).unwrap().value, "http://www.example.gov.cn/a/1.html");
    }

    #[test]
    fn news_tags_and_json_ld() {
        let t = tags(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"某市举办读书节","datePublished":"2021-04-23T08:00:00+08:00","author":{"@type":"Person","name":"王明远"}}</script>
               <link rel="canonical" href="https://news.example.com/2021/0423/1.html"><title>某市举办读书节-某某新闻网</title>"#,
        );
        assert_eq!(title(&t, &[]).unwrap().value, "某市举办读书节");
        assert_eq!(date(&t).unwrap().from, "JSON-LD datePublished");
        assert_eq!(authors(&t).unwrap().value, vec!["王明远"]);
        assert_eq!(url(&t).unwrap().from, "link rel=canonical");
    }

    #[test]
    fn visible_headline_is_the_title_minus_the_site_name() {
        let t = tags("<title>李秀兰走访慰问困难群众 青山镇人民政府</title>");
        let lines =
            [line("首页", Zone::Before), line("李秀兰走访慰问困难群众", Zone::Before), line("正文。", Zone::Inside)];
        assert_eq!(title(&t, &lines).unwrap().value, "李秀兰走访慰问困难群众");
        // A line that is only the start of the title's words is not the headline.
        let t = tags("<title>全国人大常委会关于批准某协定的决定_国务院公报_中国政府网</title>");
        let lines = [line("全国人大常委会", Zone::Before)];
        assert_eq!(title(&t, &lines).unwrap().value, "全国人大常委会关于批准某协定的决定");
    }

    #[test]
    fn a_tag_title_that_the_page_contradicts_loses() {
        let t = tags("<meta name='ArticleTitle' content='工作动态'><title>青山镇完成春耕备耕_青山镇人民政府</title>");
        let lines = [line("青山镇完成春耕备耕", Zone::Before)];
        assert_eq!(title(&t, &lines).unwrap().value, "青山镇完成春耕备耕");
    }

    #[test]
    fn tag_values_that_are_not_names_or_sources() {
        let t = tags("<meta name='author' content='104363'><meta name='source' content='来源:青山日报 原创稿'>");
        assert!(authors(&t).is_none());
        assert_eq!(source(&t).unwrap().value, "青山日报");
    }
}
