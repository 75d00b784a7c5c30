//! The rules `build` and `patch` share, so that a rule changed here changes both paths: which
//! names a report uses (`read_names`: trimmed, empty ones left out, in front-matter order),
//! which entities it and each of its events mention (`mentions`: sorted, no repeats), how a
//! `Report`, an `Event` and an `Entity` are made from their pages, a name's plain slug, the
//! order of reports, and where each kind's entities sit.
//!
//! Must not decide anything about the whole graph (ids, slug collisions, orders: that is
//! `build`; whether an edit is a patch: that is `patch`), render, or touch the file system.
//! Imports only `model` of its siblings.

use std::cmp::Reverse;
use std::ops::Range;

use super::model::{Entity, Event, Report};
use crate::date::Date;
use crate::frontmatter::ReportFront;
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::load::{EntityPage, ReportPage};
use crate::slug;

/// The names one report uses, each resolved to a `T`: its own (the front matter's lists) and
/// each event's, in the order the report states its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReportNames<T> {
    pub(crate) own: Vec<T>,
    pub(crate) events: Vec<Vec<T>>,
}

impl<T> ReportNames<T> {
    /// Every name, the report's own first, then each event's.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.own.iter().chain(self.events.iter().flatten())
    }

    /// The same names resolved further, in the order of `iter`.
    pub(crate) fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> ReportNames<U> {
        let own = self.own.iter().map(&mut f).collect();
        let events = self.events.iter().map(|names| names.iter().map(&mut f).collect()).collect();
        ReportNames { own, events }
    }
}

/// Reads the names a report uses and resolves each with `resolve`, in front-matter order
/// (counties, people, programs; the report's own, then each event's), which is the order in
/// which `build` meets names that have no page yet. Names are trimmed; empty ones are no
/// names.
pub(super) fn read_names<'f, T>(front: &'f ReportFront, mut resolve: impl FnMut(Kind, &'f str) -> T) -> ReportNames<T> {
    let mut lists = |counties: &'f [String], people: &'f [String], programs: &'f [String]| -> Vec<T> {
        [(Kind::County, counties), (Kind::Person, people), (Kind::Program, programs)]
            .into_iter()
            .flat_map(|(kind, list)| list.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).map(move |n| (kind, n)))
            .map(|(kind, name)| resolve(kind, name))
            .collect()
    };
    let own = lists(&front.counties, &front.people, &front.programs);
    let events = front.events.iter().map(|ev| lists(&ev.counties, &ev.people, &ev.programs)).collect();
    ReportNames { own, events }
}

/// The entities a report mentions: each event's, and the report's (its own names and its
/// events'), sorted by id (which groups them by kind) and without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mentions {
    pub(crate) report: Vec<EntityId>,
    pub(crate) events: Vec<Vec<EntityId>>,
}

/// The mentions of a report whose names resolved to `ids`.
pub(super) fn mentions(ids: ReportNames<EntityId>) -> Mentions {
    let events: Vec<Vec<EntityId>> = ids.events.into_iter().map(sorted_set).collect();
    let report = sorted_set(ids.own.into_iter().chain(events.iter().flatten().copied()).collect());
    Mentions { report, events }
}

fn sorted_set(mut ids: Vec<EntityId>) -> Vec<EntityId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The graph's report for a loaded page, with the entities it mentions and its events' ids.
pub(super) fn report_of(page: &ReportPage, entities: Vec<EntityId>, events: Vec<EventId>) -> Report {
    let f = &page.front;
    Report {
        slug: page.slug.clone(),
        site_path: Report::path_of(&page.slug),
        redirects: page.redirects.clone(),
        file: page.path.clone(),
        title: f.title.clone(),
        date: page.date,
        source: f.source.clone(),
        authors: f.authors.clone(),
        url: f.url.clone(),
        seed: f.seed.clone(),
        part: f.part,
        copies: f.copies.clone(),
        raw_html: f.raw_html,
        extra: f.extra.clone(),
        body: page.body.clone(),
        excerpt: page.excerpt.clone(),
        entities,
        events,
    }
}

/// Event `n` of report `rid`'s page, naming `entities`.
pub(super) fn event_of(rid: ReportId, page: &ReportPage, n: usize, entities: Vec<EntityId>) -> Event {
    let (date, end) = page.event_dates[n];
    Event { report: rid, date, end, text: page.front.events[n].text.clone(), entities }
}

/// An entity with no reports or events yet: named by its page when it has one (which gives
/// its aliases), else by a report.
pub(super) fn entity_of(kind: Kind, name: String, slug: String, page: Option<&EntityPage>) -> Entity {
    Entity {
        kind,
        name,
        site_path: Entity::path_of(kind, &slug),
        slug,
        aliases: page.map(|p| p.front.aliases().to_vec()).unwrap_or_default(),
        page: page.cloned(),
        reports: Vec::new(),
        events: Vec::new(),
    }
}

/// The plain slug of a name of this kind.
pub(crate) fn plain_slug(kind: Kind, name: &str) -> String {
    match kind {
        Kind::County => slug::place_slug(name),
        Kind::Person => slug::person_slug(name),
        Kind::Program => slug::text_slug_limited(name, 60),
    }
}

/// The order of reports, and so of report ids: newest first, undated last, then by slug.
pub(super) fn newest_first_key(date: Option<Date>, slug: &str) -> (bool, Reverse<Option<Date>>, &str) {
    (date.is_none(), Reverse(date), slug)
}

/// Where each kind's entities sit in `entities`, which is sorted by kind.
pub(super) fn kind_ranges(entities: &[Entity]) -> [Range<usize>; 3] {
    Kind::ALL.map(|k| entities.partition_point(|e| e.kind < k)..entities.partition_point(|e| e.kind <= k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::Event as FrontEvent;

    #[test]
    fn names_are_read_in_front_matter_order_trimmed_and_never_empty() {
        let front = ReportFront {
            counties: vec!["丰县".into()],
            people: vec![" 王明远 ".into(), "".into(), "李秀兰".into()],
            programs: vec!["  ".into()],
            events: vec![FrontEvent {
                people: vec!["李秀兰".into()],
                counties: vec!["沛县".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        let names = read_names(&front, |kind, name| (kind, name));
        assert_eq!(names.own, [(Kind::County, "丰县"), (Kind::Person, "王明远"), (Kind::Person, "李秀兰")]);
        assert_eq!(names.events, [vec![(Kind::County, "沛县"), (Kind::Person, "李秀兰")]]);
        let order: Vec<&str> = names.iter().map(|&(_, n)| n).collect();
        assert_eq!(order, ["丰县", "王明远", "李秀兰", "沛县", "李秀兰"]);
    }

    #[test]
    fn a_report_mentions_its_own_names_and_its_events_sorted_once() {
        let ids = ReportNames { own: vec![7, 2, 7], events: vec![vec![5, 2, 5], vec![], vec![9]] };
        let m = mentions(ids);
        assert_eq!(m.events, [vec![2, 5], vec![], vec![9]]);
        assert_eq!(m.report, [2, 5, 7, 9]);
    }
}
