//! Metadata of an article: publication date, source (the publishing organisation) and
//! authors, read from the header lines `layout` set aside.
//!
//! Persons in a byline are separated from their office: `作者:某县委组织部 李明 王强` gives
//! authors [李明, 王强] and, when no 来源 is given, source 某县委组织部. Photographers
//! (`王明远 摄`, `摄影:李秀兰`) are no authors: `byline` keeps them apart and `photo_credits`
//! lists those a text's captions credit.
//! Owns the reading of header values and credits only (the first and last lines' credits
//! included); it reads nothing else of the body.

use std::sync::LazyLock;

use super::boilerplate::{self, AUTHOR_KEYS, DATE_KEYS, KEY_OPENERS, META_KEYS, SOURCE_KEYS};
use super::dates::{self, PartialDate};
use super::people;
use crate::lexicon::{Words, is_han};
use crate::names;

/// What the header says about an article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Metadata {
    pub(crate) date: Option<PartialDate>,
    pub(crate) source: Option<String>,
    pub(crate) authors: Vec<String>,
}

/// Words that mark an organisation rather than a person.
const ORG_SUFFIXES: Words = Words::new("info_line", "org_suffix");

/// `META_KEYS`, longer keys first (keys of one length cannot both end at one colon, so
/// their order does not matter).
static KEYS_LONGEST_FIRST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut keys = META_KEYS.to_vec();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys
});

/// Splits a header line into (key, value) pairs: `来源:甲 作者:乙` → [(来源, 甲), (作者, 乙)].
///
/// Run-together lines (`时间:2020-06-06 10:14:00来源:某镇作者:某某`) have no separator before a
/// key; a key followed by a colon is a key wherever it stands. Longer keys are tried first, so
/// 文章作者 is one key, not 作者 inside it. Keys printed in traditional characters (來源,
/// 責任編輯) are keys too; their values are kept as printed.
pub(crate) fn key_values(line: &str) -> Vec<(&'static str, String)> {
    let mut hits: Vec<(usize, &'static str)> = Vec::new();
    let folded = boilerplate::fold_key_chars(line);
    for &key in KEYS_LONGEST_FIRST.iter() {
        for (i, _) in folded.match_indices(key) {
            let after = &line[i + key.len()..];
            let starts_word = i == 0 || line[..i].ends_with(KEY_OPENERS) || line[..i].ends_with('(');
            let covered = hits.iter().any(|(j, k)| *j < i + key.len() && i < j + k.len());
            let separated = after.starts_with(':') || (starts_word && after.starts_with([' ', '】']));
            if separated && !covered {
                hits.push((i, key));
            }
        }
    }
    hits.sort();
    hits.iter()
        .enumerate()
        .map(|(n, (i, key))| {
            let end = hits.get(n + 1).map(|(j, _)| *j).unwrap_or(line.len());
            let value =
                line[i + key.len()..end].trim_matches(|c: char| c.is_whitespace() || ":::【】[]|丨()()".contains(c));
            (*key, value.to_string())
        })
        .collect()
}

/// Reads the header lines of an article and, for a bulletin, its issuing line.
pub(crate) fn read(meta_lines: &[String], issuer: Option<&str>) -> Metadata {
    let mut md = Metadata::default();
    let mut offices: Vec<String> = Vec::new();
    let mut date_rank = usize::MAX;
    // Page controls on an info line (`[打印] [关闭]`) are no part of its values.
    let meta_lines: Vec<String> =
        meta_lines.iter().map(|l| boilerplate::without_controls(l).unwrap_or_else(|| l.clone())).collect();
    for line in &meta_lines {
        for (key, value) in key_values(line) {
            if value.is_empty() {
                // `来源:` with nothing after it: the page names no source.
                continue;
            }
            if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key) {
                if rank < date_rank
                    && let Some(date) = first_date(&value)
                {
                    (md.date, date_rank) = (Some(date), rank);
                }
            } else if SOURCE_KEYS.contains(&key) && md.source.is_none() {
                md.source = outlet_of(&value);
            } else if AUTHOR_KEYS.contains(&key) {
                let (persons, orgs) = split_byline(&value);
                md.authors.extend(persons);
                offices.extend(orgs);
            }
        }
        if key_values(line).is_empty() {
            // `某某社记者王明远、李秀兰`: an outlet's reporters on a line of their own.
            md.authors.extend(credited_persons(line).unwrap_or_default());
        }
    }
    if md.source.is_none() {
        md.source = meta_lines.iter().find_map(|l| boilerplate::outlet_timestamp(l)).map(str::to_string);
    }
    if md.date.is_none() {
        // A date standing on a header line without a key (`2020-06-12 09:30 来源:…`).
        md.date = meta_lines.iter().find_map(|l| first_date(l));
    }
    if let Some(issuer) = issuer {
        let date = dates::find(&dates::arabic_numerals(issuer), None).into_iter().next();
        if let Some(d) = date {
            md.date = md.date.or(Some(d.date));
            let name = issuer[..d.start.min(issuer.len())].trim();
            // 某县政协办公室编 / 某办公室印发: the office, without the verb.
            let name = ["编印", "印发", "主办", "编"].iter().find_map(|v| name.strip_suffix(v)).unwrap_or(name).trim();
            if md.source.is_none() && !name.is_empty() {
                md.source = Some(name.to_string());
            }
        }
    }
    if md.authors.is_empty() {
        // Only an office is credited: it is the author.
        md.authors = offices;
    } else if md.source.is_none() {
        md.source = offices.into_iter().next();
    }
    md.authors.dedup();
    md
}

