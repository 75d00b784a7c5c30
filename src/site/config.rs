//! Site settings: `site.yaml` at the site root, overridden by command-line flags, over the
//! defaults (CONTENT.md: "flags override site.yaml; site.yaml overrides the defaults").
//!
//! Owns the base URL and every URL the site prints: `url` for links (the base path, so the
//! site works under a sub-path), `absolute` for canonical URLs, feeds and the sitemap. It
//! reads `site.yaml` through `frontmatter::parse_yaml` and knows nothing of YAML itself.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Serialize;

use crate::frontmatter::{self, Extra, SiteFront};

/// The settings a build runs with, flags already applied.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Config {
    pub(crate) title: String,
    pub(crate) description: String,
    /// As given, ending with `/`: `/`, `/sub/` or `https://example.org/sub/`.
    pub(crate) base_url: String,
    /// The path part of `base_url`, starting and ending with `/`: what every link starts with.
    pub(crate) base_path: String,
    pub(crate) language: String,
    pub(crate) theme: String,
    /// The licence line of /data/ (`data_licence` in site.yaml); none by default.
    pub(crate) data_licence: Option<String>,
    pub(crate) extra: Extra,
}

impl Config {
    /// Reads `<root>/site.yaml` if there is one and applies the flags over it.
    pub(crate) fn load(root: &Path, theme: Option<&str>, base_url: Option<&str>) -> Result<Config> {
        let path = root.join("site.yaml");
        let shown = path.display().to_string();
        let (front, base_line) = match std::fs::read_to_string(&path) {
            Ok(text) => {
                // `line_of_key` counts the `---` line of a page; site.yaml has none.
                let line = frontmatter::line_of_key(&text, "base_url").saturating_sub(1).max(1);
                (frontmatter::parse_yaml(&shown, &text)?, format!("{shown}:{line}"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (SiteFront::default(), shown),
            Err(e) => bail!("{shown}: cannot read: {e}"),
        };
        Config::from_front(front, theme, base_url, &base_line)
    }

    /// `base_origin` names where `base_url` was written (`site.yaml:3`), for its error.
    fn from_front(front: SiteFront, theme: Option<&str>, base_url: Option<&str>, base_origin: &str) -> Result<Config> {
        let (base_url, base_path) = match (base_url, &front.base_url) {
            (Some(flag), _) => normalise_base(flag).map_err(|why| anyhow!("--base-url {flag}: {why}"))?,
            (None, Some(v)) => {
                normalise_base(v).map_err(|why| anyhow!("{base_origin}: base_url `{v}` {why} (fix it in site.yaml)"))?
            }
            (None, None) => ("/".to_string(), "/".to_string()),
        };
        let theme = theme.map(str::to_string).or(front.theme).unwrap_or_else(|| "default".into());
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            bail!("theme `{theme}` is not a folder name under themes/ (use a plain name such as `default`)");
        }
        Ok(Config {
            title: front.title.unwrap_or_else(|| "简报".into()),
            description: front.description.unwrap_or_default(),
            base_url,
            base_path,
            language: front.language.unwrap_or_else(|| "zh-CN".into()),
            theme,
            data_licence: front.data_licence.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
            extra: front.extra,
        })
    }

    /// A link to a site path (`reports/x/`, `` for home): the base path prepended.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute URL of a site path when the base URL names a host; the linked path
    /// otherwise (a root-relative site has no host to name).
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Whether `absolute` gives real absolute URLs (`https://…`).
    pub(crate) fn has_host(&self) -> bool {
        self.base_url.contains("://")
    }
}

/// `https://example.org/sub` → (`https://example.org/sub/`, `/sub/`); `/sub` → (`/sub/`, `/sub/`).
fn normalise_base(raw: &str) -> std::result::Result<(String, String), &'static str> {
    let raw = raw.trim();
    let with_slash = if raw.ends_with('/') { raw.to_string() } else { format!("{raw}/") };
    if with_slash.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err("must be a plain URL without query, fragment or spaces");
    }
    if with_slash.starts_with('/') && !with_slash.starts_with("//") {
        return Ok((with_slash.clone(), with_slash));
    }
    for scheme in ["https://", "http://"] {
        if let Some(rest) = with_slash.strip_prefix(scheme) {
            let slash = rest.find('/').unwrap_or(rest.len());
            if slash == 0 {
                return Err("has no host");
            }
            let path = rest[slash..].to_string();
            return Ok((with_slash, path));
        }
    }
    Err("must start with https://, http:// or / (for example https://example.org/sub/)")
}

/// A site at `base_url` (its path part `base_path`) with every other setting a default: the
/// unit tests' config.
#[cfg(test)]
pub(crate) fn for_tests(base_url: &str, base_path: &str) -> Config {
    Config {
        title: "t".into(),
        description: String::new(),
        base_url: base_url.into(),
        base_path: base_path.into(),
        language: "zh-CN".into(),
        theme: "default".into(),
        data_licence: None,
        extra: Extra::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file_which_overrides_defaults() {
        let front = SiteFront { title: Some("县情简报".into()), theme: Some("plain".into()), ..Default::default() };
        let c = Config::from_front(front.clone(), None, None, "site.yaml").unwrap();
        assert_eq!((c.title.as_str(), c.theme.as_str(), c.base_path.as_str()), ("县情简报", "plain", "/"));
        assert_eq!(c.language, "zh-CN");
        let c = Config::from_front(front, Some("default"), Some("https://example.org/sub"), "site.yaml").unwrap();
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_url, "https://example.org/sub/");
        assert_eq!(c.url("reports/"), "/sub/reports/");
        assert_eq!(c.absolute("reports/"), "https://example.org/sub/reports/");
    }

    #[test]
    fn base_urls_are_normalised_or_refused() {
        assert_eq!(normalise_base("https://example.org").unwrap(), ("https://example.org/".into(), "/".into()));
        assert_eq!(normalise_base("/sub").unwrap(), ("/sub/".into(), "/sub/".into()));
        assert!(normalise_base("example.org/sub/").is_err());
        assert!(normalise_base("https:///x").is_err());
        assert!(normalise_base("/a b/").is_err());
    }
}
