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
use super::tags::SeedTags;
use super::{body, boilerplate, dates, layout, metadata, people};
use crate::frontmatter::{Event, ReportFront};

/// An article with everything ingest knows about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Article {
    pub(crate) seed: String,
    /// The original address of a saved web page.
    pub(crate) url: Option<String>,
    /// 1-based position in a seed holding several articles.
    pub(crate) part: Option<u32>,
    pub(crate) title: String,
    pub(crate) date: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) counties: Vec<County>,
    pub(crate) people: Vec<String>,
    pub(crate) person_aliases: BTreeMap<String, BTreeSet<String>>,
    pub(crate) person_roles: BTreeMap<String, BTreeSet<String>>,
    /// Which of the rules and the statistical recogniser found each person (`--verbose`).
    pub(crate) person_sources: BTreeMap<String, people::Source>,
    pub(crate) programs: Vec<Program>,
    pub(crate) events: Vec<Event>,
    /// The article as Markdown.
    pub(crate) body: String,
    /// Why an editor should look at this article (no convincing title, no date, no entity …);
    /// empty when nothing is doubtful. Any stage may add a reason.
    pub(crate) review: Vec<Doubt>,
    /// The other printings of this report, oldest first (`copies` folds them in).
    pub(crate) copies: Vec<crate::frontmatter::Copy>,
}

/// Why an editor should look at an article: the review list ingest ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Doubt {
    /// No line looked like a headline; the title is the best guess.
    UnsureTitle(String),
    NoDate,
    NoEntity,
}

impl std::fmt::Display for Doubt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Doubt::UnsureTitle(title) => write!(f, "no convincing headline; titled “{title}”"),
            Doubt::NoDate => write!(f, "no publication date"),
            Doubt::NoEntity => write!(
                f,
                "no county, person or program found; if it is off-topic, `skip: true` under its seed in corrections.yaml drops it"
            ),
        }
    }
}

impl Article {
    /// The front matter ingest writes for this article.
    pub(crate) fn front(&self) -> ReportFront {
        ReportFront {
            title: self.title.clone(),
            date: self.date.clone(),
            source: self.source.clone(),
            authors: self.authors.clone(),
            seed: Some(self.seed.clone()),
            url: self.url.clone(),
            part: self.part,
            copies: self.copies.clone(),
            counties: self.counties.iter().map(|c| c.name.clone()).collect(),
            people: self.people.clone(),
            programs: self.programs.iter().map(|p| p.name.clone()).collect(),
            events: self.events.clone(),
            ..Default::default()
        }
    }
}

/// Extracts every article of a seed; `tags` gives the statistical recogniser's reading of its
/// sentences (cached or computed).
pub(crate) fn articles(doc: &RawDoc, tags: &mut SeedTags) -> Vec<Article> {
    let lines = boilerplate::classify(&doc.text);
    let parts = layout::articles(&lines);
    let several = parts.len() > 1;
    let page_counties = counties::full_names_on(&doc.text);
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| article(doc, part, several.then_some(i as u32 + 1), &page_counties, tags))
        .collect()
}

/// The page up to its first paragraph of running text (40 characters or more, with sentence
/// punctuation, unlike a navigation bar): where a page prints its date line, whatever the
/// layout made of it.
fn header_of<'a>(page: &'a str, body: &[String]) -> &'a str {
    let running = |l: &&String| l.chars().count() >= 40 && l.contains(['。', ',']);
    let first_paragraph = body.iter().find(running);
    let end = first_paragraph.and_then(|l| page.find(l.trim())).unwrap_or(page.len().min(600));
    let end = (0..=end).rev().find(|i| page.is_char_boundary(*i)).unwrap_or(0);
    &page[..end]
}

