//! The timeline: one page, or an index and a page (or several) per year.

use super::jsonld;
use super::model::*;
use super::pages::{EVENTS_PER_PAGE, page_count, paged, timeline_split};
use super::parts::{Filled, Views};
use crate::site::ids::EventId;

impl Views<'_> {
    pub(super) fn timeline(&self) -> Filled {
        let site = self.site;
        let split = timeline_split(site);
        let mut meta = self.meta(
            "timeline/",
            "时间线".into(),
            format!("报告记述的 {} 个事件，按年月排列。", site.events.len()),
            "timeline",
            Vec::new(),
        );
        meta.jsonld = jsonld::collection(&meta);
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
        Filled { path: "timeline/".into(), context }
    }

    pub(super) fn timeline_year(&self, index: usize, n: usize) -> Filled {
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
        meta.jsonld = jsonld::collection(&meta);
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
        Filled { path, context }
    }
}