/// The outlet a source value names. What follows a date is no part of it
/// (`某某网2020-06-26 13:14:14|网络`, `某某报 2017-08-04 10:01 某某社融媒体` name 某某网 and
/// 某某报), and a key word (`责任编辑:`) is no outlet.
fn outlet_of(value: &str) -> Option<String> {
    static DATE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\d{4} ?[-/.年] ?\d{1,2}").expect("a date in a source"));
    let value = match DATE.find(value) {
        Some(m) if m.start() > 0 => &value[..m.start()],
        _ => value,
    };
    let value = without_note(value.trim_end_matches(|c: char| c.is_whitespace() || "|丨".contains(c)));
    let folded = boilerplate::fold_key_chars(value);
    let word = folded.split([':', ' ']).next().unwrap_or("");
    let keyword = META_KEYS.contains(&word) || boilerplate::EDITOR_ROLES.contains(&word);
    (!value.is_empty() && !keyword).then(|| value.to_string())
}

/// The outlet's name without a bracketed note after it (a place, a reporter), also one whose
/// closing bracket the page cut off: `某某报·某某网(北京` and `某某网(北京)` give the name.
fn without_note(value: &str) -> &str {
    match value.rfind('(') {
        Some(i) if i > 0 => value[..i].trim_end(),
        _ => value,
    }
}

/// A byline at the start of the first paragraph of news copy: `本报讯(记者 李明 通讯员 王强)`.
/// Returns the persons and the rest of the paragraph.
/// Any outlet's dateline (`某某网讯`, `某某客户端讯`, `某某网消息`, a news agency's
/// `某某社某地6月9日电`) may stand before the parenthesis, with or without a space.
pub(crate) fn inline_byline(first: &str) -> Option<(Vec<String>, String)> {
    let rest = first.trim_start();
    let dateline = DATELINE_MARKS.iter().find_map(|mark| {
        let i = rest.find(mark)?;
        let after = rest[i + mark.len()..].trim_start();
        (after.starts_with('(') && rest[..i].chars().count() <= 16 && !rest[..i].contains([',', '。'])).then_some(after)
    });
    let rest = dateline.unwrap_or(rest);
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    // After an outlet's 讯 or 消息 a parenthesis may hold the names alone: `某某网讯(王明远 )`.
    let bare = || dateline.and_then(|_| bare_names(&inner[..close]));
    let persons = credited_persons(&inner[..close]).or_else(bare)?;
    let after = &inner[close..];
    let after = after.trim_start_matches(')');
    (!persons.is_empty()).then(|| (persons, after.trim_start().to_string()))
}

