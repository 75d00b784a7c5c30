//! The surname table (`data/surnames.tsv`, see `data/SOURCES.md`): which leading
//! characters of a name can be a family name, and how they read as one (单 → shan).
//!
//! Pure data and look-ups; deciding whether a string is a person is `ingest::people`'s job.

use std::collections::HashMap;
use std::sync::LazyLock;

const SURNAMES_TSV: &str = include_str!("../data/surnames.tsv");

struct Surnames {
    reading: HashMap<&'static str, String>,
    rank: HashMap<&'static str, usize>,
}

static SURNAMES: LazyLock<Surnames> = LazyLock::new(|| {
    let mut reading = HashMap::new();
    let mut rank = HashMap::new();
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
pub fn split_surname(name: &str) -> Option<(&str, &str)> {
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
pub fn surname_reading(surname: &str) -> String {
    SURNAMES.reading.get(surname).cloned().unwrap_or_default()
}

/// Frequency rank of a surname (1 = most common), if it is one.
pub fn surname_rank(surname: &str) -> Option<usize> {
    SURNAMES.rank.get(surname).copied()
}

/// Whether `s` is a known surname.
pub fn is_surname(s: &str) -> bool {
    SURNAMES.reading.contains_key(s)
}
