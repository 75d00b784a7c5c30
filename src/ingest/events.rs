//! Events for the timeline: every date the date grammar finds in an article's body becomes an
//! event carrying the clause that states it and the entities named in that clause.
//!
//! Owns clause cutting and entity tagging of clauses; the grammar is `dates`, the entities
//! come from the extractors as plain name forms.

use std::sync::LazyLock;

use regex::Regex;

use crate::frontmatter::Event;

use super::dates::{self, PartialDate};

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
            // A year written in full carries on to later dates that leave it out.
            if let Some(last) = mentions.iter().rev().find(|m| arabic[m.start..m.end].contains('年')) {
                year = Some(last.date.year);
            }
            for mention in mentions {
                if is_statistic(&arabic, &mention) {
                    continue;
                }
                let text = clause(sentence, &arabic, mention.start);
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
    events
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

/// 截至2019年底,全县累计脱贫1.2万人: a date that closes a count states a figure, not a
/// happening. A 截至 date with no count after it (截至10月底,全部完成验收) stays an event.
fn is_statistic(arabic: &str, mention: &dates::Mention) -> bool {
    let before = &arabic[..mention.start];
    // 至2017年底未退出的55个贫困村: a bare 至 opens a count the same way.
    if !["截至", "截止", "截止到", "截止至", "到", "至"].iter().any(|cue| before.ends_with(cue)) {
        return false;
    }
    let after: String = arabic[mention.end..].chars().take(40).collect();
    STATISTIC.is_match(&after)
}

static STATISTIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"累计|共有|共计|总计|\d+(?:\.\d+)?(?:万|亿)?(?:个|户|人|名|元|亩|家|所|项|条|公里|吨|%|%)")
        .expect("statistic")
});

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

/// The clause stating the date at byte `at` of `arabic` (the sentence with Arabic numerals):
/// the whole sentence when short, else the comma pieces from the one holding the date.
fn clause(sentence: &str, arabic: &str, at: usize) -> String {
    let trimmed = sentence.trim_end_matches(['。', ';']);
    if trimmed.chars().count() <= CLAUSE_MAX {
        return trimmed.to_string();
    }
    let is_comma = |c: char| c == ',';
    // Numerals only change inside dates, so commas keep their order in both forms.
    let piece = arabic[..at].chars().filter(|c| is_comma(*c)).count();
    let pieces: Vec<&str> = trimmed.split(is_comma).collect();
    let mut out = String::new();
    for p in pieces.iter().skip(piece) {
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
}
