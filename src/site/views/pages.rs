//! The page list: every page of the site, its site path and its template, without building
//! any context. `serve`'s planning reads it to tell which pages an edit added or removed.

use crate::site::graph::Graph;
use crate::site::ids::{EntityId, Kind, ReportId};
use crate::site::opendata;

/// Reports on the home page.
pub(crate) const LATEST: usize = 10;
/// Reports per page of /reports/.
pub(crate) const REPORTS_PER_PAGE: usize = 50;
/// Entities per page of /counties/, /people/, /programs/.
pub(crate) const ENTITIES_PER_PAGE: usize = 200;
/// Above this many events the timeline gets one page per year.
pub(crate) const TIMELINE_SPLIT: usize = 300;
/// Events per page of a year of the timeline.
pub(crate) const EVENTS_PER_PAGE: usize = 200;
/// Entities of each kind on the home page, and related entities of each kind on a page.
pub(crate) const TOP: usize = 12;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Page {
    Home,
    /// Page number, from 1.
    Reports(usize),
    Report(ReportId),
    Entities(Kind, usize),
    Entity(EntityId),
    /// The whole timeline, or the index of year pages when split.
    Timeline,
    /// Index into `site.timeline`, page number from 1.
    TimelineYear(usize, usize),
    Search,
    /// `/data/`: the open data and what each table holds.
    Data,
    NotFound,
}

/// Every page of the site, in a fixed order.
pub(crate) fn pages(site: &Graph) -> Vec<Page> {
    let mut pages = vec![Page::Home];
    pages.extend((1..=page_count(site.reports.len(), REPORTS_PER_PAGE)).map(Page::Reports));
    pages.extend((0..site.reports.len()).map(Page::Report));
    for kind in Kind::ALL {
        pages.extend((1..=page_count(site.of_kind(kind).len(), ENTITIES_PER_PAGE)).map(|n| Page::Entities(kind, n)));
    }
    pages.extend((0..site.entities.len()).map(Page::Entity));
    pages.push(Page::Timeline);
    if timeline_split(site) {
        for (i, year) in site.timeline.iter().enumerate() {
            let n = year.event_count();
            pages.extend((1..=page_count(n, EVENTS_PER_PAGE)).map(|p| Page::TimelineYear(i, p)));
        }
    }
    pages.push(Page::Search);
    pages.push(Page::Data);
    pages.push(Page::NotFound);
    pages
}

/// Whether `page` is one of `site`'s pages (`serve`: a page of an earlier state may be gone).
pub(crate) fn exists(site: &Graph, page: Page) -> bool {
    let numbered = |n: usize, items: usize, per: usize| (1..=page_count(items, per)).contains(&n);
    match page {
        Page::Reports(n) => numbered(n, site.reports.len(), REPORTS_PER_PAGE),
        Page::Report(id) => id < site.reports.len(),
        Page::Entities(kind, n) => numbered(n, site.of_kind(kind).len(), ENTITIES_PER_PAGE),
        Page::Entity(id) => id < site.entities.len(),
        Page::TimelineYear(i, n) => {
            timeline_split(site) && site.timeline.get(i).is_some_and(|y| numbered(n, y.event_count(), EVENTS_PER_PAGE))
        }
        Page::Home | Page::Timeline | Page::Search | Page::Data | Page::NotFound => true,
    }
}

/// The site path of a page, without building its context (`serve` uses it to tell which
/// pages an edit added or removed).
pub(crate) fn path_of(site: &Graph, page: Page) -> String {
    match page {
        Page::Home => String::new(),
        Page::Reports(n) => paged("reports/", n),
        Page::Report(id) => site.reports[id].path().to_string(),
        Page::Entities(kind, n) => paged(&format!("{}/", kind.dir()), n),
        Page::Entity(id) => site.entities[id].path().to_string(),
        Page::Timeline => "timeline/".into(),
        Page::TimelineYear(i, n) => paged(&format!("timeline/{}/", site.timeline[i].year), n),
        Page::Search => "search/".into(),
        Page::Data => opendata::DIR.into(),
        Page::NotFound => "404.html".into(),
    }
}

/// The template a page renders with (the README's table of templates).
pub(crate) fn template_of(site: &Graph, page: Page) -> &'static str {
    let kind_list = |kind| match kind {
        Kind::County => "counties.html",
        Kind::Person => "people.html",
        Kind::Program => "programs.html",
    };
    match page {
        Page::Home => "index.html",
        Page::Reports(_) => "reports.html",
        Page::Report(_) => "report.html",
        Page::Entities(kind, _) => kind_list(kind),
        Page::Entity(id) => match site.entities[id].kind {
            Kind::County => "county.html",
            Kind::Person => "person.html",
            Kind::Program => "program.html",
        },
        Page::Timeline | Page::TimelineYear(..) => "timeline.html",
        Page::Search => "search.html",
        Page::Data => "data.html",
        Page::NotFound => "404.html",
    }
}

/// Whether the timeline has one page per year.
pub fn timeline_split(site: &Graph) -> bool {
    site.events.len() > TIMELINE_SPLIT
}

/// At least one page, so an empty list still has its index.
pub(crate) fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// Site path of page `n` of a paginated list at `base` (`reports/`).
pub(super) fn paged(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_from_one_and_paths_follow_zola() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(101, 50), 3);
        assert_eq!(paged("reports/", 1), "reports/");
        assert_eq!(paged("reports/", 3), "reports/page/3/");
    }
}
