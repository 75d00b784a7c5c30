//! Page layout: where the headline is, which header lines belong to it, whether the page is a
//! bulletin holding several articles, and where each article's body starts and ends.
//!
//! Input is the classified lines of `boilerplate`; output is `ArticleLines`, plain text with
//! no Markdown. It does not parse metadata values or find entities.

use super::boilerplate::{Kind, Line};

/// One article's lines, before metadata parsing and Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleLines {
    pub title: String,
    /// Metadata lines of the page header (shared by every article of a bulletin).
    pub meta: Vec<String>,
    /// For a bulletin: the issuing line (`某某办公室 2019年2月19日`) and the issue's name.
    pub issuer: Option<String>,
    pub body: Vec<String>,
}

/// Longest headline or article title we accept.
const TITLE_MAX: usize = 80;
/// A bulletin's article titles are short.
const ARTICLE_TITLE_MAX: usize = 40;

/// Splits a page into its articles: one for an ordinary page, several for a bulletin.
pub fn articles(lines: &[Line]) -> Vec<ArticleLines> {
    if lines.is_empty() {
        return Vec::new();
    }
    if let Some(at) = bulletin_header(lines) {
        let split = split_bulletin(lines, at);
        if !split.is_empty() {
            return split;
        }
    }
    vec![single_article(lines)]
}

fn single_article(lines: &[Line]) -> ArticleLines {
    let title_at = lines.iter().position(|l| l.kind == Kind::Text && is_title_like(&l.text, TITLE_MAX));
    let Some(title_at) = title_at else {
        let body = lines.iter().filter(|l| l.kind == Kind::Text).map(|l| l.text.clone()).collect();
        let meta = lines.iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect();
        return ArticleLines { meta, body, ..Default::default() };
    };
    let title = without_site_name(&lines[title_at].text).to_string();
    let mut meta: Vec<String> =
        lines[..title_at].iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect();
    let mut i = title_at + 1;
    // The header zone: metadata lines and repeats of the headline (often split over lines).
    while i < lines.len() {
        let line = &lines[i];
        if line.kind == Kind::Meta {
            meta.push(line.text.clone());
        } else if !(is_title_like(&line.text, TITLE_MAX) && similarity(&line.text, &title) >= 0.6) {
            break;
        }
        i += 1;
    }
    let body = lines[i..].iter().filter(|l| l.kind == Kind::Text).map(|l| l.text.clone()).collect();
    ArticleLines { title, meta, issuer: None, body }
}

/// A document title carries the site's name after a separator (`标题_某县政协网`,
/// `标题 - 某市人民政府`): the headline is what comes before it.
fn without_site_name(title: &str) -> &str {
    const SITE_ENDINGS: &[&str] = &["网", "网站", "政府", "政协", "人大", "门户", "在线", "新闻", "频道"];
    for sep in ["_", " - ", " | ", "|"] {
        if let Some(i) = title.rfind(sep) {
            let (head, site) = (title[..i].trim(), title[i + sep.len()..].trim());
            let short_site = site.chars().count() <= 16;
            if head.chars().count() >= 6 && short_site && SITE_ENDINGS.iter().any(|e| site.ends_with(e)) {
                return head;
            }
        }
    }
    title
}

/// A bulletin names itself in its first lines: `…简报` or `第15期`.
fn bulletin_header(lines: &[Line]) -> Option<usize> {
    lines.iter().take(3).position(|l| {
        let t = &l.text;
        l.kind == Kind::Text
            && t.chars().count() <= 40
            && (t.contains("简报") || t.contains("快报") || t.contains("专报") || has_issue_number(t))
    })
}

/// `第15期`, `第 3 期`, `总第120期`.
fn has_issue_number(t: &str) -> bool {
    let Some(i) = t.find('第') else { return false };
    let rest = t[i + '第'.len_utf8()..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || c.is_whitespace()).collect();
    !digits.trim().is_empty() && rest[digits.len()..].starts_with('期')
}

fn split_bulletin(lines: &[Line], header_at: usize) -> Vec<ArticleLines> {
    let mut i = header_at + 1;
    let mut meta = Vec::new();
    let mut issuer = None;
    // The issuer line: short, ends in a date, or a metadata line.
    while i < lines.len() {
        let t = &lines[i].text;
        if lines[i].kind == Kind::Meta {
            meta.push(t.clone());
        } else if t.chars().count() <= 50 && ends_with_date(t) {
            issuer = Some(t.clone());
        } else if !(t.chars().count() <= 12 && (has_issue_number(t) || t.starts_with(['(', '【']))) {
            // Issue numbers (第8期) and labels ((内部资料)) may stand on lines of their own.
            break;
        }
        i += 1;
    }
    let mut out: Vec<ArticleLines> = Vec::new();
    while i < lines.len() {
        let line = &lines[i];
        let next_is_text = lines.get(i + 1).is_some_and(|n| !is_title_like(&n.text, ARTICLE_TITLE_MAX));
        let starts_article = line.kind == Kind::Text
            && is_title_like(&line.text, ARTICLE_TITLE_MAX)
            && section_marker(&line.text).is_none()
            && next_is_text
            && out.last().is_none_or(|a| !a.body.is_empty());
        if starts_article {
            out.push(ArticleLines {
                title: line.text.clone(),
                meta: meta.clone(),
                issuer: issuer.clone(),
                body: Vec::new(),
            });
        } else if let Some(article) = out.last_mut()
            && line.kind == Kind::Text
        {
            article.body.push(line.text.clone());
        }
        i += 1;
    }
    out.retain(|a| !a.body.is_empty());
    out
}

