//! Files for machines: `sitemap.xml` (every page), `atom.xml` (the latest reports) and
//! `robots.txt`.
//!
//! Owns their formats and XML escaping. Timestamps come from report dates, never the clock,
//! so the same content gives the same bytes. It must not touch the file system (the feed's
//! summaries read report bodies through `body::ReportBody`, which may read them again).

use std::fmt::Write as _;

use anyhow::Result;

use crate::site::file::OutputFile;
use crate::site::graph::Graph;
use crate::site::redirects;
use crate::site::text;

/// Reports in the Atom feed.
pub(crate) const FEED_ENTRIES: usize = 20;

/// The three files, given the paths of the files already rendered (the pages among them make
/// the sitemap).
pub(crate) fn feeds(site: &Graph, pages: &[&str]) -> Result<Vec<OutputFile>> {
    Ok(vec![
        OutputFile { path: "sitemap.xml".into(), bytes: sitemap(site, pages).into_bytes() },
        OutputFile { path: "atom.xml".into(), bytes: atom(site)?.into_bytes() },
        OutputFile { path: "robots.txt".into(), bytes: robots(site).into_bytes() },
    ])
}

/// Only the Atom feed: what can change when no page appears, disappears or changes date.
pub(crate) fn atom_only(site: &Graph) -> Result<OutputFile> {
    Ok(OutputFile { path: "atom.xml".into(), bytes: atom(site)?.into_bytes() })
}

/// Every HTML page but 404.html and the redirect pages, sorted; reports carry their date as
/// `<lastmod>` when it is a full date.
fn sitemap(site: &Graph, pages: &[&str]) -> String {
    let redirects = redirects::files_of(site);
    let lastmod: std::collections::HashMap<String, String> = site
        .reports
        .iter()
        .filter_map(|r| r.date.filter(|d| d.day > 0).map(|d| (format!("{}index.html", r.path()), d.to_string())))
        .collect();
    let mut paths: Vec<(&str, &str)> = pages
        .iter()
        .filter(|p| !redirects.contains(**p))
        .filter_map(|&path| path.strip_suffix("index.html").map(|page| (page, path)))
        .collect();
    paths.sort_unstable();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (page, path) in paths {
        let _ = write!(out, "  <url><loc>{}</loc>", xml(&site.config.absolute(page)));
        if let Some(date) = lastmod.get(path) {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The latest reports, newest first. `<updated>` is the newest report's date. Fails only
/// when a body read again from its file cannot be had.
fn atom(site: &Graph) -> Result<String> {
    let c = &site.config;
    let latest = &site.reports[..site.reports.len().min(FEED_ENTRIES)];
    let updated = latest
        .iter()
        .filter_map(|r| r.date)
        .max()
        .map(|d| d.timestamp())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", xml(&c.language));
    let _ = writeln!(out, "  <title>{}</title>", xml(&c.title));
    if !c.description.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(&c.description));
    }
    let _ = writeln!(out, "  <id>{}</id>", xml(&c.absolute("")));
    let _ = writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&c.absolute("")));
    let _ =
        writeln!(out, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml(&c.absolute("atom.xml")));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml(&c.title));
    let _ = writeln!(out, "  <generator>jianbao</generator>");
    for r in latest {
        let url = c.absolute(r.path());
        let when = r.date.map(|d| d.timestamp()).unwrap_or_else(|| updated.clone());
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml(&r.title));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&url));
        let _ = writeln!(out, "    <id>{}</id>", xml(&url));
        let _ = writeln!(out, "    <updated>{when}</updated>");
        if r.date.is_some() {
            let _ = writeln!(out, "    <published>{when}</published>");
        }
        for author in &r.authors {
            let _ = writeln!(out, "    <author><name>{}</name></author>", xml(author));
        }
        let summary = text::excerpt(&r.body.text()?, 200);
        if !summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", xml(&summary));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Ok(out)
}

fn robots(site: &Graph) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if site.config.has_host() {
        let _ = writeln!(out, "Sitemap: {}", site.config.absolute("sitemap.xml"));
    }
    out
}

/// Escapes text and attribute values for XML, dropping characters XML 1.0 forbids.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml("<a href=\"x\">'&'</a>\u{1}"), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    }
}
