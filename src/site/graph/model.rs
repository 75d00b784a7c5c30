//! The graph's plain data: `Graph` and what it holds (`Report`, `Entity`, `Event`, the
//! timeline's `YearGroup`/`MonthGroup`), `Patch` (what a patch changed), and the read-only
//! queries on them (`of_kind`, `related`, paths, `fingerprint`, `group_timeline`).
//!
//! Owns the shape of the model and its invariants (the orders documented on each field).
//! Must not build or change a `Graph` (that is `build` and `patch`), render anything, or
//! touch the file system. The leaf of `graph`: imports nothing from its siblings.

use std::cmp::Reverse;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::date::Date;
use crate::frontmatter::Extra;
use crate::site::body::ReportBody;
use crate::site::config::Config;
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::load::EntityPage;

/// The whole site, built once per build and only read afterwards (`serve` patches it in
/// place, cloning it only when a background job still reads the previous state).
#[derive(Debug, Clone)]
pub struct Graph {
    pub(crate) config: Config,
    /// Newest first (undated last), then by slug.
    pub reports: Vec<Report>,
    /// Counties, then people, then programs; each kind sorted by slug.
    pub entities: Vec<Entity>,
    /// Every event, chronological.
    pub(crate) events: Vec<Event>,
    /// All events by year and month.
    pub(crate) timeline: Vec<YearGroup>,
    /// What the build should tell the user but that does not stop it.
    pub(crate) warnings: Vec<String>,
    pub(super) kinds: [Range<usize>; 3],
    /// Per kind: every name and alias → its entity, for `patch_report`.
    pub(super) names: [FxHashMap<String, EntityId>; 3],
}

