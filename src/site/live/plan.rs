//! The planning of an update, pure: from the graph before and after an edit (or from a
//! patch), the pages whose output can differ, or why every page must be rendered again.
//!
//! Each page kind has its own function, placed under the view it predicts and named for it
//! (`report_pages` for `views::report`, …); it states what that view shows and keeps the page
//! when any of that can have changed. A change to a view must change its function here too:
//! the byte-for-byte tests (`tests/it/incremental.rs`) catch a page left stale.
//!
//! Owns only those decisions: it renders nothing, reads no file and keeps no state.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::site::graph::{self, Graph};
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::redirects;
use crate::site::views::{self, Counts, ENTITIES_PER_PAGE, EVENTS_PER_PAGE, Page, REPORTS_PER_PAGE};

/// The pages an edit affects, or why everything must be rendered.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) pages: Vec<Page>,
    pub(crate) full: Option<String>,
}

impl Plan {
    fn full(why: impl Into<String>) -> Plan {
        Plan { pages: Vec::new(), full: Some(why.into()) }
    }
}

/// Compares two graphs of the same site, before and after an edit of the reports named by
/// slug in `reports` (changed, added or removed) and of the entity pages in `entities`
/// (same names, other details), and lists the pages of `new` whose output can differ from
/// the page at the same path built from `old`. Pages that exist only in `old` are not listed
/// (the caller removes them). `counts_beyond_home`: some template other than the home page's
/// may show `site.counts` (`Theme::counts_beyond_home`).
pub(crate) fn affected(
    old: &Graph,
    new: &Graph,
    reports: &FxHashSet<String>,
    entities: &[(Kind, String)],
    counts_beyond_home: bool,
) -> Plan {
    if let Some(why) = moves_every_page(old, new, counts_beyond_home) {
        return Plan::full(why);
    }
    let diff = match Diff::new(old, new, reports, entities) {
        Ok(diff) => diff,
        Err(why) => return Plan::full(why),
    };
    let mut pages = home_and_indexes();
    pages.extend(report_pages(&diff));
    pages.extend(report_list_pages(&diff));
    pages.extend(entity_list_pages(&diff));
    pages.extend(entity_pages(&diff));
    pages.extend(timeline_year_pages(&diff));
    Plan { pages, full: None }
}

/// The pages a patched report affects (see `Graph::patch_report`): nothing but the report
/// moved, so each page kind asks only what the patch says changed. Sorted, each page once.
pub(crate) fn patched(site: &Graph, patch: &graph::Patch) -> Vec<Page> {
    let mut pages = home_and_indexes();
    pages.extend(report_pages_patched(site, patch));
    pages.extend(report_list_pages_patched(patch));
    pages.extend(entity_list_pages_patched(site, patch));
    pages.extend(entity_pages_patched(patch));
    pages.extend(timeline_year_pages_patched(site, patch));
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// `patched`'s pages split into what the editor waits for and what can follow once the edit
/// is served (`live::follow`): the list pages, but the report list's page holding the report
/// and each entity list's page holding an entity the patch added (a date edit moves its report
/// across every report-list page between its old and new place, a new person every row of the
/// people's list after it). Both sorted.
pub(crate) fn now_and_later(site: &Graph, patch: &graph::Patch, pages: Vec<Page>) -> (Vec<Page>, Vec<Page>) {
    let mut shown = vec![Page::Reports(patch.report / REPORTS_PER_PAGE + 1)];
    for &id in &patch.added {
        let kind = site.entities[id].kind;
        shown.push(Page::Entities(kind, (id - site.ids_of_kind(kind).start) / ENTITIES_PER_PAGE + 1));
    }
    pages.into_iter().partition(|p| !matches!(p, Page::Reports(_) | Page::Entities(..)) || shown.contains(p))
}

/// Why an edit can change every page, if it can: the timeline split into year pages or
/// joined again (every page's navigation links to it), the site's counts changed while a
/// template other than the home page's may show them (every page would), or the redirect
/// pages changed (rare; a full build writes them and checks them against every page).
fn moves_every_page(old: &Graph, new: &Graph, counts_beyond_home: bool) -> Option<String> {
    if views::timeline_split(old) != views::timeline_split(new) {
        return Some("the timeline changed between one page and one page per year".into());
    }
    let leads = |site| {
        let mut pairs: Vec<(&str, &str)> = redirects::all(site).into_iter().map(|(from, to, ..)| (from, to)).collect();
        pairs.sort_unstable();
        pairs
    };
    if leads(old) != leads(new) {
        return Some("a report's old addresses (redirect_from) or the slug they lead to changed".into());
    }
    if counts_beyond_home && Counts::of(old) != Counts::of(new) {
        return Some("the site's counts changed and the templates show them".into());
    }
    None
}

/// What changed between two graphs, as the page kinds ask it.
struct Diff<'a> {
    old: &'a Graph,
    new: &'a Graph,
    /// Slugs of the reports the edit changed, added or removed.
    changed: &'a FxHashSet<String>,
    /// By new entity id: entities whose page, list row or report cards must change (new
    /// ones, changed counts, edited pages).
    touched: Vec<bool>,
    /// By new entity id: entities whose report count changed.
    recounted: Vec<bool>,
    /// Each report's place in `old`, by slug.
    old_place: FxHashMap<&'a str, ReportId>,
}

