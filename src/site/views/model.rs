//! The serialisable shapes templates see (the README lists them): small structs borrowing
//! the graph's strings. No logic beyond copying fields.

use serde::Serialize;

use crate::frontmatter::Extra;
use crate::site::charts::Chart;
use crate::site::graph::Graph;
use crate::site::ids::Kind;
use crate::site::load::Facts;
use crate::site::place::Place;

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) base_path: &'a str,
    pub(crate) language: &'a str,
    pub(crate) extra: &'a Extra,
    /// Whether this build makes a search index (`--no-search` turns it off).
    pub(crate) search: bool,
    pub(crate) counts: Counts,
}

/// `site.counts`: what the site holds, as every template may show it.
#[derive(Serialize, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) reports: usize,
    pub(crate) counties: usize,
    pub(crate) people: usize,
    pub(crate) programs: usize,
    pub(crate) events: usize,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(site: &'a Graph, search: bool) -> SiteView<'a> {
        let c = &site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: &c.base_path,
            language: &c.language,
            extra: &c.extra,
            search,
            counts: Counts::of(site),
        }
    }
}

impl Counts {
    pub(crate) fn of(site: &Graph) -> Counts {
        Counts {
            reports: site.reports.len(),
            counties: site.of_kind(Kind::County).len(),
            people: site.of_kind(Kind::Person).len(),
            programs: site.of_kind(Kind::Program).len(),
            events: site.events.len(),
        }
    }
}

/// What every page has: `meta` in the templates.
#[derive(Serialize)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) description: String,
    /// The page's link (base path included).
    pub(crate) url: String,
    /// Absolute when the base URL names a host; `None` for the 404 page.
    pub(crate) canonical: Option<String>,
    /// Which entry of the main navigation this page belongs to.
    pub(crate) section: &'static str,
    pub(crate) breadcrumbs: Vec<Crumb>,
    /// `website`, `article` or `profile`.
    pub(crate) og_type: &'static str,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub(crate) jsonld: String,
}

#[derive(Serialize)]
pub(crate) struct Crumb {
    pub(crate) title: String,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct EntityLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    /// `counties`, `people` or `programs`.
    pub(crate) kind: &'static str,
    /// Reports it appears in (or shares, for related entities).
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct KindGroup<'a> {
    pub(crate) kind: &'static str,
    pub(crate) label: &'static str,
    pub(crate) url: String,
    pub(crate) total: usize,
    pub(crate) entities: Vec<EntityLink<'a>>,
    /// How many of `total` are not in `entities`.
    pub(crate) hidden: usize,
}

#[derive(Serialize)]
pub(crate) struct ReportCard<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) date: Option<String>,
    pub(crate) date_label: Option<String>,
    pub(crate) source: Option<&'a str>,
    pub(crate) excerpt: &'a str,
}

#[derive(Serialize)]
pub(crate) struct EventView<'a> {
    /// `event-N` on its report's page.
    pub(crate) id: String,
    pub(crate) date: String,
    pub(crate) end: Option<String>,
    pub(crate) label: String,
    pub(crate) end_label: Option<String>,
    pub(crate) text: &'a str,
    pub(crate) report: ReportCard<'a>,
    /// Link to the event on its report's page.
    pub(crate) url: String,
    pub(crate) entities: Vec<EntityLink<'a>>,
}

#[derive(Serialize)]
pub(crate) struct YearView<'a> {
    pub(crate) year: u16,
    /// `y2018`, the anchor on the timeline page.
    pub(crate) id: String,
    /// The year's page when the timeline is split, else its anchor on /timeline/.
    pub(crate) url: String,
    pub(crate) count: usize,
    pub(crate) months: Vec<MonthView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct MonthView<'a> {
    pub(crate) label: String,
    pub(crate) id: String,
    pub(crate) events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct Pager {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    /// Page links; `url` is `None` for a gap (…).
    pub(crate) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: Option<String>,
    pub(crate) current: bool,
}

