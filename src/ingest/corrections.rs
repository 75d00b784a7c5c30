//! Editors' corrections (`content/corrections.yaml`): reading the file and applying it to the
//! articles extraction found, before they are written.
//!
//! Owns the file's schema (`reject`, `merge`, `reports` with `skip`), its validation with `path:line:`
//! errors (a malformed file stops ingest before anything is written) and the rules that apply
//! it: a rejected name is dropped from every report and event; a merged variant is written as
//! the entity's name and kept as an alias (so mentions of it still link); per-report overrides
//! replace the title, date, source or authors and add or remove entities of one report (keyed
//! by seed file name, `file#N` for part N of a bulletin); `skip: true` drops a report (a
//! whole seed's, keyed by the file, or one part's) before anything else applies. A correction
//! that matched nothing is a warning naming its line.
//!
//! Must not: read seeds, touch content/ (ingest's `write` does), or parse YAML itself (that
//! goes through `frontmatter::parse_yaml`; lines are found with `frontmatter::line_of_path`).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, anyhow};
use serde::{Deserialize, Deserializer};

use super::counties::County;
use super::extract::{Article, Doubt};
use super::programs::Program;
use crate::date::Date;
use crate::entity::Kind;
use crate::frontmatter::{self, Event};
use crate::gazetteer::{self, Division, Level};

/// The file, relative to the content folder.
pub(crate) const FILE: &str = "corrections.yaml";

/// A list or map per entity kind.
#[derive(Deserialize, Debug, Default, Clone, PartialEq)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de> + Default"))]
struct PerKind<T: Default> {
    #[serde(default, deserialize_with = "nullable")]
    counties: T,
    #[serde(default, deserialize_with = "nullable")]
    people: T,
    #[serde(default, deserialize_with = "nullable")]
    programs: T,
}

impl<T: Default> PerKind<T> {
    fn get(&self, kind: Kind) -> &T {
        match kind {
            Kind::County => &self.counties,
            Kind::Person => &self.people,
            Kind::Program => &self.programs,
        }
    }
}

/// One report's overrides.
#[derive(Deserialize, Debug, Default, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct ReportFix {
    /// Not published: the article gets no page and is counted nowhere (its seed stays).
    #[serde(default)]
    skip: bool,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    authors: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    add: PerKind<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    remove: PerKind<Vec<String>>,
}

/// The file as written.
#[derive(Deserialize, Debug, Default, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, deserialize_with = "nullable")]
    reject: PerKind<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    merge: PerKind<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "nullable")]
    reports: BTreeMap<String, ReportFix>,
    #[serde(default, deserialize_with = "nullable")]
    copies: CopiesFix,
}

/// The editors' word on reprints: groups of articles (`file` or `file#N`) that are one report
/// (`same`) or are not (`distinct`); `copies` applies them.
#[derive(Deserialize, Debug, Default, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct CopiesFix {
    #[serde(default, deserialize_with = "nullable")]
    same: Vec<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    distinct: Vec<Vec<String>>,
}

/// A key left empty (`reject:` with its lists commented out) means "none".
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The editors' corrections, validated, with what is needed to name their lines.
#[derive(Debug, Default, Clone)]
pub(crate) struct Corrections {
    /// The file as shown in messages (`content/corrections.yaml`).
    path: String,
    text: String,
    file: File,
    /// Each merged variant's final name, chains followed (`a → b → c` gives `a → c`).
    merged: BTreeMap<(Kind, String), String>,
    /// Gazetteer entries of county names the file adds or merges into.
    divisions: BTreeMap<String, &'static Division>,
}

/// Articles after the corrections, and what did not match.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) articles: Vec<Article>,
    /// `path:line: …` for every correction that matched nothing.
    pub(crate) warnings: Vec<String>,
}

