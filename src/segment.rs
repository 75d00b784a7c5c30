//! The one shared Chinese word segmenter (jieba-rs with its bundled dictionary), in two forms
//! that cut every text the same way:
//!
//! - `jieba()` / `words`: the whole segmenter, built once per process on first use. Loading its
//!   dictionary (349,045 words) takes about 0.1 s of CPU, so no caller may build its own.
//!   Ingest uses it (part-of-speech tags, `has_word`, windows of every seed).
//! - `lookup_words`: the same cut (no HMM) for the short texts slugs are made of (program
//!   names, titles, headings), from `data/jieba_dict.tsv`, the same dictionary as sorted
//!   `word<TAB>frequency` lines compiled into the binary and binary-searched where it lies.
//!   A text's dictionary words (only they, and the dictionary's total frequency, decide its
//!   cut) are added to a small segmenter kept for the process, whose total is made the whole
//!   dictionary's by one filler entry that no text can match. So `build` never loads the whole
//!   dictionary: a small site's start-up is milliseconds, not a tenth of a second.
//!   `data/jieba_dict.tsv` is written from the crate's `src/data/dict.txt` by
//!   `data/tools/make_jieba_dict.py`; the tests check it is that dictionary (word count, total
//!   frequency, every word known to jieba) and that both forms cut real texts alike.
//!
//! Must not: decide anything about a text (callers do), or read files at run time.

use std::sync::{LazyLock, PoisonError, RwLock};

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The process-wide segmenter.
pub(crate) fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Words of `text` without the HMM guesser: stable dictionary words only.
pub(crate) fn words(text: &str) -> Vec<&str> {
    jieba().cut(text, false).into_iter().map(|t| t.word).collect()
}

/// jieba-rs's dictionary: `word\tfrequency\n` lines sorted by their UTF-8 bytes.
const DICT: &str = include_str!("../data/jieba_dict.tsv");
/// The sum of the dictionary's frequencies (jieba's `total`, which every word's probability
/// is divided by).
const DICT_TOTAL: usize = 60_101_964;
/// The longest word of the dictionary, in characters.
const LONGEST_WORD: usize = 16;
/// Made of noncharacters, which jieba never puts in a block it segments: the entry that
/// makes the small segmenter's total the whole dictionary's.
const FILLER: &str = "\u{FDD0}\u{FDD1}";

/// The small segmenter: the dictionary words of every text cut so far, and the filler.
struct Known {
    jieba: Jieba,
    /// The sum of the frequencies of the words added.
    added: usize,
}

static KNOWN: LazyLock<RwLock<Known>> = LazyLock::new(|| {
    let mut jieba = Jieba::empty();
    jieba.add_word(FILLER, Some(DICT_TOTAL), None);
    RwLock::new(Known { jieba, added: 0 })
});

/// Words of `text` exactly as `words` cuts it, without loading the whole dictionary.
pub(crate) fn lookup_words(text: &str) -> Vec<&str> {
    let found = dictionary_words(text);
    let missing = {
        let known = KNOWN.read().unwrap_or_else(PoisonError::into_inner);
        found.iter().any(|(w, _)| !known.jieba.has_word(w))
    };
    if missing {
        let mut known = KNOWN.write().unwrap_or_else(PoisonError::into_inner);
        for (word, freq) in found {
            if !known.jieba.has_word(word) {
                known.jieba.add_word(word, Some(freq), None);
                known.added += freq;
            }
        }
        let filler = DICT_TOTAL - known.added;
        known.jieba.add_word(FILLER, Some(filler), None);
    }
    let known = KNOWN.read().unwrap_or_else(PoisonError::into_inner);
    known.jieba.cut(text, false).into_iter().map(|t| t.word).collect()
}

/// Every dictionary word that is a substring of `text`, with its frequency.
fn dictionary_words(text: &str) -> Vec<(&str, usize)> {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let mut out = Vec::new();
    for (n, &from) in starts.iter().enumerate() {
        for &to in starts.iter().skip(n + 1).take(LONGEST_WORD) {
            let key = &text[from..to];
            let (freq, longer) = look_up(key);
            if let Some(freq) = freq {
                out.push((key, freq));
            }
            if !longer {
                break;
            }
        }
    }
    out
}

/// `key`'s frequency if it is a word, and whether a longer word starts with it.
fn look_up(key: &str) -> (Option<usize>, bool) {
    let at = first_at_least(key.as_bytes());
    let Some((word, freq, next)) = line_at(at) else { return (None, false) };
    if word != key.as_bytes() {
        return (None, word.starts_with(key.as_bytes()));
    }
    let longer = line_at(next).is_some_and(|(w, _, _)| w.starts_with(key.as_bytes()));
    (std::str::from_utf8(freq).ok().and_then(|f| f.parse().ok()), longer)
}

