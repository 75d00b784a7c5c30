//! Events for the timeline: every date the date grammar finds in an article's body becomes an
//! event carrying the clause that states it and the entities named in that clause, except
//! dates that qualify something else (`statistics`: counts, comparisons, figures, reporting
//! periods, documents' titles).
//!
//! One clause makes one event, at the finest date it states: a sentence's coarser form of
//! another of its dates (今年 beside 6月16日) is dropped, a sentence with dates in several
//! comma pieces gives each date its own pieces, and an event restating another's clause at
//! the same or a coarser date is dropped. A news dateline (本报讯(记者 某某)) is no part of an
//! event's text.
//!
//! Owns clause cutting and entity tagging of clauses; the grammar is `dates`, the entities
//! come from the extractors as plain name forms.

use std::sync::LazyLock;

use regex::Regex;

use crate::frontmatter::Event;

use super::dates::{self, Mention, PartialDate};

mod statistics;

use statistics::{Dated, Qualifies};

/// The names an entity goes by in the text, for finding it in a clause.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntityForms {
    pub(crate) counties: Vec<(String, Vec<String>)>,
    pub(crate) people: Vec<(String, Vec<String>)>,
    pub(crate) programs: Vec<(String, Vec<String>)>,
}

/// A clause longer than this is cut down to the comma-separated pieces around the date.
const CLAUSE_MAX: usize = 100;
/// …keeping at least this much text.
const CLAUSE_MIN: usize = 30;

/// Events of an article body, in text order, without duplicates.
pub(crate) fn find(paragraphs: &[String], published: Option<PartialDate>, forms: &EntityForms) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    // Without a publication date, a story's first year dates the days it leaves yearless.
    let mut year = if published.is_none() { story_year(forms) } else { None };
    for paragraph in paragraphs {
        for sentence in sentences(paragraph) {
            let arabic = dates::arabic_numerals(sentence);
            let mentions = dates::find_in(&arabic, dates::Context { published, year });
            let (happenings, carried) = happenings(&arabic, &mentions);
            // A year written in full carries on to later dates that leave it out.
            year = carried.or(year);
            for (mention, text) in clauses(sentence, &arabic, &happenings) {
                let event = Event {
                    date: mention.date.to_string(),
                    end: mention.until.map(|u| u.to_string()),
                    counties: named_in(&text, &forms.counties),
                    people: named_in(&text, &forms.people),
                    programs: named_in(&text, &forms.programs),
                    text,
                };
                if !events.iter().any(|e| e.date == event.date && e.end == event.end && e.text == event.text) {
                    events.push(event);
                }
            }
        }
    }
    without_restatements(events)
}

/// The dates of a sentence that date happenings, each at the finest form the sentence gives
/// (a date the sentence also states more precisely, or states again, is left out), and the
/// year the sentence carries on to later ones (a comparison's baseline carries none).
fn happenings(arabic: &str, mentions: &[Mention]) -> (Vec<Mention>, Option<i32>) {
    let mut judged: Vec<(Mention, Option<Qualifies>)> = mentions
        .iter()
        .map(|m| {
            let period = m.date.month == Some(1)
                && m.date.day.is_none()
                && m.until.is_some_and(|u| u.year == m.date.year && u.month.is_some());
            (*m, statistics::qualifies(Dated { text: arabic, start: m.start, end: m.end, period }))
        })
        .collect();
    // 今年1-9月: a date run into the next one is one expression with it.
    for i in (1..judged.len()).rev() {
        if judged[i - 1].0.end == judged[i].0.start && judged[i - 1].1.is_none() {
            judged[i - 1].1 = judged[i].1;
        }
    }
    // A year written in digits carries on, and 今年 (the publication's year, stated); 去年 or
    // 明年 does not: a yearless day after a look back (去年2月…) is still of the publication's year.
    let written = |m: &Mention| {
        let said = &arabic[m.start..m.end];
        said.contains("今年") || said.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
    };
    let carried = judged
        .iter()
        .rev()
        .find(|(m, q)| *q != Some(Qualifies::Comparison) && arabic[m.start..m.end].contains('年') && written(m))
        .map(|(m, _)| m.date.year);
    let dated: Vec<Mention> = judged.into_iter().filter(|(_, q)| q.is_none()).map(|(m, _)| m).collect();
    let finest = dated
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            !dated.iter().enumerate().any(|(j, o)| coarser(m.date, o.date) || (j < *i && o.date == m.date))
        })
        .map(|(_, m)| *m)
        .collect();
    (finest, carried)
}

