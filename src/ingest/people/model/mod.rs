//! People from the statistical recogniser (`lac`), with the rules as its filter. The model
//! finds names no cue introduces (recall); the rules decide what counts (precision) and keep
//! deciding roles:
//!
//! - a model name must start with a surname of the table that is common enough to be ranked
//!   (扶 in 扶志 is a surname too); an unranked or unlisted surname (俸, 扎) passes only after
//!   a role or relation word, or listed with `、` beside a name that passes;
//! - it is no place: no gazetteer name, and never written before a place word on the page
//!   (万林 of 万林乡); no pair of province abbreviations (鲁渝);
//! - it is no title or address: no title or kinship word at its end or after it (赵书记, 鲁大哥),
//!   no firm's word after it (某某农业), no number right after it (李苗300余亩: plum seedlings);
//! - it is no part of a longer name on the page (杨马 of 杨马正), and does not glue a character
//!   before another name (户兰玉军 of 贫困户兰玉军).
//!
//! Where the two disagree on a name's edges, the model wins when the rules glued one character
//! of the context before the name (席某某 from 主席某某) or of the act after it (某某陪 from
//! 某某陪同), or stopped short of it (胡立 of 胡立新); measured on the seeds, the dev set and
//! the tuning half of our own pages.
//!
//! Owns the merging only: the tags come from `ingest::tags`, the words from
//! `data/person_model.tsv` and the rules' cue lists.

use std::collections::BTreeSet;

use super::cues::{ACTS_AFTER, CUES, RELATIONS, ROLE_BEFORE, TITLE_AFTER};
use super::shape::{is_common_word, is_han};
use crate::gazetteer;
use crate::ingest::tags::SeedTags;
use crate::lac::{self, Kind};
use crate::lexicon::Words;
use crate::names;

/// Where a person of an article was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Rules,
    Model,
    Both,
}

/// The longest text the model reads at once; longer sentences are cut at a comma, or hard.
const MAX_SENTENCE: usize = 200;

/// The most common surnames are ranked in the table (down to about 400); rarer ones start
/// words more often than names.
const RANKED: usize = 400;

/// The model's names in `text` that pass the rules' filters, in order of first mention.
///
/// `decided`: names the text is known to hold already (the rules' names of three characters or
/// more, the counties' forms); a place a name can start inside one of them is not tagged for
/// it (the model is for what the rules cannot decide; a name of two characters may be one
/// the rules cut short, so it is read again).
pub(crate) fn names(text: &str, decided: &[&str], tags: &mut SeedTags) -> Vec<String> {
    let sentences = pieces(text, decided);
    let tagged = tags.tag(&sentences);
    let mut found: Vec<String> = Vec::new();
    for (sentence, words) in sentences.iter().zip(&tagged) {
        for (i, w) in words.iter().enumerate() {
            if w.kind() != Kind::Person {
                continue;
            }
            let seen = Seen { sentence, words, at: i };
            if let Some(name) = accepted(&seen, text)
                && !found.iter().any(|n| n == name)
            {
                found.push(name.to_string());
            }
        }
    }
    found
}

/// A person word in its sentence.
struct Seen<'a> {
    sentence: &'a str,
    words: &'a [lac::Word],
    at: usize,
}

impl<'a> Seen<'a> {
    fn text(&self) -> &'a str {
        let w = &self.words[self.at];
        &self.sentence[w.start..w.end]
    }
    fn before(&self) -> &'a str {
        &self.sentence[..self.words[self.at].start]
    }
    fn after(&self) -> &'a str {
        &self.sentence[self.words[self.at].end..]
    }
}

/// The name a person word stands for, when the rules let it count (`text`: the whole
/// article, for evidence elsewhere on the page).
fn accepted<'a>(seen: &Seen<'a>, text: &str) -> Option<&'a str> {
    // 童鑫家: the model took the home for part of the name.
    let name = seen.text();
    let name = name.strip_suffix('家').filter(|n| n.chars().count() >= 2).unwrap_or(name);
    let n = name.chars().count();
    if !(2..=4).contains(&n) || !name.chars().all(is_han) {
        return None;
    }
    let (surname, given) = split(name);
    let ranked = names::surname_rank(&surname).is_some_and(|r| r <= RANKED);
    if !ranked && !(given_reads_as_name(&given) && (introduced(seen.before()) || listed_beside_a_name(seen))) {
        return None;
    }
    let place = || PLACE_AFTER.iter().any(|w| text.contains(&format!("{name}{w}")));
    let after = seen.after();
    let refused = is_place_name(name)
        || place()
        || PLACE_AFTER.iter().any(|w| name.ends_with(w))
        || is_province_pair(name)
        || TITLE_AFTER.iter().any(|t| given.ends_with(t))
        || KIN_AFTER.iter().any(|w| given.ends_with(w))
        || KIN_AFTER.iter().chain(ORG_AFTER).any(|w| after.starts_with(w))
        || after.starts_with(|c: char| c.is_ascii_digit());
    (!refused).then_some(name)
}

