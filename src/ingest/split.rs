//! Pages holding several articles: where each one starts.
//!
//! Three forms are recognised, each by a sign the page itself gives:
//! - a bulletin (简报 / 快报 / 第N期 in its first lines): an issuing line, then items, each a
//!   short title over its paragraphs; the items' own 一、 sections do not start articles;
//! - an editor's note (编者按 / 编者的话) introducing a collection: numbered or bracketed item
//!   titles (`1.某县…`, `【某县】…`) over paragraphs;
//! - a page reprinting several stories: after the first article's text, another headline
//!   followed by its own byline (来源 / 作者 / 发布时间).
//!
//! An ordinary report with numbered sections (一、二、) gives none of these signs and stays one
//! article. Owns only the boundaries; `layout` reads each article's header and body.

use std::ops::Range;

use super::boilerplate::{Kind, Line, META_KEYS};
use super::headline::{first_paragraph, is_paragraph, is_subtitle};
use super::shape::{Marker, is_title_like, section_marker};
use crate::lexicon::Words;

/// An item of a bulletin or collection: its title and its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) title: String,
    pub(crate) body: Vec<String>,
}

/// How a page holding several articles is divided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Split {
    /// Items under one shared header (a bulletin's issuing line, a collection's metadata).
    Collection { meta: Vec<String>, issuer: Option<String>, items: Vec<Item> },
    /// Stories each with a headline and byline of their own: line ranges read as pages.
    Stories(Vec<Range<usize>>),
}

/// A bulletin's or collection's item titles are short.
const ITEM_TITLE_MAX: usize = 40;

/// The split of a page holding two or more articles; `None` for a single article.
pub(crate) fn split(lines: &[Line]) -> Option<Split> {
    if let Some(at) = bulletin_header(lines)
        && let Some(split) = bulletin(lines, at)
    {
        return Some(split);
    }
    if let Some(at) = editors_note(lines)
        && let Some(split) = collection(lines, at)
    {
        return Some(split);
    }
    reprinted_stories(lines)
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

fn bulletin(lines: &[Line], header_at: usize) -> Option<Split> {
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
    let items = items(&lines[i..], |t| is_title_like(t, ITEM_TITLE_MAX));
    (!items.is_empty()).then_some(Split::Collection { meta, issuer, items })
}

/// Items: a short line accepted by `is_item_title`, followed by running text.
fn items(lines: &[Line], is_item_title: impl Fn(&str) -> bool) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let next_is_text = lines.get(i + 1).is_some_and(|n| !is_title_like(&n.text, ITEM_TITLE_MAX));
        let starts_item = line.kind == Kind::Text
            && is_item_title(&line.text)
            && next_is_text
            && out.last().is_none_or(|a| !a.body.is_empty());
        if starts_item {
            out.push(Item { title: line.text.clone(), body: Vec::new() });
        } else if let Some(item) = out.last_mut()
            && line.kind == Kind::Text
        {
            item.body.push(line.text.clone());
        }
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

/// The line holding an editor's note, among the page's first lines of text.
fn editors_note(lines: &[Line]) -> Option<usize> {
    lines.iter().take(12).position(|l| {
        let t = l.text.trim_start_matches(['【', '[', '(']);
        l.kind == Kind::Text && (t.starts_with("编者按") || t.starts_with("编者的话") || t.starts_with("编辑按"))
    })
}

/// After an editor's note, items whose titles are numbered or bracketed (`1.某县…`,
/// `【某县】…`): an ordinary article's unnumbered subheadings never start one.
fn collection(lines: &[Line], note_at: usize) -> Option<Split> {
    let meta = lines[..note_at].iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect();
    let items = items(&lines[note_at + 1..], |t| {
        let unmarked = without_marker(t);
        let marked = unmarked.len() < t.len();
        marked && unmarked.chars().count() >= 6 && is_title_like(unmarked, ITEM_TITLE_MAX)
    });
    (items.len() >= 2).then_some(Split::Collection { meta, issuer: None, items })
}

/// An item title without its number or bracketed place: `1.某镇…` → `某镇…`,
/// `【某县】某镇…` → `某镇…`.
fn without_marker(t: &str) -> &str {
    if t.starts_with('【') {
        return t.find('】').map(|i| &t[i + '】'.len_utf8()..]).unwrap_or(t);
    }
    if section_marker(t).is_some_and(|m| m != Marker::Enumerated) {
        let end = t.find(['、', '.', ')']).map(|i| i + t[i..].chars().next().map_or(1, char::len_utf8));
        return end.map(|i| &t[i..]).unwrap_or(t);
    }
    t
}

/// Keys a story's own byline carries: a source or a writer.
const BYLINE_KEYS: Words = Words::new("info_line", "split_byline_key");
/// Keys of a publication date.
const DATE_KEYS: Words = Words::new("info_line", "split_date_key");

/// A page reprinting several stories: each later headline stands over its own byline, after
/// running text of the story before it.
fn reprinted_stories(lines: &[Line]) -> Option<Split> {
    let first_text = first_paragraph(lines)?;
    let mut starts: Vec<usize> = Vec::new();
    for i in first_text + 1..lines.len() {
        let t = &lines[i].text;
        if lines[i].kind != Kind::Text || !is_title_like(t, ITEM_TITLE_MAX * 2) || is_paragraph(t) || t.contains('。')
        {
            continue;
        }
        let mut j = i + 1;
        while lines.get(j).is_some_and(|l| l.kind == Kind::Text && is_subtitle(&l.text)) {
            j += 1;
        }
        let has_text_before = starts.last().copied().unwrap_or(first_text) < i;
        // A source line closing the last story (`本文来源:…` at the foot) heads nothing.
        let has_text_after = lines[j..].iter().any(|l| l.kind == Kind::Text && is_paragraph(&l.text));
        let byline = lines.get(j).is_some_and(|l| l.kind == Kind::Meta && is_story_byline(&l.text));
        if byline && has_text_before && has_text_after {
            starts.push(i);
        }
    }
    if starts.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&starts);
    bounds.push(lines.len());
    Some(Split::Stories(bounds.windows(2).map(|w| w[0]..w[1]).collect()))
}

