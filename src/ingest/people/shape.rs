//! What a name looks like and where it starts and ends in running text: surname plus a given
//! name weighed by the given-name character model, the boundary before the name (punctuation,
//! a role word, a dictionary word) and after it (a particle, a title, a verb).
//!
//! Pure string tests over the surname table, the name model and the segmenter; which contexts
//! introduce names is `cues`' and `mod`'s job.

use super::cues;
pub(crate) use crate::ingest::shape::is_han;
use crate::{names, segment};

/// Characters that do not end given names but do follow names in running text.
const STOP_GIVEN: &str = "的了在是和与及等说将把被为从对也都就又还却每这那个年月日元万亿名们村乡镇县市区省州局委办会部厅队组社所站院校户家里上下来去到给让向于之其此该各本全多少几一二三四五六七八九十百千党政府副";

/// Characters of `STOP_GIVEN` that are common inside a three-character name, before its last
/// character (王其勇, 李万春, 张家明, 刘全胜): stop characters only at a name's end.
const NAME_MIDDLE_OK: &str = "其万千全家之三九少本上";

/// Single characters that may follow a name directly (particles, common verbs).
const FOLLOWERS: &str = "将在是的和与及等把被为向从对于也都就说带以已曾又还便却亦给让使用到同今每首多先后共亲主积";

/// Characters that end a name but do not start one: a home (王明远家), a trip (李秀兰赴京),
/// a time (见到王明远时), a leader heading a team (王明远率调研组).
pub(crate) const END_FOLLOWERS: &str = "家赴时率";

/// Surnames up to this frequency rank count as common.
const COMMON_SURNAME_RANK: usize = 120;

/// Below this log odds a character reads as running text rather than as the end of a given
/// name (为 −1.6, 在 −2.6, 到 −5.1; 生 and 家 stay above).
const TEXT_CHAR_LOG_ODDS: f32 = -1.5;

/// The first `n` characters of `s`, if it has that many.
pub(crate) fn first_chars(s: &str, n: usize) -> Option<&str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => Some(&s[..i]),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

/// The last `n` characters of `s`, if it has that many.
pub(crate) fn last_chars(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count < n {
        return None;
    }
    let (i, _) = s.char_indices().nth(count - n)?;
    Some(&s[i..])
}

/// A dictionary word that is not itself a person's name (党员, 代表, 政协 …).
pub(crate) fn is_common_word(s: &str) -> bool {
    if !segment::jieba().has_word(s) {
        return false;
    }
    let tags = segment::jieba().tag(s, false);
    !(tags.len() == 1 && tags[0].tag == "nr")
}

/// Whether the given name holds a character that never ends (or, for the middle, never
/// starts) a given name.
fn given_has_stop_char(given: &str) -> bool {
    let last = given.chars().count() - 1;
    given.chars().enumerate().any(|(i, c)| STOP_GIVEN.contains(c) && !(i < last && NAME_MIDDLE_OK.contains(c)))
}

/// Surname (single or compound) plus a one- or two-character given name, none of it a
/// particle, a form of address or a common word.
pub(crate) fn looks_like_full_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=4).contains(&n) || !s.chars().all(is_han) {
        return false;
    }
    let Some((surname, given)) = names::split_surname(s) else { return false };
    let given_len = given.chars().count();
    if !(1..=2).contains(&given_len) || surname.chars().count() + given_len != n {
        return false;
    }
    // Cheap tests first: this runs for every cue in every report.
    if given_has_stop_char(given) || names::given_name_log_odds(given) <= UNNAMELIKE_GIVEN || cues::is_address_term(s) {
        return false;
    }
    let common_surname = names::surname_rank(surname).is_some_and(|r| r <= COMMON_SURNAME_RANK);
    // A rare surname before a common word (来 + 创业, 和 + 群众) is a word, not a name,
    // unless the word is itself a given name (鲁 + 永胜) or every character reads as a name.
    let word_given = || given_len == 2 && names::given_name_log_odds(given) < STRONG_GIVEN && is_common_word(given);
    !is_common_word(s) && (common_surname || !word_given())
}

/// A given name whose weakest character is this much likelier in names than in text reads as
/// a name even where it is also a dictionary word (永胜, 建华).
const STRONG_GIVEN: f32 = 1.5;

/// A given name whose weakest character is this much likelier in text than in names (说, 到,
/// 区, characters the dictionary never uses) is no given name. No common name character is
/// below −2 (会 −1.9 is the lowest of the 300 commonest).
const UNNAMELIKE_GIVEN: f32 = -2.5;

/// A full name whose given name reads as a name by the character model: used where the
/// context alone is weak (a verb after the name, a bare list).
pub(crate) fn namelike(s: &str, min_log_odds: f32) -> bool {
    names::split_surname(s).is_some_and(|(_, given)| names::given_name_log_odds(given) >= min_log_odds)
}

