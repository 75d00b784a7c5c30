//! Programs: named initiatives. These general patterns find them:
//! - a quoted name followed by a generic word (“X”活动 / 工程 / 行动 / 机制 / 模式 / 项目 / 计划 /
//!   平台 / 贷 …, possibly with a short descriptor: “X”帮扶机制), or a quoted name that itself
//!   ends in such a word (“X贷款”, “4+模式”); a quote inside a quote is judged as a quote of its
//!   own (“‘1+3联户帮扶’”), and one quote listing self-naming names gives each (“A行动、B工程”);
//! - a bracketed name ending in such a word (【某某工作室】, 【某某行动】);
//! - an unquoted name introduced by a verb (实施 / 开展 / 首创 / 推行 … X计划 / 工程 / 模式);
//! - an unquoted item listed together with quoted programs (X、“Y贷款”和“Z”);
//! - numbered formulas in quotes (“三清三拆”, “1+6”, “六大员”): policy packages are named by a count;
//! - unquoted names of other shapes (`programs_unquoted`): year-prefixed events
//!   (2020某某农货节), the plan a notice issues (印发《2019年…工作要点》) and the east–west
//!   pairings named by two province abbreviations (闽宁协作, 沪滇扶贫协作).
//!
//! Slogans and general policy words (精准扶贫, 脱贫攻坚, 两不愁三保障) are never programs, nor is
//! a program's own plan (《X工作实施方案》 beside “X”活动).
//!
//! Names are written without quote marks; the generic word after a quote becomes the `kind`.
//! Spelling variants of one name (one character apart) become aliases of the most frequent.
//! Owns program detection only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::shape::is_han;
use crate::lexicon::Words;

mod unquoted;

/// Words that make a quoted phrase a named initiative when they follow it.
const GENERIC: Words = Words::new("program_words", "generic");

/// Generic words that belong to the name itself: “三权分置”改革 is called 三权分置改革.
const FUSED: Words = Words::new("program_words", "fused");

/// Endings that make a quoted phrase a program by themselves.
const SELF_NAMING: Words = Words::new("program_words", "self_naming");

/// Endings of unquoted names after an introducing verb (not 工作, 活动 or 机制: too generic).
const UNQUOTED_ENDINGS: Words = Words::new("program_words", "unquoted_ending");

/// Verbs that introduce an unquoted program name.
const VERBS: Words = Words::new("program_words", "verb");

/// A program found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Program {
    pub(crate) name: String,
    /// The generic word it was written with (活动, 工程 …), if any.
    pub(crate) kind: Option<String>,
    /// Variant spellings folded into this name.
    pub(crate) aliases: BTreeSet<String>,
}

/// Double quotes, or single quotes (‘六大员’) that some pages use for names.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"“([^“”\n]{1,30})”|‘([^‘’“”\n]{1,30})’").expect("quoted"));

/// Single quotes inside a double-quoted phrase.
static INNER_QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"‘([^‘’]{1,30})’").expect("inner quoted"));

/// A name in square brackets.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"【([^【】\n]{2,24})】").expect("bracketed"));

/// The generic word that ends the short descriptor after a quote (帮扶机制 → 机制,
/// 服务平台 → 平台). The descriptor stops at the first particle or punctuation.
fn generic_after(rest: &str) -> Option<&'static str> {
    let descriptor: String = rest.chars().take_while(|c| is_han(*c) && !PARTICLES.contains(*c)).take(8).collect();
    (0..descriptor.len())
        .rev()
        .filter(|i| descriptor.is_char_boundary(*i))
        .find_map(|i| GENERIC.iter().copied().filter(|g| descriptor[i..].starts_with(g)).max_by_key(|g| g.len()))
}

/// Characters that end a descriptor: “X”等活动 is a list, not a name.
const PARTICLES: &str = "的等和与及为是在把将了着被";

/// Generic words too common to name a program from one mention (“X”工作).
const WEAK_GENERIC: Words = Words::new("program_words", "weak_generic");

/// A quoted phrase plausible as a name: not a sentence, not a lone character.
fn plausible_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n) && !s.ends_with(['。', '!', '?']) && s.chars().any(|c| is_han(c) || c.is_ascii_digit())
}

