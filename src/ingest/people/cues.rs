//! The words that introduce people in reports, and the one automaton that finds them: roles
//! and relations written before a name (副县长 X, 妻子 X), titles after it (X同志, X书记), and
//! what people do right after their name (X说, X陪同, X一行).
//!
//! Word lists only; where a name starts and ends is `shape`'s job.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Roles and labels written right before a name. Chains of titles (县委常委、组织部长X) end in
/// one of these, so the last one is enough to find the name.
pub(crate) const ROLE_BEFORE: &[&str] = &[
    "政协委员", "人大代表", "党代表", "委员", "代表", "村民", "居民", "农民", "牧民", "党员", "老党员", "贫困户",
    "脱贫户", "联系户", "帮扶户", "户主", "村支书", "支书", "书记", "副书记", "第一书记", "主任", "副主任", "主席",
    "副主席", "会长", "副会长", "会员", "理事长", "秘书长", "董事长", "总经理", "经理", "厂长", "县长", "副县长",
    "市长", "副市长", "区长", "副区长", "州长", "副州长", "省长", "副省长", "乡长", "副乡长", "镇长", "副镇长", "村长",
    "组长", "队长", "局长", "副局长", "厅长", "副厅长", "部长", "副部长", "处长", "科长", "所长", "站长", "院长",
    "校长", "老师", "教师", "医生", "村医", "记者", "通讯员", "专家", "教授", "研究员", "工程师", "技术员", "负责人",
    "创始人", "带头人", "大学生", "村官", "志愿者", "社长", "常委", "调研员", "巡视员", "驻村干部", "帮扶干部",
    "网格员", "本村", "同村", "同村的", "村里的", "老人", "妇女", "青年", "致富能手", "能人", "乡贤", "法人", "理事",
    "监事", "组织委员", "宣传委员", "副队长", "指导员", "主持人", "成员", "组员",
    // Party-committee and united-front titles (民主党派的主委, 专职副主委).
    "主委", "副主委", "专员", "干事", "政委", "行长", "馆长", "检察长", "庭长", "主编", "总编辑", "督导员",
    // Cadres and workers introduced by what they are (女干部X, 村干部X, 护林员X).
    "干部", "女干部", "村干部", "职工", "员工", "工人", "会计", "文书", "护林员", "护士", "保洁员", "讲解员", "辅导员",
    "联络员", "信息员", "管护员", "宣讲员",
    // Officials named as a body before a list (县领导X、Y陪同, 市领导X出席).
    "领导", "县领导", "市领导", "区领导",
    // Villagers named by their household's kind (养殖户X, 低保户X) or by who they are.
    "养殖户", "种植户", "农户", "示范户", "困难户", "低保户", "五保户", "搬迁户", "监测户", "群众", "村民小组长",
    "女孩", "男孩", "孩子", "学生", "小学生", "中学生", "老汉", "老支书", "老书记", "老村长", "残疾人", "帮扶对象",
    "结对户", "同学",
];

/// Family relations that introduce a villager in human-interest stories (X的妻子Y, 小女儿Y).
pub(crate) const RELATIONS: &[&str] = &[
    "妻子", "丈夫", "爱人", "老伴", "儿子", "女儿", "大女儿", "小女儿", "二女儿", "大儿子", "小儿子", "二儿子", "长子",
    "次子", "长女", "次女", "孙子", "孙女", "父亲", "母亲", "哥哥", "弟弟", "姐姐", "妹妹", "儿媳", "女婿", "媳妇",
    "公公", "婆婆",
];

/// Titles and honorifics written right after a name.
pub(crate) const TITLE_AFTER: &[&str] = &[
    "同志", "先生", "女士", "总书记", "书记", "副书记", "主任", "副主任", "主席", "副主席", "县长", "副县长", "市长",
    "副市长", "省长", "副省长", "区长", "副区长", "州长", "局长", "部长", "厅长", "院士", "教授", "老师", "会长",
    "委员长", "总理", "副总理", "一家", "夫妇", "老人", "大爷", "大娘", "同学",
];

/// What a person does right after the name: speaking (X说, X告诉记者), leading or joining a
/// visit (X带队, X陪同, X一行, X等人). Weaker than a title: a verb follows many nouns, so the
/// name before it must be clearly delimited and look like a name (see `shape`).
pub(crate) const ACTS_AFTER: &[&str] = &[
    "说", "说道", "问", "问道", "笑道", "讲述", "表示", "介绍", "告诉", "坦言", "感慨", "回忆", "笑着说", "致辞",
    "讲话", "指出", "强调", "主持", "宣布", "陪同", "参加", "出席", "带队", "率队", "一行", "等人", "等同志", "带领",
    "分别陪同",
];