/// The persons a parenthesised credit names: `记者 王明远 通讯员 李秀兰`, `某某日报记者王明远`
/// (the outlet's name may come before the role), `实习生王明远通讯员李秀兰` (roles glued to the
/// names), `文 王明远` (the writer of a wire story), `某县政协 王明远 供稿` (the contributor).
fn credited_persons(credit: &str) -> Option<Vec<String>> {
    let credit = collapse_spaced_roles(credit);
    let credit = credit.trim();
    if credit.chars().count() > 40 {
        return None;
    }
    if let Some((mark, writer)) = boilerplate::WRITER_MARKS.iter().find_map(|k| Some((k, credit.strip_prefix(k)?))) {
        return Some(writer_credit(mark, writer));
    }
    if let Some(contributed) = credit.strip_suffix("供稿") {
        return Some(split_byline(contributed).0);
    }
    let role_at = CREDIT_ROLES.iter().filter_map(|k| credit.find(k)).min()?;
    let outlet = &credit[..role_at];
    if outlet.chars().count() > 12 || outlet.contains([' ', ',']) {
        return None;
    }
    let persons = split_byline(&separate_glued_roles(&credit[role_at..])).0;
    // After an outlet's name the parenthesis may be a caption in running text (图为记者采访
    // 村民): only tokens shaped like names count there.
    Some(if outlet.is_empty() { persons } else { persons.into_iter().filter(|p| surnamed_name(p)).collect() })
}

/// The writers a writer's mark credits. The name glued to the mark wrote the text even when a
/// photo credit follows it (`文/王明远 李秀兰 摄`: 李秀兰 took the pictures).
fn writer_credit(mark: &str, writer: &str) -> Vec<String> {
    let words: Vec<&str> = writer.split_whitespace().collect();
    let glued = !mark.ends_with(' ') && !writer.starts_with(' ');
    if glued && words.len() > 1 && writer.trim_end().ends_with('摄') && people::looks_like_full_name(words[0]) {
        return vec![words[0].to_string()];
    }
    split_byline(writer).0
}

/// A credit of names alone (`王明远`, `王明远 李秀兰`): every word a person's full name. What
/// the writer did may follow the names (`王明远 报道`).
fn bare_names(credit: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = credit
        .split(|c: char| c.is_whitespace() || ",,、".contains(c))
        .filter(|w| !w.is_empty() && !BYLINE_ACTS.contains(w))
        .collect();
    let all_names = (1..=3).contains(&words.len()) && words.iter().all(|w| people::looks_like_full_name(w));
    all_names.then(|| words.iter().map(|w| w.to_string()).collect())
}

/// Two or three characters opening with a family name (丁一, 王明远).
fn surnamed_name(p: &str) -> bool {
    (2..=3).contains(&p.chars().count()) && names::split_surname(p).is_some()
}

/// Roles that open a credit in parentheses.
const CREDIT_ROLES: Words = Words::new("info_line", "credit_role");
/// Roles glued to the name after them (`实习生王明远`).
pub(crate) const GLUED_ROLES: Words = Words::new("info_line", "glued_role");
/// Two-character labels padded to three (`记  者`).
const PADDED_LABELS: Words = Words::new("info_line", "padded_label");
/// Marks that end an outlet's dateline (`某某网讯`, `某某网消息`).
const DATELINE_MARKS: Words = Words::new("info_line", "dateline_mark");

/// `实习生王明远通讯员李秀兰`: a space before each role, so that each name stands alone.
fn separate_glued_roles(credit: &str) -> String {
    static ROLES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let mut roles = GLUED_ROLES.to_vec();
        roles.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let alternatives: Vec<String> = roles.iter().map(|r| regex::escape(r)).collect();
        regex::Regex::new(&alternatives.join("|")).expect("credit roles")
    });
    ROLES.replace_all(credit, " $0").into_owned()
}

fn first_date(value: &str) -> Option<PartialDate> {
    let value = year_first(value);
    dates::find(&dates::arabic_numerals(&value), None).first().map(|m| m.date)
}