/// A policy package named by a count or a code: “三清三拆”, “六大员”, “八个一批”, “1+6”, “3+X”.
/// Reports quote such formulas only as names; common words that open with a numeral (一把手,
/// 一站式) are dictionary words, and arithmetic (“1+1>2”) is no name.
fn numbered_formula(s: &str) -> bool {
    let core: String = s.chars().filter(|c| !"、,,·• ".contains(*c)).collect();
    let n = core.chars().count();
    let Some(first) = core.chars().next() else { return false };
    if first.is_ascii_digit() {
        let code_chars = core.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || is_han(c));
        return (3..=12).contains(&n) && core.contains('+') && code_chars;
    }
    const NUMERALS: &str = "一二三四五六七八九十两双百千万";
    let numerals = core.chars().filter(|c| NUMERALS.contains(*c)).count();
    NUMERALS.contains(first)
        && core.chars().all(is_han)
        && (2..=12).contains(&n)
        && (n <= 4 || numerals >= 2)
        && !crate::segment::jieba().has_word(&core)
}

fn self_naming(s: &str) -> bool {
    s.chars().count() >= 3 && SELF_NAMING.iter().any(|g| s.ends_with(g))
}

/// A program found at a byte offset, with the generic word written after it.
type Found = (String, Option<String>, usize);

/// Programs named in quotes. A quote inside a quote (“‘1+3联户帮扶’”, “深化‘三权分置’改革”) is
/// judged as a quote of its own, followed by the rest of the outer quote; the outer quote is
/// judged without the inner marks, unless the inner quote is all it holds.
fn quoted(text: &str, out: &mut Vec<Found>) {
    for c in QUOTED.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let Some(content) = c.get(1).or(c.get(2)) else { continue };
        let rest = &text[whole.end()..];
        let quoted_twice = text.matches(whole.as_str()).count() >= 2;
        let mut only_inner = false;
        for inner in INNER_QUOTED.captures_iter(content.as_str()) {
            let (mark, name) = (inner.get(0).expect("match"), inner.get(1).expect("group"));
            let inner_rest = &content.as_str()[mark.end()..];
            only_inner = mark.start() == 0 && inner_rest.is_empty();
            let after = if inner_rest.trim().is_empty() { rest } else { inner_rest };
            let twice = text.matches(mark.as_str()).count() >= 2;
            judge(name.as_str().trim(), after, twice, content.start() + name.start(), out);
        }
        if !only_inner {
            let name: String = content.as_str().chars().filter(|c| !"‘’".contains(*c)).collect();
            judge(name.trim(), rest, quoted_twice, whole.start(), out);
        }
    }
}

/// A quoted `name` followed by `rest`: a program when a generic word follows it, when it ends
/// in one itself, or when it is a numbered formula; one quote holding several self-naming
/// names (“某某行动、某某工程”) gives each of them.
fn judge(name: &str, rest: &str, quoted_twice: bool, at: usize, out: &mut Vec<Found>) {
    if !plausible_name(name) {
        return;
    }
    if let Some(parts) = listed_names(name) {
        out.extend(parts.into_iter().map(|(part, offset)| (part.to_string(), None, at + offset)));
        return;
    }
    let kind = generic_after(rest).filter(|k| !WEAK_GENERIC.contains(k) || quoted_twice);
    if let Some(kind) = kind {
        let name = if FUSED.contains(&kind) { format!("{name}{kind}") } else { name.to_string() };
        out.push((name, Some(kind.to_string()), at));
    } else if self_naming(name) || numbered_formula(name) {
        out.push((name.to_string(), None, at));
    }
}

/// “某某行动、某某工程”: items joined by 、 that each end in a self-naming word and are no kind
/// of thing (利益联结机制; a count, 百企进百村, makes it particular), with their byte offsets in
/// `name`. “联万户、帮千家” is one name.
fn listed_names(name: &str) -> Option<Vec<(&str, usize)>> {
    if !name.contains('、') {
        return None;
    }
    let mut parts = Vec::new();
    let mut offset = 0;
    for part in name.split('、') {
        let ending = SELF_NAMING.iter().filter(|g| part.ends_with(**g)).max_by_key(|g| g.len())?;
        let head = &part[..part.len() - ending.len()];
        let counted = head.chars().any(|c| "一二三四五六七八九十百千万".contains(c));
        if part.chars().count() < 4 || !part.chars().all(is_han) || (is_kind_of_thing(head) && !counted) {
            return None;
        }
        parts.push((part, offset));
        offset += part.len() + '、'.len_utf8();
    }
    Some(parts)
}

