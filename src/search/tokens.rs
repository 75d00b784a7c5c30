//! Text → index terms, the one definition the browser client (`client.js`, `units`) mirrors.
//!
//! Owns normalisation (NFKC, lowercase), the cut of text into *units* (one Han character, or
//! one run of other letters and digits: a Latin word or a number), *runs* of units (broken by
//! punctuation and line breaks, not by other white space), and the terms of a run: every unit alone and every pair
//! of neighbouring units (character bigrams for Chinese). No segmenter: any substring of two
//! or more units is a chain of bigrams, and a one-unit query is its unigram.
//!
//! Must not: know about pages, fields or files (`index` does), or change without
//! `client.js` changing the same way (the browser must cut a query exactly like this).

use unicode_normalization::UnicodeNormalization;

/// One index term. Han unigrams and bigrams are packed in an integer (the common case,
/// hashed and compared without allocating); anything holding a word is its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Term {
    /// One Han character `c` (`c`), or two (`1 << 42 | c1 << 21 | c2`).
    Han(u64),
    /// A word, or a pair with a word in it (`unit1 + " " + unit2`).
    Text(Box<str>),
}

const PAIR: u64 = 1 << 42;

impl Term {
    /// The term as the client spells it: `金川`, `金`, `gdp`, `年 3`.
    pub(crate) fn text(&self) -> String {
        match self {
            Term::Han(_) => self.chars().collect(),
            Term::Text(t) => t.to_string(),
        }
    }

    /// The characters of a Han term (none for a text term).
    pub(crate) fn chars(&self) -> impl Iterator<Item = char> {
        let (first, second) = match self {
            Term::Han(v) if v & PAIR != 0 => (Some(char_of(v >> 21 & 0x1f_ffff)), Some(char_of(v & 0x1f_ffff))),
            Term::Han(v) => (Some(char_of(*v)), None),
            Term::Text(_) => (None, None),
        };
        first.into_iter().chain(second)
    }
}

fn char_of(v: u64) -> char {
    char::from_u32(v as u32).unwrap_or('\u{fffd}')
}

/// A unit of text: a Han character or a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unit {
    Han(char),
    Word(String),
}

/// Han characters, as the client's `HAN` pattern (the one test of the crate).
pub(crate) use crate::lexicon::is_han;

/// Marks that sit inside a name or a title (quotation marks, book-title marks, the middle dot
/// of a transcribed name: `“百千万”工程`, `《…》`, `赵德提·阿不都哈德尔`): like white space they
/// join what they separate, so a name typed without them is the same chain of pairs. The
/// client's `JOIN` is the same set.
pub(crate) fn is_joiner(c: char) -> bool {
    const JOINERS: &str = "“”‘’\"'《》〈〉「」『』·・•";
    JOINERS.contains(c)
}

/// Calls `each` with every character of `text` as search compares it (lowercased, NFKC),
/// saying whether it is a common Han character. Han characters and ASCII, nearly all of a
/// report, are their own NFKC form and need no table look-up; the rest go through
/// `unicode-normalization` one character at a time (so a letter followed by a combining
/// accent stays two characters, where the browser composes them: rare in Chinese reports).
fn normalised(text: &str, mut each: impl FnMut(char, bool)) {
    for c in text.chars() {
        if c.is_ascii() {
            each(c.to_ascii_lowercase(), false);
        } else if matches!(c as u32, 0x4E00..=0x9FFF) {
            each(c, true);
        } else {
            for n in std::iter::once(c).nfkc().flat_map(char::to_lowercase) {
                each(n, false);
            }
        }
    }
}

/// Calls `run` with each run of units of `text`, in order.
pub(crate) fn runs(text: &str, mut run: impl FnMut(&[Unit])) {
    let mut cut = Cutter::default();
    normalised(text, |c, _| cut.push(c, &mut run));
    cut.end_word();
    if !cut.units.is_empty() {
        run(&cut.units);
    }
}

/// The run being cut: its units so far and the word being read.
#[derive(Default)]
struct Cutter {
    units: Vec<Unit>,
    word: String,
}

