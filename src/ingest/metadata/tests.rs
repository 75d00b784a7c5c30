//! Tests of `metadata` on invented header lines, bylines and credits (credit forms seen on
//! audit pages; names and texts made up).

use super::*;

#[test]
fn credits_in_parentheses_of_every_form() {
    let persons = |l: &str| inline_byline(l).map(|(p, _)| p);
    assert_eq!(
        persons("本报讯 (实习生王明远通讯员李秀兰) 7日,县里召开会议。"),
        Some(vec!["王明远".into(), "李秀兰".into()])
    );
    assert_eq!(persons("青山网消息(青山日报社记者 丁一)5月2日,会议召开。"), Some(vec!["丁一".into()]));
    assert_eq!(closing_credit("会议结束。(青山日报记者王明远、通讯员李秀兰)"), vec!["王明远", "李秀兰"]);
    assert_eq!(closing_credit("签约仪式举行。(文 王明远)"), vec!["王明远"]);
    assert_eq!(closing_credit("(某县政协 李秀兰 供稿)"), vec!["李秀兰"]);
    assert!(closing_credit("现场气氛热烈(图为记者采访村民)").is_empty(), "a caption is no credit");
}

#[test]
fn a_byline_act_is_not_a_person() {
    let (persons, _) = inline_byline("某市网5月2日讯(记者王明远 整合) 连日来").unwrap();
    assert_eq!(persons, vec!["王明远"]);
    assert_eq!(split_byline("李秀兰 综合报道").0, vec!["李秀兰"]);
}

#[test]
fn splits_key_values() {
    let kv = key_values("来源:金川县政协   作者:金川政协办公室   点击数:3876   日期:2018-12-05   字体:【");
    assert_eq!(kv[0], ("来源", "金川县政协".to_string()));
    assert_eq!(kv[1], ("作者", "金川政协办公室".to_string()));
    assert_eq!(kv[3], ("日期", "2018-12-05".to_string()));
    assert_eq!(
        key_values("时间 2016-09-09 来源 四川人大网"),
        vec![("时间", "2016-09-09".to_string()), ("来源", "四川人大网".to_string())]
    );
}

#[test]
fn office_only_byline_is_the_author() {
    let md = read(&["来源:某县政协   作者:某县政协办公室   日期:2018-12-05".into()], None);
    assert_eq!(md.source.as_deref(), Some("某县政协"));
    assert_eq!(md.authors, vec!["某县政协办公室"]);
    assert_eq!(md.date.unwrap().to_string(), "2018-12-05");
}

#[test]
fn persons_are_separated_from_their_office() {
    let md = read(&["作者:某县委组织部 李恒明 王强 发布时间:2016/9/2 8:51:02 点击率:0".into()], None);
    assert_eq!(md.authors, vec!["李恒明", "王强"]);
    assert_eq!(md.source.as_deref(), Some("某县委组织部"));
    assert_eq!(md.date.unwrap().to_string(), "2016-09-02");
}

#[test]
fn bulletin_issuer_gives_source_and_date() {
    let md = read(&[], Some("某省脱贫攻坚领导小组办公室 2019年2月19日"));
    assert_eq!(md.source.as_deref(), Some("某省脱贫攻坚领导小组办公室"));
    assert_eq!(md.date.unwrap().to_string(), "2019-02-19");
}

#[test]
fn bylines_with_several_roles() {
    let md = read(&["发布时间:2019年10月16日 来源:某日报 作者:记者 李文华 通讯员 阿苦日呷".into()], None);
    assert_eq!(md.authors, vec!["李文华", "阿苦日呷"]);
    assert_eq!(md.source.as_deref(), Some("某日报"));
    assert_eq!(md.date.unwrap().to_string(), "2019-10-16");
}

