//! Folding printings on hand-made articles (invented text and names).

use super::*;
use crate::frontmatter::Event;

/// A body of invented sentences, different per `salt`.
fn body(salt: usize, paragraphs: std::ops::Range<usize>) -> String {
    const POOL: &str =
        "山水田林路村镇乡户产业合作社种植养殖道路饮水住房教育医疗就业培训资金项目基地收入集体经济党建干部群众帮扶";
    let pool: Vec<char> = POOL.chars().collect();
    paragraphs
        .map(|i| {
            let mut rng = corpus::Rng((i * 31 + salt * 1009) as u64);
            (0..40).map(|_| pool[rng.below(pool.len())]).collect::<String>() + "。"
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn article(seed: &str, date: Option<&str>, source: &str, body: String) -> Article {
    Article {
        seed: seed.into(),
        title: "某县召开推进会".into(),
        date: date.map(String::from),
        source: Some(source.into()),
        body,
        ..Default::default()
    }
}

#[test]
fn printings_fold_into_the_earliest_with_the_others_listed_oldest_first() {
    let mut late = article("c.html", Some("2019-05-09"), "州政协", body(1, 0..6));
    late.people = vec!["王某华".into()];
    late.url = Some("http://example.gov.cn/c.html".into());
    let mut early = article("b.txt", Some("2019-05-02"), "县政协", body(1, 0..6));
    early.events = vec![Event { date: "2019-05".into(), text: "召开推进会".into(), ..Default::default() }];
    let middle = article("a.txt", Some("2019-05-04"), "县政协", body(1, 1..6));
    let other = article("d.txt", Some("2019-05-03"), "县政协", body(2, 0..6));
    let folded = fold(vec![middle, early, late, other], &Decisions::default(), true);
    assert_eq!(folded.articles.len(), 2, "{:?}", folded.articles.iter().map(|a| &a.seed).collect::<Vec<_>>());
    let holder = &folded.articles[0];
    assert_eq!(holder.seed, "b.txt");
    let listed: Vec<(&str, Option<&str>)> =
        holder.copies.iter().map(|c| (c.seed.as_str(), c.date.as_deref())).collect();
    assert_eq!(listed, [("a.txt", Some("2019-05-04")), ("c.html", Some("2019-05-09"))]);
    assert_eq!(holder.copies[1].url.as_deref(), Some("http://example.gov.cn/c.html"));
    assert_eq!(holder.people, ["王某华"], "names are the union");
    assert_eq!(holder.events.len(), 1);
    assert_eq!(folded.articles[1].seed, "d.txt");
    assert!(folded.articles[1].copies.is_empty());
}

#[test]
fn a_printing_that_calls_itself_a_reprint_never_holds_the_page() {
    let mut reprint = article("a.txt", Some("2019-05-01"), "转载自某某网", body(3, 0..6));
    reprint.title = "转载:某县召开推进会".into();
    let origin = article("b.txt", Some("2019-05-03"), "某某网", body(3, 0..6));
    let folded = fold(vec![reprint, origin], &Decisions::default(), true);
    assert_eq!(folded.articles.len(), 1);
    assert_eq!(folded.articles[0].seed, "b.txt");
    // Undated and equal otherwise: the fullest holds it.
    let short = article("a.txt", None, "x", body(4, 0..5));
    let full = article("b.txt", None, "x", body(4, 0..6));
    assert_eq!(fold(vec![short, full], &Decisions::default(), true).articles[0].seed, "b.txt");
}

#[test]
fn editors_decide_same_and_distinct() {
    let a = article("a.txt", Some("2019-05-01"), "x", body(5, 0..6));
    let b = article("b.txt", Some("2019-05-02"), "x", body(5, 0..6));
    let c = article("c.txt", Some("2019-05-03"), "x", body(6, 0..6));
    let decisions = Decisions {
        path: "content/corrections.yaml".into(),
        same: vec![(vec!["a.txt".into(), "c.txt".into()], 3), (vec!["a.txt".into(), "gone.txt".into()], 4)],
        distinct: vec![(vec!["a.txt".into(), "b.txt".into()], 6)],
    };
    let folded = fold(vec![a, b, c], &decisions, true);
    let seeds: Vec<(&str, Vec<&str>)> =
        folded.articles.iter().map(|x| (x.seed.as_str(), x.copies.iter().map(|c| c.seed.as_str()).collect())).collect();
    assert_eq!(seeds, [("a.txt", vec!["c.txt"]), ("b.txt", vec![])]);
    assert_eq!(folded.warnings.len(), 1, "{:?}", folded.warnings);
    assert!(folded.warnings[0].starts_with("content/corrections.yaml:4: no article gone.txt"), "{:?}", folded.warnings);
}

#[test]
fn pairs_just_below_the_threshold_are_named_for_review() {
    let a = article("a.txt", None, "x", body(7, 0..20));
    let mut mixed = body(7, 0..14);
    mixed.push_str("\n\n");
    mixed.push_str(&body(8, 14..20));
    let b = article("b.txt#2", None, "x", mixed);
    let folded = fold(vec![a, b], &Decisions::default(), true);
    assert_eq!(folded.articles.len(), 2);
    assert_eq!(folded.likely.len(), 1, "{:?}", folded.likely);
    assert!(folded.likely[0].starts_with("a.txt: likely a copy of b.txt#2 ("), "{}", folded.likely[0]);
    // Detection off (the benchmark's switch): nothing found.
    let again = fold(folded.articles, &Decisions::default(), false);
    assert!(again.likely.is_empty());
}

#[test]
fn reprint_marks_are_well_formed() {
    let data = include_str!("../../../data/copy_marks.tsv");
    assert_eq!(data.lines().next(), Some("word\twhere\texample"));
    for line in data.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        assert!(cols[0].chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{line}");
        assert!(["title", "source"].contains(&cols[1]), "{line}");
    }
    assert!(marks().len() >= 3);
}

/// Reads and extracts each generated article as the seed file `corpus::seed_file` makes of
/// it, as ingest does (one article per seed; its index is its file name's).
fn extracted(generated: &[corpus::Generated]) -> Vec<Article> {
    use rayon::prelude::*;
    let per_seed: Vec<Vec<Article>> = generated
        .par_iter()
        .enumerate()
        .map(|(i, g)| {
            let (name, bytes) = corpus::seed_file(i, g);
            let doc = crate::ingest::read::read_bytes(std::path::Path::new(&name), &bytes).expect("a seed");
            crate::ingest::extract::articles(&doc, &mut crate::ingest::tags::SeedTags::new(Default::default()))
        })
        .collect();
    for (i, found) in per_seed.iter().enumerate() {
        assert_eq!(found.len(), 1, "{}", String::from_utf8_lossy(&corpus::seed_file(i, &generated[i]).1));
    }
    per_seed.into_iter().flatten().collect()
}

#[test]
fn two_thousand_seed_files_of_every_format_meet_the_bars() {
    let generated = corpus::corpus(2000, 0.2, 21);
    let files: Vec<(String, Vec<u8>)> = generated.iter().enumerate().map(|(i, g)| corpus::seed_file(i, g)).collect();
    let gbk = files.iter().filter(|(_, b)| std::str::from_utf8(b).is_err()).count();
    let pages = files.iter().filter(|(n, _)| n.ends_with(".html")).count();
    assert!(gbk > 800 && pages > 800, "{gbk} GBK seeds, {pages} saved pages");
    let folded = fold(extracted(&generated), &Decisions::default(), true);
    let index = |seed: &str| seed[..4].parse::<usize>().unwrap();
    let mut found = std::collections::BTreeSet::new();
    for holder in &folded.articles {
        let mut group: Vec<usize> = holder.copies.iter().map(|c| index(&c.seed)).collect();
        group.push(index(&holder.seed));
        group.sort();
        for (k, &a) in group.iter().enumerate() {
            found.extend(group[k + 1..].iter().map(|&b| (a, b)));
        }
    }
    let n = generated.len();
    let truth: std::collections::BTreeSet<(usize, usize)> = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .filter(|&(a, b)| generated[a].group.is_some() && generated[a].group == generated[b].group)
        .collect();
    let right = found.intersection(&truth).count();
    let (precision, recall) = (right as f64 / found.len().max(1) as f64, right as f64 / truth.len() as f64);
    eprintln!("{} copy pairs: precision {precision:.4}, recall {recall:.4}", truth.len());
    assert!(truth.len() >= 400);
    assert!(precision >= 0.99 && recall >= 0.97, "precision {precision:.4}, recall {recall:.4}");
}
