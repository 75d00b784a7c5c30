//! Entry points for the fuzz targets in `fuzz/` and the property tests in `tests/it/`: each of
//! jianbao's own parsers, one input at a time, in memory, with the round trips that must hold
//! on any input checked by assertion (a failed one is a bug the fuzzer reports as a crash).
//!
//! Owns no logic: every function calls the stage it exercises exactly as the pipeline does.
//! Not part of the supported API (hidden from the docs); nothing in the pipeline calls it.

use std::path::Path;
use std::sync::LazyLock;

use crate::frontmatter::{self, ReportFront};
use crate::ingest::corrections::Corrections;
use crate::ingest::{extract, read, tags::SeedTags};
use crate::search::{format, tokens};
use crate::site::markdown::{Body, Markdown};

/// Loads everything the pipeline builds on first use (the gazetteer, the surname tables, the
/// segmenter, the recogniser's weights, the rules' word lists, the syntax highlighter) by
/// reading an invented seed and rendering a page with code in it, so a fuzz target's first
/// input that reaches one of them is not timed with its loading (about a third of a second of
/// CPU: on a loaded machine a false one-second hang).
pub fn warm_up() {
    crate::segment::words("脱贫攻坚");
    crate::lac::model();
    seed("a.txt", SAMPLE.as_bytes());
    corrections("reject:\n  people: [某人]\n");
    markdown(SAMPLE, false);
    markdown("```rust\nfn main() {}\n```\n", false);
}

/// Reads `bytes` as the seed file `name` (its extension picks text, saved page or document)
/// and extracts its articles; every article's front matter, written as ingest writes it,
/// parses back to the same values. Returns how many articles the seed gave.
pub fn seed(name: &str, bytes: &[u8]) -> usize {
    let Ok(doc) = read::read_bytes(Path::new(name), bytes) else { return 0 };
    let articles = extract::articles(&doc, &mut SeedTags::new(Default::default()));
    for article in &articles {
        let front = article.front();
        let page = frontmatter::write_report(&front, &article.body);
        let parsed = frontmatter::parse::<ReportFront>("fuzz.md", &page).expect("ingest writes pages it can read");
        assert_eq!(parsed.front, front, "front matter written and read again is the same");
    }
    articles.len()
}

/// Parses `text` as a report page; a page that parses, written again, reads back the same.
pub fn report_page(text: &str) {
    let Ok(parsed) = frontmatter::parse::<ReportFront>("fuzz.md", text) else { return };
    let again = frontmatter::write_report(&parsed.front, &parsed.body);
    let reread = frontmatter::parse::<ReportFront>("fuzz.md", &again).expect("a page written from parsed values parses");
    assert_eq!(reread.front, parsed.front, "front matter survives a write");
}

/// Parses `text` as `content/corrections.yaml` and applies it to a few invented articles.
pub fn corrections(text: &str) {
    static ARTICLES: LazyLock<Vec<extract::Article>> = LazyLock::new(|| {
        let doc = read::read_bytes(Path::new("a.txt"), SAMPLE.as_bytes()).expect("the sample is text");
        extract::articles(&doc, &mut SeedTags::new(Default::default()))
    });
    if let Ok(corrections) = Corrections::parse("corrections.yaml", text) {
        corrections.apply(ARTICLES.clone());
    }
}

/// An invented report (no real page's text) for the corrections target to act on.
const SAMPLE: &str = "某县召开脱贫攻坚推进会\n发布时间:2019-06-12 来源:某县人民政府\n\
6月10日,金川县召开脱贫攻坚推进会,县委书记王明远出席并讲话,县长李秀兰主持会议。\n\
会议要求,深入开展“我为脱贫攻坚做件事”活动,确保2019年底如期脱贫。\n";

/// Splits `text` into search terms, and reads `bytes` as an index table and its postings.
pub fn search(text: &str, bytes: &[u8]) {
    let mut terms = 0;
    tokens::runs(text, |units| tokens::terms_of_run(units, |_| terms += 1));
    if let Ok(table) = format::decode_table(bytes) {
        for (_, _, postings) in table {
            let _ = format::Postings::decode(&postings);
        }
    }
}

/// Renders `text` as a report body the way the build does, with mention links to two names.
pub fn markdown(text: &str, raw_html: bool) -> String {
    static MARKDOWN: LazyLock<Markdown> = LazyLock::new(|| {
        Markdown::quick([(0, "王明远"), (1, "金川县")], vec!["/people/wang/".into(), "/counties/jinchuan/".into()], "/")
    });
    MARKDOWN.render(&Body { markdown: text, raw_html, mentions: &[0, 1] })
}