/// `a` is `b` known to the year or the month only (2019 of 2019-06-16, 2019-06 of 2019-06-16).
fn coarser(a: PartialDate, b: PartialDate) -> bool {
    a != b && a.year == b.year && (a.month.is_none() || (a.month == b.month && a.day.is_none()))
}

/// Drops an event whose clause another event states too (one text holding the other) at the
/// same or a finer date: the shorter text at one date, the coarser of two dates.
fn without_restatements(events: Vec<Event>) -> Vec<Event> {
    let keep: Vec<bool> = (0..events.len())
        .map(|j| {
            !events.iter().enumerate().any(|(i, other)| {
                let (a, b) = (&events[j], other);
                let restates = i != j && (b.text.contains(a.text.as_str()) || a.text.contains(b.text.as_str()));
                // Dates as written: 2019 is a coarser form of 2019-06-16.
                let finer_there = b.date.len() > a.date.len() && b.date.starts_with(&a.date);
                let same_date = a.date == b.date;
                let longer_there = b.text.len() > a.text.len() || (b.text.len() == a.text.len() && i < j);
                restates && (finer_there || (same_date && longer_there))
            })
        })
        .collect();
    events.into_iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| e).collect()
}
/// The year a dated program carries (2020某某农货节): a news item without a publication date
/// still names the edition of the event it reports. (A year the story writes in full is no
/// such evidence: 2014年以前 looks back.)
fn story_year(forms: &EntityForms) -> Option<i32> {
    forms.programs.iter().find_map(|(name, _)| leading_year(name))
}

fn leading_year(name: &str) -> Option<i32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let year: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    (1900..=2100).contains(&year).then_some(year)
}

