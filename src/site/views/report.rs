//! A report's page and the paginated list of reports.

use anyhow::Result;

use super::jsonld;
use super::model::*;
use super::pages::{REPORTS_PER_PAGE, page_count, paged};
use super::parts::{Filled, Views};
use crate::site::ids::{EventId, ReportId};
use crate::site::markdown::Body;

impl Views<'_> {
    pub(super) fn reports(&self, n: usize) -> Filled {
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
        meta.jsonld = jsonld::collection(&meta);
        let start = (n - 1) * REPORTS_PER_PAGE;
        let cards: Vec<ReportCard> =
            (start..site.reports.len().min(start + REPORTS_PER_PAGE)).map(|i| self.report_card(i)).collect();
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("reports", &cards);
        context.insert("pager", &self.pager("reports/", n, total));
        Filled { path, context }
    }

    /// Fails only when the body, read again from its file, cannot be had.
    pub(super) fn report(&self, id: ReportId) -> Result<Filled> {
        let site = self.site;
        let c = self.config();
        let r = &site.reports[id];
        let path = r.path();
        let markdown = r.body.text()?;
        let content = self.markdown.render(&Body { markdown: &markdown, raw_html: r.raw_html, mentions: &r.entities });
        let view = ReportView {
            title: &r.title,
            url: c.url(path),
            date: r.date.map(|d| d.to_string()),
            date_label: r.date.map(|d| d.label()),
            source: r.source.as_deref(),
            authors: &r.authors,
            // Only web addresses become links (never `javascript:` from an edited page).
            original: r.url.as_deref().filter(|u| is_web(u)),
            copies: r
                .copies
                .iter()
                .map(|c| CopyView {
                    source: c.source.as_deref(),
                    date: c.date.as_deref(),
                    url: c.url.as_deref().filter(|u| is_web(u)),
                })
                .collect(),
            content,
            entities: self.groups(r.entities.iter().map(|&e| (e, site.entities[e].reports.len())), usize::MAX),
            events: self.report_events(&r.events),
            older: (id + 1 < site.reports.len()).then(|| self.report_card(id + 1)),
            newer: (id > 0).then(|| self.report_card(id - 1)),
            extra: &r.extra,
        };
        let mut meta =
            self.meta(path, r.title.clone(), r.excerpt.clone(), "reports", vec![self.crumb("全部报告", "reports/")]);
        meta.og_type = "article";
        meta.jsonld = jsonld::report(site, r);
        let mut context = tera::Context::new();
        context.insert("meta", &meta);
        context.insert("report", &view);
        Ok(Filled { path: path.to_string(), context })
    }

    /// A report's events as its 大事记 lists them: by start date, those of one date in the
    /// order the text states them (each keeps its anchor, `event-N` by that order).
    fn report_events(&self, ids: &[EventId]) -> Vec<EventView<'_>> {
        let mut ids = ids.to_vec();
        ids.sort_by_key(|&e| self.site.events[e].date);
        ids.into_iter().map(|e| self.event(e)).collect()
    }
}

/// Only web addresses become links (never `javascript:` from an edited page).
fn is_web(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}
