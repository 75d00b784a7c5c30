//! The surname table (`data/surnames.tsv`, see `data/SOURCES.md`): which leading
//! characters of a name can be a family name, and how they read as one (单 → shan); and the
//! given-name character model (`data/given_chars.tsv`): how much likelier a character is in a
//! given name than in running text (华 and 勇 are name characters, 为 and 赴 are not).
//!
//! Pure data and look-ups; deciding whether a string is a person is `ingest::people`'s job.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

const SURNAMES_TSV: &str = include_str!("../data/surnames.tsv");

struct Surnames {
    reading: HashMap<&'static str, String>,
    rank: HashMap<&'static str, usize>,
}

static SURNAMES: LazyLock<Surnames> = LazyLock::new(|| {
    let mut reading = HashMap::default();
    let mut rank = HashMap::default();
    let mut lines = SURNAMES_TSV.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (s_col, p_col, r_col) = (col("surname").unwrap_or(0), col("pinyin").unwrap_or(1), col("rank"));
    for (i, line) in lines.enumerate() {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let Some(surname) = fields.get(s_col).filter(|s| !s.is_empty()) else { continue };
        let py = fields.get(p_col).copied().unwrap_or_default();
        reading.insert(*surname, py.split_whitespace().collect::<String>());
        let r = r_col.and_then(|c| fields.get(c)).and_then(|r| r.parse().ok()).unwrap_or(i + 1);
        rank.insert(*surname, r);
    }
    Surnames { reading, rank }
});

/// Splits a name into surname and given name, preferring a compound surname (欧阳修 →
/// 欧阳 + 修). `None` when the name does not start with a known surname.
pub(crate) fn split_surname(name: &str) -> Option<(&str, &str)> {
    let two = name.char_indices().nth(2).map(|(i, _)| i);
    if let Some(i) = two
        && name.chars().count() >= 3
        && SURNAMES.reading.contains_key(&name[..i])
    {
        return Some((&name[..i], &name[i..]));
    }
    let one = name.char_indices().nth(1).map(|(i, _)| i)?;
    SURNAMES.reading.contains_key(&name[..one]).then(|| (&name[..one], &name[one..]))
}

/// How a surname reads, syllables run together (单 → shan, 欧阳 → ouyang).
pub(crate) fn surname_reading(surname: &str) -> String {
    SURNAMES.reading.get(surname).cloned().unwrap_or_default()
}

/// Frequency rank of a surname (1 = most common), if it is one.
pub(crate) fn surname_rank(surname: &str) -> Option<usize> {
    SURNAMES.rank.get(surname).copied()
}

/// Whether `s` is a known surname.
pub(crate) fn is_surname(s: &str) -> bool {
    SURNAMES.reading.contains_key(s)
}

const GIVEN_CHARS_TSV: &str = include_str!("../data/given_chars.tsv");

/// Log odds of a character the table does not list: one the segmenter's dictionary never
/// uses, rarer than any listed character (the table lists every character of that dictionary).
const UNLISTED_LOG_ODDS: f32 = -4.0;
/// Per-million text frequency floor, for name characters the dictionary never uses (琦, 婷).
const TEXT_PPM_FLOOR: f32 = 1.0;

/// Character → (per-million frequency in given names, per-million frequency in text).
static GIVEN_CHARS: LazyLock<HashMap<char, (f32, f32)>> = LazyLock::new(|| {
    let mut lines = GIVEN_CHARS_TSV.lines();
    lines.next();
    lines
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let c = fields.next()?.chars().next()?;
            let given = fields.next()?.parse().ok()?;
            let text = fields.next()?.parse().ok()?;
            Some((c, (given, text)))
        })
        .collect()
});

/// Natural log of how much likelier `c` is in a given name than in running text: 伟 ≈ +3.2,
/// 华 ≈ +2.0, 家 ≈ −0.3, 为 ≈ −1.6, 在 ≈ −2.6, 说 ≈ −6.1; −4 for a character not listed.
pub(crate) fn given_char_log_odds(c: char) -> f32 {
    match GIVEN_CHARS.get(&c) {
        Some(&(given, text)) => (given / text.max(TEXT_PPM_FLOOR)).ln(),
        None => UNLISTED_LOG_ODDS,
    }
}

/// Per-million frequency of `c` in given names (0 when too rare to be listed).
#[cfg(test)]
fn given_char_ppm(c: char) -> f32 {
    GIVEN_CHARS.get(&c).map_or(0.0, |(given, _)| *given)
}

/// The weakest character of a given name, by log odds: a name is only as plausible as its
/// least name-like character (建说 is not a given name however common 建 is).
pub(crate) fn given_name_log_odds(given: &str) -> f32 {
    given.chars().map(given_char_log_odds).fold(f32::INFINITY, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_characters_outweigh_running_text() {
        assert!(given_char_log_odds('华') > 1.5);
        assert!(given_char_log_odds('伟') > 2.5);
        assert!(given_char_log_odds('为') < -1.0);
        assert!(given_char_log_odds('说') < -4.0);
        assert!(given_name_log_odds("建华") > 0.5);
        assert!(given_name_log_odds("建说") < -4.0);
        assert!(given_char_ppm('明') > given_char_ppm('说'));
    }
}