/// Splits a paragraph after 。!?; keeping the marks.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if "。!?!?;;".contains(c) {
            let end = i + c.len_utf8();
            out.push(paragraph[start..end].trim());
            start = end;
        }
    }
    if start < paragraph.len() {
        out.push(paragraph[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Each date of a sentence with its clause. The pieces of a sentence are its comma-separated
/// parts; when its dates stand in several pieces, each date's clause runs from its piece (the
/// first date's from the sentence's start) to the piece of the next date.
fn clauses(sentence: &str, arabic: &str, mentions: &[Mention]) -> Vec<(Mention, String)> {
    let trimmed = sentence.trim_end_matches(['。', ';']);
    let pieces: Vec<&str> = trimmed.split(',').collect();
    // Numerals only change inside dates, so commas keep their order in both forms.
    let piece_of = |m: &Mention| arabic[..m.start].matches(',').count().min(pieces.len() - 1);
    let mut starts: Vec<usize> = mentions.iter().map(piece_of).collect();
    starts.dedup();
    mentions
        .iter()
        .map(|m| {
            let piece = piece_of(m);
            let k = starts.iter().position(|s| *s == piece).unwrap_or(0);
            let from = if k == 0 { 0 } else { piece };
            let to = starts.get(k + 1).copied().unwrap_or(pieces.len());
            (*m, without_dateline(&clause(&pieces[from..to], piece - from)))
        })
        .collect()
}

/// The clause of the date in piece `at` of `pieces`: all of them when short, else the pieces
/// from the date's on, at least `CLAUSE_MIN` and at most `CLAUSE_MAX` characters.
fn clause(pieces: &[&str], at: usize) -> String {
    let whole = pieces.join(",");
    if whole.chars().count() <= CLAUSE_MAX {
        return whole;
    }
    let mut out = String::new();
    for p in pieces.iter().skip(at) {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(p);
        if out.chars().count() >= CLAUSE_MIN {
            break;
        }
    }
    if out.chars().count() > CLAUSE_MAX {
        out = out.chars().take(CLAUSE_MAX).collect::<String>() + "…";
    }
    out
}

/// A news dateline opening a text: an outlet's `某某网讯`, `本报某市8月24日讯`, `新华社某地12月9日电`,
/// with or without the writers' credit after it, or a credit alone (`(记者 某某)`).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let outlet = r"[^,。;:\s()]{0,16}?(?:网|报|社|台|刊|客户端|频道)";
    let dispatch = r"(?:\p{Han}{0,6}\d{1,2}月\d{1,2}日)";
    let credit = r"\([^()]{0,12}(?:记\s*者|通\s*讯\s*员|实习生|作者|供稿)[^()]{0,30}\)";
    Regex::new(&format!(
        r"^(?:{outlet}(?:{dispatch}?(?:讯|消息)|{dispatch}电)\s*(?:{credit})?|(?:[^,。;:\s()]{{1,20}}?(?:讯|消息)\s*)?{credit})\s*"
    ))
    .expect("dateline")
});

/// `text` without the dateline it opens with (the whole text when that is all it holds).
fn without_dateline(text: &str) -> String {
    match DATELINE.find(text) {
        Some(m) if m.end() < text.len() => text[m.end()..].to_string(),
        _ => text.to_string(),
    }
}

fn named_in(text: &str, entities: &[(String, Vec<String>)]) -> Vec<String> {
    entities
        .iter()
        .filter(|(name, forms)| text.contains(name.as_str()) || forms.iter().any(|f| text.contains(f.as_str())))
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_date_is_an_event_with_its_clause_and_entities() {
        let forms = EntityForms {
            people: vec![("张东亮".into(), vec!["东亮同志".into()])],
            counties: vec![("顺庆区".into(), vec![])],
            ..Default::default()
        };
        let paragraphs = vec!["(一)2015年8月7日至8日,东亮同志到顺庆区调研。2016年5月,再次前往。".to_string()];
        let events = find(&paragraphs, None, &forms);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].date, "2015-08-07");
        assert_eq!(events[0].end.as_deref(), Some("2015-08-08"));
        assert_eq!(events[0].text, "(一)2015年8月7日至8日,东亮同志到顺庆区调研");
        assert_eq!(events[0].people, vec!["张东亮"]);
        assert_eq!(events[0].counties, vec!["顺庆区"]);
        assert_eq!(events[1].date, "2016-05");
        assert!(events[1].people.is_empty());
    }

    #[test]
    fn long_sentences_are_cut_to_the_dated_clause() {
        let long = format!(
            "{}。",
            [
                "甲地开展了很多工作",
                "乙地也开展了很多工作",
                "丙地同样开展了工作",
                "2017年5月首次外出考察学习先进经验",
                "回来以后总结经验形成报告",
                "并提交给有关部门参考"
            ]
            .join(",")
            .repeat(2)
        );
        let events = find(&[long], None, &EntityForms::default());
        assert!(events[0].text.starts_with("2017年5月首次外出考察学习先进经验"), "{}", events[0].text);
        assert!(events[0].text.chars().count() <= CLAUSE_MAX + 1);
    }

    #[test]
    fn a_date_closing_a_count_is_a_statistic() {
        let published = PartialDate::parse_normalized("2020-03-02");
        let paragraphs = vec![
            "截至2019年底,全县累计减贫1.3万人。截至2019年10月底,全部贫困村通过验收。".to_string(),
            "2019年12月,县里召开总结会。".to_string(),
        ];
        let dates: Vec<String> =
            find(&paragraphs, published, &EntityForms::default()).into_iter().map(|e| e.date).collect();
        assert_eq!(dates, vec!["2019-10", "2019-12"]);
    }

    #[test]
    fn a_count_up_to_a_date_is_a_statistic() {
        let events =
            find(&["全县至2018年底未退出的12个贫困村全部纳入计划。".to_string()], None, &EntityForms::default());
        assert!(events.is_empty());
    }

    #[test]
    fn a_dated_program_gives_an_undated_story_its_year() {
        let forms = EntityForms { programs: vec![("2021某县山货节".into(), vec![])], ..Default::default() };
        let paragraphs = vec!["9月24-26日,2021某县山货节在广场举行。".to_string()];
        let events = find(&paragraphs, None, &forms);
        assert_eq!((events[0].date.as_str(), events[0].end.as_deref()), ("2021-09-24", Some("2021-09-26")));
        assert!(find(&paragraphs, None, &EntityForms::default()).is_empty(), "no year, no event");
    }

    #[test]
    fn relative_dates_use_the_publication_date() {
        let published = PartialDate::parse_normalized("2016-09-02");
        let events = find(&["明年取得初步成效。".to_string()], published, &EntityForms::default());
        assert_eq!(events[0].date, "2017");
    }

    #[test]
    fn a_relative_year_carries_on_to_no_later_date() {
        let events = dated(&["去年2月,青山县选派工作队进驻各村。", "2月25日,青山县要求工作队转变策略。"], "2020-02-28");
        let dates: Vec<&str> = events.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dates, vec!["2019-02", "2020-02-25"]);
    }

    fn dated(paragraphs: &[&str], published: &str) -> Vec<(String, String)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        let published = PartialDate::parse_normalized(published);
        find(&paragraphs, published, &EntityForms::default()).into_iter().map(|e| (e.date, e.text)).collect()
    }

    #[test]
    fn a_comparison_or_a_figure_is_no_event() {
        let events = dated(
            &[
                "今年1-9月,全镇实现产值3.2亿元,同比增长8%,占比由去年同期的1.2:48.8调整为1.0:49.0。",
                "此次比赛的成绩较去年有了显著提升。",
                "全镇2018年末贫困人口仍有300人。",
                "会议印发了《2019年全镇产业帮扶工作要点》。",
                "去年5月,镇里新建了两座便民桥。",
            ],
            "2019-10-20",
        );
        assert_eq!(events, vec![("2018-05".to_string(), "去年5月,镇里新建了两座便民桥".to_string())]);
    }

    #[test]
    fn one_clause_is_one_event_at_its_finest_date() {
        let events =
            dated(&["今年的6月16日是某某节。", "当地时间9月16日下午,2019年某某推介活动在某市启动。"], "2019-06-15");
        let dates: Vec<&str> = events.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dates, vec!["2019-06-16", "2019-09-16"]);
    }

    #[test]
    fn a_clause_stated_again_is_no_second_event() {
        let events = dated(
            &["10月30日,支部联合科室举办了2019年某某技能大赛。", "支部联合科室举办了2019年某某技能大赛。"],
            "2019-10-31",
        );
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].0, "2019-10-30");
    }

    #[test]
    fn dates_in_different_pieces_get_their_own_clauses() {
        let events =
            dated(&["2016年,某某商会向20户贫困户捐赠了被褥,2017年,又向全县23名残疾人捐赠了轮椅。"], "2018-01-02");
        assert_eq!(
            events,
            vec![
                ("2016".to_string(), "2016年,某某商会向20户贫困户捐赠了被褥".to_string()),
                ("2017".to_string(), "2017年,又向全县23名残疾人捐赠了轮椅".to_string()),
            ]
        );
        let two_days = dated(&["8月11日和8月16日,工作组两次赴某县调研。"], "2017-08-18");
        assert_eq!(two_days.len(), 2, "two days of one clause are two events");
    }

    #[test]
    fn a_dateline_is_no_part_of_an_event() {
        let events = dated(
            &[
                "本报讯(记 者 王明远)10月16-18日,某某农货节在某广场举行。",
                "某某网讯(记者 李秀兰)7月4日,采访团来到某某县。",
                "新华社某地12月9日电(记者王明远)当地9日再次举行集会。",
            ],
            "2020-12-10",
        );
        let texts: Vec<&str> = events.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["10月16-18日,某某农货节在某广场举行", "7月4日,采访团来到某某县", "当地9日再次举行集会"]);
    }

    #[test]
    fn a_text_that_only_looks_like_a_dateline_is_kept() {
        assert_eq!(without_dateline("网络通讯设施2019年全部建成"), "网络通讯设施2019年全部建成");
        assert_eq!(without_dateline("全网电商销售额翻番"), "全网电商销售额翻番");
    }
}