#[derive(Serialize)]
pub(crate) struct ReportView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) date: Option<String>,
    pub(crate) date_label: Option<String>,
    pub(crate) source: Option<&'a str>,
    pub(crate) authors: &'a [String],
    /// The original address of a saved web page.
    pub(crate) original: Option<&'a str>,
    /// The other printings (也刊于), oldest first.
    pub(crate) copies: Vec<CopyView<'a>>,
    /// The article as HTML.
    pub(crate) content: String,
    pub(crate) entities: Vec<KindGroup<'a>>,
    pub(crate) events: Vec<EventView<'a>>,
    /// The next older and next newer report.
    pub(crate) older: Option<ReportCard<'a>>,
    pub(crate) newer: Option<ReportCard<'a>>,
    pub(crate) extra: &'a Extra,
}

/// Another printing of a report, as its page lists it.
#[derive(Serialize)]
pub(crate) struct CopyView<'a> {
    pub(crate) source: Option<&'a str>,
    pub(crate) date: Option<&'a str>,
    /// Its original address, only when it is a web address.
    pub(crate) url: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct EntityView<'a> {
    pub(crate) kind: &'static str,
    pub(crate) kind_label: &'static str,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) aliases: &'a [String],
    /// The editor's description as HTML; empty without a page.
    pub(crate) description: String,
    pub(crate) code: Option<&'a str>,
    pub(crate) province: Option<&'a str>,
    pub(crate) prefecture: Option<&'a str>,
    pub(crate) roles: &'a [String],
    pub(crate) program_kind: Option<&'a str>,
    pub(crate) reports: Vec<ReportCard<'a>>,
    pub(crate) event_count: usize,
    pub(crate) timeline: Vec<YearView<'a>>,
    pub(crate) related: Vec<KindGroup<'a>>,
    pub(crate) extra: Option<&'a Extra>,
    /// Reports and events per year; `None` when nothing it has is dated.
    pub(crate) chart: Option<Chart>,
    /// Where a county is (province, prefecture, coordinates, map link); `None` otherwise.
    pub(crate) place: Option<PlaceView>,
}

/// A county's place for its page.
#[derive(Serialize)]
pub(crate) struct PlaceView {
    pub(crate) code: Option<String>,
    pub(crate) province: Option<String>,
    pub(crate) prefecture: Option<String>,
    pub(crate) lon: Option<f64>,
    pub(crate) lat: Option<f64>,
    /// `东经 102.06°，北纬 31.48°`.
    pub(crate) coordinates: Option<String>,
    /// The national map service (天地图) opened at the coordinates.
    pub(crate) map_url: Option<String>,
}

impl From<Place> for PlaceView {
    fn from(p: Place) -> PlaceView {
        PlaceView {
            coordinates: p.coordinates_label(),
            map_url: p.map_url(),
            code: p.code,
            province: p.province,
            prefecture: p.prefecture,
            lon: p.lon,
            lat: p.lat,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct EntityRow<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) reports: usize,
    pub(crate) events: usize,
    /// Province and prefecture, roles or kind: one short line.
    pub(crate) detail: String,
}

#[derive(Serialize)]
pub(crate) struct TimelineView<'a> {
    /// The years shown on this page, with their months and events.
    pub(crate) years: Vec<YearView<'a>>,
    /// Every year, for navigation.
    pub(crate) index: Vec<YearView<'a>>,
    /// The year of a year page.
    pub(crate) year: Option<u16>,
    pub(crate) split: bool,
}

/// One line under an entity's name in lists: where a county lies, a person's roles, a
/// program's kind.
pub(super) fn detail(f: &Facts) -> String {
    match (f.province, f.prefecture) {
        (None, None) if !f.roles.is_empty() => f.roles.join("、"),
        (None, None) => f.program_kind.unwrap_or_default().to_string(),
        (p, q) => [p, q].into_iter().flatten().collect::<Vec<_>>().join(" · "),
    }
}
