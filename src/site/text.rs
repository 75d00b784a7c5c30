//! Plain text of a Markdown body: a report's excerpt (without photo credits and the news
//! kicker a story opens with) and the text the search index reads.
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

/// The excerpt, and whether it was cut at `max` characters: the paragraphs' text, less
/// photo credits and the news kicker the first paragraph opens with.
fn excerpt_of(markdown: &str, max: usize) -> (String, bool) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skip = 0usize;
    let push = |current: &mut String, c: char| {
        let c = if c.is_whitespace() { ' ' } else { c };
        if !(c == ' ' && (current.is_empty() || current.ends_with(' '))) {
            current.push(c);
        }
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !current.trim().is_empty() => {
                paragraphs.push(std::mem::take(&mut current).trim_end().to_string());
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => t.chars().for_each(|c| push(&mut current, c)),
            Event::SoftBreak | Event::HardBreak if skip == 0 => push(&mut current, ' '),
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(current.trim_end().to_string());
    }
    let mut kept = paragraphs.iter().filter(|p| !is_photo_credit(p));
    let first = kept.next().map(|p| without_kicker(p));
    let mut out = String::new();
    let mut count = 0usize;
    for (i, paragraph) in first.into_iter().chain(kept.map(String::as_str)).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in paragraph.chars() {
            if count == max {
                out.truncate(out.trim_end().len());
                out.push('…');
                return (out, true);
            }
            out.push(c);
            count += 1;
        }
    }
    (out, false)
}

/// Paragraphs longer than this are text, whatever they end with.
const CREDIT_MAX: usize = 80;

/// A photo's caption with its credit, or the credit alone: `游客品尝新茶 本组图片由本报记者
/// 王明远 摄`, `(记者 王明远 摄)`, `摄影/张艳`.
fn is_photo_credit(paragraph: &str) -> bool {
    if paragraph.chars().count() > CREDIT_MAX {
        return false;
    }
    let closed = paragraph.trim_end_matches([')', '）']);
    let bracketed = closed.len() < paragraph.len();
    let credit = closed.strip_suffix('摄').is_some_and(|rest| bracketed || rest.ends_with(' ') || rest.is_empty());
    credit || ["摄影/", "摄影:", "摄影：", "图片来源"].iter().any(|w| paragraph.contains(w))
}

/// The paragraph without the kicker of a news story (`本报讯(记者 李秀兰)`,
/// `某某网10月4日讯(记者 陈智)`, `新华社北京10月4日电(记者 王明远)`, `某某新闻网讯 `): it names the
/// outlet and the writer, not what happened.
fn without_kicker(paragraph: &str) -> &str {
    static KICKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:\S{0,20}?[讯电] ?[(（][^()（）]{0,30}[)）]|\S{0,24}?[网报台端社站]\S{0,12}?[讯电](?: |[:：])|本报讯|本刊讯) ?[:：]? ?").expect("kicker")
    });
    KICKER.find(paragraph).map_or(paragraph, |m| &paragraph[m.end()..])
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
    fn excerpts_leave_out_photo_credits_and_kickers() {
        let body = "游客品尝新茶    本组图片由本报记者 王明远 摄\n\n本报讯(记者 李秀兰)6月3日，茶叶节开幕。\n\n（王明远 摄）\n\n百余家合作社参加。";
        assert_eq!(excerpt(body, 100), "6月3日，茶叶节开幕。 百余家合作社参加。");
        assert_eq!(excerpt("长江网10月4日讯（记者陈智 整合） 国庆长假过半。", 100), "国庆长假过半。");
        assert_eq!(excerpt("新华社北京10月4日电(记者 王明远)国庆长假过半。", 100), "国庆长假过半。");
        assert_eq!(excerpt("青海新闻网·大美青海客户端讯 玉成入户走访。", 100), "玉成入户走访。");
        assert_eq!(excerpt("他组织拍摄\n\n下一段", 100), "他组织拍摄 下一段", "拍摄 is no credit");
        assert_eq!(excerpt("通讯员讯息(一)很多", 100), "通讯员讯息(一)很多", "讯 inside a word");
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
