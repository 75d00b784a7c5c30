//! The words that introduce people in reports, and the one automaton that finds them: roles
//! and relations written before a name (副县长 X, 妻子 X), titles after it (X同志, X书记), and
//! what people do right after their name (X说, X陪同, X一行).
//!
//! Word lists only; where a name starts and ends is `shape`'s job.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::lexicon::Words;

/// Roles and labels written right before a name. Chains of titles (县委常委、组织部长X) end in
/// one of these, so the last one is enough to find the name.
pub(crate) const ROLE_BEFORE: Words = Words::new("person_cues", "role_before");

/// Family relations that introduce a villager in human-interest stories (X的妻子Y, 小女儿Y).
pub(crate) const RELATIONS: Words = Words::new("person_cues", "relation");

/// Titles and honorifics written right after a name.
pub(crate) const TITLE_AFTER: Words = Words::new("person_cues", "title_after");

/// What a person does right after the name: speaking (X说, X告诉记者), leading or joining a
/// visit (X带队, X陪同, X一行, X等人). Weaker than a title: a verb follows many nouns, so the
/// name before it must be clearly delimited and look like a name (see `shape`).
pub(crate) const ACTS_AFTER: Words = Words::new("person_cues", "act_after");

/// How a cue word introduces a name.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cue {
    /// A name follows (村民X).
    pub(crate) before: bool,
    /// A relation, not a role: recorded as no role.
    pub(crate) relation: bool,
    /// A name precedes as the holder of a title (X书记).
    pub(crate) title_after: bool,
    /// A name precedes as the one who acts (X说).
    pub(crate) act_after: bool,
}

pub(crate) struct Cues {
    pub(crate) automaton: AhoCorasick,
    pub(crate) kinds: Vec<Cue>,
    pub(crate) words: Vec<&'static str>,
}

pub(crate) static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut words: Vec<&'static str> =
        ROLE_BEFORE.iter().chain(RELATIONS).chain(TITLE_AFTER).chain(ACTS_AFTER).copied().collect();
    words.sort();
    words.dedup();
    let kinds = words
        .iter()
        .map(|w| Cue {
            before: ROLE_BEFORE.contains(w) || RELATIONS.contains(w),
            relation: RELATIONS.contains(w),
            title_after: TITLE_AFTER.contains(w),
            act_after: ACTS_AFTER.contains(w),
        })
        .collect();
    let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&words).expect("cue automaton");
    Cues { automaton, kinds, words }
});

/// The longest cue word, in characters.
const LONGEST_CUE: usize = 6;

/// The cue word `text` starts with, if any.
pub(crate) fn cue_at_start(text: &str) -> Option<(Cue, &'static str)> {
    // Only the head can hold a cue at 0: searching the whole rest would make every call
    // linear in the report's length.
    let head = text.char_indices().nth(LONGEST_CUE).map_or(text, |(i, _)| &text[..i]);
    let m = CUES.automaton.find(head).filter(|m| m.start() == 0)?;
    Some((CUES.kinds[m.pattern().as_usize()], CUES.words[m.pattern().as_usize()]))
}

/// Whether one of the last 1–6 characters of `text` is in `set`, as a suffix.
fn has_suffix_in(text: &str, set: &HashSet<&'static str>) -> bool {
    text.char_indices().rev().take(LONGEST_CUE).any(|(i, _)| set.contains(&text[i..]))
}

static ROLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ROLE_BEFORE.iter().chain(RELATIONS).copied().collect());

static ADDRESSES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TITLE_AFTER.iter().chain(ROLE_BEFORE).chain(RELATIONS).chain(ADDRESS_TERMS).copied().collect());

/// Whether `text` ends with a role or relation word (the cue right before a name).
pub(crate) fn ends_with_role(text: &str) -> bool {
    has_suffix_in(text, &ROLES)
}

/// Whether `s` is, or ends with, a title or form of address (王书记, 李大爷 are no names).
pub(crate) fn is_address_term(s: &str) -> bool {
    has_suffix_in(s, &ADDRESSES)
}

/// How people are addressed by surname in stories (老王, 王大姐, 李阿姨): never a given name.
const ADDRESS_TERMS: Words = Words::new("person_cues", "address");

/// Manner words between a speaker and 说 (王明远高兴地说, 李秀兰笑着说): the name ends where
/// the manner begins.
pub(crate) fn strip_manner(before: &str) -> Option<&str> {
    let trimmed = before.strip_suffix('地').or_else(|| before.strip_suffix('着'))?;
    (1..=3).rev().find_map(|n| {
        let cut = trimmed.char_indices().rev().nth(n - 1).map(|(i, _)| i)?;
        MANNERS.contains(&&trimmed[cut..]).then(|| &trimmed[..cut])
    })
}

/// Adverbs of manner written before 地说 / 着说.
const MANNERS: Words = Words::new("person_cues", "manner");
