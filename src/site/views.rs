//! What each template sees: small, serialisable views of one page, built from the shared
//! graph by id, borrowing its strings.
//!
//! Owns the page list (`pages`: every page of the site, with its template and site path),
//! pagination, and each page's context: `meta` (title, description, canonical URL,
//! breadcrumbs, Open Graph type, JSON-LD escaped for a `<script>`) plus the page's own data
//! (`report`, `entity`, `reports`, `entities`, `timeline`, …). The README lists them.
//!
//! A context never holds the site: only the page and the entities it shows. This module must
//! not render templates or touch the file system (a report's body that the build did not
//! keep is read again through `body::ReportBody`, which owns that read).

use anyhow::Result;
use serde::Serialize;
use serde_json::json;

use crate::frontmatter::Extra;
use crate::site::charts::{self, Chart};
use crate::site::config::Config;
use crate::site::graph::{Site, YearGroup};
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::load::EntityFront;
use crate::site::markdown::{Body, Markdown};
use crate::site::opendata;
use crate::site::place::Place;

/// Reports on the home page.
pub const LATEST: usize = 10;
/// Reports per page of /reports/.
pub const REPORTS_PER_PAGE: usize = 50;
/// Entities per page of /counties/, /people/, /programs/.
pub const ENTITIES_PER_PAGE: usize = 200;
/// Above this many events the timeline gets one page per year.
pub const TIMELINE_SPLIT: usize = 300;
/// Events per page of a year of the timeline.
pub const EVENTS_PER_PAGE: usize = 200;
/// Entities of each kind on the home page, and related entities of each kind on a page.
pub const TOP: usize = 12;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
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
pub fn pages(site: &Site) -> Vec<Page> {
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

/// The site path of a page, without building its context (`serve` uses it to tell which
/// pages an edit added or removed).
pub fn path_of(site: &Site, page: Page) -> String {
    match page {
        Page::Home => String::new(),
        Page::Reports(n) => paged("reports/", n),
        Page::Report(id) => site.reports[id].path(),
        Page::Entities(kind, n) => paged(&format!("{}/", kind.dir()), n),
        Page::Entity(id) => site.entities[id].path(),
        Page::Timeline => "timeline/".into(),
        Page::TimelineYear(i, n) => paged(&format!("timeline/{}/", site.timeline[i].year), n),
        Page::Search => "search/".into(),
        Page::Data => opendata::DIR.into(),
        Page::NotFound => "404.html".into(),
    }
}

/// Whether the timeline has one page per year.
pub fn timeline_split(site: &Site) -> bool {
    site.events.len() > TIMELINE_SPLIT
}

/// At least one page, so an empty list still has its index.
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// Site path of page `n` of a paginated list at `base` (`reports/`).
fn paged(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// The global `site` variable, set once for every template.
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

/// Builds page contexts from the graph; one per build, shared by the render threads.
pub struct Views<'a> {
    site: &'a Site,
    markdown: &'a Markdown,
}

/// A page ready for its template.
pub struct PageContext {
    pub template: &'static str,
    /// Site path: `` for home, `reports/x/`, `404.html`.
    pub path: String,
    pub context: tera::Context,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, markdown: &'a Markdown) -> Views<'a> {
        Views { site, markdown }
    }

    fn config(&self) -> &'a Config {
        &self.site.config
    }

    /// The context of one page.
    pub fn page(&self, page: Page) -> Result<PageContext> {
        Ok(match page {
            Page::Home => self.home(),
            Page::Reports(n) => self.reports(n),
            Page::Report(id) => self.report(id)?,
            Page::Entities(kind, n) => self.entities(kind, n),
            Page::Entity(id) => self.entity(id),
            Page::Timeline => self.timeline(),
            Page::TimelineYear(y, n) => self.timeline_year(y, n),
            Page::Search => self.simple("search.html", "search/", "搜索", "search", "全文搜索本站报告。"),
            Page::Data => self.data(),
            Page::NotFound => self.simple("404.html", "404.html", "页面不存在", "", "没有找到这个页面。"),
        })
    }

    fn meta(&self, path: &str, title: String, description: String, section: &'static str, trail: Vec<Crumb>) -> Meta {
        let c = self.config();
        let mut breadcrumbs = Vec::new();
        if !path.is_empty() && path != "404.html" {
            breadcrumbs.push(Crumb { title: "首页".into(), url: c.url("") });
            breadcrumbs.extend(trail);
            breadcrumbs.push(Crumb { title: title.clone(), url: c.url(path) });
        }
        let canonical = (path != "404.html").then(|| c.absolute(path));
        let jsonld = script_json(&json!({
            "@context": "https://schema.org",
            "@type": if path.is_empty() { "WebSite" } else { "WebPage" },
            "name": title,
            "url": canonical.clone().unwrap_or_else(|| c.url(path)),
            "inLanguage": c.language,
        }));
        Meta { title, description, url: c.url(path), canonical, section, breadcrumbs, og_type: "website", jsonld }
    }

    fn crumb(&self, title: &str, path: &str) -> Crumb {
        Crumb { title: title.to_string(), url: self.config().url(path) }
    }

    fn simple(
        &self,
        template: &'static str,
        path: &str,
        title: &str,
        section: &'static str,
        description: &str,
    ) -> PageContext {
        let meta = self.meta(path, title.to_string(), description.to_string(), section, Vec::new());
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        PageContext { template, path: path.to_string(), context }
    }

    pub fn report_card(&self, id: ReportId) -> ReportCard<'a> {
        let r = &self.site.reports[id];
        ReportCard {
            title: &r.title,
            url: self.config().url(&r.path()),
            date: r.date.map(|d| d.to_string()),
            date_label: r.date.map(|d| d.label()),
            source: r.source.as_deref(),
            excerpt: &r.excerpt,
        }
    }

    fn entity_link(&self, id: EntityId, count: usize) -> EntityLink<'a> {
        let e = &self.site.entities[id];
        EntityLink { name: &e.name, url: self.config().url(&e.path()), kind: e.kind.dir(), count }
    }

    /// Links grouped by kind, `ids` sorted (so grouped) by kind; at most `limit` each.
    fn groups(&self, ids: impl IntoIterator<Item = (EntityId, usize)>, limit: usize) -> Vec<KindGroup<'a>> {
        let mut groups: Vec<KindGroup<'a>> = Kind::ALL
            .iter()
            .map(|&k| KindGroup {
                kind: k.dir(),
                label: k.label(),
                url: self.config().url(&format!("{}/", k.dir())),
                total: 0,
                entities: Vec::new(),
                hidden: 0,
            })
            .collect();
        for (id, count) in ids {
            let g = &mut groups[self.site.entities[id].kind as usize];
            g.total += 1;
            if g.entities.len() < limit {
                g.entities.push(self.entity_link(id, count));
            } else {
                g.hidden += 1;
            }
        }
        groups.retain(|g| g.total > 0);
        groups
    }

    fn event(&self, id: EventId) -> EventView<'a> {
        let ev = &self.site.events[id];
        let report = &self.site.reports[ev.report];
        let n = report.events.iter().position(|&e| e == id).unwrap_or(0) + 1;
        let anchor = format!("event-{n}");
        EventView {
            url: format!("{}#{anchor}", self.config().url(&report.path())),
            id: anchor,
            date: ev.date.to_string(),
            end: ev.end.map(|d| d.to_string()),
            label: ev.date.label(),
            end_label: ev.end.map(|d| d.label()),
            text: &ev.text,
            report: self.report_card(ev.report),
            entities: ev.entities.iter().map(|&e| self.entity_link(e, 0)).collect(),
        }
    }

    /// Year groups as views; `with_events` false gives the years only (for navigation).
    fn years(&self, groups: &[YearGroup], with_events: bool) -> Vec<YearView<'a>> {
        let split = timeline_split(self.site);
        groups
            .iter()
            .map(|y| {
                let id = format!("y{}", y.year);
                let url = if split {
                    self.config().url(&format!("timeline/{}/", y.year))
                } else {
                    format!("{}#{id}", self.config().url("timeline/"))
                };
                let months = if with_events {
                    y.months
                        .iter()
                        .map(|m| MonthView {
                            label: if m.month == 0 {
                                format!("{}年（月份不详）", y.year)
                            } else {
                                format!("{}年{}月", y.year, m.month)
                            },
                            id: format!("y{}m{:02}", y.year, m.month),
                            events: m.events.iter().map(|&e| self.event(e)).collect(),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                YearView { year: y.year, id, url, count: y.event_count(), months }
            })
            .collect()
    }

    fn pager(&self, base: &str, current: usize, total: usize) -> Option<Pager> {
        if total <= 1 {
            return None;
        }
        let url = |n: usize| self.config().url(&paged(base, n));
        let mut pages = Vec::new();
        for n in 1..=total {
            let near = n == 1 || n == total || n.abs_diff(current) <= 2;
            if near {
                pages.push(PageLink { number: n, url: Some(url(n)), current: n == current });
            } else if pages.last().is_some_and(|p: &PageLink| p.url.is_some()) {
                pages.push(PageLink { number: n, url: None, current: false });
            }
        }
        Some(Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        })
    }

    fn home(&self) -> PageContext {
        let site = self.site;
        let c = self.config();
        let description = if c.description.is_empty() {
            format!(
                "{} 篇报告，{} 个县区、{} 位人物、{} 个项目。",
                site.reports.len(),
                site.of_kind(Kind::County).len(),
                site.of_kind(Kind::Person).len(),
                site.of_kind(Kind::Program).len()
            )
        } else {
            c.description.clone()
        };
        let mut meta = self.meta("", c.title.clone(), description, "home", Vec::new());
        meta.jsonld = script_json(&json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": c.title,
            "description": meta.description,
            "url": c.absolute(""),
            "inLanguage": c.language,
        }));
        let latest: Vec<ReportCard> = (0..site.reports.len().min(LATEST)).map(|i| self.report_card(i)).collect();
        let kinds: Vec<KindGroup> = Kind::ALL
            .iter()
            .map(|&k| {
                let mut top: Vec<EntityId> = site.ids_of_kind(k).collect();
                top.sort_by_key(|&id| (std::cmp::Reverse(site.entities[id].reports.len()), id));
                let mut g = KindGroup {
                    kind: k.dir(),
                    label: k.label(),
                    url: c.url(&format!("{}/", k.dir())),
                    total: site.of_kind(k).len(),
                    entities: Vec::new(),
                    hidden: 0,
                };
                g.entities =
                    top.into_iter().take(TOP).map(|id| self.entity_link(id, site.entities[id].reports.len())).collect();
                g.hidden = g.total - g.entities.len();
                g
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("latest", &latest);
        context.insert("kinds", &kinds);
        context.insert("years", &self.years(&site.timeline, false));
        context.insert("chart", &charts::site_chart(site));
        context.insert("data_url", &c.url(opendata::DIR));
        PageContext { template: "index.html", path: String::new(), context }
    }

    fn data(&self) -> PageContext {
        let path = opendata::DIR;
        let mut meta = self.meta(
            path,
            "开放数据".into(),
            "本站整理出的报告、县区、人物、项目、事件和提及关系，以 CSV 和 JSON 表格提供下载。".into(),
            "data",
            Vec::new(),
        );
        meta.jsonld = script_json(&strip_nulls(json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": format!("{}：开放数据", self.config().title),
            "description": meta.description,
            "url": meta.canonical,
            "license": self.config().data_licence,
        })));
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("data", &opendata::catalogue(self.site));
        PageContext { template: "data.html", path: path.to_string(), context }
    }

    fn reports(&self, n: usize) -> PageContext {
        let site = self.site;
        let total = page_count(site.reports.len(), REPORTS_PER_PAGE);
        let path = paged("reports/", n);
        let title = if n > 1 { format!("全部报告（第 {n} 页）") } else { "全部报告".to_string() };
        let trail = if n > 1 { vec![self.crumb("全部报告", "reports/")] } else { Vec::new() };
        let mut meta = self.meta(
            &path,
            title,
            format!("本站收录的 {} 篇报告，按发布日期从新到旧排列。", site.reports.len()),
            "reports",
            trail,
        );
        meta.jsonld = collection_json(&meta);
        let start = (n - 1) * REPORTS_PER_PAGE;
        let cards: Vec<ReportCard> =
            (start..site.reports.len().min(start + REPORTS_PER_PAGE)).map(|i| self.report_card(i)).collect();
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("reports", &cards);
        context.insert("pager", &self.pager("reports/", n, total));
        PageContext { template: "reports.html", path, context }
    }

    /// Fails only when the body, read again from its file, cannot be had.
    fn report(&self, id: ReportId) -> Result<PageContext> {
        let site = self.site;
        let c = self.config();
        let r = &site.reports[id];
        let path = r.path();
        let markdown = r.body.text()?;
        let content = self.markdown.render(&Body { markdown: &markdown, raw_html: r.raw_html, mentions: &r.entities });
        let view = ReportView {
            title: &r.title,
            url: c.url(&path),
            date: r.date.map(|d| d.to_string()),
            date_label: r.date.map(|d| d.label()),
            source: r.source.as_deref(),
            authors: &r.authors,
            // Only web addresses become links (never `javascript:` from an edited page).
            original: r.url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")),
            content,
            entities: self.groups(r.entities.iter().map(|&e| (e, site.entities[e].reports.len())), usize::MAX),
            events: r.events.iter().map(|&e| self.event(e)).collect(),
            older: (id + 1 < site.reports.len()).then(|| self.report_card(id + 1)),
            newer: (id > 0).then(|| self.report_card(id - 1)),
            extra: &r.extra,
        };
        let mut meta =
            self.meta(&path, r.title.clone(), r.excerpt.clone(), "reports", vec![self.crumb("全部报告", "reports/")]);
        meta.og_type = "article";
        let canonical = c.absolute(&path);
        let entity_json = |id: &EntityId| {
            let e = &site.entities[*id];
            json!({ "@type": schema_type(e.kind), "name": e.name, "url": c.absolute(&e.path()) })
        };
        let author_json = |name: &String| {
            let person =
                r.entities.iter().any(|&e| site.entities[e].kind == Kind::Person && site.entities[e].name == *name);
            json!({ "@type": if person { "Person" } else { "Organization" }, "name": name })
        };
        let mut graph = vec![json!({
            "@type": "Report",
            "headline": r.title,
            "name": r.title,
            "url": canonical,
            "inLanguage": c.language,
            "datePublished": r.date.map(|d| d.to_string()),
            "publisher": r.source.as_ref().map(|s| json!({ "@type": "Organization", "name": s })),
            "author": r.authors.iter().map(author_json).collect::<Vec<_>>(),
            "about": r.entities.iter().map(entity_json).collect::<Vec<_>>(),
            "description": r.excerpt,
        })];
        for (n, &e) in r.events.iter().enumerate() {
            let ev = &site.events[e];
            let places: Vec<_> =
                ev.entities.iter().filter(|&&x| site.entities[x].kind == Kind::County).map(entity_json).collect();
            graph.push(json!({
                "@type": "Event",
                "@id": format!("{canonical}#event-{}", n + 1),
                "name": ev.text,
                "startDate": ev.date.to_string(),
                "endDate": ev.end.map(|d| d.to_string()),
                "location": places,
                "subjectOf": { "@type": "Report", "url": canonical },
            }));
        }
        meta.jsonld = script_json(&json!({ "@context": "https://schema.org", "@graph": strip_nulls(graph) }));
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("report", &view);
        Ok(PageContext { template: "report.html", path, context })
    }

    fn entities(&self, kind: Kind, n: usize) -> PageContext {
        let site = self.site;
        let list = site.of_kind(kind);
        let total = page_count(list.len(), ENTITIES_PER_PAGE);
        let base = format!("{}/", kind.dir());
        let path = paged(&base, n);
        let name = format!("全部{}", kind.label());
        let title = if n > 1 { format!("{name}（第 {n} 页）") } else { name.clone() };
        let trail = if n > 1 { vec![self.crumb(&name, &base)] } else { Vec::new() };
        let mut meta = self.meta(
            &path,
            title,
            format!("报告中提到的 {} 个{}，按拼音排列。", list.len(), kind.label()),
            kind.dir(),
            trail,
        );
        meta.jsonld = collection_json(&meta);
        let start = (n - 1) * ENTITIES_PER_PAGE;
        let rows: Vec<EntityRow> = list[start.min(list.len())..list.len().min(start + ENTITIES_PER_PAGE)]
            .iter()
            .map(|e| EntityRow {
                name: &e.name,
                url: self.config().url(&e.path()),
                reports: e.reports.len(),
                events: e.events.len(),
                detail: detail(e.page.as_ref().map(|p| &p.front)),
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("kind", &json!({ "dir": kind.dir(), "label": kind.label() }));
        context.insert("entities", &rows);
        context.insert("pager", &self.pager(&base, n, total));
        let template = match kind {
            Kind::County => "counties.html",
            Kind::Person => "people.html",
            Kind::Program => "programs.html",
        };
        PageContext { template, path, context }
    }

    fn entity(&self, id: EntityId) -> PageContext {
        let site = self.site;
        let c = self.config();
        let e = &site.entities[id];
        let path = e.path();
        let front = e.page.as_ref().map(|p| &p.front);
        let description = match &e.page {
            Some(p) if !p.body.trim().is_empty() => {
                self.markdown.render(&Body { markdown: &p.body, raw_html: false, mentions: &[] })
            }
            _ => String::new(),
        };
        let (code, province, prefecture) = match front {
            Some(EntityFront::County(f)) => (f.code.as_deref(), f.province.as_deref(), f.prefecture.as_deref()),
            _ => (None, None, None),
        };
        let roles: &[String] = match front {
            Some(EntityFront::Person(f)) => &f.roles,
            _ => &[],
        };
        let program_kind = match front {
            Some(EntityFront::Program(f)) => f.kind.as_deref(),
            _ => None,
        };
        let slice = crate::site::graph::group_timeline(&e.events, &site.events);
        let view = EntityView {
            kind: e.kind.dir(),
            kind_label: e.kind.label(),
            name: &e.name,
            url: c.url(&path),
            aliases: &e.aliases,
            description,
            code,
            province,
            prefecture,
            roles,
            program_kind,
            reports: e.reports.iter().map(|&r| self.report_card(r)).collect(),
            event_count: e.events.len(),
            timeline: self.years(&slice, true),
            related: self.groups(site.related(id), TOP),
            extra: front.map(|f| f.extra()),
            chart: charts::entity_chart(site, id),
            place: Place::of(e).map(PlaceView::from),
        };
        let summary = match e.page.as_ref().map(|p| crate::site::text::excerpt(&p.body, 120)).filter(|s| !s.is_empty())
        {
            Some(s) => s,
            None => format!("{}：{} 篇报告提到，{} 个事件。", e.name, e.reports.len(), e.events.len()),
        };
        let list_name = format!("全部{}", e.kind.label());
        let mut meta = self.meta(
            &path,
            e.name.clone(),
            summary,
            e.kind.dir(),
            vec![self.crumb(&list_name, &format!("{}/", e.kind.dir()))],
        );
        meta.og_type = if e.kind == Kind::Person { "profile" } else { "website" };
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": schema_type(e.kind),
            "name": e.name,
            "url": c.absolute(&path),
            "alternateName": e.aliases,
            "description": meta.description,
        });
        match e.kind {
            Kind::County => {
                ld["identifier"] = json!(code);
                let province_json = province.map(|p| json!({ "@type": "Place", "name": p }));
                ld["containedInPlace"] = match prefecture {
                    Some(p) => json!({ "@type": "Place", "name": p, "containedInPlace": province_json }),
                    None => json!(province_json),
                };
            }
            Kind::Person => ld["jobTitle"] = json!(roles),
            Kind::Program => {}
        }
        meta.jsonld = script_json(&strip_nulls(ld));
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("entity", &view);
        let template = match e.kind {
            Kind::County => "county.html",
            Kind::Person => "person.html",
            Kind::Program => "program.html",
        };
        PageContext { template, path, context }
    }

    fn timeline(&self) -> PageContext {
        let site = self.site;
        let split = timeline_split(site);
        let mut meta = self.meta(
            "timeline/",
            "时间线".into(),
            format!("报告记述的 {} 个事件，按年月排列。", site.events.len()),
            "timeline",
            Vec::new(),
        );
        meta.jsonld = collection_json(&meta);
        let view = TimelineView {
            years: if split { Vec::new() } else { self.years(&site.timeline, true) },
            index: self.years(&site.timeline, false),
            year: None,
            split,
        };
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("timeline", &view);
        context.insert("pager", &None::<Pager>);
        PageContext { template: "timeline.html", path: "timeline/".into(), context }
    }

    fn timeline_year(&self, index: usize, n: usize) -> PageContext {
        let site = self.site;
        let year = &site.timeline[index];
        let all: Vec<EventId> = year.months.iter().flat_map(|m| m.events.iter().copied()).collect();
        let total = page_count(all.len(), EVENTS_PER_PAGE);
        let start = (n - 1) * EVENTS_PER_PAGE;
        let slice =
            crate::site::graph::group_timeline(&all[start..all.len().min(start + EVENTS_PER_PAGE)], &site.events);
        let base = format!("timeline/{}/", year.year);
        let path = paged(&base, n);
        let name = format!("{}年", year.year);
        let title = if n > 1 { format!("{name}（第 {n} 页）") } else { name.clone() };
        let mut trail = vec![self.crumb("时间线", "timeline/")];
        if n > 1 {
            trail.push(self.crumb(&name, &base));
        }
        let mut meta = self.meta(&path, title, format!("{}年的 {} 个事件。", year.year, all.len()), "timeline", trail);
        meta.jsonld = collection_json(&meta);
        let view = TimelineView {
            years: self.years(&slice, true),
            index: self.years(&site.timeline, false),
            year: Some(year.year),
            split: true,
        };
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("timeline", &view);
        context.insert("pager", &self.pager(&base, n, total));
        PageContext { template: "timeline.html", path, context }
    }
}

