//! Dates that qualify something else instead of dating a happening, so they make no event:
//! - a count up to a date (截至2019年底,全县累计减贫1.3万人; 至2017年底未退出的55个村);
//! - the baseline of a comparison (较去年, 比2018年, 由去年同期的…, 与上年相比);
//! - a figure stated at a date (2015年末贫困人口仍有4万人, 2007年末国债余额调整为…亿元): only
//!   nouns and the words that state a figure (为, 有, 达, 调整为 …) stand between date and number;
//! - a reporting period from January (1-10月、上半年,全县完成投资…亿元,同比增长…);
//! - the title of a document (《2019年全市脱贫攻坚工作要点》): the period the document covers.
//!
//! Owns these judgements on one date's surroundings; finding dates is `dates`, clauses `events`.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::Words;

/// What a date that makes no event qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Qualifies {
    Count,
    Comparison,
    Figure,
    Period,
    Title,
}

/// A date, by its byte span in `text` (a sentence with Arabic numerals); `period`: the date is
/// a range of months from January (1-10月, 上半年).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dated<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) period: bool,
}

/// Words right before a date that open a count up to it.
const COUNT_CUES: Words = Words::new("statistics", "count_cue");

/// Words right before a date that make it the baseline of a comparison.
const COMPARED_BEFORE: Words = Words::new("statistics", "compared_before");

/// Words right after a date that make it the baseline of a comparison (去年同期, 与2018年相比).
const COMPARED_AFTER: Words = Words::new("statistics", "compared_after");

/// Words that state a figure between a date and its number (贫困人口仍有4万人, 余额为…).
const FIGURE_WORDS: Words = Words::new("statistics", "figure");

/// Words that make a reporting period's figures: a period of months from January with one of
/// these is a statistic, not a campaign that ran for months.
const PERIOD_WORDS: Words = Words::new("statistics", "period");

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"累计|共有|共计|总计|\d+(?:\.\d+)?(?:万|亿)?(?:个|户|人|名|元|亩|家|所|项|条|公里|吨|%)")
        .expect("count")
});

/// A number with its unit: what a figure states.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+(?:\.\d+)?(?:万|亿)?(?:个|户|人|名|元|亩|家|所|项|条|公里|吨|%|百分点|倍)").expect("figure")
});

/// Months from January written after a year the grammar reads alone (今年1-9月, 今年前三季度).
static MONTHS_FROM_JANUARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:1\s*(?:-|—|–|~|至|到)\s*\d{1,2}月份?|前三季度|第?一季度)").expect("months"));

/// What the date at `d` qualifies, if it dates no happening.
pub(crate) fn qualifies(d: Dated) -> Option<Qualifies> {
    if in_title(d) {
        Some(Qualifies::Title)
    } else if compared(d) {
        Some(Qualifies::Comparison)
    } else if counted_up_to(d) {
        Some(Qualifies::Count)
    } else if (d.period || MONTHS_FROM_JANUARY.is_match(&d.text[d.end..])) && reporting_period(d) {
        Some(Qualifies::Period)
    } else if figure_at(d) {
        Some(Qualifies::Figure)
    } else {
        None
    }
}

fn after(d: Dated, chars: usize) -> String {
    d.text[d.end..].chars().take(chars).collect()
}

/// 截至2019年底,全县累计…: a date that closes a count. (截至10月底,全部完成验收 is an event.)
fn counted_up_to(d: Dated) -> bool {
    let before = &d.text[..d.start];
    COUNT_CUES.iter().any(|cue| before.ends_with(cue)) && COUNT.is_match(&after(d, 40))
}

fn compared(d: Dated) -> bool {
    let before = &d.text[..d.start];
    let rest = &d.text[d.end..];
    COMPARED_BEFORE.iter().any(|cue| before.ends_with(cue)) || COMPARED_AFTER.iter().any(|cue| rest.starts_with(cue))
}

/// Inside 《…》: a document's title, dated by the period it covers.
fn in_title(d: Dated) -> bool {
    let before = &d.text[..d.start];
    let rest = &d.text[d.end..];
    let opened = before.rfind('《').is_some_and(|open| !before[open..].contains('》'));
    opened && rest.find('》').is_some_and(|close| !rest[..close].contains('《'))
}