/// The word and frequency of the line starting at byte `at`, and where the next line starts.
fn line_at(at: usize) -> Option<(&'static [u8], &'static [u8], usize)> {
    let bytes = DICT.as_bytes();
    if at >= bytes.len() {
        return None;
    }
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |e| at + e);
    let line = &bytes[at..end];
    let tab = memchr::memchr(b'\t', line).unwrap_or(line.len());
    Some((&line[..tab], line.get(tab + 1..).unwrap_or_default(), end + 1))
}

/// The start of the first line whose word is not less than `key` (the dictionary's length
/// when there is none): a binary search over bytes, backing up to each probe's line start.
fn first_at_least(key: &[u8]) -> usize {
    let bytes = DICT.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |p| lo + p + 1);
        let Some((word, _, next)) = line_at(start) else { break };
        if word < key {
            lo = next;
        } else {
            hi = start;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (words, total frequency) as jieba's `Debug` prints them.
    fn jieba_counts() -> (usize, usize) {
        let debug = format!("{:?}", jieba());
        let field = |name: &str| -> usize {
            let rest = &debug[debug.find(name).expect(name) + name.len() + 2..];
            rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().expect(name)
        };
        (field("records_len"), field("total_freq"))
    }

    #[test]
    fn the_dictionary_file_is_jiebas_dictionary() {
        let mut total = 0;
        let mut last: &str = "";
        let mut longest = 0;
        for (n, line) in DICT.lines().enumerate() {
            let (word, freq) = line.split_once('\t').unwrap_or_else(|| panic!("data/jieba_dict.tsv:{}: no tab", n + 1));
            assert!(n == 0 || last.as_bytes() < word.as_bytes(), "data/jieba_dict.tsv:{}: not sorted", n + 1);
            assert!(!word.contains(char::is_whitespace), "data/jieba_dict.tsv:{}", n + 1);
            assert!(jieba().has_word(word), "data/jieba_dict.tsv:{}: {word} is no word of jieba's", n + 1);
            total += freq.parse::<usize>().unwrap_or_else(|_| panic!("data/jieba_dict.tsv:{}: frequency", n + 1));
            longest = longest.max(word.chars().count());
            last = word;
        }
        assert!(DICT.ends_with('\n'));
        assert_eq!((DICT.lines().count(), total), jieba_counts(), "regenerate it with data/tools/make_jieba_dict.py");
        assert_eq!(total, DICT_TOTAL);
        assert_eq!(longest, LONGEST_WORD);
    }

    #[test]
    fn a_word_is_found_with_its_frequency_and_what_it_starts() {
        assert_eq!(look_up("扶贫").0, Some(jieba_freq("扶贫")));
        assert!(jieba_freq("扶贫") > 0);
        assert!(look_up("扶").1, "扶贫 starts with 扶");
        assert_eq!(look_up("\u{FDD0}"), (None, false));
        assert_eq!(first_at_least(b""), 0);
        assert_eq!(first_at_least("\u{10FFFF}".as_bytes()), DICT.len());
    }

    /// A word's frequency, read line by line.
    fn jieba_freq(word: &str) -> usize {
        let line = DICT.lines().find(|l| l.split('\t').next() == Some(word)).expect(word);
        line.split('\t').nth(1).and_then(|f| f.parse().ok()).expect(word)
    }

    #[test]
    fn lookup_cuts_real_texts_as_the_whole_segmenter_does() {
        let mut texts: Vec<String> = vec![
            "“百千万”工程".into(),
            "自治县".into(),
            "联百村、帮千户、进万家".into(),
            "GDP增长15%，B超和T恤".into(),
            "2019年脱贫攻坚工作要点 abc123 ".into(),
            "研究生命起源".into(),
            "".into(),
        ];
        for folder in ["reports", "counties", "people", "programs"] {
            for entry in std::fs::read_dir(format!("content/{folder}")).expect("the shipped site's pages") {
                let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a page");
                texts.extend(text.lines().map(str::to_string));
            }
        }
        assert!(texts.len() > 100);
        for text in &texts {
            assert_eq!(lookup_words(text), words(text), "{text}");
        }
        // Again in reverse, with every word already known: the cut does not depend on order.
        for text in texts.iter().rev() {
            assert_eq!(lookup_words(text), words(text), "{text}");
        }
    }
}
