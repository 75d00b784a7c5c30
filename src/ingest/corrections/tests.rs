//! Corrections on hand-made articles (invented people and programs; real county names only
//! where the gazetteer must know them).

use super::*;

fn person_article(seed: &str, part: Option<u32>, people: &[&str]) -> Article {
    Article {
        seed: seed.into(),
        part,
        title: "某县扶贫工作简报".into(),
        date: Some("2019-05-01".into()),
        source: Some("某县扶贫办".into()),
        authors: vec![],
        counties: vec![],
        people: people.iter().map(|p| p.to_string()).collect(),
        person_aliases: BTreeMap::new(),
        person_roles: BTreeMap::new(),
        person_sources: BTreeMap::new(),
        programs: vec![],
        events: vec![Event {
            date: "2019-04".into(),
            text: format!("{}到村里走访", people.join("、")),
            people: people.iter().map(|p| p.to_string()).collect(),
            ..Default::default()
        }],
        body: "正文\n".into(),
        ..Default::default()
    }
}

fn parse(text: &str) -> Corrections {
    Corrections::parse("content/corrections.yaml", text).unwrap()
}

fn parse_err(text: &str) -> String {
    Corrections::parse("content/corrections.yaml", text).unwrap_err().to_string()
}

#[test]
fn a_rejected_name_leaves_every_report_and_event() {
    let c = parse("reject:\n  people: [王某赴]\n");
    let applied =
        c.apply(vec![person_article("a.txt", None, &["王明远", "王某赴"]), person_article("b.txt", None, &["王某赴"])]);
    assert!(applied.warnings.is_empty(), "{:?}", applied.warnings);
    assert_eq!(applied.articles[0].people, ["王明远"]);
    assert_eq!(applied.articles[0].events[0].people, ["王明远"]);
    assert!(applied.articles[1].people.is_empty());
}

#[test]
fn a_merged_variant_is_written_as_the_name_and_kept_as_an_alias() {
    let c = parse("merge:\n  people: {明远同志: 王明远}\n  programs: {千村万户: 千村万户工程}\n");
    let mut a = person_article("a.txt", None, &["明远同志", "李秀兰", "王明远"]);
    a.person_roles.insert("明远同志".into(), BTreeSet::from(["镇长".to_string()]));
    a.programs.push(Program { name: "千村万户".into(), kind: None, aliases: BTreeSet::new() });
    let applied = c.apply(vec![a]);
    let a = &applied.articles[0];
    assert_eq!(a.people, ["王明远", "李秀兰"]);
    assert_eq!(a.events[0].people, ["王明远", "李秀兰"]);
    assert_eq!(a.person_aliases["王明远"], BTreeSet::from(["明远同志".to_string()]));
    assert_eq!(a.person_roles["王明远"], BTreeSet::from(["镇长".to_string()]));
    assert_eq!(a.programs[0].name, "千村万户工程");
    assert!(a.programs[0].aliases.contains("千村万户"));
}

#[test]
fn merge_chains_are_followed_and_circles_refused() {
    let c = parse("merge:\n  people: {明远: 明远同志, 明远同志: 王明远}\n");
    let applied = c.apply(vec![person_article("a.txt", None, &["明远"])]);
    assert_eq!(applied.articles[0].people, ["王明远"]);
    let err = parse_err("merge:\n  people:\n    甲乙: 丙丁\n    丙丁: 甲乙\n");
    assert!(
        err.starts_with("content/corrections.yaml:3: `丙丁` is merged in a circle") || err.contains(":4: "),
        "{err}"
    );
}

#[test]
fn report_overrides_are_keyed_by_seed_and_part() {
    let c = parse(concat!(
        "reports:\n", "  bulletin.txt#2:\n", "    title: 第二篇的标题\n", "    date: \"2019-06-03\"\n",
        "    source: 某县政协\n", "    authors: [李秀兰]\n", "    add: {people: [赵小红]}\n",
        "    remove: {people: [王明远]}\n",
    ));
    let mut second = person_article("bulletin.txt", Some(2), &["王明远"]);
    second.events[0].text = "王明远和赵小红到村里走访".into();
    let applied = c.apply(vec![person_article("bulletin.txt", Some(1), &["王明远"]), second]);
    assert!(applied.warnings.is_empty(), "{:?}", applied.warnings);
    let (first, second) = (&applied.articles[0], &applied.articles[1]);
    assert_eq!(first.title, "某县扶贫工作简报");
    assert_eq!(first.people, ["王明远"]);
    assert_eq!(second.title, "第二篇的标题");
    assert_eq!(second.date.as_deref(), Some("2019-06-03"));
    assert_eq!(second.source.as_deref(), Some("某县政协"));
    assert_eq!(second.authors, ["李秀兰"]);
    assert_eq!(second.people, ["赵小红"]);
    assert_eq!(second.events[0].people, ["赵小红"], "the added name is tagged where its clause names it");
}

