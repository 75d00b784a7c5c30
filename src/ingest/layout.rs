//! Page layout: which header lines belong to the headline, and where each article's body
//! starts and ends.
//!
//! Input is the classified lines of `boilerplate`; `headline` chooses the headline and `split`
//! finds the articles of a page holding several; output is `ArticleLines`, plain text with no
//! Markdown. It does not parse metadata values or find entities.

use super::boilerplate::{Kind, Line};
use super::headline::{self, Headline};
use super::shape::{is_title_like, similarity};
use super::split::{self, Split};

/// One article's lines, before metadata parsing and Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ArticleLines {
    pub(crate) title: String,
    /// Set when no headline was convincing: the title is a fallback an editor should check.
    pub(crate) unsure_title: bool,
    /// Metadata lines of the page header (shared by every article of a bulletin).
    pub(crate) meta: Vec<String>,
    /// Metadata lines at the end of the article (`(记者 某某)`, `责任编辑:某某`).
    pub(crate) tail_meta: Vec<String>,
    /// For a bulletin: the issuing line (`某某办公室 2019年2月19日`) and the issue's name.
    pub(crate) issuer: Option<String>,
    pub(crate) body: Vec<String>,
}

/// Lines at the end of an article that may hold its closing byline.
const TAIL_LINES: usize = 3;
/// A fallback title taken from the text is cut to this many characters.
const FALLBACK_TITLE_MAX: usize = 30;

/// Splits a page into its articles: one for an ordinary page, several for a bulletin, a
/// collection or a page of reprinted stories.
pub(crate) fn articles(lines: &[Line]) -> Vec<ArticleLines> {
    if lines.is_empty() {
        return Vec::new();
    }
    match split::split(lines) {
        Some(Split::Collection { meta, issuer, items }) => items
            .into_iter()
            .map(|item| ArticleLines {
                title: item.title,
                meta: meta.clone(),
                issuer: issuer.clone(),
                body: item.body,
                ..Default::default()
            })
            .collect(),
        Some(Split::Stories(ranges)) => ranges.into_iter().map(|r| single_article(&lines[r])).collect(),
        None => vec![single_article(lines)],
    }
}

fn single_article(lines: &[Line]) -> ArticleLines {
    let head = headline::choose(lines);
    let Some(Headline { at, text, convincing }) =
        head.filter(|h| h.convincing || headline::furniture_penalty(&h.text) == 0.0)
    else {
        return without_headline(lines);
    };
    let mut title = text;
    let mut meta: Vec<String> = lines[..at]
        .iter()
        .filter(|l| l.kind == Kind::Meta && !is_site_clock(&l.text))
        .map(|l| l.text.clone())
        .collect();
    let mut i = at + 1;
    // Subtitles (——记某某) stay with their title.
    while let Some(line) = lines.get(i).filter(|l| l.kind == Kind::Text && headline::is_subtitle(&l.text)) {
        if !title.contains(line.text.trim_start_matches(['—', '-'])) {
            title.push_str(&line.text);
        }
        i += 1;
    }
    // The header zone: metadata lines and repeats of the headline (often split over lines).
    while i < lines.len() {
        let line = &lines[i];
        if line.kind == Kind::Meta {
            meta.push(line.text.clone());
        } else if !(is_title_like(&line.text, headline::TITLE_MAX) && similarity(&line.text, &title) >= 0.6) {
            break;
        }
        i += 1;
    }
    meta.extend(header_meta_below(&lines[i..]));
    let (body, tail_meta) = body_and_tail(&lines[i..]);
    ArticleLines { title, unsure_title: !convincing, meta, tail_meta, issuer: None, body }
}

/// How far below the headline's block a header line may stand.
const HEADER_REACH: usize = 8;

/// Metadata lines still above the first paragraph after lines the header loop does not pass:
/// a photo and its caption (`某某村的茶园。 王明远 摄`) or a label of the page (`分类:新闻`)
/// between the headline and the byline or source.
fn header_meta_below(lines: &[Line]) -> Vec<String> {
    let Some(first) = headline::first_paragraph(lines) else { return Vec::new() };
    lines[..first.min(HEADER_REACH)].iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect()
}

/// No line above the text is a headline: the title is the opening words of the text, and the
/// page goes on the review list.
fn without_headline(lines: &[Line]) -> ArticleLines {
    let body_at = headline::first_paragraph(lines).unwrap_or(0);
    let meta = lines[..body_at].iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect();
    let (body, tail_meta) = body_and_tail(&lines[body_at..]);
    let title = body.first().map(|p| opening_words(p)).unwrap_or_default();
    ArticleLines { title, unsure_title: true, meta, tail_meta, issuer: None, body }
}

/// The first clause of a paragraph, without a leading dateline, cut to a title's length.
fn opening_words(paragraph: &str) -> String {
    let paragraph = without_dateline(paragraph);
    // A clause that is only a date (`10月17日`) says nothing about the story.
    let wordy = |c: &&str| c.chars().filter(|ch| !ch.is_ascii_digit() && !"年月日".contains(*ch)).count() >= 6;
    let clause = paragraph.split(['。', ',', ';', '!', '?']).find(wordy).unwrap_or(paragraph);
    clause.chars().take(FALLBACK_TITLE_MAX).collect()
}

