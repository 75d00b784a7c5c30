//! Names of ethnic-minority people, which have no Han surname: Tibetan names of two or four
//! characters (扎西次仁, 卓玛), Yi names led by a clan name (吉克阿依), and Uyghur, Kazakh or
//! foreign names written with a middle dot (阿不都热合曼·买买提).
//!
//! Shape tests, a four-character name ending a clause, and the dotted-name scan, built on
//! `shape` (which never calls back here); which contexts introduce a name is `mod`'s job.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::cues;
use super::shape::{Start, first_chars, is_common_word, is_han, last_chars, looks_like_full_name, start_kind};
use crate::lexicon::Words;
use crate::segment;

/// Common elements of Tibetan names (Ü-Tsang, Kham and Amdo spellings); a Tibetan name is two
/// of them or one.
const TIBETAN_ELEMENTS: Words = Words::new("person_cues", "tibetan_element");

/// Leading clan names of Yi names (吉克 + 阿依).
const YI_CLANS: Words = Words::new("person_cues", "yi_clan");

/// Characters of the Tibetan name elements: a two-character Tibetan name is made of them.
static TIBETAN_CHARS: LazyLock<FxHashSet<char>> = LazyLock::new(|| TIBETAN_ELEMENTS.concat().chars().collect());
/// The elements as a set: names are tested against them at every possible start.
static TIBETAN_ELEMENT_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| TIBETAN_ELEMENTS.iter().copied().collect());

/// Characters that spell Uyghur, Kazakh and other non-Han names in transliteration.
const TRANSLIT_CHARS: &str = "阿不都热合曼买提艾力布吐尔逊古丽依拉帕努麦玉苏甫吾卜杜亚森卡德明托赛库班迪米吉肉孜娜扎哈克司马义铁木达西斯沙瓦尼排万祖胡玛喀约塔洪江旦居别叶加汗罕巴图伊兰来穆萨夏其乃再茹莎娅妮坦坎勒赫普山衣特拜尕沙";

/// A name without a Han surname: a Tibetan name of two or four characters, a Yi name, or
/// four characters neither half of which is a dictionary word. Only accepted after a cue.
pub(crate) fn looks_like_unsurnamed_name(s: &str) -> bool {
    match s.chars().count() {
        2 => looks_like_tibetan_pair(s),
        4 => looks_like_four_character_name(s),
        _ => false,
    }
}

/// 卓玛, 次仁: Tibetan syllables, and no common word (a place name reads the same way, so
/// the segmenter's place tag does not count against it).
fn looks_like_tibetan_pair(s: &str) -> bool {
    s.chars().all(|c| TIBETAN_CHARS.contains(&c)) && !is_non_place_word(s)
}

fn is_non_place_word(s: &str) -> bool {
    segment::jieba().has_word(s) && segment::jieba().tag(s, false).first().is_some_and(|t| !t.tag.starts_with("n"))
}

fn looks_like_four_character_name(s: &str) -> bool {
    if !s.chars().all(is_han) || is_common_word(s) || cues::is_address_term(s) {
        return false;
    }
    if looks_like_tibetan_or_yi_name(s) {
        return true;
    }
    let (Some(head), Some(tail)) = (first_chars(s, 2), last_chars(s, 2)) else { return false };
    // A word of running text inside (讲政治敢: 政治) makes it a phrase, whatever its halves.
    let inner_word = segment::jieba()
        .tag(s, false)
        .iter()
        .any(|t| t.word.chars().count() > 1 && !["nr", "nrt", "ns"].contains(&t.tag));
    const PARTICLES: &str = "的了在是和与及等说将把被为从对也都就又还却这那个年月日们村乡镇县市区省州局委办会部";
    // 所急所盼, 一心一意: a set phrase repeats its first character in third place; a name
    // followed by 家 or 率 (王明远家, 王明远率) is a shorter name and the word after it.
    let chars: Vec<char> = s.chars().collect();
    let set_phrase = chars[0] == chars[2] || chars[1] == chars[3];
    let ends_on_follower = super::shape::END_FOLLOWERS.contains(chars[3]);
    !inner_word
        && !set_phrase
        && !ends_on_follower
        && !s.chars().any(|c| PARTICLES.contains(c))
        && !segment::jieba().has_word(head)
        && !segment::jieba().has_word(tail)
}