#[test]
fn an_editors_title_date_and_entities_settle_the_doubts_ingest_had() {
    let c = parse("reports:\n  a.txt:\n    title: 编辑定的标题\n    date: \"2019-06\"\n    add: {people: [赵小红]}\n");
    let mut doubted = person_article("a.txt", None, &[]);
    doubted.review = vec![Doubt::UnsureTitle("网站首页".into()), Doubt::NoDate, Doubt::NoEntity];
    let mut other = person_article("b.txt", None, &[]);
    other.review = vec![Doubt::NoDate];
    let applied = c.apply(vec![doubted, other]);
    assert!(applied.articles[0].review.is_empty(), "{:?}", applied.articles[0].review);
    assert_eq!(applied.articles[1].review, [Doubt::NoDate], "a report without corrections keeps its doubts");
}

#[test]
fn an_added_county_comes_from_the_gazetteer() {
    let c = parse("reports:\n  a.txt:\n    add: {counties: [金川县]}\n");
    let applied = c.apply(vec![person_article("a.txt", None, &[])]);
    let county = &applied.articles[0].counties[0];
    assert_eq!(county.name, "金川县");
    assert_eq!(county.division.name, "金川县");
    let err = parse_err("reports:\n  a.txt:\n    title: x\n    add: {counties: [没有这个县]}\n");
    assert!(err.starts_with("content/corrections.yaml:4: 没有这个县 is not a county-level division"), "{err}");
}

#[test]
fn corrections_that_match_nothing_are_warnings_naming_their_line() {
    let c = parse(concat!(
        "# 编辑的更正\n",
        "reject:\n",
        "  people: [查无此人]\n",
        "merge:\n",
        "  programs: {无此项目: 某项目}\n",
        "reports:\n",
        "  gone.txt:\n",
        "    title: 标题\n",
        "  a.txt:\n",
        "    remove: {people: [李秀兰]}\n",
        "    add: {people: [王明远]}\n",
        "  bulletin.txt:\n",
        "    title: 哪一篇\n",
    ));
    let articles = vec![
        person_article("a.txt", None, &["王明远"]),
        person_article("bulletin.txt", Some(1), &[]),
        person_article("bulletin.txt", Some(2), &[]),
    ];
    let applied = c.apply(articles);
    let w = &applied.warnings;
    assert_eq!(w.len(), 6, "{w:?}");
    assert!(w[0].starts_with("content/corrections.yaml:3: no report names 查无此人"), "{w:?}");
    assert!(w[1].starts_with("content/corrections.yaml:5: no report names 无此项目"), "{w:?}");
    assert!(w[2].starts_with("content/corrections.yaml:7: no seed gone.txt"), "{w:?}");
    assert!(w[3].starts_with("content/corrections.yaml:10: a.txt does not name 李秀兰"), "{w:?}");
    assert!(w[4].starts_with("content/corrections.yaml:11: a.txt already names 王明远"), "{w:?}");
    // A bulletin keyed without a part: the warning gives the keys to use.
    assert!(w[5].starts_with("content/corrections.yaml:12: bulletin.txt: the seed holds 2"), "{w:?}");
}

#[test]
fn a_malformed_file_is_an_error_naming_its_line() {
    let err = parse_err("reject:\n  people: [王某赴]\n  persons: [x]\n");
    assert!(err.starts_with("content/corrections.yaml:3: reject: unknown field `persons`"), "{err}");
    let err = parse_err("reject:\n  people: [unclosed\n");
    assert!(err.starts_with("content/corrections.yaml:"), "{err}");
    let err = parse_err("reports:\n  a.txt:\n    title: x\n    date: \"2019-02-30\"\n");
    assert!(err.starts_with("content/corrections.yaml:4: bad date \"2019-02-30\""), "{err}");
    let err = parse_err("reports:\n  a.txt#zero:\n    title: x\n");
    assert!(err.starts_with("content/corrections.yaml:2: `a.txt#zero`"), "{err}");
}

