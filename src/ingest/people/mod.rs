//! People: real persons' full names, found from the contexts that introduce people in
//! reports: a role, title chain or family relation right before the name (政协委员 X, 县委常委、
//! 组织部长 X, 妻子 X); a title or an act right after it (X同志, X书记, X说, X陪同); lists around
//! either (X、Y和Z, X、Y等); profiles (X,男,汉族); names of minority people (Tibetan, Yi, and
//! middle-dot names). Candidates are checked against the surname table, the given-name
//! character model and the segmenter's dictionary. A later short reference (东升同志) is
//! folded into the full name given elsewhere (张东升) as an alias.
//!
//! Owns person detection only. It reads no files and knows no particular names.

mod cues;
mod minority;
pub(crate) mod model;
mod shape;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use cues::{CUES, ROLE_BEFORE};
use shape::{Start, is_han, name_at_end, name_at_start};

pub(crate) use model::Source;
pub(crate) use shape::looks_like_full_name;

use crate::ingest::tags::SeedTags;
use crate::lexicon;

/// People found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// Full names, in order of first mention.
    pub(crate) names: Vec<String>,
    /// Short references folded into a full name (张东升 → 东升同志).
    pub(crate) aliases: BTreeMap<String, BTreeSet<String>>,
    /// Roles stated right before a name.
    pub(crate) roles: BTreeMap<String, BTreeSet<String>>,
    /// Which of the rules and the model found each name (only from `find_with_model`).
    pub(crate) sources: BTreeMap<String, Source>,
}

/// The people of a text: the rules' and the statistical recogniser's, merged (see `model`);
/// `places`: the place names found in it, which the model need not read again.
pub(crate) fn find_with_model(text: &str, places: &[&str], tags: &mut SeedTags) -> Found {
    let mut found = find(text);
    let decided: Vec<&str> = found
        .names
        .iter()
        .map(String::as_str)
        .filter(|n| n.chars().count() >= 3)
        .chain(places.iter().copied())
        .collect();
    let from_model = model::names(text, &decided, tags);
    let merged = model::merge(&found.names, &from_model, text);
    // A name the model read with other edges takes over what the rules knew of it.
    for (dropped, kept) in &merged.replaced {
        for map in [&mut found.roles, &mut found.aliases] {
            if let Some(v) = map.remove(dropped) {
                map.entry(kept.clone()).or_default().extend(v);
            }
        }
    }
    found.names = merged.names.iter().map(|(n, _)| n.clone()).collect();
    found.sources = merged.names.into_iter().collect();
    found
}

/// The role phrase written before a name: from the last clause boundary, the parts that end
/// with a role word (`省人大常委会副主任、党组副书记` → both).
fn roles_before(before: &str) -> Vec<String> {
    let start = before
        .rfind([',', '。', ';', ':', '(', ' ', '“', '”', '\n'])
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let clause = role_phrase(&before[start..]);
    clause
        .split('、')
        .filter(|part| {
            let n = part.chars().count();
            (2..=16).contains(&n) && part.chars().all(is_han) && ROLE_BEFORE.iter().any(|r| part.ends_with(r))
        })
        .filter(|part| !["本村", "同村", "同村的", "村里的"].contains(part))
        .map(str::to_string)
        .collect()
}

/// The part of a clause that can be a role: after its last clause word (a verb, a particle, a
/// preposition or a pronoun: 听取了 / 由 / 这都是 …) and after a determiner with the unit it
/// names (我院, 该局). A role is an organisation and a post, never a piece of a sentence. Only
/// characters that are rarely part of an office's name are listed (not 和 of 共和国, 对 of
/// 对口帮扶).
fn role_phrase(clause: &str) -> &str {
    let mut start = 0;
    for (i, _) in clause.char_indices() {
        let rest = &clause[i..];
        if let Some(w) = ROLE_WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            let end = i + w.0.len();
            start = match w.1 {
                RoleWord::Determiner => end + clause[end..].chars().next().map_or(0, char::len_utf8),
                _ => end,
            };
        }
    }
    &clause[start.min(clause.len())..]
}