/// Four characters made of two Tibetan name elements (扎西次仁), or a Yi clan name and a
/// given name (吉克阿依).
pub(crate) fn looks_like_tibetan_or_yi_name(s: &str) -> bool {
    if s.chars().count() != 4 || !s.chars().all(is_han) {
        return false;
    }
    let (Some(head), Some(tail)) = (first_chars(s, 2), last_chars(s, 2)) else { return false };
    let tibetan_half = |h: &str| TIBETAN_ELEMENT_SET.contains(h) || looks_like_tibetan_pair(h);
    let shaped =
        if YI_CLANS.contains(&head) { !is_non_place_word(tail) } else { tibetan_half(head) && tibetan_half(tail) };
    shaped && !is_common_word(s)
}

/// A Tibetan or Yi name of four characters ending `text`, at a clause boundary or after a
/// role (尼玛次仁说): such names carry no surname, so only their elements identify them.
pub(crate) fn name_at_end(text: &str) -> Option<&str> {
    let cand = last_chars(text, 4)?;
    (looks_like_tibetan_or_yi_name(cand) && start_kind(&text[..text.len() - cand.len()]) == Start::Strong)
        .then_some(cand)
}

/// A Han name (surname and given name) or one without a Han surname, as a role or relation
/// word may introduce either (`shape::name_at_start` after a cue).
pub(crate) fn full_or_unsurnamed(s: &str) -> bool {
    looks_like_full_name(s) || looks_like_unsurnamed_name(s)
}

/// Middle dots that join the parts of a transliterated name.
const DOTS: &[char] = &['·', '•', '‧', '・'];

/// Names written with a middle dot (艾力·买买提): each part spelled mostly with
/// transliteration characters, the first part starting at a clause boundary or right after a
/// role or relation word (村民X·Y, 妻子X·Y), or a Han-surnamed first part (王德提·买买提).
pub(crate) fn dotted_names(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, dot) in text.char_indices().filter(|(_, c)| DOTS.contains(c)) {
        let (Some(head), Some(tail)) = (dotted_head(&text[..at]), dotted_tail(&text[at + dot.len_utf8()..])) else {
            continue;
        };
        let joined: String = head.chars().chain(tail.chars()).collect();
        let share =
            joined.chars().filter(|c| TRANSLIT_CHARS.contains(*c)).count() as f32 / joined.chars().count() as f32;
        if share >= MIN_TRANSLIT_SHARE {
            found.push(format!("{head}·{tail}"));
        }
    }
    found
}

/// Share of transliteration characters a dotted name needs (奋战一百天·攻坚再出发 has none).
const MIN_TRANSLIT_SHARE: f32 = 0.7;

/// The longest run of 2–8 Han characters before a dot that starts at a boundary.
fn dotted_head(before: &str) -> Option<&str> {
    for n in (2..=8).rev() {
        let Some(head) = last_chars(before, n) else { continue };
        if !head.chars().all(is_han) {
            continue;
        }
        let prefix = &before[..before.len() - head.len()];
        let boundary = prefix.chars().next_back().is_none_or(|c| !is_han(c) || "的是和与及".contains(c))
            || cues::ends_with_role(prefix);
        // 爱人X·Y: the relation before the name is not part of it.
        let cue_inside = (0..n - 1).any(|skip| {
            head.char_indices()
                .nth(skip)
                .is_some_and(|(i, _)| cues::cue_at_start(&head[i..]).is_some_and(|(c, _)| c.before))
        });
        if boundary && !cue_inside && !cues::is_address_term(head) && !is_common_word(head) {
            return Some(head);
        }
    }
    None
}

/// The part after a dot: transliteration characters, 2–10 of them.
fn dotted_tail(after: &str) -> Option<&str> {
    let end = after
        .char_indices()
        .take_while(|(_, c)| TRANSLIT_CHARS.contains(*c))
        .take(10)
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let tail = &after[..end];
    (tail.chars().count() >= 2).then_some(tail)
}