impl<'a> Diff<'a> {
    /// `Err(why)` when an entity's slug moved: links to it on any page change.
    fn new(
        old: &'a Graph,
        new: &'a Graph,
        changed: &'a FxHashSet<String>,
        edited: &[(Kind, String)],
    ) -> Result<Diff<'a>, String> {
        let (mut touched, recounted) = compare_entities(old, new)?;
        let new_ids = ids_by_name(new);
        for (kind, name) in edited {
            if let Some(&id) = new_ids.get(&(*kind, name.as_str())) {
                touched[id] = true;
            }
        }
        let old_place = old.reports.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        Ok(Diff { old, new, changed, touched, recounted, old_place })
    }

    fn changed(&self, slug: &str) -> bool {
        self.changed.contains(slug)
    }
}

/// By new entity id: (touched, recounted) as `Diff` keeps them; `Err` names the first entity
/// whose slug moved.
fn compare_entities(old: &Graph, new: &Graph) -> Result<(Vec<bool>, Vec<bool>), String> {
    let old_ids = ids_by_name(old);
    let mut touched = vec![false; new.entities.len()];
    let mut recounted = vec![false; new.entities.len()];
    for (id, e) in new.entities.iter().enumerate() {
        let Some(&o) = old_ids.get(&(e.kind, e.name.as_str())) else {
            touched[id] = true;
            continue;
        };
        let was = &old.entities[o];
        if was.slug != e.slug {
            return Err(format!("{} moved from {} to {}", e.name, was.path(), e.path()));
        }
        recounted[id] = was.reports.len() != e.reports.len();
        touched[id] = recounted[id] || was.events.len() != e.events.len();
    }
    Ok((touched, recounted))
}

fn ids_by_name(site: &Graph) -> FxHashMap<(Kind, &str), EntityId> {
    site.entities.iter().enumerate().map(|(id, e)| ((e.kind, e.name.as_str()), id)).collect()
}

/// The slug of the report at `i` in `site`'s order, if there is one.
fn slug_at(site: &Graph, i: Option<ReportId>) -> Option<&str> {
    i.and_then(|i| site.reports.get(i)).map(|r| r.slug.as_str())
}

/// The slugs of the newer and older neighbours of the report at `i` (what its page links to).
fn neighbours(site: &Graph, i: ReportId) -> (Option<&str>, Option<&str>) {
    (slug_at(site, i.checked_sub(1)), slug_at(site, Some(i + 1)))
}

/// The page numbers (from 1) of a paginated list of `per` items a page, of `new_len` items
/// after an edit and `old_len` before: every page when the length changed (each page states
/// it, and the pager may grow), else the pages holding a slot for which `slot_changed`.
fn list_pages(old_len: usize, new_len: usize, per: usize, slot_changed: impl Fn(usize) -> bool) -> Vec<usize> {
    (1..=views::page_count(new_len, per))
        .filter(|&n| old_len != new_len || ((n - 1) * per..(n * per).min(new_len)).any(&slot_changed))
        .collect()
}

// Home, timeline index, search, /data/, 404.

/// `views::home` counts every report, entity and event (its chart, the top entities, the
/// latest reports); `views::timeline` (the whole timeline, or the index of years with their
/// counts) changes with any event; search, `/data/` and 404 are single cheap pages. Always
/// rendered.
fn home_and_indexes() -> Vec<Page> {
    vec![Page::Home, Page::Timeline, Page::Search, Page::Data, Page::NotFound]
}

// Report pages.