/// Names in square brackets, as pages set off a studio or a campaign (【某某工作室】,
/// 【某某行动】): a bracket is a program when its name ends in a self-naming word; column tags
/// (【决胜小康】) and page controls (【打印】) do not.
fn bracketed(text: &str, out: &mut Vec<Found>) {
    for c in BRACKETED.captures_iter(text) {
        let m = c.get(1).expect("group");
        let name = m.as_str().trim_matches(['“', '”', '‘', '’']);
        if plausible_name(name) && name.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric()) && self_naming(name) {
            out.push((name.to_string(), None, m.start()));
        }
    }
}

/// Programs named without quotes after an introducing verb, up to the clause's end.
fn introduced(text: &str, out: &mut Vec<Found>) {
    for verb in VERBS {
        for (i, _) in text.match_indices(verb) {
            let after = &text[i + verb.len()..];
            let after = after.strip_prefix('了').unwrap_or(after);
            let clause: String = after.chars().take_while(|c| is_han(*c)).take(24).collect();
            let Some(ending) = UNQUOTED_ENDINGS.iter().find(|e| clause.ends_with(**e)) else { continue };
            let stops_at_punct = after[clause.len()..].starts_with(|c: char| !is_han(c));
            let n = clause.chars().count();
            let generic = is_kind_of_thing(&clause[..clause.len() - ending.len()]);
            if stops_at_punct
                && (5..=22).contains(&n)
                && !clause.contains('的')
                && !clause.starts_with(ending)
                && !generic
            {
                out.push((clause.clone(), None, i));
            }
        }
    }
}

/// 创新生产经营模式, 推行规模养殖模式: one or two plain nouns or verbs before the ending name a
/// kind of thing, not a particular one (a name carries a place, a number or a coinage).
fn is_kind_of_thing(head: &str) -> bool {
    let tags = crate::segment::jieba().tag(head, true);
    tags.len() <= 2 && tags.iter().all(|t| t.word.chars().count() >= 2 && ["n", "v", "vn", "d", "a"].contains(&t.tag))
}

