//! The shape of every lexicon file, and the reader on small malformed texts.

use std::collections::BTreeMap;

use super::*;

fn tables() -> Vec<(&'static str, Table)> {
    FILES.iter().map(|&(name, text)| (name, read(name, text).unwrap_or_else(|e| panic!("{e}")))).collect()
}

#[test]
fn every_file_reads_and_every_use_has_words() {
    for (name, table) in tables() {
        assert!(!table.uses.is_empty(), "data/{name}.tsv declares no use");
        for use_ in &table.uses {
            assert!(!words(name, use_).is_empty(), "data/{name}.tsv: use `{use_}` has no word");
        }
        assert_eq!(table.uses.iter().map(|u| words(name, u).len()).sum::<usize>(), table.rows.len());
    }
}

#[test]
fn each_use_is_one_block_sorted_without_duplicates() {
    for (name, table) in tables() {
        let mut done: Vec<&str> = Vec::new();
        for pair in table.rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.use_ != b.use_ {
                done.push(a.use_);
                assert!(!done.contains(&b.use_), "data/{name}.tsv:{}: `{}` rows stand apart", b.line, b.use_);
            } else if table.ranked.contains(&a.use_) {
                assert!(a.word != b.word, "data/{name}.tsv:{}: `{}` twice", b.line, b.word);
            } else {
                assert!(a.word < b.word, "data/{name}.tsv:{}: `{}` after `{}`: sort (or drop)", b.line, b.word, a.word);
            }
        }
    }
}

#[test]
fn no_word_is_in_two_uses_that_exclude_each_other() {
    for (name, table) in tables() {
        for (a, b) in &table.overlaps {
            assert!(table.uses.contains(a) && table.uses.contains(b), "data/{name}.tsv: overlap of undeclared uses");
        }
        let mut uses_of: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
        for row in &table.rows {
            uses_of.entry(row.word).or_default().push(row);
        }
        for rows in uses_of.values() {
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    let allowed =
                        table.overlaps.iter().any(|&(x, y)| (x, y) == (a.use_, b.use_) || (y, x) == (a.use_, b.use_));
                    assert!(
                        allowed,
                        "data/{name}.tsv:{}: `{}` is both `{}` (line {}) and `{}`",
                        b.line, b.word, a.use_, a.line, b.use_
                    );
                }
            }
        }
    }
}

#[test]
fn examples_show_their_word() {
    for (name, table) in tables() {
        for row in &table.rows {
            assert!(
                row.example.is_empty() || row.example.contains(row.word),
                "data/{name}.tsv:{}: the example does not show `{}`",
                row.line,
                row.word
            );
        }
    }
}

#[test]
fn malformed_files_are_refused_with_their_line() {
    let err = |text: &'static str| read("x", text).unwrap_err();
    assert!(err("# use a: one\nword\tuse\n").starts_with("data/x.tsv:2: expected the header"));
    assert!(err("# use a: one\nword\tuse\texample\n是\ta\n").starts_with("data/x.tsv:3: expected three fields"));
    assert!(err("# use a: one\nword\tuse\texample\n是\tb\t\n").contains(":3: an empty word or a use `b`"));
    assert!(err("# use a: one\nword\tuse\texample\n\ta\t\n").contains(":3: an empty word"));
    assert!(err("# use a one\nword\tuse\texample\n").starts_with("data/x.tsv:1: write a use as"));
    assert!(err("# use a: one\n").starts_with("data/x.tsv:1: no header"));
    assert!(err("# use a: one\nword\tuse\texample\n# late\n").contains(":3: a comment below the header"));
    let table =
        read("x", "# prose\n# use a: one\n# use b (ranked): two\n# overlap: a b\nword\tuse\texample\n文 \ta\t文 王明远\n")
            .unwrap();
    assert_eq!((table.uses, table.ranked, table.overlaps), (vec!["a", "b"], vec!["b"], vec![("a", "b")]));
    assert_eq!(table.rows, vec![Row { line: 6, word: "文 ", use_: "a", example: "文 王明远" }]);
}

#[test]
fn han_characters_cover_the_extensions_and_nothing_else() {
    for c in ['中', '〇', '㐀', '䶿', '豈', '𠀀', '𪚥', '鿿'] {
        assert!(is_han(c), "{c}");
    }
    for c in ['a', '1', '，', '。', '·', 'ア', '한', ' ', '\u{3006}', '\u{F8FF}'] {
        assert!(!is_han(c), "{c}");
    }
}

/// Every `Words::new("file", "use")` and `words("file", "use")` in `src/`, with its place.
fn named_in_the_code() -> Vec<(String, String, String)> {
    let pattern = regex::Regex::new(r#"(?:Words::new|words)\(\s*"(\w+)",\s*"(\w+)"\s*\)"#).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") || entry.path().ends_with("lexicon/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for c in pattern.captures_iter(&text) {
            found.push((entry.path().display().to_string(), c[1].to_string(), c[2].to_string()));
        }
    }
    found
}

#[test]
fn every_use_named_in_the_code_exists_and_every_use_is_named() {
    let named = named_in_the_code();
    assert!(named.len() >= 5, "the scan finds the rules' word lists: {named:?}");
    let tables = tables();
    for (path, file, use_) in &named {
        let table = tables.iter().find(|(n, _)| n == file).map(|(_, t)| t);
        assert!(table.is_some_and(|t| t.uses.contains(&use_.as_str())), "{path}: data/{file}.tsv has no use `{use_}`");
    }
    for (name, table) in &tables {
        for use_ in &table.uses {
            assert!(
                named.iter().any(|(_, f, u)| f == name && u == use_),
                "data/{name}.tsv: no rule reads use `{use_}`; drop it or use it"
            );
        }
    }
}