/// `views::report` shows the report, the cards of its newer and older neighbours, and each
/// entity it names with that entity's report count. So: the changed reports, the reports
/// whose neighbours are other reports or changed ones, and those naming a recounted entity.
fn report_pages(d: &Diff) -> Vec<Page> {
    let moved = |rid: ReportId, slug: &str| match d.old_place.get(slug) {
        Some(&o) => neighbours(d.old, o) != neighbours(d.new, rid),
        None => true,
    };
    let changed = |slug: Option<&str>| slug.is_some_and(|s| d.changed(s));
    (0..d.new.reports.len())
        .filter(|&rid| {
            let r = &d.new.reports[rid];
            let (newer, older) = neighbours(d.new, rid);
            d.changed(&r.slug)
                || moved(rid, &r.slug)
                || changed(newer)
                || changed(older)
                || r.entities.iter().any(|&e| d.recounted[e])
        })
        .map(Page::Report)
        .collect()
}

/// `report_pages` after a patch: the report and its neighbours; when its date moved it, its
/// old neighbours (now next to each other); and the reports naming an entity whose report
/// count the patch changed.
fn report_pages_patched(site: &Graph, patch: &graph::Patch) -> Vec<Page> {
    let rid = patch.report;
    let old_neighbours = match patch.moved_from {
        Some(from) if from < rid => [from.checked_sub(1), Some(from)],
        Some(from) => [Some(from), Some(from + 1)],
        None => [None, None],
    };
    let around = [rid.checked_sub(1), Some(rid), Some(rid + 1)].into_iter().chain(old_neighbours).flatten();
    let mut pages: Vec<Page> = around.filter(|&r| r < site.reports.len()).map(Page::Report).collect();
    for &(id, reports, _) in &patch.entities {
        let e = &site.entities[id];
        if e.reports.len() != reports {
            pages.extend(e.reports.iter().map(|&r| Page::Report(r)));
        }
    }
    pages
}

// Report list pages.

/// `views::reports` states how many reports there are and shows a card (`report_card`) per
/// slot: the pages whose slots hold other reports or changed ones (all when the count moved).
fn report_list_pages(d: &Diff) -> Vec<Page> {
    let slot_changed = |i: usize| {
        let (a, b) = (slug_at(d.old, Some(i)), slug_at(d.new, Some(i)));
        a != b || b.is_some_and(|s| d.changed(s))
    };
    list_pages(d.old.reports.len(), d.new.reports.len(), REPORTS_PER_PAGE, slot_changed)
        .into_iter()
        .map(Page::Reports)
        .collect()
}

/// `report_list_pages` after a patch: the count stays; the report's page of the list, and
/// when it moved, every page from its old place to its new one.
fn report_list_pages_patched(patch: &graph::Patch) -> Vec<Page> {
    let from = patch.moved_from.unwrap_or(patch.report);
    let (lo, hi) = (from.min(patch.report), from.max(patch.report));
    (lo / REPORTS_PER_PAGE..=hi / REPORTS_PER_PAGE).map(|p| Page::Reports(p + 1)).collect()
}

// Entity list pages.

/// `views::entities` states how many entities of the kind there are and shows a row per
/// slot (name, report and event counts, the page's details): the pages whose slots hold
/// other entities or touched ones (all when the kind's count moved).
fn entity_list_pages(d: &Diff) -> Vec<Page> {
    let mut pages = Vec::new();
    for kind in Kind::ALL {
        let (o, n) = (d.old.ids_of_kind(kind), d.new.ids_of_kind(kind));
        let slot_changed = |i: usize| {
            let a = (o.start + i < o.end).then(|| &d.old.entities[o.start + i].name);
            let b = (n.start + i < n.end).then(|| &d.new.entities[n.start + i].name);
            a != b || (n.start + i < n.end && d.touched[n.start + i])
        };
        let numbers = list_pages(o.len(), n.len(), ENTITIES_PER_PAGE, slot_changed);
        pages.extend(numbers.into_iter().map(|p| Page::Entities(kind, p)));
    }
    pages
}

