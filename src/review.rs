//! The editors' review list: what an editor should look at after an ingest, printed by
//! `check` and by `serve` after it re-ingests.
//!
//! Owns three questions asked of loaded content: which entity pages no report names, which
//! names are likely one entity written two ways (one character apart, or a short form and a
//! full form) without being merged, and (handed in by the caller, who ran ingest) which
//! corrections no longer match. It reads content only through `site::load`, and decides and
//! changes nothing.
//!
//! Must not: run ingest or the site build, or write anything.

use std::collections::{BTreeMap, BTreeSet};

use std::path::Path;

use anyhow::Result;

use crate::progress::Progress;
use crate::site::body::Bodies;
use crate::site::ids::Kind;
use crate::site::load::{self, Content};

/// What the review found, each item a line for the terminal.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Review {
    /// Entity pages whose name and aliases no report gives.
    pub(crate) unnamed: Vec<String>,
    /// Pairs of names that are likely one entity, not merged.
    pub(crate) duplicates: Vec<String>,
    /// Corrections that matched nothing (`path:line: …`), from ingest.
    pub(crate) stale_corrections: Vec<String>,
    /// Printings just below the copy threshold (`A: likely a copy of B …`), from ingest.
    pub(crate) likely_copies: Vec<String>,
}

impl Review {
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.unnamed.is_empty()
            && self.duplicates.is_empty()
            && self.stale_corrections.is_empty()
            && self.likely_copies.is_empty()
    }

    /// Every item, grouped, in a stable order.
    pub(crate) fn lines(&self) -> Vec<String> {
        let unnamed = self.unnamed.iter().map(|l| format!("unused page: {l}"));
        let duplicates = self.duplicates.iter().map(|l| format!("likely duplicate: {l}"));
        let stale = self.stale_corrections.iter().map(|l| format!("stale correction: {l}"));
        let copies = self.likely_copies.iter().map(|l| format!("likely copy: {l}"));
        unnamed.chain(duplicates).chain(stale).chain(copies).collect()
    }
}

/// Loads the content folder and reviews it.
pub(crate) fn of_folder(content: &Path, stale_corrections: Vec<String>) -> Result<Review> {
    Ok(review(&load::load(content, Bodies::Reread)?, stale_corrections))
}

/// Prints the review list on stderr: always (like warnings), since editors running with
/// `--quiet` still need it; one summary line when there is nothing to look at.
pub(crate) fn print(review: &Review, progress: &Progress) {
    let lines = review.lines();
    if lines.is_empty() {
        progress.info("review: nothing for an editor to look at");
        return;
    }
    progress.warn(format!(
        "review: {} unused page(s), {} likely duplicate(s), {} stale correction(s), {} likely copy(ies):",
        review.unnamed.len(),
        review.duplicates.len(),
        review.stale_corrections.len(),
        review.likely_copies.len()
    ));
    for line in lines {
        progress.always(format!("  {line}"));
    }
}

/// Reviews loaded content; `stale_corrections` come from the ingest the caller ran.
pub(crate) fn review(content: &Content, stale_corrections: Vec<String>) -> Review {
    let mut review = Review { stale_corrections, ..Review::default() };
    for kind in Kind::ALL {
        let entities = entities_of(content, kind);
        review.unnamed.extend(unnamed(&entities));
        review.duplicates.extend(duplicates(content, kind, &entities));
    }
    review
}

/// One entity as the content knows it: a page (name and aliases) or a name reports give that
/// has no page.
struct Entity {
    names: Vec<String>,
    page: Option<String>,
    named: bool,
}

fn report_names(content: &Content, kind: Kind) -> impl Iterator<Item = &[String]> {
    content.reports.iter().map(move |r| match kind {
        Kind::County => r.front.counties.as_slice(),
        Kind::Person => r.front.people.as_slice(),
        Kind::Program => r.front.programs.as_slice(),
    })
}

