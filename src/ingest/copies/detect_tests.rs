//! The detector on generated and hand-made bodies (invented text).

use super::*;
use crate::ingest::copies::corpus::{self, Generated};

fn docs(articles: &[Generated]) -> Vec<Doc<'_>> {
    articles.iter().map(|g| Doc { body: &g.body, names: g.names.iter().map(String::as_str).collect() }).collect()
}

/// Pair precision and recall of the groups the detector's copy pairs make.
fn score(articles: &[Generated], pairs: &[Pair]) -> (f64, f64, usize) {
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            x = p[x];
        }
        x
    }
    for p in pairs.iter().filter(|p| p.is_copy()) {
        let (ra, rb) = (find(&mut parent, p.a), find(&mut parent, p.b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let (mut found, mut right, mut truth) = (0usize, 0usize, 0usize);
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            let same = articles[i].group.is_some() && articles[i].group == articles[j].group;
            let joined = find(&mut parent, i) == find(&mut parent, j);
            truth += same as usize;
            found += joined as usize;
            right += (same && joined) as usize;
        }
    }
    (right as f64 / found.max(1) as f64, right as f64 / truth.max(1) as f64, truth)
}

#[test]
fn two_thousand_reports_with_a_fifth_copies_meet_the_bars() {
    let articles = corpus::corpus(2000, 0.2, 21);
    let pairs = pairs(&docs(&articles)[..]);
    let (precision, recall, truth) = score(&articles, &pairs);
    eprintln!("{truth} copy pairs: precision {precision:.4}, recall {recall:.4}");
    assert!(truth >= 400, "the corpus holds {truth} copy pairs");
    assert!(precision >= 0.99, "pair precision {precision:.4} (recall {recall:.4})");
    assert!(recall >= 0.97, "pair recall {recall:.4} (precision {precision:.4})");
    // The traps (one in ten a template refilled, one a separate report on the same event, one
    // quoting a paragraph) are in the corpus and none comes near.
    let near_traps =
        pairs.iter().filter(|p| articles[p.a].group.is_none() || articles[p.a].group != articles[p.b].group);
    assert_eq!(near_traps.count(), 0);
}

/// A sentence of invented text, different for each `i`, made of Han characters.
fn sentence(i: usize, salt: usize) -> String {
    const POOL: &str =
        "山水田林路村镇县乡户产业合作社种植养殖道路饮水住房教育医疗就业培训资金项目基地收入集体经济党建干部群众帮扶";
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = corpus::Rng((i * 7919 + salt * 104_729) as u64 + 1);
    let body: String = (0..18).map(|_| pool[rng.below(pool.len())]).collect();
    format!("{body}。")
}

fn text(range: std::ops::Range<usize>, salt: usize) -> String {
    range.map(|i| sentence(i, salt)).collect::<Vec<_>>().join("\n\n")
}

fn measure_of(a: &str, b: &str) -> Pair {
    let docs = [Doc { body: a, names: vec![] }, Doc { body: b, names: vec![] }];
    let found = pairs(&docs[..]);
    assert_eq!(found.len(), 1, "one candidate pair expected");
    found[0].clone()
}

#[test]
fn the_threshold_has_copies_above_and_other_reports_below() {
    let whole = text(0..20, 1);
    // 17 of 20 sentences shared: above the bar.
    let above = format!("{}\n\n{}", text(0..17, 1), text(17..20, 2));
    // 15 of 20 shared: below it, but near enough to be named for review.
    let below = format!("{}\n\n{}", text(0..15, 1), text(15..20, 2));
    let (a, b) = (measure_of(&whole, &above), measure_of(&whole, &below));
    assert!(a.is_copy() && a.containment > 0.8, "{a:?}");
    assert!(!b.is_copy() && b.is_near() && b.containment < 0.8, "{b:?}");
}

#[test]
fn punctuation_width_spaces_and_link_targets_do_not_count() {
    let a = "坚持把脱贫攻坚作为头等大事，集中力量攻坚克难。\n\n![现场图片](http://x.gov.cn/2019/12345.jpg)";
    let b = "坚持把脱贫攻坚作为头等大事, 集中力量 攻坚克难.\n\n![现场图片](http://y.gov.cn/2020/67890.jpg)";
    assert_eq!(shingles(a), shingles(b));
    assert_eq!(keys(a, &[]), keys(b, &[]));
}

#[test]
fn a_dropped_paragraph_at_either_end_and_a_kicker_keep_a_copy() {
    let whole = text(0..8, 3);
    let no_first = text(1..8, 3);
    let no_last = format!("本网讯（记者 某某）{}", text(0..7, 3));
    assert!(measure_of(&whole, &no_first).is_copy());
    assert!(measure_of(&whole, &no_last).is_copy());
}

#[test]
fn a_quoted_paragraph_is_no_copy() {
    let long = text(0..12, 4);
    let quoting = format!("{}\n\n正如报道所说：“{}”", text(0..3, 5), sentence(6, 4));
    let docs = [Doc { body: &long, names: vec![] }, Doc { body: &quoting, names: vec![] }];
    assert!(pairs(&docs[..]).iter().all(|p| !p.is_copy()));
    // A short note made only of one paragraph of a long report lies wholly inside it, but is
    // less than half its size.
    // (LSH rarely even makes it a candidate; measured directly.)
    let note = text(5..8, 4);
    let set = |t: &str| (shingles(t), keys(t, &[]));
    let p = measure(0, 1, &set(&long), &set(&note));
    assert!(p.containment > 0.95 && p.ratio < MIN_RATIO && !p.is_copy(), "{p:?}");
}

#[test]
fn a_template_with_other_names_and_figures_is_no_copy() {
    let fill = |county: &str, person: &str, n: u32| {
        format!(
            "{county}召开脱贫攻坚工作推进会，{person}出席会议并讲话。\n\n会议指出，今年以来全县共实施产业扶贫项目{n}个，带动贫困户{}户。\n\n{person}强调，要把巩固脱贫成果作为重要任务，确保政策不断档、帮扶不松劲。",
            n * 3
        )
    };
    let a = fill("金川县", "王明华", 35);
    let b = fill("黑水县", "李建平", 48);
    let docs = [Doc { body: &a, names: vec!["金川县", "王明华"] }, Doc { body: &b, names: vec!["黑水县", "李建平"] }];
    assert!(pairs(&docs[..]).iter().all(|p| !p.is_copy()));
    // The same filled text is a copy.
    let docs = [Doc { body: &a, names: vec!["金川县", "王明华"] }, Doc { body: &a, names: vec!["金川县", "王明华"] }];
    assert!(pairs(&docs[..])[0].is_copy());
}

#[test]
fn stock_phrases_of_the_corpus_are_left_out() {
    let stock = "坚持把脱贫攻坚作为头等大事和第一民生工程集中力量攻坚克难";
    let bodies: Vec<String> = (0..40).map(|i| format!("{stock}。{}", sentence(i, 9))).collect();
    let docs: Vec<Doc> = bodies.iter().map(|b| Doc { body: b, names: vec![] }).collect();
    let sketch = Sketch::of(&docs[..]);
    assert!(own_shingles(&bodies[0], &sketch).len() < shingles(&bodies[0]).len());
    assert!(sketch.count(shingles(stock)[0]) >= 40);
    assert!(pairs(&docs[..]).iter().all(|p| !p.is_copy()));
}