/// An unquoted item at the head of a list whose next item is a quoted program.
fn listed_with_quoted(text: &str, found: &[Found], out: &mut Vec<Found>) {
    for (_, _, at) in found {
        let before = &text[..*at];
        let Some(head) = before.strip_suffix('、') else { continue };
        let start = head
            .rfind(['。', ',', ';', ':', '\n', '”'])
            .map(|i| i + head[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let item = after_last_verb(&head[start..]);
        let n = item.chars().count();
        if (4..=14).contains(&n) && item.chars().all(is_han) && !item.contains('的') {
            out.push((item.to_string(), None, start));
        }
    }
}

/// A list's first item starts after the verb that introduces the list (先后举办了X、“Y”).
fn after_last_verb(item: &str) -> &str {
    const LIST_VERBS: Words = Words::new("program_words", "list_verb");
    let cut = LIST_VERBS
        .iter()
        .filter_map(|v| item.rfind(v).map(|i| i + v.len()))
        .max()
        .map(|end| if item[end..].starts_with('了') { end + '了'.len_utf8() } else { end });
    cut.map_or(item, |end| &item[end..])
}

/// National policy words and slogans that every report repeats: they name the policy, not an
/// initiative of the report, even when quoted (“精准扶贫”, “两不愁、三保障”).
const GENERAL_POLICY: Words = Words::new("program_words", "general_policy");

fn is_general_policy(name: &str) -> bool {
    let core: String = name.chars().filter(|c| !"、,,·• ".contains(*c)).collect();
    GENERAL_POLICY.contains(&core.as_str())
}

/// Finds the programs of a text, variants folded.
pub(crate) fn find(text: &str) -> Vec<Program> {
    let mut raw = Vec::new();
    quoted(text, &mut raw);
    let quoted_hits = raw.clone();
    bracketed(text, &mut raw);
    introduced(text, &mut raw);
    listed_with_quoted(text, &quoted_hits, &mut raw);
    raw.extend(unquoted::find(text).into_iter().map(|(name, at)| (name, None, at)));
    raw.retain(|(name, _, _)| !is_general_policy(name));
    let found: BTreeSet<String> = raw.iter().map(|(name, _, _)| name.clone()).collect();
    raw.retain(|(name, _, _)| !found.iter().any(|p| unquoted::document_of(name, p)));
    raw.sort_by_key(|(_, _, at)| *at);
    fold_variants(raw)
}

/// Groups names one character apart (same length, one position differs, at least four
/// characters) under the most frequent spelling; ties go to the first mention.
fn fold_variants(raw: Vec<Found>) -> Vec<Program> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, _, _) in &raw {
        *counts.entry(name).or_default() += 1;
    }
    let mut programs: Vec<Program> = Vec::new();
    let mut order: Vec<&str> = Vec::new();
    for (name, _, _) in &raw {
        if !order.contains(&name.as_str()) {
            order.push(name);
        }
    }
    // Most frequent first, so variants fold into the dominant spelling.
    let mut by_weight = order.clone();
    by_weight.sort_by_key(|n| (std::cmp::Reverse(counts[n]), order.iter().position(|o| o == n)));
    let mut canonical: BTreeMap<&str, &str> = BTreeMap::new();
    for name in &by_weight {
        let head =
            by_weight.iter().take_while(|h| *h != name).find(|h| canonical.get(*h) == Some(*h) && one_apart(h, name));
        canonical.insert(name, head.copied().unwrap_or(name));
    }
    for name in order {
        let head = canonical[name];
        let kind = raw.iter().find(|(n, k, _)| n == head && k.is_some()).and_then(|(_, k, _)| k.clone());
        match programs.iter_mut().find(|p| p.name == head) {
            Some(p) => {
                if head != name {
                    p.aliases.insert(name.to_string());
                }
            }
            None => {
                let mut aliases = BTreeSet::new();
                if head != name {
                    aliases.insert(name.to_string());
                }
                programs.push(Program { name: head.to_string(), kind, aliases });
            }
        }
    }
    programs
}

