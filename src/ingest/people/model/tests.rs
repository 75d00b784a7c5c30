//! The recogniser and its filters on invented sentences (names made up for the tests).

use super::*;

fn people(text: &str) -> Vec<String> {
    let mut tags = SeedTags::default();
    crate::ingest::people::find_with_model(text, &[], &mut tags).names
}

fn merged(rules: &[String], model: &[String], text: &str) -> Vec<(String, Source)> {
    merge(rules, model, text).names
}

fn model_only(text: &str) -> Vec<String> {
    names(text, &[], &mut SeedTags::default())
}

#[test]
fn the_model_finds_names_no_cue_introduces() {
    let text = "一大早,王明远和李秀兰就来到了茶园,查看新苗的长势。";
    assert_eq!(people(text), vec!["王明远", "李秀兰"]);
}

#[test]
fn rare_surnames_need_a_role_or_a_listed_neighbour() {
    // 扶 is a surname of the table, but unranked: 扶志 and 扶智 are slogans.
    assert!(people("扶贫与扶志、扶智相结合,激发内生动力。").is_empty());
}

#[test]
fn places_are_not_people() {
    // 万林 stands for 万林乡 elsewhere on the page.
    let text = "工作组到万林乡苟家村调研。随后,组员又赶往万林、青石两地。";
    assert!(!model_only(text).iter().any(|n| n == "万林"));
    assert!(model_only("深化鲁渝协作,推动产业转移。").is_empty());
}

#[test]
fn addresses_and_firms_are_not_people() {
    assert!(!people("养殖户鲁大哥的日子越过越红火。").iter().any(|n| n.starts_with('鲁')));
    assert!(!model_only("与海若农业签订了收购协议。").iter().any(|n| n == "海若"));
}

#[test]
fn the_model_mends_edges_the_rules_misread() {
    // The rules glue the 席 of 主席 on, or stop short of a three-character name.
    assert_eq!(merged(&["席陈晓琳".into()], &["陈晓琳".into()], ""), vec![("陈晓琳".to_string(), Source::Model)]);
    assert_eq!(merged(&["胡立".into()], &["胡立新".into()], ""), vec![("胡立新".to_string(), Source::Model)]);
    // …or take the first character of the act after the name.
    assert_eq!(
        merged(&["王明远陪".into()], &["王明远".into()], "王明远陪同调研"),
        vec![("王明远".to_string(), Source::Model)]
    );
    // …but a longer name of the rules holds against a model name cut short.
    assert_eq!(merged(&["杨马正".into()], &["杨马".into()], ""), vec![("杨马正".to_string(), Source::Rules)]);
    // and the model's name that glued a character before another name goes.
    assert_eq!(
        merged(&["兰玉军".into()], &["户兰玉军".into(), "兰玉军".into()], ""),
        vec![("兰玉军".to_string(), Source::Both)]
    );
}

#[test]
fn roles_follow_the_name_the_model_mends() {
    let mut tags = SeedTags::default();
    let found = crate::ingest::people::find_with_model("会议由县政协副主席陈晓琳主持。", &[], &mut tags);
    assert_eq!(found.names, vec!["陈晓琳"]);
}

#[test]
fn long_sentences_are_cut_for_the_model() {
    let long = "村民".repeat(150) + "," + &"种茶".repeat(150);
    let parts = cut_long(&long, MAX_SENTENCE);
    assert!(parts.len() >= 2);
    assert!(parts.iter().all(|p| p.chars().count() <= MAX_SENTENCE));
    assert_eq!(parts.concat(), long);
}

fn pieces_of(text: &str) -> Vec<&str> {
    pieces(text, &[])
}

#[test]
fn names_already_decided_are_not_read_again() {
    let text = "县委书记王明远在青石县调研。";
    assert!(pieces(text, &["王明远", "青石县"]).is_empty());
    assert!(!pieces(text, &["青石县"]).is_empty());
}

#[test]
fn only_windows_around_possible_names_are_tagged() {
    assert!(pieces_of("脱贫攻坚取得决定性成就,全面提高了人均收入。").is_empty());
    // a ranked surname before a name-like character and a role word (群众X), with context
    let text = "这一年来,全村群众在王明远的带领下种茶致富,收入翻了一番。";
    assert_eq!(pieces_of(text), vec!["一年来,全村群众在王明远的带领下种茶致"]);
    // after a relation word, whatever the surname
    assert_eq!(pieces_of("他的妻子扎晓英在家"), vec!["他的妻子扎晓英在家"]);
}
