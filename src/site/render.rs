//! Rendering: `Graph` + `Theme` → the HTML pages and static files of the site, in memory.
//!
//! Owns Tera 2: the templates compiled once per build with autoescaping on for `.html` and
//! never changed afterwards, each page's small context from `views` with the `site` value
//! (made once per graph) inserted, pages rendered in parallel (rayon), and template errors turned into one line `file:line:col: message`
//! naming the template file on disk (or in the embedded theme).
//!
//! It never writes to the file system: `Renderer::render` returns one page as an `OutputFile`
//! (`build` streams them to `output`; `serve` renders just the pages an edit affects); the
//! only read is a report body the build did not keep (`body::ReportBody`).

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use tera::{ErrorKind, Tera, Value};

use crate::site::file::{OutputFile, file_of};
use crate::site::graph::Graph;
use crate::site::markdown::Markdown;
use crate::site::theme::Theme;
use crate::site::views::{self, Page, SiteView, Views};

/// The compiled templates of one build.
pub(crate) struct Templates {
    tera: Tera,
    /// Template name → the file it came from, for errors.
    files: BTreeMap<String, String>,
}

impl Templates {
    /// Compiles every template of the theme; a syntax error names its file, line and column.
    pub(crate) fn compile(theme: &Theme) -> Result<Templates> {
        let files: BTreeMap<String, String> =
            theme.templates.iter().map(|t| (t.name.clone(), t.path.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let sources = theme.templates.iter().map(|t| (t.name.as_str(), t.source.as_str()));
        tera.add_raw_templates(sources).map_err(|e| template_error(&files, &e, None))?;
        Ok(Templates { tera, files })
    }

    fn error(&self, e: &tera::Error, page: Option<&str>) -> anyhow::Error {
        template_error(&self.files, e, page)
    }
}

/// One line: `templates/x.html:3:5: what (fix the template; rendering /reports/y/)`.
fn template_error(files: &BTreeMap<String, String>, e: &tera::Error, page: Option<&str>) -> anyhow::Error {
    let doing = page.map(|p| format!("; rendering {p}")).unwrap_or_default();
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = files.get(r.filename()).map(String::as_str).unwrap_or(r.filename());
            let span = r.span();
            anyhow!("{file}:{}:{}: {} (fix the template{doing})", span.start_line, span.start_col + 1, r.message())
        }
        _ => {
            let msg = e.to_string().replace('\n', " ");
            anyhow!("templates: {msg} (fix the theme or the site's templates/{doing})")
        }
    }
}

/// Renders pages one at a time from what is built once and shared by the threads: the
/// compiled templates, the Markdown renderer with every entity's names, the graph, and the
/// `site` variable every page's context gets (as Zola inserts `config`). `build` renders every
/// page; `serve` keeps the templates and the Markdown renderer between edits and makes a
/// `Renderer` for the graph of each edit.
pub(crate) struct Renderer<'a> {
    site: &'a Graph,
    templates: &'a Templates,
    markdown: &'a Markdown,
    /// `SiteView` of this graph, made once: each page's context gets a clone (shared, not
    /// copied: Tera's maps are reference-counted).
    site_value: Value,
}

impl<'a> Renderer<'a> {
    /// `search`: whether this build makes a search index (`site.search` in the templates).
    pub(crate) fn new(site: &'a Graph, templates: &'a Templates, markdown: &'a Markdown, search: bool) -> Renderer<'a> {
        let site_value = Value::from_serializable(&SiteView::new(site, search));
        Renderer { site, templates, markdown, site_value }
    }

    /// Every page of the site.
    pub(crate) fn pages(&self) -> Vec<Page> {
        views::pages(self.site)
    }

    /// One page as HTML.
    pub(crate) fn render(&self, page: Page) -> Result<OutputFile> {
        let mut ctx = Views::new(self.site, self.markdown).page(page)?;
        ctx.context.insert_value("site", self.site_value.clone());
        debug_assert_eq!(ctx.path, views::path_of(self.site, page));
        // Straight into bytes: Tera's `render` would check the whole page is UTF-8 again.
        let mut html = Vec::with_capacity(32 * 1024);
        self.templates
            .tera
            .render_to(ctx.template, &ctx.context, &mut html)
            .map_err(|e| self.templates.error(&e, Some(&self.site.config.url(&ctx.path))))?;
        Ok(OutputFile { path: file_of(&ctx.path), bytes: html })
    }
}

/// The Markdown renderer of `site`: mention links to every entity by its names and aliases.
/// `quick` is what `serve` asks for after an edit (now the same as a build's).
pub(crate) fn markdown_of(site: &Graph, quick: bool) -> Markdown {
    let names = site.entities.iter().enumerate().flat_map(|(id, e)| {
        std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)).map(move |n| (id, n))
    });
    let hrefs = site.entities.iter().map(|e| site.config.url(e.path())).collect();
    let base_path = &site.config.base_path;
    if quick { Markdown::quick(names, hrefs, base_path) } else { Markdown::new(names, hrefs, base_path) }
}

/// The theme's static files as output files.
pub(crate) fn statics(theme: &Theme) -> impl Iterator<Item = OutputFile> + '_ {
    theme.statics.iter().map(|(path, bytes)| OutputFile { path: path.clone(), bytes: bytes.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::theme::Template;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        Theme {
            templates: templates
                .iter()
                .map(|(n, s)| Template {
                    name: n.to_string(),
                    source: s.to_string(),
                    path: format!("site/templates/{n}"),
                })
                .collect(),
            statics: Vec::new(),
        }
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = Templates::compile(&theme(&[("a.html", "ok\n{% if %}\n")])).err().unwrap().to_string();
        assert!(err.starts_with("site/templates/a.html:2:"), "{err}");
    }

    #[test]
    fn rendering_errors_name_the_template_the_error_is_in() {
        let t = Templates::compile(&theme(&[
            ("base.html", "x\n  {{ page.nope }}"),
            ("a.html", "{% extends \"base.html\" %}"),
        ]))
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({ "title": "t" }));
        let err = t.tera.render("a.html", &ctx).unwrap_err();
        let line = t.error(&err, Some("/x/")).to_string();
        assert!(line.starts_with("site/templates/base.html:2:11: Field `nope` is not defined."), "{line}");
        assert!(line.ends_with("(fix the template; rendering /x/)"), "{line}");
    }

    #[test]
    fn autoescaping_is_on_for_html() {
        let t = Templates::compile(&theme(&[("a.html", "{{ s }}")])).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "<script>");
        assert_eq!(t.tera.render("a.html", &ctx).unwrap(), "&lt;script&gt;");
    }
}
