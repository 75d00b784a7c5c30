//! Reprints: articles that are printings of one report become one report. `detect` finds the
//! pairs; this module applies the editors' decisions (`copies: same / distinct` in
//! corrections.yaml), groups the printings (union-find, never joining two an editor keeps
//! apart), chooses the one that holds the page and folds the others into it: they are listed
//! under `copies` (oldest first) and their entities, authors and events are added to it.
//!
//! The holder: a printing that does not call itself a reprint (`data/copy_marks.tsv`:
//! 转载 in the headline, 转自 in the source line …), whose source is the one most printings
//! credit, then the earliest dated, then the fullest body, then the first seed.
//!
//! Must not: read or write files (corrections are handed in parsed), decide what a page
//! looks like (`write` writes the `copies` list), or extract anything.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::bodies::{Bodies, InMemory};
use super::extract::{Article, Doubt};
use crate::frontmatter::Copy;

#[cfg(test)]
pub(crate) mod corpus;
pub(crate) mod detect;

/// The editors' word on reprints, from corrections.yaml: groups of article keys (`seed` or
/// `seed#N`), each with the line it stands on.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Decisions {
    /// The file as shown in messages.
    pub(crate) path: String,
    pub(crate) same: Vec<(Vec<String>, usize)>,
    pub(crate) distinct: Vec<(Vec<String>, usize)>,
}

/// The articles after folding, and what an editor should hear.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    pub(crate) articles: Vec<Article>,
    /// Pairs just below the threshold, as review lines (`A: likely a copy of B …`).
    pub(crate) likely: Vec<String>,
    /// Decisions that matched no article (`path:line: …`).
    pub(crate) warnings: Vec<String>,
}

/// The key corrections.yaml uses for an article: `seed`, or `seed#N` for part N.
pub(crate) fn key(a: &Article) -> String {
    match a.part {
        Some(n) => format!("{}#{n}", a.seed),
        None => a.seed.clone(),
    }
}

/// Finds the printings among `articles` and folds each group into its holder. With `detect`
/// false only the editors' `same` groups are joined (the benchmark's switch).
pub(crate) fn fold(articles: Vec<Article>, decisions: &Decisions, detect: bool) -> Folded {
    fold_with(articles, decisions, detect, &InMemory)
}

/// `fold` for articles whose bodies `bodies` keeps (the holder keeps its own).
pub(crate) fn fold_with(articles: Vec<Article>, decisions: &Decisions, detect: bool, bodies: &dyn Bodies) -> Folded {
    let pairs = if detect { detect::pairs(&Printings { articles: &articles, bodies }) } else { Vec::new() };
    fold_pairs(articles, decisions, pairs, bodies)
}

/// `fold_with` given the detector's `pairs` for these articles (`detect::pairs` over
/// `Printings`, as a caller that remembers them from an earlier run found them).
pub(crate) fn fold_pairs(articles: Vec<Article>, decisions: &Decisions, pairs: Vec<detect::Pair>, bodies: &dyn Bodies) -> Folded {
    let index: BTreeMap<String, usize> = articles.iter().enumerate().map(|(i, a)| (key(a), i)).collect();
    let mut warnings = unmatched(decisions, &index);
    let distinct: BTreeSet<(usize, usize)> =
        decisions.distinct.iter().flat_map(|(keys, _)| pairs_of(keys, &index)).collect();
    let mut groups = Groups::new(articles.len());
    for (keys, _) in &decisions.same {
        for (a, b) in pairs_of(keys, &index) {
            groups.join(a, b, &distinct);
        }
    }
    let mut copies: Vec<&detect::Pair> = pairs.iter().filter(|p| p.is_copy()).collect();
    copies.sort_by(|x, y| y.containment.total_cmp(&x.containment).then((x.a, x.b).cmp(&(y.a, y.b))));
    for p in copies {
        groups.join(p.a, p.b, &distinct);
    }
    let likely = pairs
        .iter()
        .filter(|p| p.is_near() && !groups.together(p.a, p.b) && !distinct.contains(&(p.a, p.b)))
        .map(|p| likely_line(&articles[p.a], &articles[p.b], p))
        .collect();
    warnings.sort_by_key(|w| w.split(':').nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0));
    Folded { articles: fold_groups(articles, groups, bodies), likely, warnings }
}

