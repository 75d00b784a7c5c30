//! The theme: its templates and static files, read into memory once per build.
//!
//! Owns where they come from: `<root>/themes/<name>/{templates,static}` when that theme folder
//! exists; otherwise, for `default`, the copy of `themes/default` embedded in the binary (so a
//! site without a themes folder builds). The site's own `<root>/templates/X.html` replaces the
//! theme's `X.html`, and `<root>/static/` files are added over the theme's (as in Zola).
//!
//! It is the only reader of themes/, templates/ and static/; it does not compile templates
//! (`render` does) nor write anything.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use walkdir::WalkDir;

/// One template: its name for Tera (`report.html`), its text, and the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub(crate) name: String,
    pub(crate) source: String,
    /// Shown in errors: the file on disk, or the embedded theme's path.
    pub(crate) path: String,
}

/// Everything the theme contributes, sorted by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    pub(crate) templates: Vec<Template>,
    /// Site paths (`style.css`) and bytes of static files.
    pub(crate) statics: Vec<(String, Vec<u8>)>,
}

macro_rules! embedded {
    ($dir:literal, $($name:literal),+ $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $dir, "/", $name)) as &[u8])),+]
    };
}

/// The default theme, as shipped in `themes/default`.
const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!(
    "templates", "404.html", "_chart.html", "_entity_list.html", "_entity_sections.html", "_events.html",
    "_pager.html", "_report_list.html", "base.html", "counties.html", "county.html", "data.html", "index.html",
    "people.html", "person.html", "program.html", "programs.html", "report.html", "reports.html", "search.html",
    "timeline.html",
);
const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!("static", "favicon.svg", "style.css", "syntax.css");

/// The only template of the default theme that shows `site.counts` (the home page, which
/// `serve` renders again after every edit). Pinned by a test that renders every page of the
/// default theme with other counts (`live::plan`'s tests).
pub(crate) const DEFAULT_COUNTS_TEMPLATE: &str = "index.html";

impl Template {
    /// Whether this is a template of the built-in default theme, unchanged: embedded, or a
    /// file byte-identical to the embedded one of that name.
    pub(crate) fn is_builtin(&self) -> bool {
        DEFAULT_TEMPLATES.iter().any(|(name, bytes)| *name == self.name && *bytes == self.source.as_bytes())
    }
}

impl Theme {
    /// Reads the theme `name` for the site at `root`, with the site's overrides.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme> {
        let folder = root.join("themes").join(name);
        let mut theme = if folder.is_dir() {
            Theme {
                templates: read_templates(&folder.join("templates"))?,
                statics: read_static(&folder.join("static"))?,
            }
        } else if name == "default" {
            Theme::embedded()
        } else {
            bail!("theme `{name}` not found: no folder {} (create it, or use --theme default)", folder.display());
        };
        for t in read_templates(&root.join("templates"))? {
            theme.templates.retain(|own| own.name != t.name);
            theme.templates.push(t);
        }
        for (path, bytes) in read_static(&root.join("static"))? {
            theme.statics.retain(|(own, _)| *own != path);
            theme.statics.push((path, bytes));
        }
        theme.templates.sort_by(|a, b| a.name.cmp(&b.name));
        theme.statics.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(theme)
    }

    /// Whether a page other than the home page may show `site.counts`: some template other
    /// than `index.html` is not the built-in one (a site's or a custom theme's template is
    /// assumed to show them; the built-in ones show them on the home page only).
    pub(crate) fn counts_beyond_home(&self) -> bool {
        self.templates.iter().any(|t| t.name != DEFAULT_COUNTS_TEMPLATE && !t.is_builtin())
    }

    /// The default theme embedded in the binary.
    pub(crate) fn embedded() -> Theme {
        let templates = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, bytes)| Template {
                name: name.to_string(),
                source: String::from_utf8_lossy(bytes).into_owned(),
                path: format!("themes/default/templates/{name} (built in)"),
            })
            .collect();
        let statics = DEFAULT_STATIC.iter().map(|(name, bytes)| (name.to_string(), bytes.to_vec())).collect();
        Theme { templates, statics }
    }
}

/// `*.html` under `dir` (subfolders give names like `partials/x.html`); none if it is absent.
fn read_templates(dir: &Path) -> Result<Vec<Template>> {
    walk(dir)?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, path)| {
            let shown = path.display().to_string();
            let source = std::fs::read_to_string(&path).map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
            Ok(Template { name, source, path: shown })
        })
        .collect()
}

fn read_static(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    walk(dir)?
        .into_iter()
        .map(|(name, path)| {
            Ok((name, std::fs::read(&path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?))
        })
        .collect()
}

/// Files under `dir` with their `/`-separated relative names, sorted; hidden files skipped.
fn walk(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let entries = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = entry.map_err(|e| anyhow!("{}: cannot read: {e}", e.path().unwrap_or(dir).display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("walked under dir");
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push((name, entry.into_path()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_shipped_folder() {
        let shipped = read_templates(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates")).unwrap();
        let names: Vec<&str> = shipped.iter().map(|t| t.name.as_str()).collect();
        let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, embedded, "list every file of themes/default/templates in DEFAULT_TEMPLATES");
        let statics = read_static(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static")).unwrap();
        let names: Vec<&str> = statics.iter().map(|(n, _)| n.as_str()).collect();
        let embedded: Vec<&str> = DEFAULT_STATIC.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, embedded, "list every file of themes/default/static in DEFAULT_STATIC");
    }

    #[test]
    fn only_templates_other_than_the_built_in_ones_may_show_the_counts_beyond_home() {
        assert!(Theme::embedded().templates.iter().all(Template::is_builtin));
        assert!(!Theme::embedded().counts_beyond_home());
        let dir = tempfile::tempdir().unwrap();
        // A copy of the default theme on disk is still the default theme.
        let copy = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&copy).unwrap();
        for (name, bytes) in DEFAULT_TEMPLATES {
            std::fs::write(copy.join(name), bytes).unwrap();
        }
        assert!(!Theme::load(dir.path(), "default").unwrap().counts_beyond_home());
        // The home page may show them in any form; any other page may not without saying so.
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/index.html"), "{{ site.counts.people }}").unwrap();
        assert!(!Theme::load(dir.path(), "default").unwrap().counts_beyond_home());
        std::fs::write(dir.path().join("templates/report.html"), "no counts named here").unwrap();
        assert!(Theme::load(dir.path(), "default").unwrap().counts_beyond_home());
    }

    #[test]
    fn a_site_template_replaces_the_themes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "mine").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        let t: Vec<&Template> = theme.templates.iter().filter(|t| t.name == "404.html").collect();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].source, "mine");
        assert!(Theme::load(dir.path(), "fancy").unwrap_err().to_string().starts_with("theme `fancy` not found"));
    }
}
