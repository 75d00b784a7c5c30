//! The page as lines of text, the way a reader sees it: one line per paragraph, heading,
//! list item or table row, each marked with where it stands relative to the article's
//! container (before, inside, after) and how much of it is link text.
//!
//! Owns the DOM → text step (whitespace folding, block boundaries, data tables as `a | b`
//! rows, attachment links). It decides nothing about metadata or which lines to keep.
//! The walk is iterative, so any nesting depth is safe.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use super::dom;
use crate::ingest::shape;
use crate::lexicon::Words;

/// Where a line stands relative to the article's container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    Before,
    Inside,
    After,
}

/// One visible line of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) zone: Zone,
    /// Characters (not spaces) of the line, and those inside links.
    pub(crate) chars: usize,
    pub(crate) link_chars: usize,
    /// Inside an element whose class or id names furniture (share bar, related list …).
    pub(crate) furniture: bool,
    /// An `<h1>`–`<h6>` (some sites put the article's heading in a minor one) or an element
    /// whose class or id says `title`.
    pub(crate) headline: bool,
    /// A link to a document (附件: .doc, .pdf, .xls …) on this line, or an image's address
    /// on the line of its alt text.
    pub(crate) attachment: Option<String>,
}

impl Line {
    pub(crate) fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.link_chars as f64 / self.chars as f64 }
    }
}

/// File endings of attachments that articles link to.
const ATTACHMENTS: &[&str] =
    &[".doc", ".docx", ".pdf", ".xls", ".xlsx", ".wps", ".et", ".ppt", ".pptx", ".zip", ".rar", ".ofd", ".txt"];
/// A table whose cells hold more than this is page layout, not data.
const DATA_CELL_MAX: usize = 60;
/// How many nodes of a table are looked at to tell data from layout.
const TABLE_LOOK: usize = 4000;

struct Walker<'a> {
    lines: Vec<Line>,
    buf: String,
    chars: usize,
    link_chars: usize,
    links: usize,
    furniture: usize,
    headline: usize,
    attachment: Option<String>,
    zone: Zone,
    /// For each open `<table>`: whether it is a data table, and whether its row has a cell yet.
    tables: Vec<(bool, bool)>,
    base: Option<&'a str>,
}

/// Every visible line of the page, with its zone relative to `container`.
pub(crate) fn lines(doc: &Html, container: Option<NodeId>, base: Option<&str>) -> Vec<Line> {
    let mut w = Walker {
        lines: Vec::new(),
        buf: String::new(),
        chars: 0,
        link_chars: 0,
        links: 0,
        furniture: 0,
        headline: 0,
        attachment: None,
        zone: if container.is_some() { Zone::Before } else { Zone::Inside },
        tables: Vec::new(),
        base,
    };
    let mut unread: Option<NodeId> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if unread.is_none() => match node.value() {
                Node::Element(el) if dom::is_unread(el) => unread = Some(node.id()),
                Node::Element(el) => {
                    let is_container = Some(node.id()) == container;
                    if is_container {
                        w.flush();
                        w.zone = Zone::Inside;
                    }
                    w.open(el, node, is_container);
                }
                Node::Text(text) => w.text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if unread == Some(node.id()) {
                    unread = None;
                } else if unread.is_none()
                    && let Node::Element(el) = node.value()
                {
                    let is_container = Some(node.id()) == container;
                    w.close(el, is_container);
                    if is_container {
                        w.flush();
                        w.zone = Zone::After;
                    }
                }
            }
            _ => {}
        }
    }
    w.flush();
    w.lines
}

