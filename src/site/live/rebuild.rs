//! The summary of one build or update of `serve`, for the terminal.

/// What one build or update did, for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Everything was rendered (first build, template or config change, …).
    pub full: bool,
    /// Why a full build was needed, when it was not the first.
    pub reason: Option<String>,
    /// The graph was patched in place rather than rebuilt (one report edited in place).
    pub patched: bool,
    /// Files rendered (their site-relative paths); all of them for a full build.
    pub rendered: Vec<String>,
    /// How many files were rendered.
    pub rendered_count: usize,
    /// List pages left to render after the edit is served (`live::follow`).
    pub deferred: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    /// Files removed (pages that no longer exist).
    pub removed: Vec<String>,
    /// HTML pages of the site.
    pub pages: usize,
    pub millis: u128,
}

impl Rebuild {
    /// One line: `graph patched, re-rendered 19 of 16294 pages (3 reports, 1 report list,
    /// 9 entity pages, …; wrote 15): reports/r000013/, …`.
    pub fn describe(&self) -> String {
        if self.full {
            let why = self.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
            return format!("rendered all {} pages{why}, wrote {} changed files", self.pages, self.written);
        }
        if self.rendered.is_empty() {
            return format!("no page to render again; wrote {} changed files", self.written);
        }
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for path in &self.rendered {
            let kind = page_kind(path);
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        kinds.sort();
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let reports: Vec<&str> = self
            .rendered
            .iter()
            .filter(|p| page_kind(p) == "reports")
            .map(|p| p.trim_end_matches("index.html"))
            .take(3)
            .collect();
        let removed = if self.removed.is_empty() { String::new() } else { format!(", removed {}", self.removed.len()) };
        let removed = match self.deferred {
            0 => removed,
            n => format!("{removed}; {n} list pages follow"),
        };
        let graph = if self.patched { "graph patched" } else { "graph rebuilt" };
        format!(
            "{graph}, re-rendered {} of {} pages ({}; wrote {}{removed}){}",
            self.rendered_count,
            self.pages,
            kinds.join(", "),
            self.written,
            if reports.is_empty() { String::new() } else { format!(": {}", reports.join(", ")) }
        )
    }
}

/// What kind of page a file is, for the summary line.
fn page_kind(path: &str) -> &'static str {
    let (section, rest) = path.split_once('/').unwrap_or(("", path));
    let list = rest == "index.html" || rest.starts_with("page/");
    match section {
        "" if rest == "index.html" => "home",
        "reports" if list => "report list pages",
        "reports" => "reports",
        "counties" | "people" | "programs" if list => "entity list pages",
        "counties" | "people" | "programs" => "entity pages",
        "timeline" => "timeline pages",
        _ => "other",
    }
}