impl Corrections {
    /// Parses and validates the file. `path` is only used in messages.
    pub(crate) fn parse(path: &str, text: &str) -> Result<Self> {
        let hint = "fix the YAML; the commented example that `jianbao init` writes shows every key";
        let file: File = frontmatter::parse_yaml_with_hint(path, text, hint)?;
        let mut c = Corrections { path: path.to_string(), text: text.to_string(), file, ..Default::default() };
        c.check_reports()?;
        c.check_copies()?;
        c.resolve_merges()?;
        c.find_divisions()?;
        Ok(c)
    }

    /// True when the file asks for nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.file == File::default()
    }

    fn line(&self, keys: &[&str], needle: Option<&str>) -> usize {
        frontmatter::line_of_path(&self.text, keys, needle).unwrap_or(1)
    }

    fn error(&self, keys: &[&str], needle: Option<&str>, what: String) -> anyhow::Error {
        anyhow!("{}:{}: {what}", self.path, self.line(keys, needle))
    }

    fn check_reports(&self) -> Result<()> {
        for (key, fix) in &self.file.reports {
            if let Some((_, part)) = key.rsplit_once('#')
                && !part.parse::<u32>().is_ok_and(|n| n >= 1)
            {
                let what = format!("`{key}`: a part is written `file#N` with N from 1 (the Nth article of the seed)");
                return Err(self.error(&["reports", key], None, what));
            }
            if let Some(date) = &fix.date
                && Date::parse(date).is_none()
            {
                let what = format!(
                    "bad date \"{date}\" (write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", a real date, in quotes)"
                );
                return Err(self.error(&["reports", key, "date"], None, what));
            }
            if fix.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(self.error(&["reports", key, "title"], None, "empty title".into()));
            }
        }
        Ok(())
    }

    /// Each `copies` group names two articles or more, each once, as `file` or `file#N`; no
    /// two articles are both the same report and distinct.
    fn check_copies(&self) -> Result<()> {
        let mut same_pairs = BTreeSet::new();
        for (list, groups) in [("same", &self.file.copies.same), ("distinct", &self.file.copies.distinct)] {
            for group in groups {
                let first = group.first().map(String::as_str);
                let here = |what: String| self.error(&["copies", list], first, what);
                let unique: BTreeSet<&String> = group.iter().collect();
                if unique.len() < 2 {
                    return Err(here(format!(
                        "a `copies: {list}` group names two articles or more, each once: [[a.txt, b.html]]"
                    )));
                }
                if let Some(bad) = group
                    .iter()
                    .find(|k| k.rsplit_once('#').is_some_and(|(_, n)| !n.parse::<u32>().is_ok_and(|n| n >= 1)))
                {
                    return Err(here(format!("`{bad}`: a part is written `file#N` with N from 1")));
                }
                for a in group {
                    for b in group.iter().filter(|b| a < *b) {
                        if list == "same" {
                            same_pairs.insert((a, b));
                        } else if same_pairs.contains(&(a, b)) {
                            return Err(here(format!("{a} and {b} are under both `same` and `distinct`; keep one")));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The `copies` decisions, each group with its line.
    pub(crate) fn copy_decisions(&self) -> super::copies::Decisions {
        let lines = |list: &str, groups: &[Vec<String>]| {
            groups.iter().map(|g| (g.clone(), self.line(&["copies", list], g.first().map(String::as_str)))).collect()
        };
        super::copies::Decisions {
            path: self.path.clone(),
            same: lines("same", &self.file.copies.same),
            distinct: lines("distinct", &self.file.copies.distinct),
        }
    }

    /// Follows merge chains to their end; a cycle is an error.
    fn resolve_merges(&mut self) -> Result<()> {
        for kind in Kind::ALL {
            let map = self.file.merge.get(kind);
            for variant in map.keys() {
                let mut name = variant;
                let mut seen = BTreeSet::from([variant]);
                while let Some(next) = map.get(name) {
                    if !seen.insert(next) {
                        let what = format!("`{variant}` is merged in a circle; merge each variant into the one name");
                        return Err(self.error(&["merge", kind.dir()], Some(variant), what));
                    }
                    name = next;
                }
                self.merged.insert((kind, variant.clone()), name.clone());
            }
        }
        Ok(())
    }

    /// County names the file adds or merges into must be in the gazetteer: a county page
    /// carries its code and place.
    fn find_divisions(&mut self) -> Result<()> {
        let mut wanted: Vec<(Vec<String>, String)> = Vec::new();
        for target in self.file.merge.counties.values() {
            wanted.push((vec!["merge".into(), "counties".into()], target.clone()));
        }
        for (key, fix) in &self.file.reports {
            for name in &fix.add.counties {
                wanted.push((vec!["reports".into(), key.clone(), "add".into()], name.clone()));
            }
        }
        for (keys, name) in wanted {
            match county_division(&name) {
                Some(d) => {
                    self.divisions.insert(name, d);
                }
                None => {
                    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                    let what = format!(
                        "{name} is not a county-level division in the gazetteer (write its full official name, such as 金川县)"
                    );
                    return Err(self.error(&keys, Some(&name), what));
                }
            }
        }
        Ok(())
    }

    /// Applies the corrections to what extraction found.
    pub(crate) fn apply(&self, articles: Vec<Article>) -> Applied {
        let mut used = Used::default();
        let all = articles.clone();
        let mut articles: Vec<Article> = articles.into_iter().filter(|a| !self.skip(a, &mut used)).collect();
        for article in &mut articles {
            self.reject(article, &mut used);
            self.merge(article, &mut used);
            if let Some(key) = self.report_key(article) {
                used.reports.insert(key.clone());
                self.fix_report(article, &key, &mut used);
            }
        }
        let warnings = self.unmatched(&all, &used);
        Applied { articles, warnings }
    }

    /// Whether the editors skip this article: `skip: true` under its own key, or under its
    /// seed's for every part of a bulletin. The key counts as used; other corrections beside
    /// `skip` are a warning, since they do nothing.
    fn skip(&self, a: &Article, used: &mut Used) -> bool {
        let own = a.part.map(|n| format!("{}#{n}", a.seed));
        let key = own.iter().chain([&a.seed]).find(|k| self.file.reports.get(*k).is_some_and(|f| f.skip));
        let Some(key) = key else { return false };
        if used.reports.insert(key.clone())
            && self.file.reports[key] != (ReportFix { skip: true, ..Default::default() })
        {
            used.unmatched.push(self.warning(
                &["reports", key],
                "skip",
                format!("{key} is skipped, so its other corrections do nothing; remove them or the skip"),
            ));
        }
        true
    }

    fn reject(&self, a: &mut Article, used: &mut Used) {
        for kind in Kind::ALL {
            for name in self.file.reject.get(kind) {
                if drop_name(a, kind, name) {
                    used.reject.insert((kind, name.clone()));
                }
            }
        }
    }

    fn merge(&self, a: &mut Article, used: &mut Used) {
        for ((kind, variant), target) in &self.merged {
            if names_of(a, *kind).contains(variant) {
                used.merge.insert((*kind, variant.clone()));
                rename(a, *kind, variant, target, self.divisions.get(target).copied());
            }
        }
    }

    /// The `reports:` key of an article: `seed` for a seed of one article, `seed#N` for part
    /// N of a bulletin.
    fn report_key(&self, a: &Article) -> Option<String> {
        let key = match a.part {
            Some(n) => format!("{}#{n}", a.seed),
            None => a.seed.clone(),
        };
        self.file.reports.contains_key(&key).then_some(key)
    }

    fn fix_report(&self, a: &mut Article, key: &str, used: &mut Used) {
        let fix = &self.file.reports[key];
        // An editor's title or date settles the doubt ingest had about it.
        if let Some(title) = &fix.title {
            a.title = title.trim().to_string();
            a.review.retain(|d| !matches!(d, Doubt::UnsureTitle(_)));
        }
        if let Some(date) = &fix.date {
            a.date = Some(date.clone());
            a.review.retain(|d| *d != Doubt::NoDate);
        }
        if let Some(source) = &fix.source {
            a.source = Some(source.clone()).filter(|s| !s.trim().is_empty());
        }
        if let Some(authors) = &fix.authors {
            a.authors = authors.clone();
        }
        for kind in Kind::ALL {
            for name in fix.remove.get(kind) {
                let name = self.merged.get(&(kind, name.clone())).unwrap_or(name);
                if !drop_name(a, kind, name) {
                    used.unmatched.push(self.warning(
                        &["reports", key, "remove"],
                        name,
                        format!("{key} does not name {name}; nothing to remove"),
                    ));
                }
            }
            for name in fix.add.get(kind) {
                if names_of(a, kind).contains(name) {
                    used.unmatched.push(self.warning(
                        &["reports", key, "add"],
                        name,
                        format!("{key} already names {name}; this addition can go"),
                    ));
                } else {
                    add_name(a, kind, name, self.divisions.get(name).copied());
                }
            }
        }
        if !(a.counties.is_empty() && a.people.is_empty() && a.programs.is_empty()) {
            a.review.retain(|d| *d != Doubt::NoEntity);
        }
    }

    fn warning(&self, keys: &[&str], needle: &str, what: String) -> String {
        format!("{}:{}: {what}", self.path, self.line(keys, Some(needle)))
    }

    /// Warnings for the corrections that matched no article, in file order.
    fn unmatched(&self, articles: &[Article], used: &Used) -> Vec<String> {
        let mut out: Vec<(usize, String)> = Vec::new();
        let mut push = |keys: &[&str], needle: &str, what: String| {
            out.push((self.line(keys, Some(needle)), what));
        };
        for kind in Kind::ALL {
            for name in self.file.reject.get(kind) {
                if !used.reject.contains(&(kind, name.clone())) {
                    push(&["reject", kind.dir()], name, format!("no report names {name}; nothing to reject"));
                }
            }
            for variant in self.file.merge.get(kind).keys() {
                if !used.merge.contains(&(kind, variant.clone())) {
                    push(&["merge", kind.dir()], variant, format!("no report names {variant}; nothing to merge"));
                }
            }
        }
        for key in self.file.reports.keys().filter(|k| !used.reports.contains(*k)) {
            let what = match seed_parts(articles, key) {
                0 => format!("no seed {key}; these corrections apply to nothing"),
                n => format!("{key}: the seed holds {n} articles; key them {key}#1 to {key}#{n}"),
            };
            push(&["reports", key], key, what);
        }
        let mut lines: Vec<String> =
            out.into_iter().map(|(line, what)| format!("{}:{line}: {what}", self.path)).collect();
        lines.extend(used.unmatched.iter().cloned());
        lines.sort_by_key(|w| line_number(w));
        lines
    }
}

/// The line number in a `path:line: …` message, for ordering warnings as the file reads.
fn line_number(message: &str) -> usize {
    message.split(':').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// How many articles a seed (the key without `#N`) gave.
fn seed_parts(articles: &[Article], key: &str) -> usize {
    articles.iter().filter(|a| a.seed == key).count()
}

/// Which corrections matched something.
#[derive(Default)]
struct Used {
    reject: BTreeSet<(Kind, String)>,
    merge: BTreeSet<(Kind, String)>,
    reports: BTreeSet<String>,
    unmatched: Vec<String>,
}

/// The county-level division of a full name, current names first.
fn county_division(name: &str) -> Option<&'static Division> {
    let gaz = gazetteer::get();
    let mut found: Vec<&'static Division> =
        gaz.by_full_name(name).into_iter().filter(|d| d.level == Level::County).collect();
    found.sort_by_key(|d| (!d.current, d.code.clone()));
    found.first().copied()
}

fn names_of(a: &Article, kind: Kind) -> Vec<String> {
    match kind {
        Kind::County => a.counties.iter().map(|c| c.name.clone()).collect(),
        Kind::Person => a.people.clone(),
        Kind::Program => a.programs.iter().map(|p| p.name.clone()).collect(),
    }
}

fn event_list(ev: &mut Event, kind: Kind) -> &mut Vec<String> {
    match kind {
        Kind::County => &mut ev.counties,
        Kind::Person => &mut ev.people,
        Kind::Program => &mut ev.programs,
    }
}

/// Removes `name` from the article and its events; true when it was there.
fn drop_name(a: &mut Article, kind: Kind, name: &str) -> bool {
    let before = names_of(a, kind).len();
    match kind {
        Kind::County => a.counties.retain(|c| c.name != name),
        Kind::Person => {
            a.people.retain(|n| n != name);
            a.person_aliases.remove(name);
            a.person_roles.remove(name);
        }
        Kind::Program => a.programs.retain(|p| p.name != name),
    }
    for ev in &mut a.events {
        event_list(ev, kind).retain(|n| n != name);
    }
    names_of(a, kind).len() != before
}

/// Writes `variant` as `target` everywhere in the article, keeping it as an alias.
fn rename(a: &mut Article, kind: Kind, variant: &str, target: &str, division: Option<&'static Division>) {
    match kind {
        Kind::County => {
            let Some(i) = a.counties.iter().position(|c| c.name == variant) else { return };
            let old = a.counties.remove(i);
            let entry = match a.counties.iter().position(|c| c.name == target) {
                Some(j) => &mut a.counties[j],
                None => {
                    let Some(d) = division else { return };
                    let county = County { name: target.to_string(), division: d, forms: BTreeSet::new() };
                    a.counties.insert(i, county);
                    &mut a.counties[i]
                }
            };
            entry.forms.extend(old.forms);
            entry.forms.insert(variant.to_string());
        }
        Kind::Person => {
            let aliases = a.person_aliases.remove(variant).unwrap_or_default();
            let roles = a.person_roles.remove(variant).unwrap_or_default();
            a.people = rename_in(std::mem::take(&mut a.people), variant, target);
            let kept = a.person_aliases.entry(target.to_string()).or_default();
            kept.extend(aliases);
            kept.insert(variant.to_string());
            a.person_roles.entry(target.to_string()).or_default().extend(roles);
            if a.person_roles.get(target).is_some_and(BTreeSet::is_empty) {
                a.person_roles.remove(target);
            }
        }
        Kind::Program => {
            let Some(i) = a.programs.iter().position(|p| p.name == variant) else { return };
            let old = a.programs.remove(i);
            let entry = match a.programs.iter().position(|p| p.name == target) {
                Some(j) => &mut a.programs[j],
                None => {
                    let program =
                        Program { name: target.to_string(), kind: old.kind.clone(), aliases: BTreeSet::new() };
                    a.programs.insert(i, program);
                    &mut a.programs[i]
                }
            };
            entry.aliases.extend(old.aliases);
            entry.aliases.insert(variant.to_string());
            entry.aliases.remove(target);
        }
    }
    for ev in &mut a.events {
        let list = event_list(ev, kind);
        *list = rename_in(std::mem::take(list), variant, target);
    }
}

/// A list with `variant` replaced by `target`, each name once, in the original order.
fn rename_in(list: Vec<String>, variant: &str, target: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for name in list {
        let name = if name == variant { target.to_string() } else { name };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Adds an entity ingest missed to the article, and to the events whose clause names it.
fn add_name(a: &mut Article, kind: Kind, name: &str, division: Option<&'static Division>) {
    let mut forms = vec![name.to_string()];
    match kind {
        Kind::County => {
            let Some(d) = division else { return };
            forms.extend(d.short.clone());
            a.counties.push(County { name: name.to_string(), division: d, forms: BTreeSet::from([name.into()]) });
        }
        Kind::Person => a.people.push(name.to_string()),
        Kind::Program => a.programs.push(Program { name: name.to_string(), kind: None, aliases: BTreeSet::new() }),
    }
    for ev in &mut a.events {
        if forms.iter().any(|f| ev.text.contains(f.as_str())) {
            event_list(ev, kind).push(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests;
