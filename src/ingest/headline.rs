//! The headline of a page: which of the short lines above the body is the article's title.
//!
//! Scraped pages put many short lines above an article: site and channel names, toolbars,
//! greetings, breadcrumbs, column tags, kickers, photo captions. The headline is chosen among
//! them by evidence rather than position: it usually stands right above the metadata line
//! (来源 / 发布时间 …) or right below an information table, it is often printed twice, it shares
//! words with the first paragraph, and it does not look like furniture. Each candidate gets a
//! score from these signs; the best one wins, and a score below `CONVINCING` is reported so an
//! editor can look at the page.
//!
//! Owns only the choice of the headline line(s). Input is the classified lines of
//! `boilerplate`; `layout` decides the header zone and the body around the chosen headline.

use super::boilerplate::{Kind, Line};
use super::shape::{is_title_like, similarity};
use crate::lexicon::Words;

/// Longest headline we accept.
pub(crate) const TITLE_MAX: usize = 80;
/// A score at or above this is a headline an editor would expect.
const CONVINCING: f64 = 2.0;
/// Lines that share this much of their characters are the same headline printed twice.
const REPEAT: f64 = 0.8;

/// The chosen headline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Headline {
    /// Index of the headline's line in the classified lines.
    pub(crate) at: usize,
    /// The headline as printed, with a site name after a separator dropped.
    pub(crate) text: String,
    /// Whether the evidence was strong enough (otherwise the page goes on the review list).
    pub(crate) convincing: bool,
}

/// Chooses the headline among the lines above the first paragraph; `None` when the page has
/// no title-like line there at all.
pub(crate) fn choose(lines: &[Line]) -> Option<Headline> {
    let body_at = first_paragraph(lines).unwrap_or(lines.len());
    let candidates: Vec<usize> = (0..body_at.min(lines.len()))
        .filter(|&i| {
            lines[i].kind == Kind::Text && is_title_like(&lines[i].text, TITLE_MAX) && !is_subtitle(&lines[i].text)
        })
        .collect();
    let opening = opening_text(lines, body_at);
    let scored: Vec<(usize, f64)> = candidates.iter().map(|&i| (i, score(lines, i, body_at, &opening))).collect();
    // The earliest of equal scores: headlines come before what they head.
    let &(best, best_score) = scored.iter().fold(None, |acc: Option<&(usize, f64)>, c| match acc {
        Some(a) if a.1 >= c.1 => Some(a),
        _ => Some(c),
    })?;
    let at = fullest_repeat(lines, &scored, best);
    let text = without_site_name(without_wire_dateline(&lines[at].text)).to_string();
    Some(Headline { at, text, convincing: best_score >= CONVINCING && furniture_penalty(&lines[best].text) == 0.0 })
}

/// Index of the first line of running text: a long line that reads as sentences.
pub(crate) fn first_paragraph(lines: &[Line]) -> Option<usize> {
    lines.iter().position(|l| l.kind == Kind::Text && is_paragraph(&l.text))
}

/// Running text: ends a sentence, or is long and has clause punctuation.
pub(crate) fn is_paragraph(t: &str) -> bool {
    let n = t.chars().count();
    let clauses = t.contains([',', '。', ';']);
    (n > 15 && t.ends_with(['。', '!', '?', '…'])) || (n > 15 && t.ends_with('”') && clauses) || (n > 50 && clauses)
}

/// The start of the article's text, which a headline usually echoes.
fn opening_text(lines: &[Line], body_at: usize) -> String {
    lines[body_at.min(lines.len())..]
        .iter()
        .filter(|l| l.kind == Kind::Text)
        .flat_map(|l| l.text.chars())
        .take(300)
        .collect()
}

fn score(lines: &[Line], i: usize, body_at: usize, opening: &str) -> f64 {
    let text = &lines[i].text;
    let n = text.chars().filter(|c| c.is_alphanumeric()).count();
    let mut s = 0.0;
    s += meta_below(lines, i);
    s += meta_just_above(lines, i);
    if is_printed_twice(lines, i, body_at) || without_site_name(text) != text {
        s += 1.5;
    }
    s += 3.0 * shared_bigrams(without_site_name(text), opening);
    s += match n {
        0..=4 => -2.0,
        5..=7 => -0.5,
        _ => 0.5,
    };
    s - furniture_penalty(text)
}