/// Some content systems print the date day first (`18.08.2017 22:12`): reorder it to
/// `2017-08-18` for the date grammar.
fn year_first(value: &str) -> String {
    let trimmed = value.trim();
    if !boilerplate::is_day_first_date(trimmed) {
        return value.to_string();
    }
    let date = trimmed.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = date.split('.').collect();
    format!("{}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0])
}

/// A credit closing the last paragraph: `…予以肯定。(供稿:王明远)`, `(记者 李秀兰)`,
/// `(某某日报记者王明远、通讯员李秀兰)`, `(文 王明远)`.
/// A closing `(王明远)` of names alone credits the writer when it follows a finished sentence.
/// A last line of names alone (`王明远 李秀兰` under the text) credits them too.
pub(crate) fn closing_credit(paragraph: &str) -> Vec<String> {
    if !paragraph.contains(['(', ')']) {
        return bare_names(paragraph).unwrap_or_default();
    }
    let Some(body) = paragraph.trim_end().strip_suffix(')') else { return Vec::new() };
    let Some(open) = body.rfind('(') else { return Vec::new() };
    let inner = body[open..].trim_start_matches('(');
    let keyed = AUTHOR_KEYS
        .iter()
        .find_map(|k| inner.strip_prefix(k).and_then(|v| v.strip_prefix(':')))
        .map_or(inner.to_string(), |v| format!("供稿 {v}"));
    let after_sentence = || {
        let before = body[..open].trim_end();
        before.is_empty() || before.ends_with(['。', '!', '?', '”'])
    };
    match credited_persons(&keyed) {
        Some(persons) if !persons.is_empty() => persons,
        _ if after_sentence() => bare_names(inner).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Authors credited in closing lines (`(记者 王明远)`, `作者:李秀兰`, `文/王明远`); editors
/// are not authors.
pub(crate) fn tail_authors(lines: &[String]) -> Vec<String> {
    let mut authors = Vec::new();
    for line in lines {
        let keyed = key_values(line);
        for (key, value) in &keyed {
            if AUTHOR_KEYS.contains(key) {
                authors.extend(split_byline(value).0);
            }
        }
        let credit = line.trim_matches(['(', ')']);
        if keyed.is_empty() && boilerplate::WRITER_MARKS.iter().any(|m| credit.starts_with(m)) {
            authors.extend(credited_persons(credit).unwrap_or_default());
        }
    }
    authors
}

/// Pages pad two-character labels to the width of three (`记  者 某某`): the label is one word.
fn collapse_spaced_roles(value: &str) -> String {
    let mut out = value.to_string();
    for role in PADDED_LABELS {
        let chars: Vec<char> = role.chars().collect();
        for gap in [" ", "  ", "\u{3000}"] {
            out = out.replace(&format!("{}{gap}{}", chars[0], chars[1]), role);
        }
    }
    out
}

/// A role glued to a name (`记者王明远`, `摄影李秀兰`): the role and the name.
fn role_prefix(part: &str) -> (Option<&'static str>, &str) {
    BYLINE_ROLES
        .iter()
        .filter(|r| r.chars().count() >= 2 && part.len() > r.len())
        .filter_map(|r| part.strip_prefix(r).map(|rest| (Some(*r), rest)))
        .min_by_key(|(_, rest)| rest.len())
        .unwrap_or((None, part))
}

/// Role labels inside a byline (`作者:记者 李明`), not names.
const BYLINE_ROLES: Words = Words::new("info_line", "byline_role");
/// Roles of a byline that credit the photos (`摄影:李秀兰`, `图/李秀兰`), not the text.
const PHOTO_ROLES: Words = Words::new("info_line", "photo_role");

/// What the writer did, printed after the name in a byline (`记者王明远 整合`, `李秀兰 综合报道`):
/// the act, not a second person.
const BYLINE_ACTS: Words = Words::new("info_line", "byline_act");

/// Who a byline credits: writers, offices, and photographers (`王明远 摄`, `摄影:李秀兰`),
/// who took the pictures and wrote none of the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Byline {
    pub(crate) persons: Vec<String>,
    pub(crate) orgs: Vec<String>,
    pub(crate) photographers: Vec<String>,
}

/// A byline's words: role labels (photo roles marked), 摄 closing a photo credit, and names
/// or offices (a padded name `李 倩` joined).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Role {
        photo: bool,
    },
    /// `责任编辑`, `编辑`: the names after it edited the text.
    Editor,
    Shot,
    Word(String),
}