fn one_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() == b.len() && a.len() >= 4 && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(text).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn quoted_names_with_generic_words() {
        assert_eq!(names("深入开展“联万户、帮千家”活动,形成合力。"), vec!["联万户、帮千家"]);
        assert_eq!(names("对“三个一”帮扶机制落实情况进行督导"), vec!["三个一"]);
        let p = &find("某县“千百十”工程 助力脱贫")[0];
        assert_eq!((p.name.as_str(), p.kind.as_deref()), ("千百十", Some("工程")));
    }

    #[test]
    fn quoted_names_that_name_themselves() {
        assert_eq!(names("推出了“花椒贷”金融产品"), vec!["花椒贷"]);
        assert_eq!(names("全县累计发放“党员创业贷款”4210万元"), vec!["党员创业贷款"]);
        assert_eq!(names("探索出“3+模式”"), vec!["3+模式"]);
    }

    #[test]
    fn quoted_words_that_are_not_programs() {
        assert!(names("发挥政协“桥梁”作用,变“输血”为“造血”。").is_empty());
        assert!(names("他说:“去年收入7万多元。”").is_empty());
        assert!(names("“创先争优”等活动").is_empty());
    }

    #[test]
    fn unquoted_names_after_verbs() {
        assert_eq!(names("根据需要,实施社会组织能力提升计划,依托高校培训。"), vec!["社会组织能力提升计划"]);
        assert_eq!(names("在全国首创社区集成扶贫模式,通过健全体系。"), vec!["社区集成扶贫模式"]);
        assert!(names("开展了脱贫攻坚帮扶项目推介活动,").is_empty());
    }

    #[test]
    fn a_kind_of_thing_after_a_verb_is_no_name() {
        assert!(names("要积极探索创新经营管理模式,拓宽渠道。").is_empty());
    }

    #[test]
    fn listed_with_quoted_programs() {
        assert_eq!(
            names("用好杠杆。强基富民合作经济、“党员创业贷款”和“互联网+电商”是抓手。"),
            vec!["强基富民合作经济", "党员创业贷款"]
        );
    }

    #[test]
    fn numbered_formulas_are_names() {
        assert_eq!(names("落实好两地“1+6”合作框架协议"), vec!["1+6"]);
        assert_eq!(names("推广“3+X”帮带办法"), vec!["3+X"]);
        assert_eq!(names("落实“五个一批”要求,推行“两联一包”。"), vec!["五个一批", "两联一包"]);
        assert!(names("产生“1+1>2”的效应").is_empty(), "arithmetic is no name");
        assert!(names("他是村里的“一把手”").is_empty(), "a dictionary word is no formula");
    }

    #[test]
    fn single_quotes_name_too() {
        assert_eq!(names("要求他们当好‘六大员’,履行职责"), vec!["六大员"]);
        assert!(names("“爱心‘红’帮扶”").iter().all(|n| n != "红"));
    }

    #[test]
    fn a_reform_keeps_its_word() {
        let p = &find("积极推进“三权分置”改革,盘活资源")[0];
        assert_eq!((p.name.as_str(), p.kind.as_deref()), ("三权分置改革", Some("改革")));
    }

    #[test]
    fn campaigns_named_by_their_form() {
        assert_eq!(names("“走进新时代·共奔小康路”网络媒体行走进某县"), vec!["走进新时代·共奔小康路"]);
        assert_eq!(names("“我的扶贫故事”主题征文大赛落下帷幕"), vec!["我的扶贫故事"]);
    }

    #[test]
    fn general_policy_words_are_not_programs() {
        assert!(names("围绕“两不愁、三保障”目标,坚持“精准扶贫”方略").is_empty());
        assert!(names("实施“乡村振兴”战略").is_empty());
    }

    #[test]
    fn a_list_starts_after_its_verb() {
        assert_eq!(names("先后举办了县级农产品推介周、“云上年货”活动"), vec!["县级农产品推介周", "云上年货"]);
    }

    #[test]
    fn variants_fold_into_the_frequent_spelling() {
        let found = find("“我为脱贫做件事”活动。“我为扶贫做件事”活动。“我为脱贫做件事”活动。");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "我为脱贫做件事");
        assert_eq!(found[0].aliases, BTreeSet::from(["我为扶贫做件事".to_string()]));
    }

    #[test]
    fn a_quote_inside_a_quote_is_a_name() {
        assert_eq!(names("推行“‘2+4联户帮扶’”模式,"), vec!["2+4联户帮扶"]);
        assert_eq!(names("县里“全面推进‘林下三权分置’改革”,成效明显"), vec!["林下三权分置改革"]);
        assert!(names("他说:“大家都叫我‘老黄牛’。”").is_empty(), "a nickname in quoted speech is no program");
        assert!(names("“消费帮扶‘青’你同行”主题展开幕").iter().all(|n| n != "青"));
    }

    #[test]
    fn one_quote_listing_two_names_gives_both() {
        assert_eq!(names("全面开展“百企进百村行动、千名医生下乡工程”,"), vec!["百企进百村行动", "千名医生下乡工程"]);
        assert_eq!(
            names("深入开展“联万户、帮千家”活动"),
            vec!["联万户、帮千家"],
            "items without own endings are one name"
        );
    }

    #[test]
    fn a_programs_own_plan_is_no_second_program() {
        assert_eq!(names("开展“我为乡亲办实事”活动,下发《我为乡亲办实事工作实施方案》。"), vec!["我为乡亲办实事"]);
    }

    #[test]
    fn bracketed_studio_and_campaign_names() {
        assert_eq!(names("【石榴籽工作室】成立以来,帮扶30户"), vec!["石榴籽工作室"]);
        assert_eq!(names("今年推出【山花助学行动】,"), vec!["山花助学行动"]);
        assert!(names("【决胜小康】某县开展帮扶").is_empty(), "a column tag is no program");
        assert!(names("【打印】【关闭】").is_empty());
    }
}