#[derive(Clone, Copy, PartialEq)]
enum RoleWord {
    /// Ends the clause before a role (是, 在, 由, 了 …) or is a pronoun (他, 这).
    Clause,
    /// Names a unit with the character after it (我院, 本村, 该局).
    Determiner,
}

/// `data/role_words.tsv`: (word, what it does).
static ROLE_WORDS: LazyLock<Vec<(&'static str, RoleWord)>> = LazyLock::new(|| {
    let clause = lexicon::words("role_words", "clause").iter().chain(lexicon::words("role_words", "pronoun"));
    let clause = clause.map(|w| (*w, RoleWord::Clause));
    let determiner = lexicon::words("role_words", "determiner").iter().map(|w| (*w, RoleWord::Determiner));
    clause.chain(determiner).collect()
});

/// Names found so far, in order of first mention, with the roles stated before them.
#[derive(Default)]
struct Collected {
    order: Vec<String>,
    roles: BTreeMap<String, BTreeSet<String>>,
    /// Two-character names written as 东升同志: candidates for aliases of a full name.
    short_refs: BTreeSet<String>,
}

impl Collected {
    fn note(&mut self, name: &str) {
        if !self.order.iter().any(|n| n == name) {
            self.order.push(name.to_string());
        }
    }
}

/// Finds the people of a text.
pub(crate) fn find(text: &str) -> Found {
    let mut found = Collected::default();
    for m in CUES.automaton.find_iter(text) {
        let cue = CUES.kinds[m.pattern().as_usize()];
        let word = CUES.words[m.pattern().as_usize()];
        if cue.title_after || cue.act_after {
            // X、Y等参加 / X等陪同: 等 closes the list before the act.
            let before = &text[..m.start()];
            let before = if cue.act_after { before.strip_suffix('等').unwrap_or(before) } else { before };
            names_before_cue(before, cue.title_after, word, &mut found);
            if cue.act_after {
                if let Some(speaker) = cues::strip_manner(before) {
                    names_before_cue(speaker, false, word, &mut found);
                }
                if let Some(name) = minority::name_at_end(before) {
                    found.note(name);
                }
            }
        }
        if cue.before {
            names_after_cue(text, m.end(), !cue.relation, &mut found);
        }
    }
    for name in minority::dotted_names(text) {
        found.note(&name);
    }
    // 张三,男,汉族 / 李四(女,1975年生): a profile names a person.
    for m in PROFILE.find_iter(text) {
        if let Some(name) = name_at_end(&text[..m.start()], Start::Weak) {
            found.note(name);
        }
    }
    resolve_short_references(found.order, found.roles, &found.short_refs)
}

/// A title after a name (X书记) lets a name start after a dictionary word; an act (X说, X陪同)
/// follows nouns of every kind, so the name must start at a clause boundary or a role word,
/// or be three characters that read as a name by the character model.
fn names_before_cue(before: &str, title: bool, word: &str, found: &mut Collected) {
    let name = if title {
        name_at_end(before, Start::Weak)
    } else {
        name_at_end(before, Start::Strong).filter(|n| shape::namelike(n, ACT_MIN_LOG_ODDS)).or_else(|| {
            name_at_end(before, Start::Weak)
                .filter(|n| n.chars().count() == 3 && shape::namelike(n, ACT_WEAK_START_LOG_ODDS))
        })
    };
    let Some(name) = name else { return };
    if name.chars().count() == 2 && word == "同志" {
        found.short_refs.insert(name.to_string());
    }
    // X、Y、Z等 / X、Y陪同: the list runs back from the cue; noted in reading order.
    let mut listed = vec![name];
    let mut rest = &before[..before.len() - name.len()];
    while let Some(prev) = rest.strip_suffix('、') {
        // Two names already make a list: its head may follow a verb (带领王明远、李秀兰、赵国民陪同).
        let min_start = if listed.len() >= 2 { Start::Weak } else { Start::Strong };
        let Some(other) = name_at_end(prev, min_start).filter(|n| shape::namelike(n, LIST_MIN_LOG_ODDS)) else {
            break;
        };
        listed.push(other);
        rest = &prev[..prev.len() - other.len()];
    }
    for name in listed.into_iter().rev() {
        found.note(name);
    }
}