fn tokens(value: &str) -> Vec<Token> {
    // `文/图 王明远` wrote the text (and took the pictures).
    let value = collapse_spaced_roles(value).replace("文/图", "文").replace("图/文", "文");
    let mut out = Vec::new();
    for raw in value.split(|c: char| c.is_whitespace() || ",,、;;/|:".contains(c)).filter(|p| !p.is_empty()) {
        if BYLINE_ACTS.contains(&raw) {
            continue;
        }
        // `责任编辑`, `网络编辑`, `编辑李秀兰`: an editor's label, and the name glued to it.
        if let Some(r) = boilerplate::EDITOR_ROLES.iter().find(|r| raw.ends_with(*r) || raw.starts_with(*r)) {
            out.push(Token::Editor);
            let name = raw.strip_prefix(r).filter(|n| !n.is_empty());
            out.extend(name.map(|n| Token::Word(n.to_string())));
            continue;
        }
        if raw == "摄" {
            out.push(Token::Shot);
        } else if BYLINE_ROLES.contains(&raw) {
            out.push(Token::Role { photo: PHOTO_ROLES.contains(&raw) });
        } else {
            let (role, rest) = role_prefix(raw);
            if let Some(role) = role {
                out.push(Token::Role { photo: PHOTO_ROLES.contains(&role) });
            }
            // `王明远摄`: the credit glued to the name.
            match rest.strip_suffix('摄').filter(|n| people::looks_like_full_name(n)) {
                Some(name) => out.extend([Token::Word(name.to_string()), Token::Shot]),
                None => out.push(Token::Word(rest.to_string())),
            }
        }
    }
    join_padded_names(out)
}

/// Pages also pad two-character names to three (`李 倩`): a lone surname followed by a lone
/// character is one name.
fn join_padded_names(tokens: Vec<Token>) -> Vec<Token> {
    let single = |t: &Token| matches!(t, Token::Word(w) if w.chars().count() == 1 && w.chars().all(is_han));
    let mut out: Vec<Token> = Vec::new();
    for token in tokens {
        if let (Some(Token::Word(last)), Token::Word(w)) = (out.last_mut(), &token)
            && single(&Token::Word(last.clone()))
            && single(&token)
            && names::is_surname(last)
        {
            last.push_str(w);
            continue;
        }
        out.push(token);
    }
    out
}


/// Reads a byline: persons and organisations, photographers apart.
pub(crate) fn byline(value: &str) -> Byline {
    let mut b = Byline::default();
    let (mut photo, mut run, mut editing) = (false, 0, false);
    for token in tokens(value) {
        match token {
            Token::Role { photo: p } => (photo, run, editing) = (p, b.persons.len(), false),
            Token::Editor => editing = true,
            // An editor's name: no writer, no office.
            Token::Word(_) if editing => {}
            // `记者 王明远 摄`: the names just before 摄 took the pictures.
            Token::Shot => b.photographers.extend(b.persons.drain(run..)),
            Token::Word(part) => {
                if ORG_SUFFIXES.iter().any(|s| part.ends_with(s)) || part.chars().count() > 4 {
                    b.orgs.push(part);
                    run = b.persons.len();
                } else if people::looks_like_full_name(&part) || part.chars().all(is_han) {
                    // A short Han token in a byline that names no office is a person, also one
                    // whose name has no family name from the table (阿苦日呷).
                    if photo { b.photographers.push(part) } else { b.persons.push(part) }
                } else {
                    b.orgs.push(part);
                    run = b.persons.len();
                }
            }
        }
    }
    b
}

/// Splits a byline into persons and organisations (photographers are neither).
pub(crate) fn split_byline(value: &str) -> (Vec<String>, Vec<String>) {
    let b = byline(value);
    (b.persons, b.orgs)
}

/// Photographers credited in lines of text (captions and credits: `游客品尝新茶 王明远 摄`,
/// `(记者 王明远 摄)`, `摄影:李秀兰`). They are no writers, and a name in a photo credit is
/// no person the text is about.
pub(crate) fn photo_credits(lines: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in lines {
        // Each bracketed credit, and the line's end after its last sentence.
        let tail = line.rsplit(['。', '!', '?']).next().unwrap_or(line);
        let bracketed = line.split('(').skip(1).filter_map(|p| p.split_once(')').map(|(inner, _)| inner));
        for credit in bracketed.chain([tail]) {
            if credit.contains('摄') || credit.contains('图') {
                let found = byline(credit).photographers.into_iter().filter(|n| people::looks_like_full_name(n));
                names.extend(found.filter(|n| !names.contains(n)).collect::<Vec<_>>());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests;