#[derive(Debug, Clone)]
pub struct Report {
    pub slug: String,
    /// Site path of the report's page (`reports/<slug>/`), made once with the report.
    pub(crate) site_path: String,
    /// Old addresses (`redirect_from`) as site paths (`reports/old/`), each with its line in
    /// the content file; `redirects` gives each a page.
    pub(crate) redirects: Vec<(String, usize)>,
    /// The content file, for messages.
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) date: Option<Date>,
    pub(crate) source: Option<String>,
    pub(crate) authors: Vec<String>,
    /// The original address of a saved web page.
    pub(crate) url: Option<String>,
    /// The seed file the report came from, and its place in a bulletin (open data).
    pub(crate) seed: Option<String>,
    pub(crate) part: Option<u32>,
    /// The other printings of the report (front matter `copies`), oldest first: listed, never
    /// counted.
    pub(crate) copies: Vec<crate::frontmatter::Copy>,
    pub(crate) raw_html: bool,
    pub(crate) extra: Extra,
    /// The Markdown body as written, shared with the loaded page (or where to read it).
    pub(crate) body: ReportBody,
    /// Plain text of the body's start, for cards and descriptions.
    pub(crate) excerpt: String,
    /// Every entity the report names, in its front matter or its events; sorted by id,
    /// which groups them by kind.
    pub entities: Vec<EntityId>,
    /// The report's events, in the order the report states them.
    pub(crate) events: Vec<EventId>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub(crate) kind: Kind,
    pub name: String,
    pub(crate) slug: String,
    /// Site path of the entity's page (`<kind dir>/<slug>/`), made once with the entity.
    pub(crate) site_path: String,
    pub(crate) aliases: Vec<String>,
    /// The editorial page, when there is one.
    pub(crate) page: Option<EntityPage>,
    /// Newest first.
    pub reports: Vec<ReportId>,
    /// Chronological.
    pub(crate) events: Vec<EventId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) report: ReportId,
    pub(crate) date: Date,
    pub(crate) end: Option<Date>,
    pub(crate) text: String,
    /// Entities named in the clause, sorted by id.
    pub(crate) entities: Vec<EntityId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearGroup {
    pub(crate) year: u16,
    pub(crate) months: Vec<MonthGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthGroup {
    /// 0 for events dated by year only.
    pub(crate) month: u8,
    pub(crate) events: Vec<EventId>,
}

impl Graph {
    /// The entities of one kind, sorted by slug.
    pub(crate) fn of_kind(&self, kind: Kind) -> &[Entity] {
        &self.entities[self.kinds[kind as usize].clone()]
    }

    /// The ids of the entities of one kind.
    pub(crate) fn ids_of_kind(&self, kind: Kind) -> Range<EntityId> {
        self.kinds[kind as usize].clone()
    }

    /// Entities named in the same reports as `id`, with how many reports they share; by
    /// kind, then most shared first. Computed when a page asks (only the entity's own page
    /// does), from its reports, so the graph holds no pairwise table.
    pub(crate) fn related(&self, id: EntityId) -> Vec<(EntityId, usize)> {
        let mut others: Vec<EntityId> = self.entities[id]
            .reports
            .iter()
            .flat_map(|&r| self.reports[r].entities.iter().copied())
            .filter(|&e| e != id)
            .collect();
        others.sort_unstable();
        let mut related: Vec<(EntityId, usize)> = Vec::new();
        for e in others {
            match related.last_mut() {
                Some((last, n)) if *last == e => *n += 1,
                _ => related.push((e, 1)),
            }
        }
        // Ids are grouped by kind, so `(kind, most shared, id)` is the order.
        related.sort_by_key(|&(e, n)| (self.entities[e].kind, Reverse(n), e));
        related
    }
}

/// What `Graph::patch_report` changed, for working out the pages to render again.
#[derive(Debug, Default)]
pub(crate) struct Patch {
    /// The report's id after the patch.
    pub(crate) report: ReportId,
    /// Its id before, when a new date moved it (every id between the two moved by one).
    pub(crate) moved_from: Option<ReportId>,
    /// Entities the edit named first (every entity id after theirs moved by one).
    pub(crate) added: Vec<EntityId>,
    /// Entities the report named before or names now, with their report and event counts
    /// before the patch.
    pub(crate) entities: Vec<(EntityId, usize, usize)>,
}

impl Graph {
    /// Everything the graph holds, in a deterministic text (the name index sorted), to check
    /// that a patched graph equals a rebuilt one. Every field, so a field added to `Graph`
    /// must be added here (the pattern below does not compile otherwise); the views read
    /// nothing but these. Only tests and debug builds' `serve` check compare graphs.
    #[cfg(any(test, debug_assertions))]
    pub(crate) fn fingerprint(&self) -> String {
        let Graph { config, reports, entities, events, timeline, warnings, kinds, names } = self;
        let mut names: Vec<(usize, &String, &EntityId)> =
            names.iter().enumerate().flat_map(|(k, m)| m.iter().map(move |(n, id)| (k, n, id))).collect();
        names.sort();
        format!("{:?}", (config, reports, entities, events, timeline, warnings, kinds, names))
    }
}

impl YearGroup {
    /// Number of events in the year.
    pub(crate) fn event_count(&self) -> usize {
        self.months.iter().map(|m| m.events.len()).sum()
    }
}

impl Report {
    /// Site path of the report's page.
    pub(crate) fn path(&self) -> &str {
        &self.site_path
    }

    /// The site path of the page of a report with this slug.
    pub(super) fn path_of(slug: &str) -> String {
        format!("reports/{slug}/")
    }
}

impl Entity {
    /// Site path of the entity's page.
    pub fn path(&self) -> &str {
        &self.site_path
    }

    /// The site path of the page of an entity of this kind and slug.
    pub(super) fn path_of(kind: Kind, slug: &str) -> String {
        format!("{}/{slug}/", kind.dir())
    }
}

/// Groups chronological `ids` into years and months, keeping their order.
pub(crate) fn group_timeline(ids: &[EventId], events: &[Event]) -> Vec<YearGroup> {
    let mut years: Vec<YearGroup> = Vec::new();
    for &id in ids {
        let d = events[id].date;
        if years.last().is_none_or(|y| y.year != d.year) {
            years.push(YearGroup { year: d.year, months: Vec::new() });
        }
        let year = years.last_mut().expect("pushed above");
        if year.months.last().is_none_or(|m| m.month != d.month) {
            year.months.push(MonthGroup { month: d.month, events: Vec::new() });
        }
        year.months.last_mut().expect("pushed above").events.push(id);
    }
    years
}