/// News copy opens with the outlet's dateline and byline (`本报讯(记者 某某)`): not words of
/// the story.
fn without_dateline(paragraph: &str) -> &str {
    let head: String = paragraph.chars().take(20).collect();
    // `本报讯 (记者 某某)`, `某某网消息(记者 某某)`: a space may stand before the parenthesis.
    let Some(i) = ["讯(", "讯 (", "消息("].iter().find_map(|m| head.find(m)) else { return paragraph };
    match paragraph[i..].find(')') {
        Some(close) => paragraph[i + close..].trim_start_matches(')'),
        None => paragraph,
    }
}

/// The article's text lines, and the metadata lines among its last lines.
fn body_and_tail(lines: &[Line]) -> (Vec<String>, Vec<String>) {
    let body = lines.iter().filter(|l| l.kind == Kind::Text).map(|l| l.text.clone()).collect();
    let tail_from = lines.len().saturating_sub(TAIL_LINES);
    let tail = lines[tail_from..].iter().filter(|l| l.kind == Kind::Meta).map(|l| l.text.clone()).collect();
    (body, tail)
}

/// A date line above the headline naming the weekday is the site header's clock
/// (`2021年3月2日 星期二`), not the article's date.
fn is_site_clock(t: &str) -> bool {
    t.contains("星期") || t.contains("今天是") || t.contains("礼拜")
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

    const PARAGRAPH: &str = "6月3日,县政协主席王明远带领调研组来到青石镇,实地察看了茶叶基地和扶贫车间的建设情况。";

    #[test]
    fn subtitle_stays_with_its_title() {
        let page = format!("一个把青春留在山村的人\n——记青石镇白水村第一书记李秀兰\n来源: 某某日报\n{PARAGRAPH}\n");
        let arts = articles(&classify(&page));
        assert_eq!(arts[0].title, "一个把青春留在山村的人——记青石镇白水村第一书记李秀兰");
        assert_eq!(arts[0].body, vec![PARAGRAPH]);
    }

    #[test]
    fn the_site_clock_is_not_the_articles_date() {
        let page = format!("2021年3月2日 星期二\n县政协调研茶叶产业\n发布时间:2021-02-26\n{PARAGRAPH}\n");
        let arts = articles(&classify(&page));
        assert_eq!(arts[0].meta, vec!["发布时间:2021-02-26"]);
    }

    #[test]
    fn without_a_headline_the_text_opens_the_title() {
        let arts = articles(&classify(&format!("某某县政府网\n{PARAGRAPH}\n")));
        assert!(arts[0].unsure_title);
        assert_eq!(arts[0].title, "县政协主席王明远带领调研组来到青石镇");
    }

    #[test]
    fn fallback_title_skips_the_news_dateline() {
        let arts = articles(&classify("本报讯(记者 王明远)6月3日,青石镇茶叶节开幕,百余家合作社参加展销。\n"));
        assert_eq!(arts[0].title, "青石镇茶叶节开幕");
        let arts = articles(&classify("本报讯 (实习生王明远) 7日,青石镇茶叶节开幕,百余家合作社参加展销。\n"));
        assert_eq!(arts[0].title, "青石镇茶叶节开幕");
    }

    #[test]
    fn closing_credit_is_kept_apart() {
        let page = format!("县政协调研茶叶产业\n发布时间:2021-02-26\n{PARAGRAPH}\n(记者 王明远)\n");
        let arts = articles(&classify(&page));
        assert_eq!(arts[0].tail_meta, vec!["(记者 王明远)"]);
        assert_eq!(arts[0].body, vec![PARAGRAPH]);
        let page = format!("县政协调研茶叶产业\n发布时间:2021-02-26\n{PARAGRAPH}\n文/王明远 图/李秀兰\n");
        assert_eq!(articles(&classify(&page))[0].tail_meta, vec!["文/王明远 图/李秀兰"], "a byline after the text");
    }

    #[test]
    fn header_lines_below_captions_and_labels_are_metadata() {
        let page = format!(
            "青石镇走出脱贫新路子\n——青石镇脱贫纪实\n青石镇的茶园。 王明远 摄\n□通讯员 李秀兰 赵小红\n{PARAGRAPH}\n"
        );
        let arts = articles(&classify(&page));
        assert_eq!(arts[0].title, "青石镇走出脱贫新路子——青石镇脱贫纪实");
        assert_eq!(arts[0].meta, vec!["□通讯员 李秀兰 赵小红"]);
        let page =
            format!("县政协调研茶叶产业\n发布时间:2020-07-02 15:41:30\n• 分类:新闻\n• 来源:青山网\n{PARAGRAPH}\n");
        assert_eq!(articles(&classify(&page))[0].meta, vec!["发布时间:2020-07-02 15:41:30", "• 来源:青山网"]);
    }
}