/// One line under an entity's name in lists.
fn detail(front: Option<&EntityFront>) -> String {
    match front {
        Some(EntityFront::County(f)) => {
            [f.province.as_deref(), f.prefecture.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
        }
        Some(EntityFront::Person(f)) => f.roles.join("、"),
        Some(EntityFront::Program(f)) => f.kind.clone().unwrap_or_default(),
        None => String::new(),
    }
}

fn schema_type(kind: Kind) -> &'static str {
    match kind {
        Kind::County => "Place",
        Kind::Person => "Person",
        Kind::Program => "Thing",
    }
}

fn collection_json(meta: &Meta) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
    }))
}

/// Drops `null` members and empty lists, so the JSON-LD says only what is known.
fn strip_nulls<T: Serialize>(value: T) -> serde_json::Value {
    fn strip(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(strip).collect()),
            other => other,
        }
    }
    strip(serde_json::to_value(value).unwrap_or_default())
}

/// JSON safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` can end the
/// element or start a comment, and the line separators JavaScript rejects are escaped.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s = script_json(&json!({ "name": "</script><script>alert(1)</script> & <!--" }));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn pages_are_numbered_from_one_and_paths_follow_zola() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(101, 50), 3);
        assert_eq!(paged("reports/", 1), "reports/");
        assert_eq!(paged("reports/", 3), "reports/page/3/");
    }

    #[test]
    fn nulls_and_empty_lists_leave_the_json_ld() {
        let v = strip_nulls(json!({ "a": null, "b": [], "c": { "d": null, "e": 1 } }));
        assert_eq!(v, json!({ "c": { "e": 1 } }));
    }
}