#[test]
fn an_empty_or_commented_file_changes_nothing() {
    for text in ["", "# reject:\n#   people: []\n", "reject:\nmerge:\nreports:\n"] {
        let c = parse(text);
        assert!(c.is_empty(), "{text}");
        let articles = vec![person_article("a.txt", None, &["王明远"])];
        let applied = c.apply(articles.clone());
        assert_eq!(applied.articles, articles);
        assert!(applied.warnings.is_empty());
    }
}

#[test]
fn skip_drops_a_seed_or_one_part_and_nothing_else() {
    let c = parse("reports:\n  a.txt:\n    skip: true\n  b.txt#2:\n    skip: true\n  c.txt:\n    skip: false\n");
    let applied = c.apply(vec![
        person_article("a.txt", None, &["王明远"]),
        person_article("b.txt", Some(1), &["李秀兰"]),
        person_article("b.txt", Some(2), &["张东升"]),
        person_article("c.txt", None, &["赵小红"]),
    ]);
    assert!(applied.warnings.is_empty(), "{:?}", applied.warnings);
    let kept: Vec<(&str, Option<u32>)> = applied.articles.iter().map(|a| (a.seed.as_str(), a.part)).collect();
    assert_eq!(kept, [("b.txt", Some(1)), ("c.txt", None)]);

    // A whole bulletin is skipped by its file name.
    let c = parse("reports:\n  b.txt:\n    skip: true\n");
    let applied = c.apply(vec![person_article("b.txt", Some(1), &[]), person_article("b.txt", Some(2), &[])]);
    assert!(applied.articles.is_empty() && applied.warnings.is_empty(), "{:?}", applied.warnings);
}

#[test]
fn a_skip_that_matches_nothing_or_leaves_corrections_unused_is_a_warning_naming_its_line() {
    let c = parse("reports:\n  gone.txt:\n    skip: true\n  a.txt:\n    title: 新标题\n    skip: true\n");
    let applied = c.apply(vec![person_article("a.txt", None, &["王明远"])]);
    assert!(applied.articles.is_empty());
    assert_eq!(applied.warnings.len(), 2, "{:?}", applied.warnings);
    assert!(applied.warnings[0].starts_with("content/corrections.yaml:2: no seed gone.txt"), "{:?}", applied.warnings);
    assert!(
        applied.warnings[1].starts_with("content/corrections.yaml:6: a.txt is skipped, so its other corrections"),
        "{:?}",
        applied.warnings
    );
}

#[test]
fn a_skip_that_is_no_yes_or_no_is_an_error_naming_its_line() {
    let err = parse_err("reports:\n  a.txt:\n    skip: maybe\n");
    assert!(err.starts_with("content/corrections.yaml:3: "), "{err}");
}

#[test]
fn copies_decisions_are_read_with_their_lines_and_malformed_ones_name_theirs() {
    let c =
        parse("reject:\n  people: []\ncopies:\n  same:\n    - [a.txt, b.html]\n  distinct: [[c.txt, \"d.txt#2\"]]\n");
    let d = c.copy_decisions();
    assert_eq!(d.same, [(vec!["a.txt".to_string(), "b.html".to_string()], 5)]);
    assert_eq!(d.distinct, [(vec!["c.txt".to_string(), "d.txt#2".to_string()], 6)]);
    let one = parse_err("copies:\n  same:\n    - [a.txt]\n");
    assert!(one.starts_with("content/corrections.yaml:3: a `copies: same` group names two articles or more"), "{one}");
    let part = parse_err("copies:\n  distinct:\n    - [a.txt, \"b.txt#0\"]\n");
    assert!(part.starts_with("content/corrections.yaml:3: `b.txt#0`: a part is written `file#N`"), "{part}");
    let both = parse_err("copies:\n  same: [[a.txt, b.txt]]\n  distinct: [[b.txt, a.txt]]\n");
    assert!(both.starts_with("content/corrections.yaml:3: a.txt and b.txt are under both"), "{both}");
    let key = parse_err("copies:\n  similar: [[a.txt, b.txt]]\n");
    assert!(key.starts_with("content/corrections.yaml:2: copies: unknown field `similar`"), "{key}");
}