/// 1-10月,全县固定资产投资完成…亿元,同比增长…: the months a statistic sums.
fn reporting_period(d: Dated) -> bool {
    let rest = after(d, 60);
    let sentence = rest.split(['。', ';']).next().unwrap_or("");
    FIGURE.is_match(sentence) && PERIOD_WORDS.iter().any(|w| sentence.contains(w))
}

/// 2015年末贫困人口仍有4万人: in the date's own clause, only nouns and figure words stand
/// between the date and a number. A verb of doing (召开, 识别, 开展) makes it a happening.
fn figure_at(d: Dated) -> bool {
    let clause = d.text[d.end..].split([',', ';', ':', '。']).next().unwrap_or("");
    let Some(figure) = FIGURE.find(clause) else { return false };
    let between = &clause[..figure.start()];
    if between.is_empty() || between.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let tags = crate::segment::jieba().tag(between, true);
    let n = tags.len();
    tags.iter().enumerate().all(|(i, t)| {
        let noun = t.tag.starts_with('n') || ["m", "q", "d", "a"].contains(&t.tag);
        // 调整为, 降至, 增加到: a verb of change right before 为 / 至 / 到 states the figure.
        let changes_to = t.tag.starts_with('v') && i + 2 == n && ["为", "至", "到"].contains(&tags[n - 1].word);
        noun || FIGURE_WORDS.contains(&t.word) || ["为", "至", "到"].contains(&t.word) || changes_to
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first date written `YYYY年…` (with 末 / 底) or `今年` / `去年` in `text`.
    fn at(text: &str, date: &str) -> Option<Qualifies> {
        let start = text.find(date).expect("date in text");
        qualifies(Dated { text, start, end: start + date.len(), period: false })
    }

    #[test]
    fn a_count_up_to_a_date() {
        assert_eq!(at("截至2019年底,全县累计减贫1.3万人。", "2019年底"), Some(Qualifies::Count));
        assert_eq!(at("截至2019年10月底,全部贫困村通过验收。", "2019年10月底"), None);
    }

    #[test]
    fn the_baseline_of_a_comparison() {
        assert_eq!(at("占比由去年同期的1.2:50:48.8调整为0.8:51:48.2", "去年"), Some(Qualifies::Comparison));
        assert_eq!(at("此次成绩较去年有了显著提升", "去年"), Some(Qualifies::Comparison));
        assert_eq!(at("收入比2018年增长12%", "2018年"), Some(Qualifies::Comparison));
        assert_eq!(at("与2018年相比,新增3个村", "2018年"), Some(Qualifies::Comparison));
        assert_eq!(at("去年,全镇新建两座桥", "去年"), None);
    }

    #[test]
    fn a_figure_stated_at_a_date() {
        assert_eq!(at("全县2015年末贫困人口仍有4万人", "2015年末"), Some(Qualifies::Figure));
        assert_eq!(at("批准2007年末国债余额限额调整为5000.5亿元", "2007年末"), Some(Qualifies::Figure));
        assert_eq!(at("2014年识别贫困村74个", "2014年"), None, "识别 is a happening");
        assert_eq!(at("2017年,经评估检查,贫困发生率0.66%", "2017年"), None, "the figure is another clause's");
        assert_eq!(at("2016年底前全县43个村都要落地", "2016年底"), None, "前 makes a deadline");
        assert_eq!(at("2018年在全县7个村成立基地", "2018年"), None);
    }

    #[test]
    fn a_reporting_period() {
        let text = "1-10月,全县固定资产投资完成246.7亿元,同比增长15.3%。";
        let end = text.find(',').unwrap();
        assert_eq!(qualifies(Dated { text, start: 0, end, period: true }), Some(Qualifies::Period));
        let campaign = "1-6月,工作队走访了全部农户。";
        let end = campaign.find(',').unwrap();
        assert_eq!(qualifies(Dated { text: campaign, start: 0, end, period: true }), None);
    }

    #[test]
    fn the_title_of_a_document() {
        assert_eq!(at("现将《2019年全市产业帮扶工作要点》印发你们", "2019年"), Some(Qualifies::Title));
        assert_eq!(at("《意见》印发后,2019年全面推开", "2019年"), None);
    }
}
