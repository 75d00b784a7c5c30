//! `Views` (the graph and the Markdown renderer every page kind reads) and the pieces several
//! page kinds share: `meta` and breadcrumbs, report cards, entity links grouped by kind,
//! events, years of a timeline, the pager.

use super::jsonld;
use super::model::*;
use super::pages::{paged, timeline_split};
use crate::site::config::Config;
use crate::site::graph::Graph;
use crate::site::graph::YearGroup;
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::markdown::Markdown;

/// A page's site path and context, before `page` names its template.
pub(super) struct Filled {
    pub(super) path: String,
    pub(super) context: tera::Context,
}

/// Builds page contexts from the graph; one per build, shared by the render threads.
pub(crate) struct Views<'a> {
    pub(super) site: &'a Graph,
    pub(super) markdown: &'a Markdown,
}

impl<'a> Views<'a> {
    pub(crate) fn new(site: &'a Graph, markdown: &'a Markdown) -> Views<'a> {
        Views { site, markdown }
    }

    pub(super) fn config(&self) -> &'a Config {
        &self.site.config
    }

    pub(super) fn meta(
        &self,
        path: &str,
        title: String,
        description: String,
        section: &'static str,
        trail: Vec<Crumb>,
    ) -> Meta {
        let c = self.config();
        let mut breadcrumbs = Vec::new();
        if !path.is_empty() && path != "404.html" {
            breadcrumbs.push(Crumb { title: "首页".into(), url: c.url("") });
            breadcrumbs.extend(trail);
            breadcrumbs.push(Crumb { title: title.clone(), url: c.url(path) });
        }
        let canonical = (path != "404.html").then(|| c.absolute(path));
        // Each page kind says what it is in its own JSON-LD.
        let jsonld = String::new();
        Meta { title, description, url: c.url(path), canonical, section, breadcrumbs, og_type: "website", jsonld }
    }

    pub(super) fn crumb(&self, title: &str, path: &str) -> Crumb {
        Crumb { title: title.to_string(), url: self.config().url(path) }
    }

    pub(super) fn simple(&self, path: &str, title: &str, section: &'static str, description: &str) -> Filled {
        let mut meta = self.meta(path, title.to_string(), description.to_string(), section, Vec::new());
        meta.jsonld = jsonld::web_page(self.config(), path, title, meta.canonical.as_deref());
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        Filled { path: path.to_string(), context }
    }

    pub(crate) fn report_card(&self, id: ReportId) -> ReportCard<'a> {
        let r = &self.site.reports[id];
        ReportCard {
            title: &r.title,
            url: self.config().url(r.path()),
            date: r.date.map(|d| d.to_string()),
            date_label: r.date.map(|d| d.label()),
            source: r.source.as_deref(),
            excerpt: &r.excerpt,
        }
    }

    pub(super) fn entity_link(&self, id: EntityId, count: usize) -> EntityLink<'a> {
        let e = &self.site.entities[id];
        EntityLink { name: &e.name, url: self.config().url(e.path()), kind: e.kind.dir(), count }
    }

    /// Links grouped by kind, `ids` sorted (so grouped) by kind; at most `limit` each.
    pub(super) fn groups(&self, ids: impl IntoIterator<Item = (EntityId, usize)>, limit: usize) -> Vec<KindGroup<'a>> {
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

    pub(super) fn event(&self, id: EventId) -> EventView<'a> {
        let ev = &self.site.events[id];
        let report = &self.site.reports[ev.report];
        let n = report.events.iter().position(|&e| e == id).unwrap_or(0) + 1;
        let anchor = format!("event-{n}");
        EventView {
            url: format!("{}#{anchor}", self.config().url(report.path())),
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
    pub(super) fn years(&self, groups: &[YearGroup], with_events: bool) -> Vec<YearView<'a>> {
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

    pub(super) fn pager(&self, base: &str, current: usize, total: usize) -> Option<Pager> {
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
}