/// The headline stands right above the metadata line, perhaps with its subtitle in between.
fn meta_below(lines: &[Line], i: usize) -> f64 {
    let mut j = i + 1;
    while lines.get(j).is_some_and(|l| l.kind == Kind::Text && is_subtitle(&l.text)) {
        j += 1;
    }
    let is_byline = |l: &Line| l.kind == Kind::Meta && !is_photo_credit(&l.text);
    match lines.get(j) {
        Some(l) if is_byline(l) => 3.0,
        _ if lines[i + 1..].iter().take(3).any(is_byline) => 1.0,
        _ => 0.0,
    }
}

/// `(记者 王明远 摄)` under a photo caption: it credits the photo, and the line above it is
/// the caption, not a headline.
fn is_photo_credit(t: &str) -> bool {
    t.starts_with('(') || t.contains('摄') || t.contains("供图")
}

/// Open-government pages print an information table (索引号, 发布机构 …) and the headline
/// right after it.
fn meta_just_above(lines: &[Line], i: usize) -> f64 {
    if i > 0 && lines[i - 1].kind == Kind::Meta { 1.0 } else { 0.0 }
}

/// `——记某村第一书记` under a headline.
pub(crate) fn is_subtitle(t: &str) -> bool {
    t.starts_with("——") || t.starts_with("--") || t.starts_with('—')
}

/// Pages print the headline twice: as the document title and above the article, or split over
/// two lines in a title block. A paragraph holding the line's characters is no second printing
/// (a column's two characters are found in most paragraphs).
fn is_printed_twice(lines: &[Line], i: usize, body_at: usize) -> bool {
    let text = without_site_name(&lines[i].text);
    lines.iter().enumerate().take(body_at + 3).any(|(j, l)| {
        j != i
            && l.kind == Kind::Text
            && l.text.chars().count() >= 4
            && !is_paragraph(&l.text)
            && similarity(text, &l.text) >= REPEAT
    })
}

/// Share of the headline's character pairs found in `opening`.
fn shared_bigrams(title: &str, opening: &str) -> f64 {
    let chars: Vec<char> = title.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.len() < 2 || opening.is_empty() {
        return 0.0;
    }
    let pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    pairs.iter().filter(|p| opening.contains(p.as_str())).count() as f64 / pairs.len() as f64
}

/// Of a headline printed several times, the fullest form: the document title often carries the
/// column tag (`【专题】标题`) that the repeat above the byline drops, and a title block may split
/// the headline over lines.
fn fullest_repeat(lines: &[Line], scored: &[(usize, f64)], best: usize) -> usize {
    let head = without_site_name(&lines[best].text);
    let len = head.chars().count();
    scored
        .iter()
        .map(|&(i, _)| (i, without_site_name(&lines[i].text)))
        .filter(|(i, t)| {
            furniture_penalty(&lines[*i].text) == 0.0
                && similarity(head, t) >= REPEAT
                && (len..=4 * len).contains(&t.chars().count())
        })
        .fold(
            best,
            |acc, (i, t)| if t.chars().count() > without_site_name(&lines[acc].text).chars().count() { i } else { acc },
        )
}

/// A wire story's dateline printed before its headline (`某某社某地2月28日电 题:…`): the
/// headline is what follows `题:`.
pub(crate) fn without_wire_dateline(line: &str) -> &str {
    match line.split_once("题:") {
        Some((dateline, title))
            if dateline.trim_end().ends_with('电') && dateline.chars().count() <= 24 && !title.trim().is_empty() =>
        {
            title.trim()
        }
        _ => line,
    }
}

/// A document title carries the site's name after a separator (`标题_某县政协网`,
/// `标题 - 某市人民政府`): the headline is what comes before it.
pub(crate) fn without_site_name(title: &str) -> &str {
    for sep in ["_", " - ", " | ", "|", "-", "—"] {
        if let Some(i) = title.rfind(sep) {
            let (head, site) = (title[..i].trim(), title[i + sep.len()..].trim());
            if head.chars().count() >= 6 && site.chars().count() <= 16 && is_site_or_channel(site) {
                return head;
            }
        }
    }
    title
}

/// Endings of site, channel and column names.
const SITE_ENDINGS: Words = Words::new("page_furniture", "site_ending");

fn is_site_or_channel(t: &str) -> bool {
    SITE_ENDINGS.iter().any(|e| t.ends_with(e))
}