/// `entity_list_pages` after a patch: every page of a kind that gained an entity (the count
/// and the rows move), and the row's page of each entity whose counts changed.
fn entity_list_pages_patched(site: &Graph, patch: &graph::Patch) -> Vec<Page> {
    let mut pages = Vec::new();
    for &id in &patch.added {
        let kind = site.entities[id].kind;
        let count = views::page_count(site.of_kind(kind).len(), ENTITIES_PER_PAGE);
        pages.extend((1..=count).map(|p| Page::Entities(kind, p)));
    }
    for &(id, reports, events) in &patch.entities {
        let e = &site.entities[id];
        if e.reports.len() != reports || e.events.len() != events {
            let row = id - site.ids_of_kind(e.kind).start;
            pages.push(Page::Entities(e.kind, row / ENTITIES_PER_PAGE + 1));
        }
    }
    pages
}

// Entity pages.

/// `views::entity` shows the entity's page, the cards of its reports, its events (each with
/// its report's card), the entities related through its reports and a chart of them by
/// year: the touched entities and those listing a changed report. (An entity's events all
/// come from its reports, so a changed event is on a changed report.)
fn entity_pages(d: &Diff) -> Vec<Page> {
    // An entity lists a report exactly when the report names it.
    let mut lists_changed = vec![false; d.new.entities.len()];
    for r in d.new.reports.iter().filter(|r| d.changed(&r.slug)) {
        for &e in &r.entities {
            lists_changed[e] = true;
        }
    }
    (0..d.new.entities.len()).filter(|&id| d.touched[id] || lists_changed[id]).map(Page::Entity).collect()
}

/// `entity_pages` after a patch: the entities the report names or named.
fn entity_pages_patched(patch: &graph::Patch) -> Vec<Page> {
    patch.entities.iter().map(|&(id, _, _)| Page::Entity(id)).collect()
}

// Timeline year pages.

/// `views::timeline_year` shows the index of years with their event counts, and the events
/// of its slots, each linking to its report's anchor (`event-N`, its place in the report):
/// every year page when the index changed, else the pages whose slots hold other events or
/// events of changed reports.
fn timeline_year_pages(d: &Diff) -> Vec<Page> {
    if !views::timeline_split(d.new) {
        return Vec::new();
    }
    let index = |s: &Graph| s.timeline.iter().map(|y| (y.year, y.event_count())).collect::<Vec<_>>();
    let all = index(d.old) != index(d.new);
    let (old_place, new_place) = (event_places(d.old), event_places(d.new));
    let mut pages = Vec::new();
    for (y, year) in d.new.timeline.iter().enumerate() {
        let events = year_events(year);
        let before = d.old.timeline.iter().find(|o| o.year == year.year).map(year_events).unwrap_or_default();
        let same = |i: usize| match (before.get(i), events.get(i)) {
            (Some(&a), Some(&b)) => {
                let (ra, rb) = (&d.old.reports[d.old.events[a].report], &d.new.reports[d.new.events[b].report]);
                ra.slug == rb.slug && old_place[a] == new_place[b] && !d.changed(&rb.slug)
            }
            _ => false,
        };
        for n in 1..=views::page_count(events.len(), EVENTS_PER_PAGE) {
            let slots = (n - 1) * EVENTS_PER_PAGE..(n * EVENTS_PER_PAGE).min(events.len().max(before.len()));
            if all || !slots.clone().all(same) {
                pages.push(Page::TimelineYear(y, n));
            }
        }
    }
    pages
}

/// `timeline_year_pages` after a patch (event dates stay): the page of each of the report's
/// events.
fn timeline_year_pages_patched(site: &Graph, patch: &graph::Patch) -> Vec<Page> {
    if !views::timeline_split(site) {
        return Vec::new();
    }
    let mut pages = Vec::new();
    for &eid in &site.reports[patch.report].events {
        let year = site.events[eid].date.year;
        if let Some(y) = site.timeline.iter().position(|g| g.year == year) {
            let first = site.timeline[y].months[0].events[0];
            pages.push(Page::TimelineYear(y, (eid - first) / EVENTS_PER_PAGE + 1));
        }
    }
    pages
}

/// The events of a year, in the order its pages show them.
fn year_events(year: &graph::YearGroup) -> Vec<EventId> {
    year.months.iter().flat_map(|m| m.events.iter().copied()).collect()
}

/// By event id: the event's place in its report (its anchor `event-N` is the place + 1), by
/// which an event is known across an edit.
fn event_places(site: &Graph) -> Vec<usize> {
    let mut place = vec![0usize; site.events.len()];
    for r in &site.reports {
        for (n, &e) in r.events.iter().enumerate() {
            place[e] = n;
        }
    }
    place
}

#[cfg(test)]
mod tests;