impl Walker<'_> {
    /// Furniture is only counted inside the container: the container was chosen for its
    /// text whatever its ancestors are called.
    fn counts_furniture(&self, el: &Element, is_container: bool) -> bool {
        self.zone == Zone::Inside && !is_container && dom::is_furniture(el)
    }

    fn open(&mut self, el: &Element, node: ego_tree::NodeRef<'_, Node>, is_container: bool) {
        let name = el.name();
        if name == "table" {
            self.flush();
            self.tables.push((is_data_table(node), false));
            return;
        }
        let in_data_table = self.tables.last().is_some_and(|t| t.0);
        if in_data_table && matches!(name, "td" | "th") {
            let row = self.tables.last_mut().expect("open table");
            if row.1 {
                self.buf.push_str(" | ");
            }
            row.1 = true;
        } else if in_data_table && name == "tr" {
            self.flush();
            if let Some(t) = self.tables.last_mut() {
                t.1 = false;
            }
        } else if dom::is_block(el) && !(in_data_table && matches!(name, "p" | "div" | "br")) {
            self.flush();
        }
        if self.counts_furniture(el, is_container) {
            self.furniture += 1;
        }
        if is_headline(el) {
            self.headline += 1;
        }
        if name == "img" && self.zone == Zone::Inside {
            self.image(el);
        }
        if name == "a" {
            self.links += 1;
            if let Some(href) = el.attr("href").filter(|h| is_attachment(h)) {
                self.attachment = Some(self.absolute(href));
            }
        }
    }

    fn close(&mut self, el: &Element, is_container: bool) {
        let name = el.name();
        if name == "table" {
            self.flush();
            self.tables.pop();
            return;
        }
        let in_data_table = self.tables.last().is_some_and(|t| t.0);
        if dom::is_block(el) && !(in_data_table && matches!(name, "td" | "th" | "p" | "div" | "br")) {
            self.flush();
        }
        if self.counts_furniture(el, is_container) {
            self.furniture = self.furniture.saturating_sub(1);
        }
        if is_headline(el) {
            self.headline = self.headline.saturating_sub(1);
        }
        if name == "a" {
            self.links = self.links.saturating_sub(1);
        }
    }

    /// Appends text with runs of whitespace folded into one space, as a browser shows it.
    fn text(&mut self, text: &str) {
        let mut space = self.buf.ends_with(' ') || self.buf.is_empty();
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
                if !space {
                    self.buf.push(' ');
                    space = true;
                }
            } else {
                self.buf.push(c);
                space = false;
                if !c.is_whitespace() {
                    self.chars += 1;
                    if self.links > 0 {
                        self.link_chars += 1;
                    }
                }
            }
        }
    }

    fn flush(&mut self) {
        let text = self.buf.trim().to_string();
        if !text.is_empty() && self.chars > 0 {
            self.lines.push(Line {
                text,
                zone: self.zone,
                chars: self.chars,
                link_chars: self.link_chars,
                furniture: self.furniture > 0,
                headline: self.headline > 0,
                attachment: self.attachment.take(),
            });
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.attachment = None;
    }

    /// An image inside the article: its alt text as a line of its own, with the image's
    /// address when it is a web address (decorative images and file names as alt are dropped).
    fn image(&mut self, el: &Element) {
        let alt = el.attr("alt").map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
        if !is_descriptive_alt(&alt) {
            return;
        }
        self.flush();
        let src = el.attr("src").map(|s| self.absolute(s.trim())).filter(|s| s.starts_with("http"));
        self.chars = alt.chars().filter(|c| !c.is_whitespace()).count();
        self.buf.push_str(&alt);
        self.flush();
        if let (Some(src), Some(line)) = (src, self.lines.last_mut()) {
            line.attachment = Some(src);
        }
    }

    /// An attachment link made absolute against the page's address when it is relative.
    fn absolute(&self, href: &str) -> String {
        if shape::is_web_address(href) {
            return href.to_string();
        }
        match self.base.and_then(|b| b.rfind('/').map(|i| &b[..=i])) {
            Some(dir) if href.starts_with('/') => {
                let host_end = dir.find("://").map(|i| i + 3).and_then(|s| dir[s..].find('/').map(|j| s + j));
                format!("{}{href}", &dir[..host_end.unwrap_or(dir.len())])
            }
            Some(dir) => format!("{dir}{}", href.trim_start_matches("./")),
            None => href.to_string(),
        }
    }
}