/// How much a line looks like page furniture rather than a headline (0 for none). These are
/// lines `boilerplate` keeps because the same words can be text elsewhere on a page; above the
/// body they are chrome.
pub(crate) fn furniture_penalty(t: &str) -> f64 {
    let bare: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let n = bare.chars().count();
    if is_site_name_line(&bare, n) || is_greeting(&bare) || is_clock(&bare) || is_edition_header(&bare) {
        return 5.0;
    }
    if !bare.chars().any(crate::lexicon::is_han) {
        // URLs, file names (DSC_0001.jpg), counters.
        return 5.0;
    }
    let breadcrumb = !t.contains('<') && (t.matches(['>', '»']).count() >= 2 || t.contains("->"));
    if t.matches(['|', '丨']).count() >= 2 || breadcrumb {
        // Link rows and breadcrumbs (`<`…`>` pairs are markup quoted in the text).
        return 4.0;
    }
    if is_caption(&bare) || is_document_number(&bare) {
        return 3.0;
    }
    if is_fragment(&bare) {
        return 2.0;
    }
    if is_short_token_row(t) {
        return 1.5;
    }
    if is_kicker(&bare) {
        // A kicker (引题) or column tag wholly in quotes or brackets: the headline follows.
        return 1.5;
    }
    0.0
}

/// `某某县人民政府网`, `政协要闻`, `第一书记网`: a short line naming a site, channel or column.
fn is_site_name_line(bare: &str, n: usize) -> bool {
    n <= 12 && !bare.contains(['“', '”', ':', ',']) && is_site_or_channel(bare)
}

/// Header greetings: `欢迎访问某某网`, `您好,今天是…`.
fn is_greeting(bare: &str) -> bool {
    bare.starts_with("欢迎") || bare.starts_with("您好") || bare.starts_with("你好") || bare.contains("欢迎您")
}

/// The site header's clock: `今天是2020年6月6日 星期六`.
fn is_clock(bare: &str) -> bool {
    bare.contains("今天是") || (bare.contains("星期") && bare.chars().filter(char::is_ascii_digit).count() >= 4)
}

/// E-paper edition headers: `第3版:要闻`, `A2版`, `版面导航`.
pub(crate) fn is_edition_header(bare: &str) -> bool {
    if bare.contains("版面") || bare.contains("上一版") || bare.contains("下一版") {
        return true;
    }
    let Some(i) = bare.find('第') else { return false };
    let rest = &bare[i + '第'.len_utf8()..];
    let digits = rest.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).count();
    digits > 0 && rest.chars().nth(digits) == Some('版')
}

/// Photo captions and credits: `图为…`, `…摄`, `…供图`.
fn is_caption(bare: &str) -> bool {
    bare.starts_with("图为") || bare.ends_with("摄") || bare.ends_with("供图") || bare.contains("图片由")
}

/// Document numbers of official notices: `某扶组发〔2019〕1号`.
fn is_document_number(bare: &str) -> bool {
    bare.ends_with('号') && (bare.contains('〔') || bare.contains('[') || bare.contains('['))
}

/// Four or more short tokens separated by spaces: toolbars and menus.
fn is_short_token_row(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    tokens.len() >= 4 && tokens.iter().all(|w| w.chars().count() <= 5)
}

/// A headline broken over lines leaves pieces ending in a function word (`…关于`, `…的`).
fn is_fragment(bare: &str) -> bool {
    ["关于", "的", "和", "与", "及", "对"].iter().any(|w| bare.ends_with(w))
}

fn is_kicker(bare: &str) -> bool {
    let wrapped = |open: char, close: char| bare.starts_with(open) && bare.ends_with(close);
    wrapped('“', '”') || wrapped('【', '】') || wrapped('[', ']') || wrapped('「', '」')
}

#[cfg(test)]
mod tests {
    use super::super::boilerplate::classify;
    use super::*;

    fn headline(page: &str) -> Headline {
        choose(&classify(page)).expect("a headline")
    }

    const PARAGRAPH: &str =
        "6月3日,县政协主席王明远带领调研组来到青石镇,实地察看了茶叶基地和扶贫车间的建设情况,听取了镇村干部的汇报。";

    #[test]
    fn site_and_channel_names_above_the_headline_lose() {
        let page = format!(
            "某某日报网\n\n要闻频道\n\n县政协调研青石镇茶叶产业发展\n发稿时间:2020-06-05 09:20 来源:某某日报\n{PARAGRAPH}\n"
        );
        let h = headline(&page);
        assert_eq!(h.text, "县政协调研青石镇茶叶产业发展");
        assert!(h.convincing);
    }

