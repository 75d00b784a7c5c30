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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_site_paths() {
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("reports/x/"), "reports/x/index.html");
        assert_eq!(file_of("404.html"), "404.html");
    }
}