/// Surname and given name, read on the characters' plain forms (a page in traditional
/// characters, 劉 for 刘); an unlisted surname is the first character.
fn split(name: &str) -> (String, String) {
    let plain: String = name.chars().map(lac::plain_form).collect();
    match names::split_surname(&plain) {
        Some((s, g)) => (s.to_string(), g.to_string()),
        None => {
            let first = plain.chars().next().map(String::from).unwrap_or_default();
            let given = plain[first.len()..].to_string();
            (first, given)
        }
    }
}

/// No character of the given name is likelier in running text than in names.
fn given_reads_as_name(given: &str) -> bool {
    names::given_name_log_odds(given) >= 0.0
}

/// A role or relation word right before the name (副主席X, 妻子X).
fn introduced(before: &str) -> bool {
    ROLE_BEFORE.iter().chain(RELATIONS).any(|w| before.ends_with(w))
}

/// Listed with `、` right beside another person word whose surname is ranked.
fn listed_beside_a_name(seen: &Seen) -> bool {
    let neighbour = |i: usize| {
        seen.words.get(i).is_some_and(|w| {
            w.kind() == Kind::Person
                && names::surname_rank(&split(&seen.sentence[w.start..w.end]).0).is_some_and(|r| r <= RANKED)
        })
    };
    let comma = |i: usize| seen.words.get(i).is_some_and(|w| &seen.sentence[w.start..w.end] == "、");
    (seen.at >= 2 && comma(seen.at - 1) && neighbour(seen.at - 2)) || (comma(seen.at + 1) && neighbour(seen.at + 2))
}

fn is_place_name(name: &str) -> bool {
    let g = gazetteer::get();
    !g.by_full_name(name).is_empty() || !g.by_short(name).is_empty()
}

/// Two province abbreviations (鲁渝, 苏陕): a pairing of provinces, not a person.
fn is_province_pair(name: &str) -> bool {
    let mut chars = name.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), None) => {
            gazetteer::PROVINCE_ABBREVIATIONS.contains(a) && gazetteer::PROVINCE_ABBREVIATIONS.contains(b)
        }
        _ => false,
    }
}

/// The rules' names and the model's, merged.
pub(crate) struct Merged {
    /// Each name once, in order of first mention by the rules, then the model's; with where
    /// each came from.
    pub(crate) names: Vec<(String, Source)>,
    /// A rule name the model read with other edges, and the model's name that replaces it.
    pub(crate) replaced: Vec<(String, String)>,
}

pub(crate) fn merge(rules: &[String], model: &[String], text: &str) -> Merged {
    // 席陈琳 (主席陈琳): the rules glued the character before the name; 胡立 of 胡立新: they
    // stopped short; 王明远陪: they took a character of the act. The model's edges win.
    let misread_as = |r: &String| {
        model.iter().find(|m| {
            !r.contains('·')
                && (one_char_before(r, m) || (*m != r && m.starts_with(r.as_str())) || glued_act(r, m, text))
        })
    };
    let replaced: Vec<(String, String)> =
        rules.iter().filter_map(|r| misread_as(r).map(|m| (r.clone(), m.clone()))).collect();
    let rules: Vec<&String> = rules.iter().filter(|r| !replaced.iter().any(|(d, _)| d == *r)).collect();
    let all: BTreeSet<&str> = rules.iter().map(|r| r.as_str()).chain(model.iter().map(String::as_str)).collect();
    // 杨马 of 杨马正; 户兰玉军 of 贫困户兰玉军: a name inside a longer one, or one that glued a
    // character before another name.
    let part_of_longer = |m: &str| all.iter().any(|o| *o != m && o.contains(m));
    let glued = |m: &str| all.iter().any(|o| one_char_before(m, o));
    let mut names: Vec<(String, Source)> =
        rules.iter().map(|r| (r.to_string(), if model.contains(r) { Source::Both } else { Source::Rules })).collect();
    for m in model {
        if !part_of_longer(m) && !glued(m) && !names.iter().any(|(n, _)| n == m) {
            names.push((m.clone(), Source::Model));
        }
    }
    Merged { names, replaced }
}

/// `longer` is `shorter` with one character before it (席陈琳 and 陈琳).
fn one_char_before(longer: &str, shorter: &str) -> bool {
    longer.chars().count() == shorter.chars().count() + 1 && longer.ends_with(shorter)
}