/// A byline naming a source or writer, or two keyed values (`时间:… 来源:…`): one key alone
/// (`时间:3月5日` in a notice) is part of the text.
///
/// A photo credit under a caption (`(记者 王明远 摄)`) is not a byline: the caption is no
/// headline. A story's byline names a source, or a writer together with a date.
fn is_story_byline(t: &str) -> bool {
    if t.starts_with('(') || t.contains('摄') {
        return false;
    }
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    let keys = META_KEYS.iter().filter(|k| t.contains(*k)).count();
    has(&["来源", "稿源", "供稿"]) || (has(&BYLINE_KEYS) && has(&DATE_KEYS)) || keys >= 2
}

#[cfg(test)]
mod tests {
    use super::super::boilerplate::classify;
    use super::*;

    fn titles(page: &str) -> Vec<String> {
        match split(&classify(page)) {
            Some(Split::Collection { items, .. }) => items.into_iter().map(|i| i.title).collect(),
            Some(Split::Stories(ranges)) => ranges.iter().map(|r| format!("{}..{}", r.start, r.end)).collect(),
            None => Vec::new(),
        }
    }

    #[test]
    fn bulletin_items() {
        let page = "扶贫工作简报 第3期\n某县扶贫办 2019年2月19日\n甲镇试点新模式\n近年来,甲镇探索新路,成效明显。\n一、健全体系。一是成立机构。\n乙村“百千万”工程 助力脱贫\n为打赢硬仗,乙村广泛动员。\n";
        assert_eq!(titles(page), vec!["甲镇试点新模式", "乙村“百千万”工程 助力脱贫"]);
    }

    #[test]
    fn editors_note_with_numbered_items() {
        let page = "各地扶贫工作动态\n编者按:近期各地扎实推进产业帮扶,现将有关做法摘编如下。\n1.青石镇建成茶叶加工车间\n5月,青石镇建成茶叶加工车间,带动贫困户就业。\n2.白水村发展林下养殖产业\n白水村引进养殖企业,带动农户增收。\n";
        assert_eq!(titles(page), vec!["1.青石镇建成茶叶加工车间", "2.白水村发展林下养殖产业"]);
    }

    #[test]
    fn reprinted_stories_each_with_a_byline() {
        let page = "青石镇建成茶叶加工车间\n来源:某县融媒体中心 时间:2020-05-06\n5月,青石镇建成茶叶加工车间,带动贫困户就业,车间年加工鲜叶两千吨。\n白水村发展林下养殖\n来源:某县农业农村局 时间:2020-05-08\n白水村引进养殖企业,带动农户增收,全村户均增收三千元。\n";
        assert_eq!(titles(page), vec!["0..3", "3..6"]);
    }

    #[test]
    fn photo_caption_with_its_credit_is_not_a_story() {
        let page = "青石镇建成茶叶加工车间\n来源:某县融媒体中心\n5月,青石镇建成茶叶加工车间,带动贫困户就业,车间年加工鲜叶两千吨。\n工人在车间分拣茶叶\n(记者 王明远 摄)\n车间负责人介绍,今年订单已经排到了年底,还要再招三十名工人。\n";
        assert!(titles(page).is_empty());
    }

    #[test]
    fn closing_source_line_is_not_a_second_story() {
        let page = "青石镇建成茶叶加工车间\n来源:某县融媒体中心\n5月,青石镇建成茶叶加工车间,带动贫困户就业,车间年加工鲜叶两千吨。\n镇里对车间建设给予充分肯定(供稿:王明远)\n来源:某县融媒体中心\n2020-05-06\n";
        assert!(titles(page).is_empty());
    }

    #[test]
    fn ordinary_report_with_numbered_sections_stays_one() {
        let page = "青石镇脱贫攻坚工作总结\n来源:青石镇 时间:2020-12-01\n今年以来,青石镇坚持精准方略,扎实推进各项工作,取得明显成效。\n一、主要做法\n镇里成立了工作专班,明确责任分工。\n二、存在问题\n产业基础仍然薄弱,群众增收渠道不多。\n会议安排\n时间:2020年12月5日\n请各村按时参加。\n";
        assert!(titles(page).is_empty());
    }
}
