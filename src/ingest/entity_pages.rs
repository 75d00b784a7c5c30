//! The entity pages ingest wants for a set of articles: one per county, person and program,
//! with the slug it asks for and its text (`NewEntity::text_for`, with `slug:` pinned when
//! the page lives under another file name).
//!
//! Owns how articles become entity front matter (a county's code and place from the
//! gazetteer, a person's aliases and roles, a program's kind). Pure: `write` decides which
//! pages to create, follow or remove.

use std::collections::{BTreeMap, BTreeSet};

use super::extract::Article;
use crate::frontmatter::{self, CountyFront, PersonFront, ProgramFront};
use crate::{gazetteer, slug};

/// Report and program slugs are cut to this many bytes at a word boundary.
pub(crate) const SLUG_MAX: usize = 60;

/// One entity page to create: its name, the slug it wants, and its file text.
pub(crate) struct NewEntity {
    pub(crate) names: Vec<String>,
    pub(crate) slug: String,
    render: Box<dyn Fn(Option<String>) -> String>,
}

impl NewEntity {
    /// The text ingest writes for this entity in `<stem>.md` (a stem other than the
    /// entity's own slug is pinned with `slug:`).
    pub(crate) fn text_for(&self, stem: &str) -> String {
        (self.render)((stem != self.slug).then(|| stem.to_string()))
    }
}

/// The entity pages of each kind, from the corrected articles and (when corrections were
/// applied) from the articles as extracted.
pub(crate) fn entity_plans(articles: &[Article]) -> [(&'static str, Vec<NewEntity>); 3] {
    [("counties", county_pages(articles)), ("people", person_pages(articles)), ("programs", program_pages(articles))]
}

fn county_pages(articles: &[Article]) -> Vec<NewEntity> {
    let gaz = gazetteer::get();
    let mut by_name: BTreeMap<String, (gazetteer::Division, BTreeSet<String>)> = BTreeMap::new();
    for county in articles.iter().flat_map(|a| &a.counties) {
        let current = gaz.current_of(county.division).clone();
        let entry = by_name.entry(current.name.clone()).or_insert_with(|| (current.clone(), BTreeSet::new()));
        entry.1.extend(county.forms.iter().cloned());
        entry.1.insert(county.name.clone());
    }
    by_name
        .into_iter()
        .map(|(name, (d, mut aliases))| {
            aliases.extend(d.short.clone());
            aliases.extend(gaz.other_names(&d));
            aliases.remove(&name);
            let front = CountyFront {
                name: name.clone(),
                code: Some(d.code.clone()),
                province: Some(d.province.clone()).filter(|p| !p.is_empty()),
                prefecture: Some(d.prefecture.clone()).filter(|p| !p.is_empty()),
                aliases: aliases.iter().cloned().collect(),
                ..Default::default()
            };
            let names = std::iter::once(name.clone()).chain(aliases).collect();
            NewEntity {
                names,
                slug: slug::place_slug(&name),
                render: Box::new(move |pinned| {
                    frontmatter::write_county(&CountyFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}

fn person_pages(articles: &[Article]) -> Vec<NewEntity> {
    let mut people: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for a in articles {
        for name in &a.people {
            let entry = people.entry(name.clone()).or_default();
            entry.0.extend(a.person_aliases.get(name).into_iter().flatten().cloned());
            entry.1.extend(a.person_roles.get(name).into_iter().flatten().cloned());
        }
    }
    people
        .into_iter()
        .map(|(name, (aliases, roles))| {
            let front = PersonFront {
                name: name.clone(),
                aliases: aliases.iter().cloned().collect(),
                roles: roles.into_iter().collect(),
                ..Default::default()
            };
            NewEntity {
                names: std::iter::once(name.clone()).chain(aliases).collect(),
                slug: slug::person_slug(&name),
                render: Box::new(move |pinned| {
                    frontmatter::write_person(&PersonFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}

fn program_pages(articles: &[Article]) -> Vec<NewEntity> {
    let mut programs: BTreeMap<String, (BTreeSet<String>, Option<String>)> = BTreeMap::new();
    for p in articles.iter().flat_map(|a| &a.programs) {
        let entry = programs.entry(p.name.clone()).or_default();
        entry.0.extend(p.aliases.iter().cloned());
        if entry.1.is_none() {
            entry.1 = p.kind.clone();
        }
    }
    programs
        .into_iter()
        .map(|(name, (aliases, kind))| {
            let front = ProgramFront {
                name: name.clone(),
                aliases: aliases.iter().cloned().collect(),
                kind,
                ..Default::default()
            };
            NewEntity {
                names: std::iter::once(name.clone()).chain(aliases).collect(),
                slug: slug::text_slug_limited(&name, SLUG_MAX),
                render: Box::new(move |pinned| {
                    frontmatter::write_program(&ProgramFront { slug: pinned, ..front.clone() }, "")
                }),
            }
        })
        .collect()
}