fn entities_of(content: &Content, kind: Kind) -> Vec<Entity> {
    let named: BTreeSet<&str> = report_names(content, kind).flatten().map(String::as_str).collect();
    let mut entities: Vec<Entity> = Vec::new();
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for page in content.entities.iter().filter(|e| e.front.kind() == kind) {
        let names: Vec<String> =
            std::iter::once(page.front.name().to_string()).chain(page.front.aliases().iter().cloned()).collect();
        covered.extend(std::iter::once(page.front.name()).chain(page.front.aliases().iter().map(String::as_str)));
        let used = names.iter().any(|n| named.contains(n.as_str()));
        entities.push(Entity { names, page: Some(page.path.clone()), named: used });
    }
    for name in named.iter().filter(|n| !covered.contains(*n)) {
        entities.push(Entity { names: vec![name.to_string()], page: None, named: true });
    }
    entities
}

fn unnamed(entities: &[Entity]) -> Vec<String> {
    entities
        .iter()
        .filter(|e| !e.named)
        .filter_map(|e| Some(format!("{}: no report names {} or its aliases", e.page.as_ref()?, e.names[0])))
        .collect()
}

fn shown(e: &Entity) -> String {
    match &e.page {
        Some(page) => format!("{} ({page})", e.names[0]),
        None => e.names[0].clone(),
    }
}

/// Pairs of entities of one kind that are likely one: a name of one is a name of the other
/// with one character changed (both at least three characters long, and never named side by
/// side in one report, which tells them apart), or a name of one begins or ends another's
/// (a short form: 东升 and 张东升, 百千万 and 百千万工程). Counties are gazetteer names, where
/// one character apart are different places, so only short forms count for them.
fn duplicates(content: &Content, kind: Kind, entities: &[Entity]) -> Vec<String> {
    let owner: BTreeMap<&str, usize> =
        entities.iter().enumerate().flat_map(|(i, e)| e.names.iter().map(move |n| (n.as_str(), i))).collect();
    let mut pairs = Pairs::default();
    short_forms(&owner, &mut pairs);
    if kind == Kind::Program {
        abridged(&owner, &mut pairs);
    }
    if kind != Kind::County {
        one_apart(&owner, &named_together(content, kind, &owner), &mut pairs);
    }
    pairs
        .0
        .into_iter()
        .map(|((a, b), why)| {
            format!(
                "{}: {why}: {} and {}; if they are one, merge them in content/corrections.yaml (`merge: {{{}: {{variant: name}}}}`)",
                kind.dir(),
                shown(&entities[a]),
                shown(&entities[b]),
                kind.dir()
            )
        })
        .collect()
}

/// Pairs of entities that may be one, each with the first reason found.
#[derive(Default)]
struct Pairs(BTreeMap<(usize, usize), String>);

impl Pairs {
    fn note(&mut self, a: usize, b: usize, why: String) {
        if a != b {
            self.0.entry((a.min(b), a.max(b))).or_insert(why);
        }
    }
}

/// Short forms: every proper prefix and suffix of every name, looked up among the names.
fn short_forms(owner: &BTreeMap<&str, usize>, pairs: &mut Pairs) {
    for (name, &i) in owner {
        let chars: Vec<char> = name.chars().collect();
        for cut in 2..chars.len() {
            for part in [chars[..cut].iter().collect::<String>(), chars[chars.len() - cut..].iter().collect()] {
                if let Some(&j) = owner.get(part.as_str()) {
                    pairs.note(j, i, format!("{part} may be a short form of {name}"));
                }
            }
        }
    }
}

/// Abridged program names: the shorter keeps the longer's start and end and drops words
/// between (社会组织扶贫创新模式 and 社会组织扶贫模式). Compared within the same opening.
fn abridged(owner: &BTreeMap<&str, usize>, pairs: &mut Pairs) {
    let mut by_start: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for (name, &i) in owner {
        if name.chars().count() >= 4 {
            by_start.entry(name.chars().take(2).collect()).or_default().push((name, i));
        }
    }
    for group in by_start.values() {
        for &(a, i) in group {
            for &(b, j) in group {
                if a.chars().count() < b.chars().count() && is_abridged(a, b) {
                    pairs.note(i, j, format!("{a} may be a short form of {b}"));
                }
            }
        }
    }
}

