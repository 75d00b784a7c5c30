//! Redirect pages: at each old address of a report (`redirect_from` in its front matter) a
//! small HTML page that sends the reader on to where the report is now, as Jekyll's
//! jekyll-redirect-from and Hugo's aliases do: `<meta http-equiv="refresh">`,
//! `<link rel="canonical">`, `noindex` and a visible link. They are not pages of the site: no
//! sitemap entry, no feed entry, no search document.
//!
//! Owns their HTML (which depends on the old address and the report's slug only, so that no
//! edit of a report's text changes them) and the check that no old address is where the site
//! already has a file; `load` checks old addresses against report slugs and each other.
//! Must not touch the file system.

use std::collections::HashSet;

use anyhow::{Result, bail};

use crate::site::file::{OutputFile, file_of};
use crate::site::graph::Graph;
use crate::site::markdown::escape_attr;

/// Every redirect: its old address as a site path, the slug it leads to, and the content file
/// and line that list it. In report order, then as listed.
pub(crate) fn all(site: &Graph) -> Vec<(&str, &str, &str, usize)> {
    site.reports
        .iter()
        .flat_map(|r| {
            r.redirects.iter().map(move |(from, line)| (from.as_str(), r.slug.as_str(), r.file.as_str(), *line))
        })
        .collect()
}

/// The files of the redirect pages.
pub(crate) fn files_of(site: &Graph) -> HashSet<String> {
    all(site).into_iter().map(|(from, ..)| file_of(from)).collect()
}

/// The redirect pages, once `made` (every other file of the site) is known: an old address
/// where the site has a file is an error naming the content file and line that list it.
pub(crate) fn pages(site: &Graph, made: &HashSet<&str>) -> Result<Vec<OutputFile>> {
    let mut out = Vec::new();
    for (from, slug, content, line) in all(site) {
        let file = file_of(from);
        if made.contains(file.as_str()) {
            bail!(
                "{content}:{line}: redirect_from `/{from}` is the address of a page of the site (remove it from redirect_from)"
            );
        }
        out.push(OutputFile { path: file, bytes: page(site, slug).into_bytes() });
    }
    Ok(out)
}

/// The redirect page to the report `slug`.
fn page(site: &Graph, slug: &str) -> String {
    let c = &site.config;
    let to = format!("reports/{slug}/");
    let url = escape_attr(&c.url(&to));
    let canonical = escape_attr(&c.absolute(&to));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>页面已移动</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>本页已移至 <a href=\"{url}\">{canonical}</a>。</p>\n\
         </body>\n</html>\n",
        lang = escape_attr(&c.language),
    )
}
