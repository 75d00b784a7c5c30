//! Where the article is: the one element of the page that holds the article's text, chosen
//! by a Readability-style score adapted to Chinese (sentence punctuation rather than commas
//! between words; text density and link density of each block; the class and id names of
//! the common CMS containers as a prior).
//!
//! Owns the choice of the container only; turning it into lines is `render`.
//! The walk is iterative (`ego_tree`'s `traverse`), so any nesting depth is safe.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

use super::dom;

/// Text and links counted over an element's subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    chars: usize,
    link_chars: usize,
}

/// How far up from a text run its paragraph's score is shared (Readability gives the
/// parent the full score and the grandparent half).
const SHARES: [f64; 3] = [1.0, 1.0, 0.5];
/// A text run shorter than this is a label, not a paragraph.
const PARAGRAPH_MIN: usize = 10;
/// How far up an inline run looks for its block (keeps pathological inline nesting linear).
const BLOCK_LOOKUP: usize = 64;

/// The element that holds the article, if the page has any paragraph text.
pub(crate) fn container(doc: &Html) -> Option<NodeId> {
    let mut walk = Walk::default();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => walk.open(node),
            Edge::Close(node) => walk.close(node),
        }
    }
    best(doc, &walk.order, &walk.counts, &walk.scores)
}

/// One pass over the DOM: each element's characters and link characters, and each
/// paragraph's score shared with the elements above it.
#[derive(Default)]
struct Walk {
    counts: FxHashMap<NodeId, Counts>,
    scores: FxHashMap<NodeId, f64>,
    /// Elements in document order.
    order: Vec<NodeId>,
    /// Open elements, innermost last, each with its running counts and whether it is a block.
    open: Vec<(NodeId, Counts, bool)>,
    /// Depth of open links.
    links: usize,
    /// An element never read (scripts, forms, …) being skipped, with everything inside it.
    unread: Option<NodeId>,
    run: Run,
}

impl Walk {
    fn open(&mut self, node: NodeRef<'_, Node>) {
        if self.unread.is_some() {
            return;
        }
        match node.value() {
            Node::Element(el) if dom::is_unread(el) => self.unread = Some(node.id()),
            Node::Element(el) => {
                if dom::is_block(el) {
                    self.run.finish(&self.open, &mut self.scores);
                }
                if el.name() == "a" {
                    self.links += 1;
                }
                self.order.push(node.id());
                self.open.push((node.id(), Counts::default(), dom::is_block(el)));
            }
            Node::Text(text) => self.text(text),
            _ => {}
        }
    }

    /// Text counts for the element it is in; outside links it is part of a paragraph.
    fn text(&mut self, text: &str) {
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        if let Some(top) = self.open.last_mut() {
            top.1.chars += n;
            if self.links > 0 {
                top.1.link_chars += n;
            } else {
                self.run.add(text);
            }
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        if self.unread == Some(node.id()) {
            self.unread = None;
            return;
        }
        if self.unread.is_some() || !node.value().is_element() {
            return;
        }
        let el = node.value().as_element().expect("element");
        if dom::is_block(el) {
            self.run.finish(&self.open, &mut self.scores);
        }
        if el.name() == "a" {
            self.links = self.links.saturating_sub(1);
        }
        if let Some((id, c, _)) = self.open.pop() {
            self.counts.insert(id, c);
            if let Some(parent) = self.open.last_mut() {
                parent.1.chars += c.chars;
                parent.1.link_chars += c.link_chars;
            }
        }
    }
}

/// The text of one paragraph as it is read, until the next block boundary.
#[derive(Default)]
struct Run {
    chars: usize,
    punct: usize,
}

impl Run {
    fn add(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.chars += 1;
            if is_sentence_punct(c) {
                self.punct += 1;
            }
        }
    }

    /// Credits the finished paragraph to its block and the block's ancestors.
    fn finish(&mut self, open: &[(NodeId, Counts, bool)], scores: &mut FxHashMap<NodeId, f64>) {
        if self.chars >= PARAGRAPH_MIN && !open.is_empty() {
            let score = 1.0 + self.punct as f64 + (self.chars as f64 / 100.0).min(3.0);
            let block = open.iter().rev().take(BLOCK_LOOKUP).position(|(_, _, is_block)| *is_block).unwrap_or(0);
            let at = open.len().saturating_sub(1 + block);
            for (share, (id, _, _)) in SHARES.iter().zip(open[..=at].iter().rev()) {
                *scores.entry(*id).or_default() += score * share;
            }
        }
        *self = Run::default();
    }
}

/// Punctuation that ends or divides sentences of prose (menus and link lists have none).
pub(crate) fn is_sentence_punct(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '、' | '！' | '？' | '“' | '”' | ',' | ';' | '!' | '?')
}

/// The element with the highest score once link density and class names are weighed;
/// on a tie the later one in document order, which is the inner one.
fn best(
    doc: &Html,
    order: &[NodeId],
    counts: &FxHashMap<NodeId, Counts>,
    scores: &FxHashMap<NodeId, f64>,
) -> Option<NodeId> {
    let mut best: Option<(NodeId, f64)> = None;
    for id in order {
        let Some(score) = scores.get(id) else { continue };
        let node = doc.tree.get(*id)?;
        let el = node.value().as_element()?;
        if matches!(el.name(), "body" | "html") {
            continue;
        }
        let c = counts.get(id).copied().unwrap_or_default();
        let link_density = if c.chars == 0 { 0.0 } else { c.link_chars as f64 / c.chars as f64 };
        let weighted = score * (1.0 - link_density) * dom::class_weight(el);
        if best.is_none_or(|(_, b)| weighted >= b) {
            best = Some((*id, weighted));
        }
    }
    best.map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(html: &str) -> String {
        let doc = Html::parse_document(html);
        let id = container(&doc).expect("a container");
        let el = scraper::ElementRef::wrap(doc.tree.get(id).unwrap()).unwrap();
        el.value().attr("id").unwrap_or(el.value().name()).to_string()
    }

    const PARA: &str =
        "<p>近日，王明远带领工作组深入村组，走访农户，了解产业发展、道路建设和饮水安全等情况，并提出了具体要求。</p>";

    #[test]
    fn paragraphs_win_over_menus_and_link_lists() {
        let html = format!(
            "<body><div id='nav'><a href='/'>首页</a><a href='/a'>新闻动态</a><a href='/b'>政务公开</a></div>\
             <div id='main'><h1>标题</h1><div id='text'>{PARA}{PARA}{PARA}</div></div>\
             <div id='related'><ul><li><a href='/c'>某县召开会议，研究部署工作，推进各项任务落实</a></li>\
             <li><a href='/d'>某镇开展活动，走访群众，听取意见建议</a></li></ul></div></body>"
        );
        assert_eq!(chosen(&html), "text");
    }

    #[test]
    fn text_split_by_line_breaks_in_one_cell() {
        let text = "近日，李秀兰到村里调研，查看了合作社，询问了收入情况。";
        let html = format!(
            "<body><table><tr><td id='side'><a href='/'>首页</a></td></tr><tr><td id='cell'>{text}<br>{text}<br>{text}</td></tr></table></body>"
        );
        assert_eq!(chosen(&html), "cell");
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let depth = 10_000;
        let html = format!("{}{PARA}{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let doc = Html::parse_document(&html);
        assert!(container(&doc).is_some());
    }
}