/// The weakest given-name character a name before an act may have (log odds; 0 means as
/// likely in names as in text). Name characters that are also common words sit a little
/// below zero (国 −0.6, 家 −0.3), verbs further down (便 −1.0, 为 −1.6).
const ACT_MIN_LOG_ODDS: f32 = -0.75;

/// The same for the earlier members of a list that ends in a name before an act (王明远、
/// 李秀兰、赵国民陪同): the separators already delimit each name, so given names with
/// characters that are also common words (民 in 赵国民, 发 in 周永发) pass.
const LIST_MIN_LOG_ODDS: f32 = -1.5;

/// The same after a dictionary word (合作社王明远说): three characters, none of them likelier
/// in text than in names by more than this.
const ACT_WEAK_START_LOG_ODDS: f32 = -1.0;

/// Quote marks that may stand between a role and the name: “老支书”王明远.
const CLOSING_QUOTES: &[char] = &['”', '’', '」', '』', '"'];

/// The name (and the list it opens) right after a role or relation word ending at `at`.
fn names_after_cue(text: &str, at: usize, record_role: bool, found: &mut Collected) {
    // 调研组成员:张三、李四 — a colon may stand between the role and the names.
    let rest = text[at..].trim_start_matches(CLOSING_QUOTES);
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let Some(name) = name_at_start(rest, minority::full_or_unsurnamed) else { return };
    if record_role {
        for role in roles_before(&text[..at]) {
            found.roles.entry(name.to_string()).or_default().insert(role);
        }
    }
    found.note(name);
    let mut after = &rest[name.len()..];
    // X、Y和Z: a list continues with more names.
    while let Some(sep) = after.chars().next().filter(|c| "、和与及".contains(*c)) {
        let next = &after[sep.len_utf8()..];
        let Some(other) = name_at_start(next, looks_like_full_name) else { break };
        found.note(other);
        after = &next[other.len()..];
    }
}

/// The sex given right after a name in a profile: `,男,` `(女,` `,女,汉族`.
static PROFILE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"[,(][男女][,、)]").expect("profile pattern"));

