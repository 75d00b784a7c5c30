//! The serialisable shapes templates see (the README lists them): small structs borrowing
//! the graph's strings. No logic beyond copying fields.

use serde::Serialize;

use crate::frontmatter::Extra;
use crate::site::charts::Chart;
use crate::site::graph::Site;
use crate::site::ids::Kind;
use crate::site::place::Place;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub extra: &'a Extra,
    /// Whether this build makes a search index (`--no-search` turns it off).
    pub search: bool,
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct Counts {
    pub reports: usize,
    pub counties: usize,
    pub people: usize,
    pub programs: usize,
    pub events: usize,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, search: bool) -> SiteView<'a> {
        let c = &site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: &c.base_path,
            language: &c.language,
            extra: &c.extra,
            search,
            counts: Counts {
                reports: site.reports.len(),
                counties: site.of_kind(Kind::County).len(),
                people: site.of_kind(Kind::Person).len(),
                programs: site.of_kind(Kind::Program).len(),
                events: site.events.len(),
            },
        }
    }
}

/// What every page has: `meta` in the templates.
#[derive(Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    /// The page's link (base path included).
    pub url: String,
    /// Absolute when the base URL names a host; `None` for the 404 page.
    pub canonical: Option<String>,
    /// Which entry of the main navigation this page belongs to.
    pub section: &'static str,
    pub breadcrumbs: Vec<Crumb>,
    /// `website`, `article` or `profile`.
    pub og_type: &'static str,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub jsonld: String,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct EntityLink<'a> {
    pub name: &'a str,
    pub url: String,
    /// `counties`, `people` or `programs`.
    pub kind: &'static str,
    /// Reports it appears in (or shares, for related entities).
    pub count: usize,
}

#[derive(Serialize)]
pub struct KindGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub url: String,
    pub total: usize,
    pub entities: Vec<EntityLink<'a>>,
    /// How many of `total` are not in `entities`.
    pub hidden: usize,
}

#[derive(Serialize)]
pub struct ReportCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub source: Option<&'a str>,
    pub excerpt: &'a str,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    /// `event-N` on its report's page.
    pub id: String,
    pub date: String,
    pub end: Option<String>,
    pub label: String,
    pub end_label: Option<String>,
    pub text: &'a str,
    pub report: ReportCard<'a>,
    /// Link to the event on its report's page.
    pub url: String,
    pub entities: Vec<EntityLink<'a>>,
}

#[derive(Serialize)]
pub struct YearView<'a> {
    pub year: u16,
    /// `y2018`, the anchor on the timeline page.
    pub id: String,
    /// The year's page when the timeline is split, else its anchor on /timeline/.
    pub url: String,
    pub count: usize,
    pub months: Vec<MonthView<'a>>,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    pub label: String,
    pub id: String,
    pub events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Page links; `url` is `None` for a gap (…).
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: Option<String>,
    pub current: bool,
}

#[derive(Serialize)]
pub struct ReportView<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub source: Option<&'a str>,
    pub authors: &'a [String],
    /// The original address of a saved web page.
    pub original: Option<&'a str>,
    /// The article as HTML.
    pub content: String,
    pub entities: Vec<KindGroup<'a>>,
    pub events: Vec<EventView<'a>>,
    /// The next older and next newer report.
    pub older: Option<ReportCard<'a>>,
    pub newer: Option<ReportCard<'a>>,
    pub extra: &'a Extra,
}

#[derive(Serialize)]
pub struct EntityView<'a> {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub name: &'a str,
    pub url: String,
    pub aliases: &'a [String],
    /// The editor's description as HTML; empty without a page.
    pub description: String,
    pub code: Option<&'a str>,
    pub province: Option<&'a str>,
    pub prefecture: Option<&'a str>,
    pub roles: &'a [String],
    pub program_kind: Option<&'a str>,
    pub reports: Vec<ReportCard<'a>>,
    pub event_count: usize,
    pub timeline: Vec<YearView<'a>>,
    pub related: Vec<KindGroup<'a>>,
    pub extra: Option<&'a Extra>,
    /// Reports and events per year; `None` when nothing it has is dated.
    pub chart: Option<Chart>,
    /// Where a county is (province, prefecture, coordinates, map link); `None` otherwise.
    pub place: Option<PlaceView>,
}

/// A county's place for its page.
#[derive(Serialize)]
pub struct PlaceView {
    pub code: Option<String>,
    pub province: Option<String>,
    pub prefecture: Option<String>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// `东经 102.06°，北纬 31.48°`.
    pub coordinates: Option<String>,
    /// The national map service (天地图) opened at the coordinates.
    pub map_url: Option<String>,
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
pub struct EntityRow<'a> {
    pub name: &'a str,
    pub url: String,
    pub reports: usize,
    pub events: usize,
    /// Province and prefecture, roles or kind: one short line.
    pub detail: String,
}

#[derive(Serialize)]
pub struct TimelineView<'a> {
    /// The years shown on this page, with their months and events.
    pub years: Vec<YearView<'a>>,
    /// Every year, for navigation.
    pub index: Vec<YearView<'a>>,
    /// The year of a year page.
    pub year: Option<u16>,
    pub split: bool,
}