/// How clearly a name ends where `rest` begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum End {
    /// Something else runs on: not a name end.
    No,
    /// A dictionary word follows.
    Weak,
    /// Punctuation, a particle, a title or an act follows.
    Strong,
}

pub(crate) fn end_kind(name: &str, rest: &str) -> End {
    let Some(c) = rest.chars().next() else { return End::Strong };
    // 王德提·买买提: a middle dot continues the name.
    if "·•‧・".contains(c) {
        return End::No;
    }
    if !is_han(c) || FOLLOWERS.contains(c) || END_FOLLOWERS.contains(c) {
        return End::Strong;
    }
    if cues::cue_at_start(rest).is_some_and(|(cue, _)| cue.title_after || cue.act_after) {
        return End::Strong;
    }
    // 王明远、李秀兰分别带队 / 王明远一同调研: an adverb or conjunction after a name ends it.
    if first_chars(rest, 2).is_some_and(is_function_word) {
        return End::Strong;
    }
    let word_follows =
        (2..=4).any(|n| first_chars(rest, n).is_some_and(|w| w.chars().all(is_han) && segment::jieba().has_word(w)));
    if word_follows && ends_on_token_boundary(name, rest) { End::Weak } else { End::No }
}

/// The segmenter does not read the name's last character together with what follows
/// (危旧 + 房 → 危旧房).
fn ends_on_token_boundary(name: &str, rest: &str) -> bool {
    let tail: String = rest.chars().take(4).collect();
    let window = format!("{name}{tail}");
    let mut at = 0;
    for token in segment::words(&window) {
        at += token.len();
        if at == name.len() {
            return true;
        }
        if at > name.len() {
            return false;
        }
    }
    false
}

/// A name that is only weakly delimited must look like a name on its own: a common surname
/// and no dictionary word for a given name.
fn plausible_with_weak_end(name: &str) -> bool {
    let Some((surname, given)) = names::split_surname(name) else { return true };
    let common = names::surname_rank(surname).is_some_and(|r| r <= COMMON_SURNAME_RANK);
    given.chars().count() > 1 || (common && !segment::jieba().has_word(name))
}

/// How clearly a name starts where `before` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Start {
    No,
    /// A dictionary word ends there.
    Weak,
    /// Start of text, punctuation, a particle, a list separator or a role word.
    Strong,
}

pub(crate) fn start_kind(before: &str) -> Start {
    let Some(c) = before.chars().next_back() else { return Start::Strong };
    if !is_han(c) || FOLLOWERS.contains(c) || "了的".contains(c) || cues::ends_with_role(before) {
        return Start::Strong;
    }
    let word_before =
        (2..=4).any(|n| last_chars(before, n).is_some_and(|w| w.chars().all(is_han) && segment::jieba().has_word(w)));
    if word_before { Start::Weak } else { Start::No }
}

/// The name starting at the beginning of `text`, trying three, two and four characters;
/// `is_name` says which candidates read as names (`looks_like_full_name`, or with
/// `minority::full_or_unsurnamed` names without a Han surname too).
pub(crate) fn name_at_start(text: &str, is_name: fn(&str) -> bool) -> Option<&str> {
    // 刘洋以及: when the third character opens a function word (以及, 等人, 就是) with what
    // follows, try two characters first; likewise when the third character reads as running
    // text rather than as a name (宋冬赴京: 赴 is a verb).
    let third: String = text.chars().skip(2).take(2).collect();
    let third_is_text = third.chars().next().is_some_and(|c| names::given_char_log_odds(c) < TEXT_CHAR_LOG_ODDS);
    let two_first = third.chars().count() == 2 && is_function_word(&third) || third_is_text;
    let order = if two_first { [2, 3, 4] } else { [3, 2, 4] };
    for n in order {
        let Some(cand) = first_chars(text, n) else { continue };
        if !is_name(cand) {
            continue;
        }
        let end = end_kind(cand, &text[cand.len()..]);
        if end == End::Strong || (end == End::Weak && plausible_with_weak_end(cand)) {
            return Some(cand);
        }
    }
    None
}

/// A conjunction, preposition, adverb, particle or pronoun in the segmenter's dictionary.
fn is_function_word(w: &str) -> bool {
    segment::jieba().has_word(w)
        && segment::jieba()
            .tag(w, false)
            .first()
            .is_some_and(|t| t.word == w && ["c", "p", "d", "u", "r"].contains(&t.tag))
}

/// The name ending at the end of `text` (before a title or an act), trying three then two
/// characters, with at least `min_start` before it.
pub(crate) fn name_at_end(text: &str, min_start: Start) -> Option<&str> {
    for n in [3, 2] {
        let Some(cand) = last_chars(text, n) else { continue };
        if looks_like_full_name(cand) && start_kind(&text[..text.len() - cand.len()]) >= min_start {
            return Some(cand);
        }
    }
    None
}