/// Ends in a date like `2019年2月19日` or `2019-02-19`.
fn ends_with_date(t: &str) -> bool {
    let t = t.trim_end();
    (t.ends_with('日') && t.contains('年') && t.contains('月'))
        || t.rsplit(' ')
            .next()
            .is_some_and(|w| w.len() >= 8 && w.chars().all(|c| c.is_ascii_digit() || "-/.".contains(c)))
}

/// A headline: short, not a sentence (no final full stop), not a section heading.
pub fn is_title_like(t: &str, max: usize) -> bool {
    let n = t.chars().count();
    n >= 2 && n <= max && !t.ends_with(['。', ';', ';', ',', ',', ':', ':', '、']) && section_marker(t).is_none()
}

/// The kind of section marker a line starts with, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// 一、
    Chapter,
    /// (一)
    Section,
    /// 1. or 1、
    Numbered,
    /// 一是 / 二要
    Enumerated,
}

/// Recognises 一、 / (一) / 1. / 一是 at the start of a line.
pub fn section_marker(t: &str) -> Option<Marker> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let chars: Vec<char> = t.chars().take(6).collect();
    let numeral_run =
        |from: usize| chars[from.min(chars.len())..].iter().take_while(|c| NUMERALS.contains(**c)).count();
    let n = numeral_run(0);
    if n > 0 {
        match chars.get(n) {
            Some('、') | Some('.') => return Some(Marker::Chapter),
            Some('是') | Some('要') => return Some(Marker::Enumerated),
            _ => {}
        }
    }
    if chars.first() == Some(&'(') {
        let n = numeral_run(1);
        if n > 0 && chars.get(1 + n) == Some(&')') {
            return Some(Marker::Section);
        }
    }
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 && matches!(chars.get(digits), Some('.') | Some('、')) {
        // `2015.` would be a year, not a list number.
        return Some(Marker::Numbered);
    }
    None
}

/// Share of `line`'s characters (ignoring spaces and punctuation) that occur in `title`.
pub fn similarity(line: &str, title: &str) -> f64 {
    let chars: Vec<char> = line.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.is_empty() {
        return 0.0;
    }
    let found = chars.iter().filter(|c| title.contains(**c)).count();
    found as f64 / chars.len() as f64
}

#[cfg(test)]
mod tests {
    use super::super::boilerplate::classify;
    use super::*;

    #[test]
    fn headline_repeated_over_two_lines_is_dropped() {
        let page =
            "某县政协“做件事”调研报告\n来源:某县政协 日期:2018-12-05\n某县政协“做件事”\n调研报告\n正文第一段。\n";
        let arts = articles(&classify(page));
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "某县政协“做件事”调研报告");
        assert_eq!(arts[0].meta, vec!["来源:某县政协 日期:2018-12-05"]);
        assert_eq!(arts[0].body, vec!["正文第一段。"]);
    }

    #[test]
    fn subheading_after_header_starts_the_body() {
        let page = "标题:某地脱贫攻坚纪实\n记者 王明\n时值寒冬,村里一片忙碌。\n领导示范带动\n省里成立了领导小组。\n";
        let arts = articles(&classify(page));
        assert_eq!(arts[0].body, vec!["时值寒冬,村里一片忙碌。", "领导示范带动", "省里成立了领导小组。"]);
    }

    #[test]
    fn bulletin_becomes_several_articles() {
        let page = "脱贫攻坚简报2019年第3期\n某省扶贫办 2019年2月19日\n甲市试点新模式\n近年来,甲市探索新路。\n一、健全体系。一是成立机构。\n乙县“百千万”工程 助力脱贫\n为打赢硬仗,乙县广泛动员。\n一、整合力量。\n";
        let arts = articles(&classify(page));
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].title, "甲市试点新模式");
        assert_eq!(arts[1].title, "乙县“百千万”工程 助力脱贫");
        assert_eq!(arts[1].issuer.as_deref(), Some("某省扶贫办 2019年2月19日"));
        assert_eq!(arts[0].body.len(), 2);
    }

    #[test]
    fn bulletin_issue_number_on_its_own_line() {
        let page =
            "政协工作简报\n第8期\n某县政协办公室编 2017年6月20日\n县政协开展活动\n6月15日,县政协主席带队走访。\n";
        let arts = articles(&classify(page));
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "县政协开展活动");
        assert_eq!(arts[0].issuer.as_deref(), Some("某县政协办公室编 2017年6月20日"));
    }

    #[test]
    fn site_name_after_the_headline_is_dropped() {
        assert_eq!(without_site_name("某县政协开展调研活动_某县政协网"), "某县政协开展调研活动");
        assert_eq!(without_site_name("某市召开脱贫攻坚推进会 - 某市人民政府"), "某市召开脱贫攻坚推进会");
        assert_eq!(
            without_site_name("齐心协力 打赢脱贫攻坚战——某同志联系指导工作综述"),
            "齐心协力 打赢脱贫攻坚战——某同志联系指导工作综述"
        );
    }

    #[test]
    fn markers() {
        assert_eq!(section_marker("一、主要做法"), Some(Marker::Chapter));
        assert_eq!(section_marker("(二)2015年10月"), Some(Marker::Section));
        assert_eq!(section_marker("(三)组织"), Some(Marker::Section));
        assert_eq!(section_marker("一是做好"), Some(Marker::Enumerated));
        assert_eq!(section_marker("3.加强"), Some(Marker::Numbered));
        assert_eq!(section_marker("2015年底"), None);
        assert_eq!(section_marker("十三五规划"), None);
    }
}
