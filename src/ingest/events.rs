//! Events for the timeline: every date the date grammar finds in an article's body becomes an
//! event carrying the clause that states it and the entities named in that clause.
//!
//! Owns clause cutting and entity tagging of clauses; the grammar is `dates`, the entities
//! come from the extractors as plain name forms.

use crate::frontmatter::Event;

use super::dates::{self, PartialDate};

/// The names an entity goes by in the text, for finding it in a clause.
#[derive(Debug, Clone, Default)]
pub struct EntityForms {
    pub counties: Vec<(String, Vec<String>)>,
    pub people: Vec<(String, Vec<String>)>,
    pub programs: Vec<(String, Vec<String>)>,
}

/// A clause longer than this is cut down to the comma-separated pieces around the date.
const CLAUSE_MAX: usize = 100;
/// …keeping at least this much text.
const CLAUSE_MIN: usize = 30;

/// Events of an article body, in text order, without duplicates.
pub fn find(paragraphs: &[String], published: Option<PartialDate>, forms: &EntityForms) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut year = None;
    for paragraph in paragraphs {
        for sentence in sentences(paragraph) {
            let arabic = dates::arabic_numerals(sentence);
            let mentions = dates::find_in(&arabic, dates::Context { published, year });
            // A year written in full carries on to later dates that leave it out.
            if let Some(last) = mentions.iter().rev().find(|m| arabic[m.start..m.end].contains('年')) {
                year = Some(last.date.year);
            }
            for mention in mentions {
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
    let trimmed = sentence.trim_end_matches(['。', ';', ';']);
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
    fn relative_dates_use_the_publication_date() {
        let published = PartialDate::parse_normalized("2016-09-02");
        let events = find(&["明年取得初步成效。".to_string()], published, &EntityForms::default());
        assert_eq!(events[0].date, "2017");
    }
}
