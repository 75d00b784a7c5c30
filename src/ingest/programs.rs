//! Programs: named initiatives. Three general patterns find them:
//! - a quoted name followed by a generic word (“X”活动 / 工程 / 行动 / 机制 / 模式 / 项目 / 计划 /
//!   平台 / 贷 …, possibly with a short descriptor: “X”帮扶机制), or a quoted name that itself
//!   ends in such a word (“X贷款”, “4+模式”);
//! - an unquoted name introduced by a verb (实施 / 开展 / 首创 / 推行 … X计划 / 工程 / 模式);
//! - an unquoted item listed together with quoted programs (X、“Y贷款”和“Z”).
//!
//! Names are written without quote marks; the generic word after a quote becomes the `kind`.
//! Spelling variants of one name (one character apart) become aliases of the most frequent.
//! Owns program detection only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

/// Words that make a quoted phrase a named initiative when they follow it.
const GENERIC: &[&str] = &[
    "活动", "工程", "行动", "机制", "模式", "项目", "计划", "平台", "工作", "创建", "建设", "产品", "贷款", "贷",
    "制度", "体系", "战略", "品牌", "基金", "联盟", "示范", "试点", "服务", "专项",
];

/// Endings that make a quoted phrase a program by themselves.
const SELF_NAMING: &[&str] =
    &["活动", "工程", "行动", "机制", "模式", "项目", "计划", "平台", "贷款", "贷", "基金", "联盟", "行动计划"];

/// Endings of unquoted names after an introducing verb (not 工作, 活动 or 机制: too generic).
const UNQUOTED_ENDINGS: &[&str] = &["计划", "工程", "模式", "行动", "项目"];

/// Verbs that introduce an unquoted program name.
const VERBS: &[&str] =
    &["实施", "开展", "创建", "首创", "推行", "启动", "推出", "推进", "创新", "探索出", "打造", "实行", "试点"];

/// A program found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    /// The generic word it was written with (活动, 工程 …), if any.
    pub kind: Option<String>,
    /// Variant spellings folded into this name.
    pub aliases: BTreeSet<String>,
}

static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[“\u{201c}]([^“”\n]{1,30})”").expect("quoted"));

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

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
const WEAK_GENERIC: &[&str] = &["工作", "服务", "建设", "示范", "试点", "专项"];

/// A quoted phrase plausible as a name: not a sentence, not a lone character.
fn plausible_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !s.ends_with(['。', '!', '!', '?', '?'])
        && s.chars().any(|c| is_han(c) || c.is_ascii_digit())
}

fn self_naming(s: &str) -> bool {
    s.chars().count() >= 3 && SELF_NAMING.iter().any(|g| s.ends_with(g))
}

/// Programs named in quotes.
fn quoted(text: &str, out: &mut Vec<(String, Option<String>, usize)>) {
    for c in QUOTED.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let name = c[1].trim();
        if !plausible_name(name) {
            continue;
        }
        let rest = &text[whole.end()..];
        if let Some(kind) = generic_after(rest) {
            if WEAK_GENERIC.contains(&kind) && text.matches(&format!("“{name}”")).count() < 2 {
                continue;
            }
            out.push((name.to_string(), Some(kind.to_string()), whole.start()));
        } else if self_naming(name) {
            out.push((name.to_string(), None, whole.start()));
        }
    }
}

/// Programs named without quotes after an introducing verb, up to the clause's end.
fn introduced(text: &str, out: &mut Vec<(String, Option<String>, usize)>) {
    for verb in VERBS {
        for (i, _) in text.match_indices(verb) {
            let after = &text[i + verb.len()..];
            let after = after.strip_prefix('了').unwrap_or(after);
            let clause: String = after.chars().take_while(|c| is_han(*c)).take(24).collect();
            let Some(ending) = UNQUOTED_ENDINGS.iter().find(|e| clause.ends_with(**e)) else { continue };
            let stops_at_punct = after[clause.len()..].starts_with(|c: char| !is_han(c));
            let n = clause.chars().count();
            if stops_at_punct && (5..=22).contains(&n) && !clause.contains('的') && !clause.starts_with(ending) {
                out.push((clause.clone(), None, i));
            }
        }
    }
}

/// An unquoted item at the head of a list whose next item is a quoted program.
fn listed_with_quoted(
    text: &str,
    found: &[(String, Option<String>, usize)],
    out: &mut Vec<(String, Option<String>, usize)>,
) {
    for (_, _, at) in found {
        let before = &text[..*at];
        let Some(head) = before.strip_suffix('、') else { continue };
        let start = head
            .rfind(['。', ',', ',', ';', ';', ':', ':', '\n', '”'])
            .map(|i| i + head[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let item = &head[start..];
        let n = item.chars().count();
        if (4..=14).contains(&n) && item.chars().all(is_han) && !item.contains('的') {
            out.push((item.to_string(), None, start));
        }
    }
}

/// Finds the programs of a text, variants folded.
pub fn find(text: &str) -> Vec<Program> {
    let mut raw = Vec::new();
    quoted(text, &mut raw);
    let quoted_hits = raw.clone();
    introduced(text, &mut raw);
    listed_with_quoted(text, &quoted_hits, &mut raw);
    raw.sort_by_key(|(_, _, at)| *at);
    fold_variants(raw)
}

/// Groups names one character apart (same length, one position differs, at least four
/// characters) under the most frequent spelling; ties go to the first mention.
fn fold_variants(raw: Vec<(String, Option<String>, usize)>) -> Vec<Program> {
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
    fn listed_with_quoted_programs() {
        assert_eq!(
            names("用好杠杆。强基富民合作经济、“党员创业贷款”和“互联网+电商”是抓手。"),
            vec!["强基富民合作经济", "党员创业贷款"]
        );
    }

    #[test]
    fn variants_fold_into_the_frequent_spelling() {
        let found = find("“我为脱贫做件事”活动。“我为扶贫做件事”活动。“我为脱贫做件事”活动。");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "我为脱贫做件事");
        assert_eq!(found[0].aliases, BTreeSet::from(["我为扶贫做件事".to_string()]));
    }
}