    #[test]
    fn greeting_clock_and_edition_header_are_not_headlines() {
        let page = format!(
            "欢迎访问某某县人民政府网站\n今天是2021年3月2日 星期二\n第3版:要闻\n调研组赴青石镇察看茶叶基地\n{PARAGRAPH}\n"
        );
        assert_eq!(headline(&page).text, "调研组赴青石镇察看茶叶基地");
    }

    #[test]
    fn headline_below_an_information_table() {
        let page = format!(
            "[ 索引号 ] 0001/2020-00012\n[ 发布机构 ] 某县扶贫办\n关于印发《青石镇茶叶产业帮扶方案》的通知\n某扶发〔2020〕3号\n{PARAGRAPH}\n"
        );
        assert_eq!(headline(&page).text, "关于印发《青石镇茶叶产业帮扶方案》的通知");
    }

    #[test]
    fn kicker_and_captions_give_way_to_the_headline() {
        let page = format!(
            "“产业兴 百姓富”\n青石镇茶叶节在县城广场开幕\n茶农展示新茶\n游客品尝新茶    王明远 摄\n本报讯(记者 李秀兰)6月3日,青石镇茶叶节在县城广场开幕,百余家合作社参加展销。\n{PARAGRAPH}\n"
        );
        assert_eq!(headline(&page).text, "青石镇茶叶节在县城广场开幕");
    }

    #[test]
    fn a_caption_over_its_photo_credit_is_not_the_headline() {
        let page = format!("青石镇茶叶节在县城广场开幕\n游客在展台前品尝新茶\n(记者 王明远 摄)\n{PARAGRAPH}\n");
        assert_eq!(headline(&page).text, "青石镇茶叶节在县城广场开幕");
    }

    #[test]
    fn a_place_left_from_a_broken_breadcrumb_is_not_the_headline() {
        let page = format!("首页\n>\n绵竹市\n县政协调研青石镇茶叶产业发展\n{PARAGRAPH}\n");
        assert_eq!(headline(&page).text, "县政协调研青石镇茶叶产业发展");
    }

    #[test]
    fn the_fullest_of_a_repeated_headline_wins() {
        let page = format!(
            "【决胜小康】同心协力 精准帮扶——县政协开展结对帮扶纪实\n同心协力 精准帮扶——县政协开展结对帮扶纪实\n记者 王明远\n{PARAGRAPH}\n"
        );
        assert_eq!(headline(&page).text, "【决胜小康】同心协力 精准帮扶——县政协开展结对帮扶纪实");
    }

    #[test]
    fn a_place_before_a_colon_stays_in_the_headline() {
        let page = format!("站点首页\n青石:茶叶合作社让贫困户有了稳定收入\n时间:2020-06-06 来源:青石镇\n{PARAGRAPH}\n");
        assert_eq!(headline(&page).text, "青石:茶叶合作社让贫困户有了稳定收入");
    }

    #[test]
    fn only_chrome_is_not_convincing() {
        let page = format!("某某县政府网\n{PARAGRAPH}\n");
        assert!(!headline(&page).convincing);
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
    fn furniture_shapes() {
        assert!(furniture_penalty("政协要闻") > 0.0);
        assert!(furniture_penalty("某某新闻网扶贫频道") > 0.0);
        assert!(furniture_penalty("首页 | 动态 | 政策") > 0.0);
        assert!(furniture_penalty("A2版:要闻 第2版") > 0.0);
        assert!(furniture_penalty("IMG_0231.jpg") > 0.0);
        assert_eq!(furniture_penalty("青石镇茶叶节在县城广场开幕"), 0.0);
        assert_eq!(furniture_penalty("县政协开展“送医下乡”活动"), 0.0);
    }

    #[test]
    fn a_wire_dateline_before_the_headline_is_no_part_of_it() {
        let page = format!(
            "“两手都要硬”——青山工作队见闻\n青山网 2020-02-28 18:06:01\n青山社青石2月28日电 题:“两手都要硬”——青山工作队见闻\n青山社记者王明远、李秀兰\n{PARAGRAPH}\n"
        );
        assert_eq!(headline(&page).text, "“两手都要硬”——青山工作队见闻");
        let page = format!("青山社青石2月28日电 题:青石镇的春耕\n{PARAGRAPH}\n");
        assert_eq!(headline(&page).text, "青石镇的春耕");
    }

    #[test]
    fn a_one_word_column_above_the_date_is_not_the_headline() {
        let page = format!("县政协调研青石镇茶叶产业\n政务\n2025-01-10 17:34\n青山\n{PARAGRAPH}\n");
        assert_eq!(headline(&page).text, "县政协调研青石镇茶叶产业");
    }
}
