//! The index's recall on generated bodies: every substring of two to six characters of a
//! document's Chinese text finds that document (each of its terms lists it), through the shard the
//! client would fetch.

use std::collections::BTreeMap;
use std::io::Read as _;

use proptest::prelude::*;

use super::format::{self, Postings};
use super::tokens::Term;
use super::*;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// Term → the documents listing it, read back from its shard.
fn documents_of(files: &BTreeMap<String, Vec<u8>>, term: &str) -> Vec<u32> {
    let manifest: serde_json::Value = serde_json::from_slice(&files["search-index/manifest.json"]).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let shard = &files[&format!("search-index/shards/{}.bin", tokens::hash(term) % shards)];
    let table = format::decode_table(&gunzip(shard)).unwrap();
    let postings = table.iter().find(|t| t.0 == term).map(|t| Postings::decode(&t.2).unwrap()).unwrap_or_default();
    postings.into_iter().map(|(doc, _)| doc).collect()
}

/// Bodies over a small alphabet, so that substrings recur across documents: Han characters,
/// Chinese marks, digits and Latin words.
fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(vec!['脱', '贫', '攻', '坚', '金', '川', '县', '王', '明', '远', '〇']).prop_map(String::from),
            1 => prop::sample::select(vec!["，", "。", "“", "”", " ", "2019", "GDP", "e-mail"]).prop_map(String::from),
        ],
        1..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_substring_of_two_to_six_characters_finds_its_document(bodies in prop::collection::vec(body(), 1..6)) {
        let docs: Vec<Doc> = bodies
            .iter()
            .enumerate()
            .map(|(i, text)| Doc {
                url: format!("/reports/{i}/"),
                kind: DocKind::Report,
                title: String::new(),
                names: Vec::new(),
                mentions: Vec::new(),
                facts: Vec::new(),
                text: text.clone(),
                counties: Vec::new(),
                year: None,
            })
            .collect();
        let mut builder = Builder::new();
        let mut files: Vec<IndexFile> = builder.add(&docs);
        files.extend(builder.finish().0);
        let files: BTreeMap<String, Vec<u8>> = files.into_iter().map(|f| (f.path, f.bytes)).collect();
        for (i, text) in bodies.iter().enumerate() {
            let chars: Vec<char> = text.chars().collect();
            for len in 2..=6 {
                // Latin words and numbers are indexed whole, so only windows without them.
                for window in chars.windows(len).filter(|w| !w.iter().any(char::is_ascii_alphanumeric)) {
                    let query: String = window.iter().collect();
                    for term in tokens::terms(&query) {
                        prop_assert!(
                            documents_of(&files, &term).contains(&(i as u32)),
                            "{query:?}: term {term:?} does not list document {i} ({text:?})"
                        );
                    }
                }
            }
        }
    }
}

/// Every term `runs` and `terms_of_run` give for `text`, sorted with repeats kept; and the
/// same from `each_term`, the streaming cut the index uses.
fn both_cuts(text: &str) -> (Vec<Term>, Vec<Term>) {
    let mut defined = Vec::new();
    tokens::runs(text, |units| tokens::terms_of_run(units, |t| defined.push(t)));
    let mut streamed = Vec::new();
    tokens::each_term(text, |t| streamed.push(t));
    defined.sort();
    streamed.sort();
    (defined, streamed)
}

/// Text of any kind: the generated bodies' alphabet with more marks, joiners, line breaks,
/// full-width and accented letters, and any character at all.
fn any_text() -> impl Strategy<Value = String> {
    let parts = prop_oneof![
        6 => body(),
        2 => prop::sample::select(vec!["·", "《", "》", "\n", "、", "Ｇ", "é", "e\u{301}", "①", "ß", "İ", "〇", "𠀀", "\t"]).prop_map(String::from),
        1 => any::<String>(),
    ];
    prop::collection::vec(parts, 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_streaming_cut_gives_the_terms_of_the_runs(text in any_text()) {
        let (defined, streamed) = both_cuts(&text);
        prop_assert_eq!(defined, streamed, "{:?}", text);
    }
}

#[test]
fn the_streaming_cut_gives_the_terms_of_the_runs_on_the_seeds() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut texts = 0;
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let (defined, streamed) = both_cuts(&text);
        assert!(defined == streamed, "the two cuts differ on a seed");
        texts += usize::from(!defined.is_empty());
    }
    assert!(texts >= 5, "the seeds hold text: {texts}");
}
