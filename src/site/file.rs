//! One file of the built site, and which file serves a site path.
//!
//! A leaf: the renderer, the feeds, open data and the search index make `OutputFile`s; the
//! writer (`output`), the link check and `serve` consume them. It knows nothing else.

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// Relative to the output folder, `/`-separated: `index.html`, `reports/x/index.html`.
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// The file of a site path: `` → `index.html`, `reports/x/` → `reports/x/index.html`.
pub(crate) fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// The site path an old address in `redirect_from` names: `/reports/x/` and `/reports/x`
/// → `reports/x/`, `/old/page.html` → `old/page.html`. `None` when it is no address a static
/// host can serve a redirect page at: not starting with `/`, the root, an empty, `.` or `..`
/// segment, a character other than ASCII letters, digits and `-._~`, or a file name with an
/// extension other than `.html`.
pub(crate) fn path_of_address(address: &str) -> Option<String> {
    let rest = address.strip_prefix('/')?;
    let dir = rest.ends_with('/');
    let segments: Vec<&str> = rest.strip_suffix('/').unwrap_or(rest).split('/').collect();
    let fine = |s: &&str| {
        !s.is_empty() && *s != "." && *s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    };
    if rest.is_empty() || !segments.iter().all(fine) {
        return None;
    }
    let last = segments[segments.len() - 1];
    match last.rsplit_once('.') {
        Some((_, "html")) if !dir => Some(rest.to_string()),
        Some(_) if !dir => None,
        _ => Some(format!("{}/", segments.join("/"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_redirects() {
        assert_eq!(path_of_address("/reports/old-slug/").as_deref(), Some("reports/old-slug/"));
        assert_eq!(path_of_address("/reports/old-slug").as_deref(), Some("reports/old-slug/"));
        assert_eq!(path_of_address("/2019/05/a.html").as_deref(), Some("2019/05/a.html"));
        for bad in ["reports/x/", "/", "/a//b/", "/../x/", "/报告/", "/x?y=1", "/a b/", "/x.php", "https://a.org/x/"]
        {
            assert_eq!(path_of_address(bad), None, "{bad}");
        }
    }

    #[test]
    fn files_of_site_paths() {
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("reports/x/"), "reports/x/index.html");
        assert_eq!(file_of("404.html"), "404.html");
    }
}