/// One article of `doc`; `page_counties`: the counties the whole page names in full.
fn article(
    doc: &RawDoc,
    lines: &layout::ArticleLines,
    part: Option<u32>,
    page_counties: &BTreeSet<&'static str>,
    tags: &mut SeedTags,
) -> Article {
    let md = metadata_of(doc, lines);
    let page_title = doc.page.as_ref().and_then(|p| p.title.as_ref()).filter(|_| part.is_none());
    let title = match page_title {
        Some(t) => t.value.clone(),
        _ if lines.title.is_empty() => doc.name.trim_end_matches(".txt").to_string(),
        _ => lines.title.clone(),
    };
    let text = format!("{title}\n{}", lines.body.join("\n"));

    let counties = counties::find_with_page_names(&text, page_counties);
    let places: Vec<&str> = counties.iter().flat_map(|c| c.forms.iter().map(String::as_str)).collect();
    let mut found = people::find_with_model(&text, &places, tags);
    drop_photographers(&mut found, &text, &lines.body);
    let person_names = with_named_authors(&found.names, &md.authors);
    let programs = programs::find(&text);
    let forms = entity_forms(&counties, &person_names, &found, &programs);
    let published = md.date.or_else(|| dates::header_date(header_of(&doc.text, &lines.body)));
    let events = events::find(&lines.body, published, &forms);

    let mut review = Vec::new();
    if lines.unsure_title && page_title.is_none() {
        review.push(Doubt::UnsureTitle(title.clone()));
    }
    if md.date.is_none() {
        review.push(Doubt::NoDate);
    }
    if counties.is_empty() && person_names.is_empty() && programs.is_empty() {
        review.push(Doubt::NoEntity);
    }

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
        person_sources: found.sources,
        programs,
        events,
        body: body::markdown(&lines.body),
        review,
        copies: Vec::new(),
    }
}

/// Date, source and authors from the header (authors from a byline or the closing credits
/// when the header names none); a saved page's own tags outrank them.
fn metadata_of(doc: &RawDoc, lines: &layout::ArticleLines) -> metadata::Metadata {
    let mut md = metadata::read(&lines.meta, lines.issuer.as_deref());
    if md.authors.is_empty() {
        md.authors = opening_byline(&lines.body).unwrap_or_else(|| closing_authors(lines));
    }
    if let Some(page) = &doc.page {
        apply_page_meta(&mut md, page);
    }
    md
}

/// A name the text gives only in photo credits (`王明远 摄`) is no person the report is about.
fn drop_photographers(found: &mut people::Found, text: &str, body: &[String]) {
    let credits = metadata::photo_credits(body);
    found.names.retain(|name| {
        let credited = credits.contains(name);
        let in_credit_lines = body.iter().filter(|l| l.contains(name.as_str()) && l.contains('摄')).count();
        !(credited && text.matches(name.as_str()).count() <= in_credit_lines)
    });
}

/// The people the text names, then the authors shaped like a person's full name.
fn with_named_authors(names: &[String], authors: &[String]) -> Vec<String> {
    let mut persons = names.to_vec();
    for author in authors {
        if people::looks_like_full_name(author) && !persons.contains(author) {
            persons.push(author.clone());
        }
    }
    persons
}

/// Every form each entity goes by in the text, for tagging clauses with entities.
fn entity_forms(counties: &[County], persons: &[String], found: &people::Found, programs: &[Program]) -> EntityForms {
    EntityForms {
        counties: counties.iter().map(|c| (c.name.clone(), c.forms.iter().cloned().collect())).collect(),
        people: persons
            .iter()
            .map(|n| (n.clone(), found.aliases.get(n).map(|a| a.iter().cloned().collect()).unwrap_or_default()))
            .collect(),
        programs: programs.iter().map(|p| (p.name.clone(), p.aliases.iter().cloned().collect())).collect(),
    }
}

/// Writers credited at the end: a credit line of its own, or one closing the last paragraph.
fn closing_authors(lines: &layout::ArticleLines) -> Vec<String> {
    let own_line = metadata::tail_authors(&lines.tail_meta);
    if !own_line.is_empty() {
        return own_line;
    }
    lines.body.last().map(|p| metadata::closing_credit(p)).unwrap_or_default()
}

/// News copy credits its writers at the start of the text (`本报讯(记者 某某)`), after photo
/// captions that may come first.
fn opening_byline(body: &[String]) -> Option<Vec<String>> {
    body.iter().take(4).find_map(|l| metadata::inline_byline(l)).map(|(persons, _)| persons)
}

/// A saved web page's markup outranks the info line for each field it carries (tags are
/// written by the publishing system, the info line by hand). Writers credited in the text are
/// read by `metadata`, as on any page: the markup hands over only what its tags say.
pub(crate) fn apply_page_meta(md: &mut metadata::Metadata, page: &PageMeta) {
    if let Some(d) = &page.date {
        md.date = Some(d.value);
    }
    if let Some(s) = &page.source {
        md.source = Some(s.value.clone());
    }
    if let Some(a) = &page.authors {
        md.authors = a.value.clone();
    }
}