impl Cutter {
    /// One normalised character.
    fn push(&mut self, c: char, run: &mut impl FnMut(&[Unit])) {
        if is_han(c) {
            self.end_word();
            self.units.push(Unit::Han(c));
        } else if c.is_alphanumeric() {
            self.word.push(c);
        } else {
            self.end_word();
            // White space joins what it separates (`GDP 增长`, a name spaced out in a table),
            // and so do the marks inside names and titles (`is_joiner`); other punctuation and
            // line breaks (between blocks of the body) end the run.
            let joins = (c.is_whitespace() && c != '\n') || is_joiner(c);
            if !joins && !self.units.is_empty() {
                run(&self.units);
                self.units.clear();
            }
        }
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            self.units.push(Unit::Word(std::mem::take(&mut self.word)));
        }
    }
}

/// Calls `term` with every term of a run: each unit, then each neighbouring pair.
pub(crate) fn terms_of_run(units: &[Unit], mut term: impl FnMut(Term)) {
    for unit in units {
        term(match unit {
            Unit::Han(c) => Term::Han(*c as u64),
            Unit::Word(w) => Term::Text(w.as_str().into()),
        });
    }
    for pair in units.windows(2) {
        term(match (&pair[0], &pair[1]) {
            (Unit::Han(a), Unit::Han(b)) => Term::Han(PAIR | (*a as u64) << 21 | *b as u64),
            (a, b) => Term::Text(format!("{} {}", unit_text(a), unit_text(b)).into()),
        });
    }
}

/// Calls `term` with every term of every run of `text`: what `runs` with `terms_of_run` gives,
/// in another order, made as the text is read (no list of units, no run kept). The index
/// cuts each document's text with it; `runs` stays the definition (and the tests hold the
/// two to the same terms).
pub(crate) fn each_term(text: &str, mut term: impl FnMut(Term)) {
    let mut cut = Streaming::default();
    normalised(text, |c, han| match han {
        true => cut.han(c, &mut term),
        false => cut.push(c, &mut term),
    });
    cut.end_word(&mut term);
}

/// The last unit of the run being read, which the next one pairs with.
#[derive(Default)]
enum Last {
    /// At the start of a run.
    #[default]
    None,
    Han(char),
    Word,
}

/// `Cutter`, emitting terms as it goes: the last unit (a word's text is in `last_word`) and
/// the word being read.
#[derive(Default)]
struct Streaming {
    last: Last,
    last_word: String,
    word: String,
}

impl Streaming {
    fn push(&mut self, c: char, term: &mut impl FnMut(Term)) {
        if is_han(c) {
            self.han(c, term);
        } else if c.is_alphanumeric() {
            self.word.push(c);
        } else {
            self.end_word(term);
            let joins = (c.is_whitespace() && c != '\n') || is_joiner(c);
            if !joins {
                self.last = Last::None;
            }
        }
    }

    fn han(&mut self, c: char, term: &mut impl FnMut(Term)) {
        self.end_word(term);
        term(Term::Han(c as u64));
        match self.last {
            Last::Han(a) => term(Term::Han(PAIR | (a as u64) << 21 | c as u64)),
            Last::Word => term(Term::Text(format!("{} {c}", self.last_word).into())),
            Last::None => {}
        }
        self.last = Last::Han(c);
    }

    fn end_word(&mut self, term: &mut impl FnMut(Term)) {
        if self.word.is_empty() {
            return;
        }
        term(Term::Text(self.word.as_str().into()));
        match self.last {
            Last::Han(a) => term(Term::Text(format!("{a} {}", self.word).into())),
            Last::Word => term(Term::Text(format!("{} {}", self.last_word, self.word).into())),
            Last::None => {}
        }
        std::mem::swap(&mut self.last_word, &mut self.word);
        self.word.clear();
        self.last = Last::Word;
    }
}

fn unit_text(unit: &Unit) -> std::borrow::Cow<'_, str> {
    match unit {
        Unit::Han(c) => c.to_string().into(),
        Unit::Word(w) => w.as_str().into(),
    }
}