/// Folds a two-character reference that is the given name of a full name found elsewhere
/// (东升 of 张东升) into that full name.
fn resolve_short_references(
    order: Vec<String>,
    mut roles: BTreeMap<String, BTreeSet<String>>,
    short_refs: &BTreeSet<String>,
) -> Found {
    let full: Vec<String> = order.iter().filter(|n| n.chars().count() >= 3).cloned().collect();
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut names = Vec::new();
    for name in order {
        let owner = (name.chars().count() == 2)
            .then(|| full.iter().find(|f| f.ends_with(name.as_str()) && **f != name))
            .flatten();
        match owner {
            Some(owner) => {
                let alias = if short_refs.contains(&name) { format!("{name}同志") } else { name.clone() };
                aliases.entry(owner.clone()).or_default().insert(alias);
                if let Some(r) = roles.remove(&name) {
                    roles.entry(owner.clone()).or_default().extend(r);
                }
            }
            None => names.push(name),
        }
    }
    Found { names, aliases, roles, sources: BTreeMap::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(text).names
    }

    #[test]
    fn role_before_name() {
        assert_eq!(names("先进典型包括:政协委员王礼明,2015年开始种植药材。"), vec!["王礼明"]);
        assert_eq!(names("村民李马正细心地整理着农具。"), vec!["李马正"]);
        assert_eq!(names("村里党员赵先国将10万元贷款用好用活。"), vec!["赵先国"]);
        assert_eq!(names("政协委员苟明,通过加工增收。"), vec!["苟明"]);
    }

    #[test]
    fn names_listed_after_a_colon() {
        assert_eq!(names("调研组成员:张海明、刘德华、王建华"), vec!["张海明", "刘德华", "王建华"]);
    }

    #[test]
    fn a_name_does_not_swallow_the_next_word() {
        assert_eq!(names("与第一书记刘洋以及贫困户代表座谈。"), vec!["刘洋"]);
    }

    #[test]
    fn lists_continue_after_a_name() {
        assert_eq!(names("商会会员李仲明、石田华通过县工商联捐赠。"), vec!["李仲明", "石田华"]);
        assert_eq!(names("他联系的贫困户兰玉明、严福华家中。"), vec!["兰玉明", "严福华"]);
    }

    #[test]
    fn title_after_name() {
        assert_eq!(names("学习精神,王东亮书记、柯尊明主任重要批示。"), vec!["王东亮", "柯尊明"]);
        assert_eq!(names("省商务厅选派鄢明同志挂职担任副区长。"), vec!["鄢明"]);
    }

    #[test]
    fn short_reference_folds_into_full_name() {
        let found = find("副书记张东亮会同省商务厅调研。座谈会上,东亮同志要求。");
        assert_eq!(found.names, vec!["张东亮"]);
        assert_eq!(found.aliases["张东亮"], BTreeSet::from(["东亮同志".to_string()]));
        assert!(found.roles["张东亮"].contains("副书记"));
    }

    #[test]
    fn profiles_name_people() {
        assert_eq!(names("王秀芝,女,汉族,1968年生,种植大户。"), vec!["王秀芝"]);
        assert_eq!(names("合作社带头人陈建(男,1975年生)。"), vec!["陈建"]);
    }

    #[test]
    fn rare_surname_before_a_word_is_not_a_name() {
        assert!(names("有技术的能人来创业,带动大家。").is_empty());
        assert!(names("拓宽基层贫困党员和群众就业增收渠道").is_empty());
    }

    #[test]
    fn role_words_are_not_names() {
        assert!(names("党员干部带头致富,村民代表参加会议,委员会成员到场。").is_empty());
        assert!(names("县委书记主持会议,党组书记讲话。").is_empty());
    }

    #[test]
    fn transliterated_names_after_a_role() {
        assert_eq!(names("县政协副主席泽仁旦真联系爱心企业捐款。"), vec!["泽仁旦真"]);
    }

    #[test]
    fn roles_are_posts_not_pieces_of_sentences() {
        let role = |t: &str| find(t).roles.values().flatten().cloned().collect::<Vec<_>>();
        assert_eq!(role("他叫上村主任王明远,今年五十岁。"), vec!["上村主任"]);
        assert_eq!(role("会议听取了财政部部长王明远的汇报。"), vec!["财政部部长"]);
        assert_eq!(role("比赛由药剂科主任王明远主持。"), vec!["药剂科主任"]);
        assert_eq!(role("这都是村第一书记王明远的功劳。"), vec!["村第一书记"]);
        assert_eq!(role("就在县烟草局党支部副书记王明远家中。"), vec!["县烟草局党支部副书记"]);
        assert_eq!(role("我院党委副书记王明远出席。"), vec!["党委副书记"]);
    }

    #[test]
    fn roles_are_recorded() {
        let found = find("省人大常委会副主任、党组副书记张东亮会同省商务厅");
        assert_eq!(found.roles["张东亮"], BTreeSet::from(["省人大常委会副主任".to_string(), "党组副书记".to_string()]));
    }

    // Classes from issue 10, item 3; the texts are made up, the names invented.

    #[test]
    fn speakers_and_acts_after_a_name() {
        assert_eq!(names("“今年收成好。”合作社社长王明远说。"), vec!["王明远"]);
        assert_eq!(names("种植大户李秀兰告诉记者,订单已经排到明年。"), vec!["李秀兰"]);
        assert_eq!(names("“路通了,心也通了。”赵德华高兴地说。"), vec!["赵德华"]);
        assert_eq!(names("会上,周建国、孙丽萍等参加调研。"), vec!["周建国", "孙丽萍"]);
    }

    #[test]
    fn a_verb_after_a_name_is_not_swallowed() {
        assert_eq!(names("副主任郑冬为解决饮水难题奔走。"), vec!["郑冬"]);
        assert_eq!(names("市农业农村局局长陈志远赴北京参加培训。"), vec!["陈志远"]);
        assert_eq!(names("记者见到县委书记刘德明时,他正在田间。"), vec!["刘德明"]);
    }

    #[test]
    fn villagers_introduced_by_relations_and_households() {
        assert_eq!(names("王大山的妻子刘桂芳在家照顾老人。"), vec!["刘桂芳"]);
        assert_eq!(names("今年48岁的养殖户高永福讲述了变化。"), vec!["高永福"]);
        assert_eq!(names("在12岁女孩林小雨家,干部们了解情况。"), vec!["林小雨"]);
    }

    #[test]
    fn titles_and_quotes_between_role_and_name() {
        assert_eq!(names("民盟市委专职副主委郑晓燕叮嘱孩子好好学习。"), vec!["郑晓燕"]);
        assert_eq!(names("村里的“老支书”许长根看不下去了。"), vec!["许长根"]);
    }

    #[test]
    fn tibetan_names_after_a_cue_or_before_an_act() {
        assert_eq!(names("村主任卓玛带着大家清理草场。"), vec!["卓玛"]);
        assert_eq!(names("驻村干部扎西次仁一早就到了牧场。"), vec!["扎西次仁"]);
        assert_eq!(names("“草场要轮牧。”索朗多吉说。"), vec!["索朗多吉"]);
    }

    #[test]
    fn middle_dot_names_are_kept_whole() {
        assert_eq!(names("记者来到村民阿不都热合曼·买买提的家里。"), vec!["阿不都热合曼·买买提"]);
        assert_eq!(names("她的爱人阿依古丽·吐尔逊一人带着孩子。"), vec!["阿依古丽·吐尔逊"]);
        assert!(names("开展“奋战一百天·攻坚再出发”主题活动。").is_empty());
    }

    // Classes seen on audit pages (leader visits, inspection reports); texts made up.

    #[test]
    fn a_leader_heading_a_team_is_cut_before_the_verb() {
        assert_eq!(names("9月3日,市委书记周宏远率调研组深入青石乡。"), vec!["周宏远"]);
    }

    #[test]
    fn an_adverb_after_a_name_ends_it() {
        assert_eq!(names("副主席李秀兰,秘书长丁浩分别带领调研小组下乡。"), vec!["李秀兰", "丁浩"]);
    }

    #[test]
    fn every_member_of_a_list_before_an_act_is_kept() {
        assert_eq!(
            names("县领导王明远、赵国民、周永发、孙丽萍等陪同视察。"),
            vec!["王明远", "赵国民", "周永发", "孙丽萍"]
        );
    }

    #[test]
    fn the_head_of_a_long_list_may_follow_a_verb() {
        assert_eq!(names("乡里安排王明远、赵国民、孙丽萍等陪同。"), vec!["王明远", "赵国民", "孙丽萍"]);
    }

    #[test]
    fn set_phrases_and_homes_are_not_four_character_names() {
        assert!(names("解决群众所急所盼的问题。").is_empty());
        assert!(!names("干部走进村民覃玉兰家的新房。").iter().any(|n| n.ends_with('家')));
    }

    #[test]
    fn no_place_office_or_phrase_as_a_person() {
        assert!(names("王书记说,今年要把路修好。").is_empty());
        assert!(names("党组织书记抓党建促脱贫,干部讲政治敢担当。").is_empty());
        assert!(names("村干部介绍,全村种了山茱萸。群众说好。").is_empty());
        assert!(names("工作队来到张庄,黄河在这里拐弯。").is_empty());
    }
}
