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

mod entity;
mod home;
mod jsonld;
mod model;
mod pages;
mod parts;
mod report;
mod timeline;

use anyhow::Result;

pub(crate) use model::{Counts, SiteView};
#[cfg(test)]
pub(crate) use pages::TIMELINE_SPLIT;
pub use pages::timeline_split;
pub(crate) use pages::{
    ENTITIES_PER_PAGE, EVENTS_PER_PAGE, Page, REPORTS_PER_PAGE, exists, page_count, pages, path_of, template_of,
};
use parts::Filled;
pub(crate) use parts::Views;

/// A page ready for its template.
pub(crate) struct PageContext {
    pub(crate) template: &'static str,
    /// Site path: `` for home, `reports/x/`, `404.html`.
    pub(crate) path: String,
    pub(crate) context: tera::Context,
}

impl Views<'_> {
    /// The context of one page.
    pub(crate) fn page(&self, page: Page) -> Result<PageContext> {
        let Filled { path, context } = match page {
            Page::Home => self.home(),
            Page::Reports(n) => self.reports(n),
            Page::Report(id) => self.report(id)?,
            Page::Entities(kind, n) => self.entities(kind, n),
            Page::Entity(id) => self.entity(id),
            Page::Timeline => self.timeline(),
            Page::TimelineYear(y, n) => self.timeline_year(y, n),
            Page::Search => self.simple("search/", "搜索", "search", "全文搜索本站报告。"),
            Page::Data => self.data(),
            Page::NotFound => self.simple("404.html", "页面不存在", "", "没有找到这个页面。"),
        };
        Ok(PageContext { template: template_of(self.site, page), path, context })
    }
}