/// One character apart: names sharing a pattern with one position blanked, unless some
/// report names both (then they are two).
fn one_apart(owner: &BTreeMap<&str, usize>, together: &BTreeSet<(usize, usize)>, pairs: &mut Pairs) {
    let mut by_pattern: BTreeMap<(String, usize), Vec<(&str, usize)>> = BTreeMap::new();
    for (name, &i) in owner {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 3 {
            continue;
        }
        for pos in 0..chars.len() {
            let pattern: String = chars.iter().enumerate().map(|(k, c)| if k == pos { '\0' } else { *c }).collect();
            by_pattern.entry((pattern, pos)).or_default().push((name, i));
        }
    }
    for group in by_pattern.values() {
        for (x, &(a, i)) in group.iter().enumerate() {
            for &(b, j) in &group[x + 1..] {
                if !together.contains(&(i.min(j), i.max(j))) {
                    pairs.note(i, j, format!("{a} and {b} differ by one character"));
                }
            }
        }
    }
}

/// True when `short` is `long` with some characters dropped, keeping its last character.
fn is_abridged(short: &str, long: &str) -> bool {
    if short.chars().last() != long.chars().last() {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Pairs of entities one report names side by side.
fn named_together(content: &Content, kind: Kind, owner: &BTreeMap<&str, usize>) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    for names in report_names(content, kind) {
        let ids: BTreeSet<usize> = names.iter().filter_map(|n| owner.get(n.as_str()).copied()).collect();
        for &a in &ids {
            for &b in ids.range(a + 1..) {
                pairs.insert((a, b));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::frontmatter::{self, PersonFront, ProgramFront, ReportFront};
    use crate::site::load::{EntityFront, EntityPage, ReportPage};

    fn report(people: &[&str], programs: &[&str]) -> Arc<ReportPage> {
        let front = ReportFront {
            title: "某县简报".into(),
            people: people.iter().map(|s| s.to_string()).collect(),
            programs: programs.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let text = frontmatter::write_report(&front, "正文\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        std::fs::write(&path, text).unwrap();
        Arc::new(crate::site::load::load_report(&path, Bodies::Keep).unwrap())
    }

    fn person(name: &str, aliases: &[&str]) -> EntityPage {
        EntityPage {
            path: format!("content/people/{name}.md"),
            front: EntityFront::Person(PersonFront {
                name: name.into(),
                aliases: aliases.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }),
            body: String::new(),
            yaml: String::new(),
        }
    }

    fn program(name: &str) -> EntityPage {
        EntityPage {
            path: format!("content/programs/{name}.md"),
            front: EntityFront::Program(ProgramFront { name: name.into(), ..Default::default() }),
            body: String::new(),
            yaml: String::new(),
        }
    }

    #[test]
    fn unused_pages_and_likely_duplicates_are_listed() {
        let content = Content {
            reports: vec![
                report(&["王明远", "李秀兰"], &["千村万户"]),
                report(&["王明違", "明远"], &["千村万户工程", "社会组织扶贫创新模式", "社会组织扶贫模式"]),
                report(&["赵小红", "赵小虹"], &[]),
            ],
            entities: vec![person("王明远", &[]), person("周大海", &[]), program("千村万户")],
        };
        let review = review(&content, vec!["c.yaml:3: stale".into()]);
        assert_eq!(review.unnamed, ["content/people/周大海.md: no report names 周大海 or its aliases"]);
        let d = review.duplicates.join("\n");
        assert!(d.contains("王明远 and 王明違 differ by one character"), "{d}");
        assert!(d.contains("明远 may be a short form of 王明远"), "{d}");
        assert!(d.contains("千村万户 may be a short form of 千村万户工程"), "{d}");
        assert!(d.contains("社会组织扶贫模式 may be a short form of 社会组织扶贫创新模式"), "{d}");
        assert!(!d.contains("赵小红"), "names one report gives side by side are two people: {d}");
        assert!(!d.contains("李秀兰"), "{d}");
        assert_eq!(review.lines().last().unwrap(), "stale correction: c.yaml:3: stale");
    }

    #[test]
    fn merged_names_are_not_duplicates() {
        let content = Content {
            reports: vec![report(&["王明远"], &[]), report(&["明远"], &[])],
            entities: vec![person("王明远", &["明远"])],
        };
        assert!(review(&content, vec![]).is_empty());
    }
}
