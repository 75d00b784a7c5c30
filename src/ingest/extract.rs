//! One decoded seed → its articles, each with metadata, entities and events: the extraction
//! pipeline `boilerplate → layout → metadata → counties / people / programs → events → body`.
//!
//! Pure: text in, plain `Article` data out. It never reads or writes content/.

use std::collections::{BTreeMap, BTreeSet};

use super::counties::{self, County};
use super::events::{self, EntityForms};
use super::html::PageMeta;
use super::programs::{self, Program};
use super::read::RawDoc;
use super::{body, boilerplate, layout, metadata, people};
use crate::frontmatter::{Event, ReportFront};

/// An article with everything ingest knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub seed: String,
    /// The original address of a saved web page.
    pub url: Option<String>,
    /// 1-based position in a seed holding several articles.
    pub part: Option<u32>,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub authors: Vec<String>,
    pub counties: Vec<County>,
    pub people: Vec<String>,
    pub person_aliases: BTreeMap<String, BTreeSet<String>>,
    pub person_roles: BTreeMap<String, BTreeSet<String>>,
    pub programs: Vec<Program>,
    pub events: Vec<Event>,
    /// The article as Markdown.
    pub body: String,
}

impl Article {
    /// The front matter ingest writes for this article.
    pub fn front(&self) -> ReportFront {
        ReportFront {
            title: self.title.clone(),
            date: self.date.clone(),
            source: self.source.clone(),
            authors: self.authors.clone(),
            seed: Some(self.seed.clone()),
            url: self.url.clone(),
            part: self.part,
            counties: self.counties.iter().map(|c| c.name.clone()).collect(),
            people: self.people.clone(),
            programs: self.programs.iter().map(|p| p.name.clone()).collect(),
            events: self.events.clone(),
            ..Default::default()
        }
    }
}

/// Extracts every article of a seed.
pub fn articles(doc: &RawDoc) -> Vec<Article> {
    let lines = boilerplate::classify(&doc.text);
    let parts = layout::articles(&lines);
    let several = parts.len() > 1;
    parts.iter().enumerate().map(|(i, part)| article(doc, part, several.then_some(i as u32 + 1))).collect()
}

fn article(doc: &RawDoc, lines: &layout::ArticleLines, part: Option<u32>) -> Article {
    let mut md = metadata::read(&lines.meta, lines.issuer.as_deref());
    if md.authors.is_empty()
        && let Some((persons, _)) = lines.body.first().and_then(|l| metadata::inline_byline(l))
    {
        md.authors = persons;
    }
    if let Some(page) = &doc.page {
        apply_page_meta(&mut md, page);
    }
    let title = match doc.page.as_ref().and_then(|p| p.title.as_ref()) {
        Some(t) if part.is_none() => t.value.clone(),
        _ if lines.title.is_empty() => doc.name.trim_end_matches(".txt").to_string(),
        _ => lines.title.clone(),
    };
    let text = format!("{title}\n{}", lines.body.join("\n"));

    let counties = counties::find(&text);
    let found = people::find(&text);
    let mut person_names = found.names.clone();
    for author in &md.authors {
        if people::looks_like_full_name(author) && !person_names.contains(author) {
            person_names.push(author.clone());
        }
    }
    let programs = programs::find(&text);

    let forms = EntityForms {
        counties: counties.iter().map(|c| (c.name.clone(), c.forms.iter().cloned().collect())).collect(),
        people: person_names
            .iter()
            .map(|n| (n.clone(), found.aliases.get(n).map(|a| a.iter().cloned().collect()).unwrap_or_default()))
            .collect(),
        programs: programs.iter().map(|p| (p.name.clone(), p.aliases.iter().cloned().collect())).collect(),
    };
    let events = events::find(&lines.body, md.date, &forms);

    Article {
        seed: doc.name.clone(),
        url: doc.page.as_ref().and_then(|p| p.url.as_ref()).map(|u| u.value.clone()),
        part,
        title,
        date: md.date.map(|d| d.to_string()),
        source: md.source,
        authors: md.authors,
        counties,
        people: person_names,
        person_aliases: found.aliases,
        person_roles: found.roles,
        programs,
        events,
        body: body::markdown(&lines.body),
    }
}

/// A saved web page's markup outranks the info line for each field it carries (tags are
/// written by the publishing system, the info line by hand); writers credited in the text
/// fill in only when the info line names nobody.
pub fn apply_page_meta(md: &mut metadata::Metadata, page: &PageMeta) {
    if let Some(d) = &page.date {
        md.date = Some(d.value);
    }
    if let Some(s) = &page.source {
        md.source = Some(s.value.clone());
    }
    if let Some(a) = &page.authors {
        md.authors = a.value.clone();
    } else if md.authors.is_empty() {
        md.authors = page.credited.clone();
    }
}
