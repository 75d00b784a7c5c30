//! People: real persons' full names, found from the contexts that introduce people in
//! reports (a role or title right before the name: 政协委员 X, 村民 X, 副书记 X; a title or
//! honorific right after it: X同志, X先生, X书记; lists: X、Y和Z), checked against the surname
//! table and the segmenter's dictionary. A later short reference (东升同志) is folded into the
//! full name given elsewhere (张东升) as an alias.
//!
//! Owns person detection only. It reads no files and knows no particular names.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::{names, segment};

/// Roles and labels written right before a name.
const ROLE_BEFORE: &[&str] = &[
    "政协委员", "人大代表", "党代表", "委员", "代表", "村民", "居民", "农民", "牧民", "党员", "老党员", "贫困户",
    "脱贫户", "联系户", "帮扶户", "户主", "村支书", "支书", "书记", "副书记", "第一书记", "主任", "副主任", "主席",
    "副主席", "会长", "副会长", "会员", "理事长", "秘书长", "董事长", "总经理", "经理", "厂长", "县长", "副县长",
    "市长", "副市长", "区长", "副区长", "州长", "副州长", "省长", "副省长", "乡长", "副乡长", "镇长", "副镇长", "村长",
    "组长", "队长", "局长", "副局长", "厅长", "副厅长", "部长", "副部长", "处长", "科长", "所长", "站长", "院长",
    "校长", "老师", "教师", "医生", "村医", "记者", "通讯员", "专家", "教授", "研究员", "工程师", "技术员", "负责人",
    "创始人", "带头人", "大学生", "村官", "志愿者", "社长", "常委", "调研员", "巡视员", "驻村干部", "帮扶干部",
    "网格员", "本村", "同村", "同村的", "村里的", "老人", "妇女", "青年", "致富能手", "能人", "乡贤", "法人", "理事",
    "监事", "组织委员", "宣传委员", "副队长", "指导员", "主持人", "成员", "组员",
];

/// Titles and honorifics written right after a name.
const TITLE_AFTER: &[&str] = &[
    "同志", "先生", "女士", "总书记", "书记", "副书记", "主任", "副主任", "主席", "副主席", "县长", "副县长", "市长",
    "副市长", "省长", "副省长", "区长", "副区长", "州长", "局长", "部长", "厅长", "院士", "教授", "老师", "会长",
    "委员长", "总理", "副总理", "一家", "夫妇", "老人", "大爷", "大娘",
];

/// Characters that do not occur in given names but do follow them in running text.
const STOP_GIVEN: &str = "的了在是和与及等说将把被为从对也都就又还却每这那个年月日元万亿名们村乡镇县市区省州局委办会部厅队组社所站院校户家里上下来去到给让向于之其此该各本全多少几一二三四五六七八九十百千党政府副";

/// Single characters that may follow a name directly (particles, common verbs).
const FOLLOWERS: &str = "将在是的和与及等把被为向从对于也都就说带以已曾又还便却亦给让使用到同今每首多先后共亲主积";

/// A cue word and the sides on which it introduces a name (书记 does both: 书记张三, 张三书记).
struct Cue {
    before: bool,
    after: bool,
}

struct Cues {
    automaton: AhoCorasick,
    kinds: Vec<Cue>,
    words: Vec<&'static str>,
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = ROLE_BEFORE.iter().chain(TITLE_AFTER).copied().collect();
    words.sort();
    words.dedup();
    let kinds = words.iter().map(|w| Cue { before: ROLE_BEFORE.contains(w), after: TITLE_AFTER.contains(w) }).collect();
    let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&words).expect("cue automaton");
    Cues { automaton, kinds, words }
});

/// People found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Full names, in order of first mention.
    pub names: Vec<String>,
    /// Short references folded into a full name (张东升 → [东升同志]).
    pub aliases: BTreeMap<String, BTreeSet<String>>,
    /// Roles stated right before a name.
    pub roles: BTreeMap<String, BTreeSet<String>>,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// The first `n` characters of `s`, if it has that many.
fn first_chars(s: &str, n: usize) -> Option<&str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => Some(&s[..i]),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