/// The articles as the detector reads them: bodies from `bodies`, names from the articles.
pub(crate) struct Printings<'a> {
    pub(crate) articles: &'a [Article],
    pub(crate) bodies: &'a dyn Bodies,
}

impl detect::Texts for Printings<'_> {
    fn count(&self) -> usize {
        self.articles.len()
    }

    fn body(&self, i: usize) -> Cow<'_, str> {
        self.bodies.body(&self.articles[i])
    }

    fn body_len(&self, i: usize) -> usize {
        self.bodies.len(&self.articles[i])
    }

    fn names(&self, i: usize) -> Vec<&str> {
        let a = &self.articles[i];
        a.counties.iter().map(|c| c.name.as_str()).chain(a.people.iter().map(String::as_str)).collect()
    }
}

/// Every pair of articles a group of keys names, smaller index first (keys matching no
/// article left out).
fn pairs_of(keys: &[String], index: &BTreeMap<String, usize>) -> Vec<(usize, usize)> {
    let found: Vec<usize> = keys.iter().filter_map(|k| index.get(k).copied()).collect();
    let mut out = Vec::new();
    for (i, &x) in found.iter().enumerate() {
        out.extend(found[i + 1..].iter().map(|&y| (x.min(y), x.max(y))));
    }
    out
}

/// A warning for each key of a decision that names no article.
fn unmatched(decisions: &Decisions, index: &BTreeMap<String, usize>) -> Vec<String> {
    let mut out = Vec::new();
    for (keys, line) in decisions.same.iter().chain(&decisions.distinct) {
        for k in keys.iter().filter(|k| !index.contains_key(*k)) {
            out.push(format!(
                "{}:{line}: no article {k} (a seed file, or file#N for part N of a bulletin); this copies decision does nothing for it",
                decisions.path
            ));
        }
    }
    out
}

/// The review line for a pair just below the threshold.
fn likely_line(a: &Article, b: &Article, p: &detect::Pair) -> String {
    format!(
        "{}: likely a copy of {} ({:.0} % of the text shared; copies share {:.0} %): if it is, `copies: same: [[{}, {}]]` in corrections.yaml makes them one report",
        key(a),
        key(b),
        p.containment * 100.0,
        detect::SAME * 100.0,
        key(a),
        key(b)
    )
}

