//! Plain text of a Markdown body: a report's excerpt and the text the search index reads.
//!
//! Owns the Markdown dialect (`options`, shared with `markdown`, which renders HTML) and what
//! counts as a body's text. A leaf: it knows nothing of the site graph, links or templates.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A plain-text excerpt of a body: the text of its paragraphs, at most `max` characters.
///
/// Only the start of a body can reach the excerpt, so a long body is parsed up to the first
/// blank line after [`EXCERPT_PREFIX`] bytes (blocks end there), unless it defines link
/// references or footnotes (`]:`), which a later line could apply to an earlier `[x]`. When
/// the prefix holds too little text, the whole body is parsed after all.
pub(crate) fn excerpt(markdown: &str, max: usize) -> String {
    if markdown.len() > EXCERPT_PREFIX
        && !markdown.contains("]:")
        && let Some(cut) =
            markdown.as_bytes()[EXCERPT_PREFIX..].windows(2).position(|w| w == b"\n\n").map(|i| EXCERPT_PREFIX + i)
        && let (text, true) = excerpt_of(&markdown[..cut], max)
    {
        return text;
    }
    excerpt_of(markdown, max).0
}

/// The plain text of a body, for the search index: every text, code and table cell of it,
/// blocks on lines of their own (a line break ends a run of search terms, so no bigram
/// spans two paragraphs), the text inside raw HTML kept and its tags dropped.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => push_without_tags(&mut out, &h),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak
            | Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => newline(&mut out),
            Event::Start(Tag::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The text of an HTML snippet: what lies outside `<…>`.
fn push_without_tags(out: &mut String, html: &str) {
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
}

/// Bytes of a body parsed for its excerpt before looking for a blank line to stop at.
const EXCERPT_PREFIX: usize = 1024;

/// The excerpt, and whether it was cut at `max` characters.
fn excerpt_of(markdown: &str, max: usize) -> (String, bool) {
    let mut out = String::new();
    let mut skip = 0usize;
    let mut count = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            Event::End(TagEnd::Paragraph) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                for c in t.chars() {
                    let c = if c.is_whitespace() { ' ' } else { c };
                    if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
                        continue;
                    }
                    if count == max {
                        let trimmed = out.trim_end().len();
                        out.truncate(trimmed);
                        out.push('…');
                        return (out, true);
                    }
                    out.push(c);
                    count += 1;
                }
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    (out.trim_end().to_string(), false)
}

/// The Markdown dialect of jianbao: what report bodies may use.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_text_of_paragraphs() {
        assert_eq!(
            excerpt("## 标题\n\n第一段 *强调*。\n第二行\n\n```\ncode\n```\n\n第二段", 100),
            "第一段 强调。 第二行 第二段"
        );
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
    }

    #[test]
    fn a_long_body_gives_the_excerpt_of_its_whole_text() {
        let long = format!("{}\n\n", "段落文字。".repeat(400));
        // Text, then headings and code past the prefix: the same as parsing everything.
        let body = format!("## 标题\n\n短。\n\n```\n{}\n```\n\n{long}{long}", "代码".repeat(2000));
        assert_eq!(excerpt(&body, 120), excerpt_of(&body, 120).0);
        assert!(excerpt(&body, 120).starts_with("短。 段落文字。"));
        // A reference defined at the end turns an early `[x]` into a link.
        let body = format!("见[金川]。\n\n{long}{long}[金川]: /counties/x/\n");
        assert_eq!(excerpt(&body, 10), "见金川。 段落文字。段…");
        assert_eq!(excerpt(&body, 10), excerpt_of(&body, 10).0);
    }

    #[test]
    fn plain_text_keeps_every_text_and_puts_blocks_on_lines() {
        let md = "# 标题\n\n王明远在**金川县**调研。\n第二行\n\n| 县 | 人 |\n|---|---|\n| 凤庆 | 李秀兰 |\n\n<div>原文<b>表格</b></div>\n";
        let text = plain_text(md);
        assert_eq!(text.lines().next(), Some("标题"));
        assert!(text.contains("王明远在金川县调研。 第二行"), "{text}");
        assert!(
            text.contains("凤庆") && text.contains("李秀兰") && text.contains("原文") && text.contains("表格"),
            "{text}"
        );
        assert!(!text.contains('<'), "{text}");
    }
}