#[test]
fn date_without_a_key() {
    let md = read(&["2020-06-12 09:30:15  来源:某州人大常委会办公室  浏览次数:1523".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2020-06-12");
    assert_eq!(md.source.as_deref(), Some("某州人大常委会办公室"));
}

#[test]
fn issuer_without_its_verb() {
    let md = read(&[], Some("某县政协办公室编 2017年6月20日"));
    assert_eq!(md.source.as_deref(), Some("某县政协办公室"));
}

#[test]
fn byline_in_the_first_paragraph() {
    let (persons, rest) = inline_byline("本报讯(记者 李明华 通讯员 王强)6月15日,县里召开会议。").unwrap();
    assert_eq!(persons, vec!["李明华", "王强"]);
    assert_eq!(rest, "6月15日,县里召开会议。");
    assert!(inline_byline("(一)加强领导。").is_none());
}

#[test]
fn open_government_information_table() {
    let lines = [
        "索引号:11510000MB1234/2019-00123".to_string(),
        "发布机构:某省扶贫开发局".into(),
        "生成日期:2019-02-19".into(),
    ];
    let md = read(&lines, None);
    assert_eq!(md.source.as_deref(), Some("某省扶贫开发局"));
    assert_eq!(md.date.unwrap().to_string(), "2019-02-19");
}

#[test]
fn reporter_byline() {
    let md = read(&["记者 朱明".into()], None);
    assert_eq!(md.authors, vec!["朱明"]);
    assert_eq!(read(&["□ 本刊记者 王明远".into()], None).authors, vec!["王明远"]);
    assert_eq!(md.source, None);
}

#[test]
fn run_together_line_without_separators() {
    let md =
        read(&["某县人民政府 www.example.cn 时间:2020-06-06 10:14:00来源:青石镇作者:通讯员 王明远编辑:".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2020-06-06");
    assert_eq!(md.source.as_deref(), Some("青石镇"));
    assert_eq!(md.authors, vec!["王明远"]);
}

#[test]
fn empty_source_and_padded_name() {
    let md = read(&["发布时间:2019-09-12 14:00:20  文章来源:  文章作者:李 倩".into()], None);
    assert_eq!(md.source, None);
    assert_eq!(md.authors, vec!["李倩"]);
    assert_eq!(md.date.unwrap().to_string(), "2019-09-12");
}

#[test]
fn publication_date_wins_over_the_writing_date() {
    let md = read(&["[ 成文日期 ] 2020-03-01 [ 发布日期 ] 2020-03-05".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2020-03-05");
    let md = read(&["发稿时间:2019-12-06 09:20:56 来源: 某某网".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2019-12-06");
    assert_eq!(md.source.as_deref(), Some("某某网"));
}

#[test]
fn day_first_dateline() {
    let md = read(&["18.08.2017  22:12".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2017-08-18");
}

#[test]
fn e_paper_header_gives_the_date() {
    let md = read(&["2019年03月05日 第04版:要闻".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2019-03-05");
}

#[test]
fn outlet_dateline_and_padded_role() {
    let (persons, rest) = inline_byline("某某网讯(记  者 王明远)7月4日,采访团来到青石镇。").unwrap();
    assert_eq!(persons, vec!["王明远"]);
    assert_eq!(rest, "7月4日,采访团来到青石镇。");
    assert!(inline_byline("据了解,某某讯(记者 王明远)").is_none());
    let (persons, _) = inline_byline("本报某市8月24日讯(某某日报记者王明远 李秀兰)今天上午,展览开幕。").unwrap();
    assert_eq!(persons, vec!["王明远", "李秀兰"]);
}

#[test]
fn page_controls_on_the_info_line() {
    let md = read(&["来源:青山网 时间:2020-03-09 16:02 [收藏] [打印] [关闭]".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山网"), "2020-03-09".into()));
    let md = read(&["来源:青山县人民政府网 保存 打印 关闭".into()], None);
    assert_eq!(md.source.as_deref(), Some("青山县人民政府网"));
    let md = read(&["青山日报 2021-04-12 08:30 大字".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山日报"), "2021-04-12".into()));
    let md = read(&["发布时间:2021-05-11 来源: 打印".into()], None);
    assert_eq!((md.source, md.date.unwrap().to_string()), (None, "2021-05-11".into()), "a control is no source");
}

#[test]
fn a_date_run_into_the_next_key() {
    let md = read(&["2021-05-11 09:15:30来源:青山日报".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山日报"), "2021-05-11".into()));
}

#[test]
fn outlet_and_date_without_a_key() {
    let md = read(&["青山日报 2018-02-13 07:45".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山日报"), "2018-02-13".into()));
    let md = read(&["青山日报 第2021-03-15期".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山日报"), "2021-03-15".into()));
    let md = read(&["发布时间:2021- 06- 18 来源:青山网".into()], None);
    assert_eq!(md.date.unwrap().to_string(), "2021-06-18");
    assert_eq!(read(&["2022年5月7星期六".into()], None).date.unwrap().to_string(), "2022-05-07");
}

#[test]
fn a_source_whose_bracket_is_cut() {
    let md = read(&["来源:青山日报·青山网(青石".into()], None);
    assert_eq!(md.source.as_deref(), Some("青山日报·青山网"));
    assert_eq!(read(&["来源:青山网(青石)".into()], None).source.as_deref(), Some("青山网"));
}

#[test]
fn bylines_of_names_alone() {
    let (persons, rest) = inline_byline("青山日报消息(王明远 )6月3日,调研组来到青石镇。").unwrap();
    assert_eq!((persons, rest.as_str()), (vec!["王明远".to_string()], "6月3日,调研组来到青石镇。"));
    assert_eq!(inline_byline("青山网讯( 王明远 李秀兰 )近日,会议召开。").unwrap().0, vec!["王明远", "李秀兰"]);
    assert!(inline_byline("(王明远)近日,会议召开。").is_none(), "no dateline, no credit");
    assert_eq!(closing_credit("会议要求,要把产业做实做强。(李秀兰)"), vec!["李秀兰"]);
    assert!(closing_credit("会议由县长李秀兰(女)主持").is_empty());
    assert!(closing_credit("参加会议的有县长(李秀兰)").is_empty(), "no finished sentence before it");
    assert_eq!(read(&["■记者 王明远".into()], None).authors, vec!["王明远"]);
}

#[test]
fn a_writers_credit_under_the_text() {
    assert_eq!(tail_authors(&["文/王明远".to_string()]), vec!["王明远"]);
    assert_eq!(tail_authors(&["文:王明远 李秀兰".to_string()]), vec!["王明远", "李秀兰"]);
    assert_eq!(tail_authors(&["撰文:王明远".to_string()]), vec!["王明远"]);
    assert_eq!(tail_authors(&["文/王明远 图/李秀兰".to_string()]), vec!["王明远"]);
    assert_eq!(tail_authors(&["(文 王明远)".to_string()]), vec!["王明远"]);
    assert_eq!(closing_credit("王明远 李秀兰"), vec!["王明远", "李秀兰"]);
    assert!(closing_credit("青山县人民政府").is_empty());
    assert!(closing_credit("2021年3月13日").is_empty());
}

#[test]
fn photographers_are_no_writers() {
    let b = byline("记者 王明远 李秀兰 摄");
    assert_eq!((b.persons.len(), b.photographers), (0, vec!["王明远".to_string(), "李秀兰".into()]));
    let b = byline("记者 王明远 通讯员 李秀兰 摄");
    assert_eq!((b.persons, b.photographers), (vec!["王明远".to_string()], vec!["李秀兰".to_string()]));
    let b = byline("记者 王明远 摄影:李秀兰");
    assert_eq!((b.persons, b.photographers), (vec!["王明远".to_string()], vec!["李秀兰".to_string()]));
    assert_eq!(byline("文/图 王明远").persons, vec!["王明远"]);
    assert_eq!(byline("王明远摄").photographers, vec!["王明远"]);
    assert_eq!(byline("记者 王明远 摄影报道").persons, vec!["王明远"], "a photo report is written too");
    assert!(tail_authors(&["(记者 王明远 摄)".to_string()]).is_empty());
    assert!(closing_credit("游客在展台前品尝新茶。(王明远 摄)").is_empty());
    let lines = [
        "茶农在基地采茶 张建国 摄".to_string(),
        "游客品尝新茶。(记者 李秀兰 摄)".into(),
        "本组图片由本报记者 王明远 摄".into(),
        "图/刘春梅".into(),
        "村民采茶 摄".into(),
        "会议由县长王明远主持。".into(),
    ];
    assert_eq!(photo_credits(&lines), vec!["张建国", "李秀兰", "王明远", "刘春梅"]);
}

#[test]
fn credit_closing_the_last_paragraph() {
    assert_eq!(closing_credit("调研组对两镇的工作予以充分肯定。(供稿:王明远)"), vec!["王明远"]);
    assert_eq!(closing_credit("村民们纷纷点赞。(记者 李秀兰 通讯员 张建国)"), vec!["李秀兰", "张建国"]);
    assert!(closing_credit("全县共有贫困户1200户(含已脱贫户)").is_empty());
    assert!(closing_credit("新闻发布会现场。(编辑 刘春梅)").is_empty());
}

#[test]
fn closing_credits_name_writers_not_editors() {
    let lines = ["(记者 王明远 通讯员 李秀兰)".to_string(), "(编辑 张建国)".into(), "责任编辑:刘春梅".into()];
    assert_eq!(tail_authors(&lines), vec!["王明远", "李秀兰"]);
}

#[test]
fn a_source_followed_by_its_date_is_the_outlet_before_the_date() {
    let md = read(&["来源: 青山新闻网—青山日报 2017-08-04 10:01 青山日报社融媒体".into()], None);
    assert_eq!(md.source.as_deref(), Some("青山新闻网—青山日报"));
    assert_eq!(md.date.unwrap().to_string(), "2017-08-04");
    let md = read(&["时政速递|来源:青山网2020-06-26 13:14:14|网络编辑:李秀兰".into()], None);
    assert_eq!((md.source.as_deref(), md.date.unwrap().to_string()), (Some("青山网"), "2020-06-26".into()));
    assert!(md.authors.is_empty(), "the web editor wrote nothing");
}

#[test]
fn editors_are_never_authors_and_a_key_is_never_a_value() {
    let md = read(&["發佈時間: 2020-05-06 16:04:30 | 來源: 青山網 | 作者: | 責任編輯: 李秀兰".into()], None);
    assert_eq!(md.source.as_deref(), Some("青山網"));
    assert_eq!(md.date.unwrap().to_string(), "2020-05-06");
    assert!(md.authors.is_empty(), "{:?}", md.authors);
    assert_eq!(read(&["作者:王明远 责编 李秀兰".into()], None).authors, vec!["王明远"]);
    assert_eq!(split_byline("记者 王明远 责任编辑 李秀兰").0, vec!["王明远"]);
    assert_eq!(split_byline("王明远 编辑李秀兰").0, vec!["王明远"]);
    assert_eq!(read(&["来源:责任编辑 李秀兰".into()], None).source, None);
}

#[test]
fn names_alone_with_what_the_writer_did() {
    let (persons, _) = inline_byline("青山报道讯(王明远 报道)4月14日,记者走访青石镇。").unwrap();
    assert_eq!(persons, vec!["王明远"]);
}

#[test]
fn an_outlets_reporters_on_a_line_of_their_own() {
    assert!(boilerplate::is_meta("青山社记者王明远、李秀兰、赵小红"));
    let md = read(&["青山社记者王明远、李秀兰、赵小红".into()], None);
    assert_eq!(md.authors, vec!["王明远", "李秀兰", "赵小红"]);
    assert!(!boilerplate::is_meta("青山社记者走访青石镇"), "no names: a headline");
}

/// The credits saved web pages used to read on their own (issue 25): one reader now, for every
/// page.
#[test]
fn credits_in_the_first_and_last_lines_of_any_page() {
    let persons = |line: &str| inline_byline(line).map(|(p, _)| p).unwrap_or_default();
    assert_eq!(persons("新华社青山6月9日电(记者王明远)青山县9日举行活动。"), vec!["王明远"]);
    assert_eq!(persons("某社某地5月1日电(记者 王明远)正文。"), vec!["王明远"]);
    assert!(persons("会议指出,要用好电(气)价格政策。").is_empty());
    assert_eq!(closing_credit("活动将持续三天。(李秀兰)"), vec!["李秀兰"]);
    assert!(closing_credit("会议由县长主持(具体议程另行通知)").is_empty());
    assert!(closing_credit("(责编:王明远、李秀兰)").is_empty());
    assert!(closing_credit("游客品尝新茶。(记者 李秀兰 摄)").is_empty(), "photographers are no writers");
    assert_eq!(closing_credit("全文完。(文/王明远 李秀兰 摄)"), vec!["王明远"]);
}

