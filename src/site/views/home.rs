//! The home page and the `/data/` page.

use super::jsonld;
use super::model::*;
use super::pages::LATEST;
use super::pages::TOP;
use super::parts::{Filled, Views};
use crate::site::charts;
use crate::site::ids::{EntityId, Kind};
use crate::site::opendata;

impl Views<'_> {
    pub(super) fn home(&self) -> Filled {
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
        meta.jsonld = jsonld::web_site(c, &meta.description);
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
        Filled { path: String::new(), context }
    }

    pub(super) fn data(&self) -> Filled {
        let path = opendata::DIR;
        let mut meta = self.meta(
            path,
            "开放数据".into(),
            "本站整理出的报告、县区、人物、项目、事件和提及关系，以 CSV 和 JSON 表格提供下载。".into(),
            "data",
            Vec::new(),
        );
        meta.jsonld = jsonld::dataset(self.config(), &meta);
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("data", &opendata::catalogue(self.site));
        Filled { path: path.to_string(), context }
    }
}