/// The last `n` characters of `s`, if it has that many.
fn last_chars(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count < n {
        return None;
    }
    let (i, _) = s.char_indices().nth(count - n)?;
    Some(&s[i..])
}

/// A dictionary word that is not itself a person's name (党员, 代表, 政协 …).
fn is_common_word(s: &str) -> bool {
    if !segment::jieba().has_word(s) {
        return false;
    }
    let tags = segment::jieba().tag(s, false);
    !(tags.len() == 1 && tags[0].tag == "nr")
}

/// Surname (single or compound) plus a one- or two-character given name, none of it a
/// particle or a common word.
pub fn looks_like_full_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=4).contains(&n) || !s.chars().all(is_han) {
        return false;
    }
    let Some((surname, given)) = names::split_surname(s) else { return false };
    let given_len = given.chars().count();
    let common_surname = names::surname_rank(surname).is_some_and(|r| r <= COMMON_SURNAME_RANK);
    // A rare surname before a common word (来 + 创业, 和 + 群众) is a word, not a name.
    let word_given = given_len == 2 && segment::jieba().has_word(given);
    (1..=2).contains(&given_len)
        && surname.chars().count() + given_len == n
        && !given.chars().any(|c| STOP_GIVEN.contains(c))
        && !is_common_word(s)
        && (common_surname || !word_given)
}

/// Surnames up to this frequency rank count as common.
const COMMON_SURNAME_RANK: usize = 120;

/// A four-character name with no family name from the table (Tibetan, Yi … names):
/// neither half a dictionary word, no particles. Only accepted after a role cue.
fn looks_like_transliterated_name(s: &str) -> bool {
    s.chars().count() == 4
        && s.chars().all(is_han)
        && !s.chars().any(|c| STOP_GIVEN.contains(c))
        && first_chars(s, 2).is_some_and(|h| !segment::jieba().has_word(h))
        && last_chars(s, 2).is_some_and(|h| !segment::jieba().has_word(h))
        && !is_common_word(s)
}

/// How clearly a name ends where `rest` begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    /// Something else runs on: not a name end.
    No,
    /// A dictionary word follows.
    Weak,
    /// Punctuation, a particle, or a title follows.
    Strong,
}

fn end_kind(name: &str, rest: &str) -> End {
    let Some(c) = rest.chars().next() else { return End::Strong };
    if !is_han(c) || FOLLOWERS.contains(c) {
        return End::Strong;
    }
    if CUES.automaton.find(rest).is_some_and(|m| m.start() == 0 && CUES.kinds[m.pattern().as_usize()].after) {
        return End::Strong;
    }
    let word_follows =
        (2..=4).any(|n| first_chars(rest, n).is_some_and(|w| w.chars().all(is_han) && segment::jieba().has_word(w)));
    if word_follows && ends_on_token_boundary(name, rest) { End::Weak } else { End::No }
}

/// The segmenter does not read the name's last character together with what follows
/// (危旧 + 房 → 危旧房).
fn ends_on_token_boundary(name: &str, rest: &str) -> bool {
    let tail: String = rest.chars().take(4).collect();
    let window = format!("{name}{tail}");
    let mut at = 0;
    for token in segment::words(&window) {
        at += token.len();
        if at == name.len() {
            return true;
        }
        if at > name.len() {
            return false;
        }
    }
    false
}

/// A name that is only weakly delimited must look like a name on its own: a common surname
/// and no dictionary word for a given name.
fn plausible_with_weak_end(name: &str) -> bool {
    let Some((surname, given)) = names::split_surname(name) else { return true };
    let common = names::surname_rank(surname).is_some_and(|r| r <= COMMON_SURNAME_RANK);
    given.chars().count() > 1 || (common && !segment::jieba().has_word(name))
}

/// Whether a name may start where `before` ends.
fn start_ok(before: &str) -> bool {
    let Some(c) = before.chars().next_back() else { return true };
    if !is_han(c) || FOLLOWERS.contains(c) || "了的".contains(c) {
        return true;
    }
    let role_before = ROLE_BEFORE.iter().any(|r| before.ends_with(r));
    role_before
        || (2..=4).any(|n| last_chars(before, n).is_some_and(|w| w.chars().all(is_han) && segment::jieba().has_word(w)))
}

