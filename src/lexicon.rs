//! The words the extraction rules match, kept in data files (`data/*.tsv`, listed in `FILES`)
//! and compiled in: one reader for all of them, read once per process; and `is_han`, the one
//! test of a Han character.
//!
//! A lexicon file opens with `#` comment lines: what the file is, then one `# use NAME: what
//! it is for` line per use (`# use NAME (ranked): …` for one whose rows stand in order of
//! preference, most telling first, instead of sorted), and `# overlap: A B` for two uses that may share a word (every
//! other pair of uses in a file is disjoint: a word is not both a source key and an author
//! key). Then the header `word<TAB>use<TAB>example` and one row per word, grouped by use, sorted
//! within its use; the example, where one is given, shows the word. A word is written as
//! matched, spaces included. The shape tests below hold every file to this.
//!
//! Owns reading those files; decides nothing about a text (the rules in `ingest` do), reads
//! no files at run time.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// Every lexicon file: its name (`data/NAME.tsv`) and its text.
const FILES: &[(&str, &str)] = &[
    ("info_line", include_str!("../data/info_line.tsv")),
    ("page_furniture", include_str!("../data/page_furniture.tsv")),
    ("person_cues", include_str!("../data/person_cues.tsv")),
    ("person_model", include_str!("../data/person_model.tsv")),
    ("program_words", include_str!("../data/program_words.tsv")),
    ("role_words", include_str!("../data/role_words.tsv")),
    ("statistics", include_str!("../data/statistics.tsv")),
];

/// The header row every lexicon file has after its comments.
const HEADER: &str = "word\tuse\texample";

/// Han characters: the CJK unified ideographs (with extension A and the supplementary
/// planes), the compatibility ideographs and 〇; the search client's `HAN` pattern is the same
/// set.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The words of one use of a lexicon file, in the file's order (sorted). Panics on a file or
/// use that does not exist: a mistake in the code, which `every_use_named_in_the_code_exists`
/// catches.
pub(crate) fn words(file: &'static str, use_: &'static str) -> &'static [&'static str] {
    match LISTS.get(&(file, use_)) {
        Some(list) => list,
        None => panic!("data/{file}.tsv declares no use `{use_}`"),
    }
}

/// One use of a lexicon file as a constant a rule names (`const VERBS: Words =
/// Words::new("program_words", "verb")`); it reads as the slice of its words.
#[derive(Clone, Copy)]
pub(crate) struct Words {
    file: &'static str,
    use_: &'static str,
}

impl Words {
    pub(crate) const fn new(file: &'static str, use_: &'static str) -> Words {
        Words { file, use_ }
    }
}

impl IntoIterator for Words {
    type Item = &'static &'static str;
    type IntoIter = std::slice::Iter<'static, &'static str>;

    fn into_iter(self) -> Self::IntoIter {
        words(self.file, self.use_).iter()
    }
}

impl std::ops::Deref for Words {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        words(self.file, self.use_)
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// The line number in the file (1-based), for messages.
    line: usize,
    word: &'static str,
    use_: &'static str,
    example: &'static str,
}

/// A lexicon file as read: its declared uses, the pairs that may share words, its rows.
#[derive(Debug, Default)]
struct Table {
    uses: Vec<&'static str>,
    /// Uses whose order is their meaning (most telling first): not sorted.
    ranked: Vec<&'static str>,
    overlaps: Vec<(&'static str, &'static str)>,
    rows: Vec<Row>,
}

static LISTS: LazyLock<HashMap<(&'static str, &'static str), Vec<&'static str>>> = LazyLock::new(|| {
    let mut lists = HashMap::default();
    for &(name, text) in FILES {
        let table = read(name, text).unwrap_or_else(|e| panic!("{e}"));
        for &use_ in &table.uses {
            lists.insert((name, use_), Vec::new());
        }
        for row in table.rows {
            lists.get_mut(&(name, row.use_)).expect("a declared use").push(row.word);
        }
    }
    lists
});

/// Reads a lexicon file; the error names `data/NAME.tsv:LINE` and what is wrong.
fn read(name: &str, text: &'static str) -> Result<Table, String> {
    let at = |n: usize, what: &str| format!("data/{name}.tsv:{n}: {what}");
    let mut table = Table::default();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(comment) = line.strip_prefix('#') {
            if header_seen {
                return Err(at(n, "a comment below the header; comments go at the top"));
            }
            declaration(comment.trim(), &mut table).map_err(|e| at(n, &e))?;
        } else if !header_seen {
            if line != HEADER {
                return Err(at(n, "expected the header `word<TAB>use<TAB>example`"));
            }
            header_seen = true;
        } else {
            let fields: Vec<&'static str> = line.split('\t').collect();
            let [word, use_, example] = fields[..] else {
                return Err(at(n, "expected three fields: word, use, example"));
            };
            if word.is_empty() || !table.uses.contains(&use_) {
                return Err(at(n, &format!("an empty word or a use `{use_}` the comments do not declare")));
            }
            table.rows.push(Row { line: n, word, use_, example });
        }
    }
    if !header_seen {
        return Err(at(1, "no header `word<TAB>use<TAB>example`"));
    }
    Ok(table)
}

/// A `use NAME: …` or `overlap: A B` comment adds to the table; other comments are prose.
fn declaration(comment: &'static str, table: &mut Table) -> Result<(), String> {
    if let Some(rest) = comment.strip_prefix("use ") {
        let head = rest.split(':').next().unwrap_or("").trim();
        let (name, ranked) = match head.strip_suffix("(ranked)") {
            Some(name) => (name.trim(), true),
            None => (head, false),
        };
        if name.is_empty() || name.contains(' ') || !rest.contains(':') {
            return Err("write a use as `# use NAME: what it is for` (`# use NAME (ranked): …`)".to_string());
        }
        table.uses.push(name);
        if ranked {
            table.ranked.push(name);
        }
    } else if let Some(rest) = comment.strip_prefix("overlap:") {
        let pair: Vec<&'static str> = rest.split_whitespace().collect();
        let [a, b] = pair[..] else { return Err("write `# overlap: USE USE`".to_string()) };
        table.overlaps.push((a, b));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