/// Alt text that describes a photo (`青山镇春耕现场`), not a file name (`IMG_0012.JPG`), a
/// placeholder (`图片`) or a decoration: two Han characters at least.
fn is_descriptive_alt(alt: &str) -> bool {
    const PLACEHOLDERS: Words = Words::new("page_furniture", "picture_placeholder");
    let han = alt.chars().filter(|c| crate::lexicon::is_han(*c)).count();
    let file_name = alt
        .rsplit_once('.')
        .is_some_and(|(_, ext)| (2..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()));
    han >= 2 && alt.chars().count() <= 80 && !file_name && !PLACEHOLDERS.contains(&alt)
}

fn is_headline(el: &Element) -> bool {
    matches!(el.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        || el.classes().chain(el.id()).any(|c| c.to_ascii_lowercase().contains("title"))
}

fn is_attachment(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    ATTACHMENTS.iter().any(|ext| path.ends_with(ext))
}

/// A table of data (rows of short cells, no table inside it) rather than page layout.
fn is_data_table(table: ego_tree::NodeRef<'_, Node>) -> bool {
    let mut cell = 0usize;
    let mut rows = 0usize;
    for (n, node) in table.descendants().skip(1).enumerate() {
        if n > TABLE_LOOK {
            return false;
        }
        match node.value() {
            Node::Element(el) if matches!(el.name(), "table" | "div" | "p" | "ul" | "img") => return false,
            Node::Element(el) if el.name() == "tr" => rows += 1,
            Node::Element(el) if matches!(el.name(), "td" | "th") => cell = 0,
            Node::Text(t) => {
                cell += t.chars().filter(|c| !c.is_whitespace()).count();
                if cell > DATA_CELL_MAX {
                    return false;
                }
            }
            _ => {}
        }
    }
    rows >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        lines(&Html::parse_document(html), None, None).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn blocks_lines_and_inline_text() {
        let html = "<body><div>来源：<em> 某县 政府 </em></div><p>第一段<br>第二段</p><script>var x=1;</script></body>";
        assert_eq!(texts(html), vec!["来源： 某县 政府", "第一段", "第二段"]);
    }

    #[test]
    fn data_tables_become_rows() {
        let html =
            "<body><table><tr><th>乡镇</th><th>户数</th></tr><tr><td>青山镇</td><td>120</td></tr></table></body>";
        assert_eq!(texts(html), vec!["乡镇 | 户数", "青山镇 | 120"]);
    }

    #[test]
    fn layout_tables_are_blocks() {
        let html = "<body><table><tr><td>导航</td></tr><tr><td><p>正文第一段。</p><p>正文第二段。</p></td></tr></table></body>";
        assert_eq!(texts(html), vec!["导航", "正文第一段。", "正文第二段。"]);
    }

    #[test]
    fn zones_and_links() {
        let html = "<body><h1>标题</h1><div id='c'><p>正文。</p><p><a href='/files/a.pdf'>附件一</a></p></div><div>页脚</div></body>";
        let doc = Html::parse_document(html);
        let c = doc.select(&scraper::Selector::parse("#c").unwrap()).next().unwrap().id();
        let ls = lines(&doc, Some(c), Some("http://www.example.gov.cn/art/1.html"));
        assert_eq!(ls[0].zone, Zone::Before);
        assert!(ls[0].headline);
        assert_eq!(ls[1].zone, Zone::Inside);
        assert_eq!(ls[2].attachment.as_deref(), Some("http://www.example.gov.cn/files/a.pdf"));
        assert_eq!(ls[2].link_density(), 1.0);
        assert_eq!(ls[3].zone, Zone::After);
    }
}
