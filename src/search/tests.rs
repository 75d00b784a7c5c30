//! The index end to end in Rust: documents in, files decoded back.

use std::collections::BTreeMap;
use std::io::Read as _;

use super::format::{self, NAME, Postings, TITLE};
use super::*;

fn doc(url: &str, kind: DocKind, title: &str, text: &str) -> Doc {
    Doc {
        url: url.into(),
        kind,
        title: title.into(),
        names: Vec::new(),
        mentions: Vec::new(),
        facts: Vec::new(),
        text: text.into(),
        counties: Vec::new(),
        year: None,
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn build(docs: &[Doc]) -> (BTreeMap<String, Vec<u8>>, Stats) {
    let mut builder = Builder::new();
    let mut files: Vec<IndexFile> = Vec::new();
    for slice in docs.chunks(2) {
        files.extend(builder.add(slice));
    }
    let (rest, stats) = builder.finish();
    files.extend(rest);
    (files.into_iter().map(|f| (f.path, f.bytes)).collect(), stats)
}

/// Term → postings, read back from the shard the client would fetch for it.
fn lookup(files: &BTreeMap<String, Vec<u8>>, term: &str) -> Vec<(u32, u8)> {
    let manifest: serde_json::Value = serde_json::from_slice(&files["search-index/manifest.json"]).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let shard = &files[&format!("search-index/shards/{}.bin", tokens::hash(term) % shards)];
    let table = format::decode_table(&gunzip(shard)).unwrap();
    table.iter().find(|t| t.0 == term).map(|t| Postings::decode(&t.2).unwrap()).unwrap_or_default()
}

fn sample() -> Vec<Doc> {
    let mut county = doc("/counties/jinchuan/", DocKind::County, "金川县", "");
    county.names = vec!["金川县".into(), "金川".into()];
    county.counties = vec!["金川县".into()];
    let mut report = doc("/reports/a/", DocKind::Report, "金川县调研报告", "王明远在金川县调研，GDP增长。");
    report.mentions = vec!["金川县".into(), "王明远".into()];
    report.counties = vec!["金川县".into(), "金川县".into()];
    report.year = Some(2020);
    let far = doc("/reports/b/", DocKind::Report, "两地", "金川镇的干部去了川县。");
    vec![report, far, county]
}

#[test]
fn terms_are_found_in_their_shard_with_weights() {
    let (files, stats) = build(&sample());
    assert_eq!(stats.docs, 3);
    let hits = lookup(&files, "金川");
    assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(hits[0].1 & TITLE != 0, "in the report's title");
    assert!(hits[2].1 & NAME != 0, "the county's own name");
    assert_eq!(lookup(&files, "gdp").len(), 1);
    assert_eq!(lookup(&files, "gdp 增").len(), 1);
    assert_eq!(lookup(&files, "李").len(), 0);
    // Both bigrams of 金川县 are in document 1 (far apart): the index alone cannot tell,
    // the client checks the phrase in the fragment text.
    assert_eq!(lookup(&files, "川县").iter().map(|h| h.0).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn whole_names_years_facts_and_joined_marks_are_terms() {
    let mut docs = sample();
    docs[2].facts = vec!["四川省".into(), "阿坝藏族羌族自治州".into()];
    docs[1].text = "开展“百千万”工程。".into();
    let (files, _) = build(&docs);
    // A name or alias whole: the page named exactly the query (not the report that mentions it).
    assert_eq!(lookup(&files, "=金川").iter().map(|h| h.0).collect::<Vec<_>>(), [2]);
    assert_eq!(lookup(&files, "=金川县").iter().map(|h| h.0).collect::<Vec<_>>(), [2]);
    assert!(lookup(&files, "=金川县调研报告").is_empty(), "a title is not a name");
    // The year of a dated page.
    assert_eq!(lookup(&files, "@2020").iter().map(|h| h.0).collect::<Vec<_>>(), [0]);
    // The county's facts, weighted as mentions; the quotation marks joined.
    assert_eq!(lookup(&files, "四川").iter().map(|h| h.0).collect::<Vec<_>>(), [2]);
    assert!(lookup(&files, "四川")[0].1 & format::MENTION != 0);
    assert_eq!(lookup(&files, "万工").iter().map(|h| h.0).collect::<Vec<_>>(), [1]);
    let fragment: serde_json::Value = serde_json::from_slice(&gunzip(&files["search-index/docs/2.bin"])).unwrap();
    assert_eq!(fragment["facts"], serde_json::json!(["四川省", "阿坝藏族羌族自治州"]));
}

#[test]
fn fragments_filters_and_manifest() {
    let (files, _) = build(&sample());
    let fragment: serde_json::Value = serde_json::from_slice(&gunzip(&files["search-index/docs/0.bin"])).unwrap();
    assert_eq!(fragment["url"], "/reports/a/");
    assert_eq!(fragment["kind"], "报告");
    assert_eq!(fragment["year"], 2020);
    let filters = format::decode_table(&gunzip(&files["search-index/filters.bin"])).unwrap();
    let keys: Vec<&str> = filters.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(keys, ["county:金川县", "kind:县区", "kind:报告", "year:2020"]);
    assert_eq!(Postings::decode(&filters[0].2).unwrap(), vec![(0, 0), (2, 0)], "a county named twice is one value");
    let manifest: serde_json::Value = serde_json::from_slice(&files["search-index/manifest.json"]).unwrap();
    assert_eq!(manifest["docs"], 3);
    assert_eq!(manifest["counties"], serde_json::json!(["金川县"]));
    assert_eq!(manifest["years"], serde_json::json!(["2020"]));
}

#[test]
fn the_same_documents_give_the_same_bytes_whatever_the_slicing() {
    let (a, _) = build(&sample());
    let mut builder = Builder::new();
    let mut files: Vec<IndexFile> = builder.add(&sample());
    files.extend(builder.finish().0);
    let b: BTreeMap<String, Vec<u8>> = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert_eq!(a, b);
}

#[test]
fn many_documents_spread_over_several_shards() {
    let docs: Vec<Doc> = (0..400)
        .map(|i| {
            let text: String = (0..400)
                .map(|j| char::from_u32(0x4e00 + ((i * 7919 + j * 104_729) % 20_000) as u32).unwrap())
                .collect();
            doc(&format!("/r/{i}/"), DocKind::Report, "报告", &text)
        })
        .collect();
    let (files, stats) = build(&docs);
    assert!(stats.shards.len() > 1, "{} shards", stats.shards.len());
    assert_eq!(files.keys().filter(|k| k.contains("/shards/")).count(), stats.shards.len());
    let first: String = docs[5].text.chars().take(2).collect();
    assert!(lookup(&files, &first).iter().any(|h| h.0 == 5));
    assert!(stats.summary().starts_with("search: indexed 400 pages in "));
}

#[test]
fn index_files_are_those_under_the_folder_but_the_client() {
    assert!(is_index_file("search-index/shards/1.bin"));
    assert!(!is_index_file(CLIENT_PATH));
    assert!(!is_index_file("search-indexes/x"));
    assert!(!is_index_file("search/index.html"));
}

#[test]
fn replacing_a_document_gives_the_index_of_the_edited_documents() {
    let mut docs = sample();
    let mut builder = Builder::new();
    builder.add(&docs);
    let mut edited = docs[0].clone();
    edited.text = "李秀兰在凤庆县调研，GDP增长。".into();
    edited.counties = vec!["凤庆县".into()];
    edited.year = Some(2021);
    let fragment = builder.replace(0, &docs[0], &edited);
    docs[0] = edited;
    let (mut files, _) = builder.files();
    files.push(fragment);
    let mut fresh = Builder::new();
    let mut expected = fresh.add(&docs);
    expected.extend(fresh.finish().0);
    let sorted =
        |f: Vec<IndexFile>| -> BTreeMap<String, Vec<u8>> { f.into_iter().map(|f| (f.path, f.bytes)).collect() };
    let (got, want) = (sorted(files), sorted(expected));
    for (path, bytes) in &got {
        assert!(want.get(path) == Some(bytes), "{path} differs");
    }
}