/// Union-find over article indices that never joins two groups an editor keeps apart.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups { parent: (0..n).collect() }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn together(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }

    /// Joins the groups of `a` and `b` unless a `distinct` pair would end up in one group.
    fn join(&mut self, a: usize, b: usize, distinct: &BTreeSet<(usize, usize)>) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let apart = distinct.iter().any(|&(x, y)| {
            let (rx, ry) = (self.find(x), self.find(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        });
        if !apart {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The articles with every group folded into its holder, in the order of the holders.
fn fold_groups(articles: Vec<Article>, mut groups: Groups, bodies: &dyn Bodies) -> Vec<Article> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..articles.len() {
        let root = groups.find(i);
        members.entry(root).or_default().push(i);
    }
    if members.len() == articles.len() {
        return articles;
    }
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let mut folded: Vec<(usize, Article)> = Vec::with_capacity(members.len());
    for group in members.values() {
        let printings: Vec<Article> = group.iter().filter_map(|&i| slots[i].take()).collect();
        let (at, holder) = merge(printings, bodies);
        folded.push((group[at], holder));
    }
    folded.sort_by_key(|(i, _)| *i);
    folded.into_iter().map(|(_, a)| a).collect()
}

/// One group's printings as one article: the holder, with the others as its copies and their
/// names and events added. Returns the holder's position in the group too.
fn merge(mut printings: Vec<Article>, bodies: &dyn Bodies) -> (usize, Article) {
    if printings.len() == 1 {
        return (0, printings.remove(0));
    }
    let at = holder(&printings, bodies);
    let mut holder = printings.remove(at);
    printings.sort_by(oldest_first);
    for other in &printings {
        holder.copies.push(Copy {
            seed: key(other),
            source: other.source.clone(),
            date: other.date.clone(),
            url: other.url.clone(),
        });
        union(&mut holder, other);
    }
    if !(holder.counties.is_empty() && holder.people.is_empty() && holder.programs.is_empty()) {
        holder.review.retain(|d| *d != Doubt::NoEntity);
    }
    (at, holder)
}

/// Dated printings first, by date, then by key.
fn oldest_first(x: &Article, y: &Article) -> std::cmp::Ordering {
    (x.date.is_none(), &x.date, key(x)).cmp(&(y.date.is_none(), &y.date, key(y)))
}

/// Which printing holds the page (see the module documentation).
fn holder(printings: &[Article], bodies: &dyn Bodies) -> usize {
    let mut credited: BTreeMap<&str, usize> = BTreeMap::new();
    for p in printings {
        if let Some(s) = p.source.as_deref() {
            *credited.entry(s).or_default() += 1;
        }
    }
    let credit = |a: &Article| a.source.as_deref().map_or(0, |s| credited[s]);
    (0..printings.len())
        .min_by(|&i, &j| {
            let (x, y) = (&printings[i], &printings[j]);
            reprint(x)
                .cmp(&reprint(y))
                .then(credit(y).cmp(&credit(x)))
                .then(oldest_first_dated(x, y))
                .then(bodies.chars(y).cmp(&bodies.chars(x)))
                .then(key(x).cmp(&key(y)))
        })
        .unwrap_or(0)
}

/// Earlier date first, undated last.
fn oldest_first_dated(x: &Article, y: &Article) -> std::cmp::Ordering {
    (x.date.is_none(), &x.date).cmp(&(y.date.is_none(), &y.date))
}

/// Whether a printing calls itself a reprint (`data/copy_marks.tsv`).
fn reprint(a: &Article) -> bool {
    marks().iter().any(|(word, place)| match *place {
        "title" => a.title.trim_start().starts_with(word),
        _ => a.source.as_deref().is_some_and(|s| s.contains(word)),
    })
}

/// The reprint marks: (word, where: `title` or `source`).
pub(crate) fn marks() -> &'static [(&'static str, &'static str)] {
    static MARKS: std::sync::OnceLock<Vec<(&str, &str)>> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        include_str!("../../../data/copy_marks.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?, cols.next()?))
            })
            .collect()
    })
}

/// Adds what `other` names and the holder does not: authors, counties, people (with aliases
/// and roles), programs and events.
fn union(holder: &mut Article, other: &Article) {
    for a in &other.authors {
        if !holder.authors.contains(a) {
            holder.authors.push(a.clone());
        }
    }
    for c in &other.counties {
        if !holder.counties.iter().any(|h| h.name == c.name) {
            holder.counties.push(c.clone());
        }
    }
    for p in &other.people {
        if !holder.people.contains(p) {
            holder.people.push(p.clone());
        }
    }
    for (map, from) in
        [(&mut holder.person_aliases, &other.person_aliases), (&mut holder.person_roles, &other.person_roles)]
    {
        for (name, set) in from {
            map.entry(name.clone()).or_default().extend(set.iter().cloned());
        }
    }
    for (name, source) in &other.person_sources {
        holder.person_sources.entry(name.clone()).or_insert(*source);
    }
    for p in &other.programs {
        match holder.programs.iter_mut().find(|h| h.name == p.name) {
            Some(h) => h.aliases.extend(p.aliases.iter().cloned()),
            None => holder.programs.push(p.clone()),
        }
    }
    for e in &other.events {
        if !holder.events.iter().any(|h| h.date == e.date && h.end == e.end && h.text == e.text) {
            holder.events.push(e.clone());
        }
    }
}

#[cfg(test)]
mod tests;