/// The whole-name term of `text` (an entity's name or alias, or a whole query): `=` and its
/// units run together, a space only between two words (`=金川县`, `=go渝北购美好`). A page
/// holding it is the page of exactly what was typed; the client asks for the same term.
pub(crate) fn name_term(text: &str) -> Option<Term> {
    let mut key = String::from("=");
    let mut last_word = false;
    runs(text, |units| {
        for unit in units {
            match unit {
                Unit::Han(c) => key.push(*c),
                Unit::Word(w) => {
                    if last_word {
                        key.push(' ');
                    }
                    key.push_str(w);
                }
            }
            last_word = matches!(unit, Unit::Word(_));
        }
    });
    (key.len() > 1).then(|| Term::Text(key.into()))
}

/// Every term of `text`, in order, repeats kept (for tests).
#[cfg(test)]
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    runs(text, |units| terms_of_run(units, |t| out.push(t.text())));
    out
}

/// FNV-1a (32 bits) of the term's UTF-8: which shard holds it. The client computes the same.
pub fn hash(term: &str) -> u32 {
    hash_bytes(term.as_bytes())
}

pub(crate) fn hash_bytes(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_kind_of_punctuation_cuts_the_same_terms() {
        // Published text has full-width marks (ingest's `punct`), a query may have either.
        let full = terms("坚持系统集成，狠抓（改革）落实：“成效”；好！");
        assert_eq!(full, terms("坚持系统集成,狠抓(改革)落实:\"成效\";好!"));
        assert!(!full.contains(&"成狠".to_string()), "a mark ends a run: {full:?}");
        let mut runs_of_query = Vec::new();
        runs("集成，狠抓", |r| runs_of_query.push(r.len()));
        assert_eq!(runs_of_query, [2, 2]);
    }

    #[test]
    fn han_text_gives_characters_and_bigrams() {
        assert_eq!(terms("金川县"), ["金", "川", "县", "金川", "川县"]);
    }

    #[test]
    fn punctuation_breaks_runs_and_white_space_does_not() {
        assert_eq!(terms("金川，凤庆"), ["金", "川", "金川", "凤", "庆", "凤庆"]);
        assert_eq!(terms("金 川"), ["金", "川", "金川"]);
        assert_eq!(terms("金\n川"), ["金", "川"]);
    }

    #[test]
    fn a_name_term_runs_the_units_together() {
        let key = |t: &str| name_term(t).map(|t| t.text());
        assert_eq!(key("金川县").as_deref(), Some("=金川县"));
        assert_eq!(key("联百村、帮千户、进万家"), key("联百村帮千户进万家"));
        assert_eq!(key("GO渝北·购美好").as_deref(), Some("=go渝北购美好"));
        assert_eq!(key("Open Data").as_deref(), Some("=open data"));
        assert_eq!(key("，"), None);
    }

    #[test]
    fn marks_inside_names_and_titles_join() {
        // A title with quotation marks and a transcribed name with a middle dot cut into the
        // same pairs as typed without them.
        assert_eq!(terms("“百千万”工程"), terms("百千万工程"));
        assert_eq!(terms("《要点》"), terms("要点"));
        assert_eq!(terms("赵德提·阿不"), terms("赵德提阿不"));
        assert!(!terms("金川、凤庆").contains(&"川凤".to_string()), "a list mark still cuts");
    }

    #[test]
    fn latin_words_and_numbers_are_lowercase_units() {
        assert_eq!(terms("GDP增长"), ["gdp", "增", "长", "gdp 增", "增长"]);
        assert_eq!(terms("2019年"), ["2019", "年", "2019 年"]);
        // Full-width forms are the half-width ones (NFKC), as the browser normalises a query.
        assert_eq!(terms("ＧＤＰ"), ["gdp"]);
        assert_eq!(terms("Open Data"), ["open", "data", "open data"]);
        assert_eq!(terms("①号"), ["1", "号", "1 号"]);
    }

    #[test]
    fn packed_terms_spell_like_text() {
        let mut seen = Vec::new();
        runs("屈礼章", |u| terms_of_run(u, |t| seen.push(t)));
        assert!(matches!(seen[3], Term::Han(_)));
        assert_eq!(seen[3].text(), "屈礼");
    }

    #[test]
    fn the_hash_is_fnv1a() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }
}