/// How a cue word introduces a name.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cue {
    /// A name follows (村民X).
    pub(crate) before: bool,
    /// A relation, not a role: recorded as no role.
    pub(crate) relation: bool,
    /// A name precedes as the holder of a title (X书记).
    pub(crate) title_after: bool,
    /// A name precedes as the one who acts (X说).
    pub(crate) act_after: bool,
}

pub(crate) struct Cues {
    pub(crate) automaton: AhoCorasick,
    pub(crate) kinds: Vec<Cue>,
    pub(crate) words: Vec<&'static str>,
}

pub(crate) static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut words: Vec<&'static str> =
        ROLE_BEFORE.iter().chain(RELATIONS).chain(TITLE_AFTER).chain(ACTS_AFTER).copied().collect();
    words.sort();
    words.dedup();
    let kinds = words
        .iter()
        .map(|w| Cue {
            before: ROLE_BEFORE.contains(w) || RELATIONS.contains(w),
            relation: RELATIONS.contains(w),
            title_after: TITLE_AFTER.contains(w),
            act_after: ACTS_AFTER.contains(w),
        })
        .collect();
    let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&words).expect("cue automaton");
    Cues { automaton, kinds, words }
});

/// The longest cue word, in characters.
const LONGEST_CUE: usize = 6;

/// The cue word `text` starts with, if any.
pub(crate) fn cue_at_start(text: &str) -> Option<(Cue, &'static str)> {
    // Only the head can hold a cue at 0: searching the whole rest would make every call
    // linear in the report's length.
    let head = text.char_indices().nth(LONGEST_CUE).map_or(text, |(i, _)| &text[..i]);
    let m = CUES.automaton.find(head).filter(|m| m.start() == 0)?;
    Some((CUES.kinds[m.pattern().as_usize()], CUES.words[m.pattern().as_usize()]))
}

/// Whether one of the last 1–6 characters of `text` is in `set`, as a suffix.
fn has_suffix_in(text: &str, set: &HashSet<&'static str>) -> bool {
    text.char_indices().rev().take(LONGEST_CUE).any(|(i, _)| set.contains(&text[i..]))
}

static ROLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ROLE_BEFORE.iter().chain(RELATIONS).copied().collect());

static ADDRESSES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TITLE_AFTER.iter().chain(ROLE_BEFORE).chain(RELATIONS).chain(ADDRESS_TERMS).copied().collect());

/// Whether `text` ends with a role or relation word (the cue right before a name).
pub(crate) fn ends_with_role(text: &str) -> bool {
    has_suffix_in(text, &ROLES)
}

/// Whether `s` is, or ends with, a title or form of address (王书记, 李大爷 are no names).
pub(crate) fn is_address_term(s: &str) -> bool {
    has_suffix_in(s, &ADDRESSES)
}

/// How people are addressed by surname in stories (老王, 王大姐, 李阿姨): never a given name.
const ADDRESS_TERMS: &[&str] = &[
    "大姐", "大哥", "大妈", "大婶", "大叔", "阿姨", "叔叔", "奶奶", "爷爷", "师傅", "老板", "总", "工", "老", "姐",
    "哥", "嫂", "婶", "叔", "伯", "姨", "爷", "奶", "某", "氏",
];

/// Manner words between a speaker and 说 (王明远高兴地说, 李秀兰笑着说): the name ends where
/// the manner begins.
pub(crate) fn strip_manner(before: &str) -> Option<&str> {
    let trimmed = before.strip_suffix('地').or_else(|| before.strip_suffix('着'))?;
    (1..=3).rev().find_map(|n| {
        let cut = trimmed.char_indices().rev().nth(n - 1).map(|(i, _)| i)?;
        MANNERS.contains(&&trimmed[cut..]).then(|| &trimmed[..cut])
    })
}

/// Adverbs of manner written before 地说 / 着说.
const MANNERS: &[&str] = &[
    "高兴", "激动", "感慨", "动情", "自豪", "认真", "兴奋", "开心", "坚定", "笑", "笑眯眯", "乐呵呵", "深有感触",
    "感激", "欣慰", "满意", "平静", "骄傲", "由衷", "诚恳",
];