/// 王明远陪 of 王明远陪同: the rules took the first character of the act after the name for
/// part of it. The model's shorter name wins when the text has it before an act word starting
/// with that character (杨马正 against the model's 杨马 keeps 正: no act begins there).
fn glued_act(rule: &str, model: &str, text: &str) -> bool {
    rule.chars().count() == model.chars().count() + 1
        && rule.starts_with(model)
        && ACTS_AFTER.iter().any(|act| act.starts_with(&rule[model.len()..]) && text.contains(&format!("{model}{act}")))
}

/// The pieces of `text` the model reads: around each place a name can start, within its
/// sentence (cut at sentence ends and line breaks, long ones at commas). Tagging whole texts
/// would cost about 25 µs a character; the windows hold about a quarter of a report and lose
/// no name of the seeds, the dev set or our tuning pages that whole sentences find but one.
fn pieces<'a>(text: &'a str, decided: &[&str]) -> Vec<&'a str> {
    text.split(['。', '!', '?', ';', '\n'])
        .flat_map(|s| cut_long(s, MAX_SENTENCE))
        .flat_map(|s| windows(s, decided).into_iter().map(move |r| &s[r]))
        .collect()
}

/// Characters of context the model is given before and after a place a name can start.
const BEFORE: usize = 8;
const AFTER: usize = 10;

/// The weakest first given-name character (log odds) after a ranked surname that opens a
/// window: 0.5 keeps 王明远 (明 +1.9) and skips 高度 (度 −2.4), 周边 (边 −3.0).
const WINDOW_MIN_LOG_ODDS: f32 = 0.5;

/// Byte ranges of `sentence` to tag: merged windows around each possible name start.
fn windows(sentence: &str, decided: &[&str]) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut starts = name_starts(sentence, &chars);
    let covered = covered_by(sentence, &chars, decided);
    starts.retain(|p| !covered.get(*p).copied().unwrap_or(false));
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for p in starts {
        let (a, b) = (p.saturating_sub(BEFORE), (p + AFTER).min(chars.len()));
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let byte = |i: usize| chars.get(i).map_or(sentence.len(), |c| c.0);
    merged.into_iter().map(|(a, b)| byte(a)..byte(b)).collect()
}

/// Per character of `sentence`: whether a decided name starts there. Only its start: a
/// surname inside it (陈 of 席陈琳, which the rules glued from 主席陈琳) is still read.
fn covered_by(sentence: &str, chars: &[(usize, char)], decided: &[&str]) -> Vec<bool> {
    let mut covered = vec![false; chars.len()];
    for name in decided.iter().filter(|n| !n.is_empty()) {
        for (at, _) in sentence.match_indices(name) {
            covered[chars.partition_point(|c| c.0 < at)] = true;
        }
    }
    covered
}

/// Character positions where a name may start: a ranked surname before a name-like character
/// (or a compound surname), and right after a role or relation word (副主席X, 妻子X), where a
/// rare surname may stand; never where the two characters are a dictionary word (高度, 群众稳定).
fn name_starts(sentence: &str, chars: &[(usize, char)]) -> Vec<usize> {
    let pair = |p: usize| {
        let end = chars.get(p + 2).map_or(sentence.len(), |c| c.0);
        chars.get(p + 1).is_some_and(|c| is_han(c.1)) && !is_common_word(&sentence[chars[p].0..end])
    };
    let mut starts = Vec::new();
    for (p, w) in chars.windows(2).enumerate() {
        let mut buf = [0; 4];
        let first = lac::plain_form(w[0].1).encode_utf8(&mut buf);
        let ranked = names::surname_rank(first).is_some_and(|r| r <= RANKED)
            && names::given_char_log_odds(w[1].1) >= WINDOW_MIN_LOG_ODDS;
        let compound = chars.get(p + 2).is_some_and(|c3| {
            let two = &sentence[w[0].0..c3.0];
            is_han(c3.1) && two.chars().count() == 2 && names::is_surname(two)
        });
        if (ranked || compound) && pair(p) {
            starts.push(p);
        }
    }
    for m in CUES.automaton.find_iter(sentence) {
        let p = chars.partition_point(|c| c.0 < m.end());
        if CUES.kinds[m.pattern().as_usize()].before && p < chars.len() && pair(p) {
            starts.push(p);
        }
    }
    starts.sort_unstable();
    starts
}

fn cut_long(s: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = s;
    while rest.chars().count() > max {
        let hard = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let cut = rest[..hard].rfind(',').map(|i| i + 1).filter(|&i| i > hard / 2).unwrap_or(hard);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

/// After a name: a place (万林乡), a kinship address (鲁大哥), a firm (海若公司).
const PLACE_AFTER: Words = Words::new("person_model", "place_after");
const KIN_AFTER: Words = Words::new("person_model", "kin_after");
const ORG_AFTER: Words = Words::new("person_model", "org_after");

#[cfg(test)]
mod tests;