/// The name starting at the beginning of `text`, trying three, two and four characters.
fn name_at_start(text: &str, allow_transliterated: bool) -> Option<&str> {
    // 刘洋以及: when the third character opens a function word (以及, 等人, 就是) with what
    // follows, try two characters first.
    let third: String = text.chars().skip(2).take(2).collect();
    let order = if third.chars().count() == 2 && is_function_word(&third) { [2, 3, 4] } else { [3, 2, 4] };
    for n in order {
        let Some(cand) = first_chars(text, n) else { continue };
        let valid =
            looks_like_full_name(cand) || (allow_transliterated && n == 4 && looks_like_transliterated_name(cand));
        let end = end_kind(cand, &text[cand.len()..]);
        if valid && (end == End::Strong || (end == End::Weak && plausible_with_weak_end(cand))) {
            return Some(cand);
        }
    }
    None
}

/// A conjunction, preposition, adverb, particle or pronoun in the segmenter's dictionary.
fn is_function_word(w: &str) -> bool {
    segment::jieba().has_word(w)
        && segment::jieba()
            .tag(w, false)
            .first()
            .is_some_and(|t| t.word == w && ["c", "p", "d", "u", "r"].contains(&t.tag))
}

/// The name ending at the end of `text` (before a title), trying three then two characters.
fn name_at_end(text: &str) -> Option<&str> {
    for n in [3, 2] {
        let Some(cand) = last_chars(text, n) else { continue };
        if looks_like_full_name(cand) && start_ok(&text[..text.len() - cand.len()]) {
            return Some(cand);
        }
    }
    None
}

/// The role phrase written before a name: from the last clause boundary, the parts that end
/// with a role word (`省人大常委会副主任、党组副书记` → both).
fn roles_before(before: &str) -> Vec<String> {
    let start = before
        .rfind([',', '。', ';', ':', '(', ' ', '“', '”', '\n'])
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let clause = &before[start..];
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

/// Finds the people of a text.
pub fn find(text: &str) -> Found {
    let mut order: Vec<String> = Vec::new();
    let mut roles: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut short_refs: BTreeSet<String> = BTreeSet::new();
    let note = |name: &str, order: &mut Vec<String>| {
        if !order.iter().any(|n| n == name) {
            order.push(name.to_string());
        }
    };
    for m in CUES.automaton.find_iter(text) {
        let cue = &CUES.kinds[m.pattern().as_usize()];
        if cue.after {
            let before = &text[..m.start()];
            if let Some(name) = name_at_end(before) {
                if name.chars().count() == 2 && CUES.words[m.pattern().as_usize()] == "同志" {
                    short_refs.insert(name.to_string());
                }
                note(name, &mut order);
            }
        }
        if cue.before {
            // 调研组成员:张三、李四 — a colon may stand between the role and the names.
            let rest = text[m.end()..].strip_prefix(':').unwrap_or(&text[m.end()..]);
            let Some(name) = name_at_start(rest, true) else { continue };
            for role in roles_before(&text[..m.end()]) {
                roles.entry(name.to_string()).or_default().insert(role);
            }
            note(name, &mut order);
            let mut after = &rest[name.len()..];
            // X、Y和Z: a list continues with more names.
            while let Some(sep) = after.chars().next().filter(|c| "、和与及".contains(*c)) {
                let next = &after[sep.len_utf8()..];
                let Some(other) = name_at_start(next, false) else { break };
                note(other, &mut order);
                after = &next[other.len()..];
            }
        }
    }
    // 张三,男,汉族 / 李四(女,1975年生): a profile names a person.
    for m in PROFILE.find_iter(text) {
        if let Some(name) = name_at_end(&text[..m.start()]) {
            note(name, &mut order);
        }
    }
    resolve_short_references(order, roles, &short_refs)
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
    Found { names, aliases, roles }
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
    fn roles_are_recorded() {
        let found = find("省人大常委会副主任、党组副书记张东亮会同省商务厅");
        assert_eq!(found.roles["张东亮"], BTreeSet::from(["省人大常委会副主任".to_string(), "党组副书记".to_string()]));
    }
}
