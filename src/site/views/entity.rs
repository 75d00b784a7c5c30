//! An entity's page (county, person, program) and the paginated list of each kind.

use serde_json::json;

use super::jsonld;
use super::model::*;
use super::pages::{ENTITIES_PER_PAGE, TOP, page_count, paged};
use super::parts::{Filled, Views};
use crate::site::charts;
use crate::site::graph::Entity;
use crate::site::ids::{EntityId, Kind};
use crate::site::load::Facts;
use crate::site::markdown::Body;
use crate::site::place::Place;

impl Views<'_> {
    pub(super) fn entities(&self, kind: Kind, n: usize) -> Filled {
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
        meta.jsonld = jsonld::collection(&meta);
        let start = (n - 1) * ENTITIES_PER_PAGE;
        let rows: Vec<EntityRow> = list[start.min(list.len())..list.len().min(start + ENTITIES_PER_PAGE)]
            .iter()
            .map(|e| EntityRow {
                name: &e.name,
                url: self.config().url(e.path()),
                reports: e.reports.len(),
                events: e.events.len(),
                detail: detail(&Facts::of(e.page.as_ref().map(|p| &p.front))),
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("kind", &json!({ "dir": kind.dir(), "label": kind.label() }));
        context.insert("entities", &rows);
        context.insert("pager", &self.pager(&base, n, total));
        Filled { path, context }
    }

    pub(super) fn entity(&self, id: EntityId) -> Filled {
        let site = self.site;
        let c = self.config();
        let e = &site.entities[id];
        let path = e.path();
        let front = e.page.as_ref().map(|p| &p.front);
        let facts = Facts::of(front);
        let slice = crate::site::graph::group_timeline(&e.events, &site.events);
        let view = EntityView {
            kind: e.kind.dir(),
            kind_label: e.kind.label(),
            name: &e.name,
            url: c.url(path),
            aliases: &e.aliases,
            description: self.description(e),
            code: facts.code,
            province: facts.province,
            prefecture: facts.prefecture,
            roles: facts.roles,
            program_kind: facts.program_kind,
            reports: e.reports.iter().map(|&r| self.report_card(r)).collect(),
            event_count: e.events.len(),
            timeline: self.years(&slice, true),
            related: self.groups(site.related(id), TOP),
            extra: front.map(|f| f.extra()),
            chart: charts::entity_chart(site, id),
            place: Place::of(e).map(PlaceView::from),
        };
        let list_name = format!("全部{}", e.kind.label());
        let mut meta = self.meta(
            path,
            e.name.clone(),
            summary(e),
            e.kind.dir(),
            vec![self.crumb(&list_name, &format!("{}/", e.kind.dir()))],
        );
        meta.og_type = if e.kind == Kind::Person { "profile" } else { "website" };
        meta.jsonld = jsonld::entity(c, e, &meta.description, &facts);
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("entity", &view);
        Filled { path: path.to_string(), context }
    }

    /// The entity page's own text, rendered (no mention links: it describes one entity).
    fn description(&self, e: &Entity) -> String {
        match &e.page {
            Some(p) if !p.body.trim().is_empty() => {
                self.markdown.render(&Body { markdown: &p.body, raw_html: false, mentions: &[] })
            }
            _ => String::new(),
        }
    }
}

/// The page's description: the start of the entity page's text, or what the site knows of it.
fn summary(e: &Entity) -> String {
    match e.page.as_ref().map(|p| crate::site::text::excerpt(&p.body, 120)).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => format!("{}：{} 篇报告提到，{} 个事件。", e.name, e.reports.len(), e.events.len()),
    }
}
