//! ARCHITECTURE.md names only what exists: every module, type, item and repository path it
//! writes in backticks is looked up in the repository, so the map cannot drift from the code
//! unnoticed (the layer order itself is `architecture.rs`'s job).
//!
//! How a span in backticks is read:
//! - a path with a `/` (or a file name with an extension) under one of the repository's own
//!   folders (`src/`, `tests/`, `data/`, …) or at its root must exist; paths inside a site
//!   (`content/…`, `public/`, `search-index/`) are not the repository's and are not looked up;
//! - `a::b::C` resolves its longest prefix to a module file, and every segment after it must be
//!   an item defined somewhere in `src/` (`fn`, `struct`, `enum`, `trait`, `type`, `const`,
//!   `static`, `mod` or an enum variant);
//! - a lone word starting with a capital and holding a small letter (`LiveSite`) is a type, a
//!   trait or an enum variant, defined in `src/`;
//! - a lone lower-case identifier (`ledger`) is a module: some module's last segment;
//! - anything else (`--quiet`, `edited: true`, `CI`) is prose and is not read.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;
use walkdir::WalkDir;

/// Folders of the repository whose paths the map may name.
const REPOSITORY_FOLDERS: &[&str] =
    &["src", "tests", "data", "bench", "examples", "fuzz", "scaffold", "themes", "docs", ".ci"];

#[test]
fn architecture_md_names_only_what_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let code = Code::read(root);
    let missing: Vec<String> = spans(&map)
        .into_iter()
        .filter_map(|(line, span)| code.missing(root, &span).map(|why| format!("ARCHITECTURE.md:{line}: `{span}` {why}")))
        .collect();
    assert!(missing.is_empty(), "{} name(s) in ARCHITECTURE.md that do not exist:\n{}", missing.len(), missing.join("\n"));
}

/// What the map may name: module paths and the text of every source file.
struct Code {
    modules: BTreeSet<Vec<String>>,
    /// Names of every item and enum variant defined in `src/`.
    items: BTreeSet<String>,
}

impl Code {
    fn read(root: &Path) -> Code {
        let src = root.join("src");
        let mut modules = BTreeSet::new();
        let mut items = BTreeSet::new();
        let definition =
            Regex::new(r"(?m)\b(?:fn|struct|enum|trait|type|const|static|mod)\s+([A-Za-z_][A-Za-z0-9_]*)|^\s*([A-Z][A-Za-z0-9_]*)\s*(?:\{|\(|,|=|$)")
                .unwrap();
        for entry in WalkDir::new(&src).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            modules.insert(module_path(path.strip_prefix(&src).unwrap()));
            let text = std::fs::read_to_string(path).unwrap();
            for found in definition.captures_iter(&text) {
                items.insert(found.get(1).or(found.get(2)).unwrap().as_str().to_string());
            }
        }
        Code { modules, items }
    }

    /// Why `span` names nothing that exists, or `None` when it does (or is prose).
    fn missing(&self, root: &Path, span: &str) -> Option<String> {
        if is_repository_path(span) {
            let exists = root.join(span.trim_end_matches('/')).exists();
            return (!exists).then(|| "is no file or folder of the repository".to_string());
        }
        let segments: Vec<&str> = span.trim_start_matches("crate::").split("::").collect();
        if !segments.iter().all(|s| is_identifier(s)) {
            return None;
        }
        if segments.len() == 1 {
            return self.missing_word(segments[0]);
        }
        let module_len = (1..=segments.len())
            .rev()
            .find(|&n| self.modules.contains(&segments[..n].iter().map(|s| s.to_string()).collect::<Vec<_>>()))
            .unwrap_or(0);
        segments[module_len..]
            .iter()
            .find(|item| !self.defines(item))
            .map(|item| format!("names `{item}`, which no module defines"))
    }

    fn missing_word(&self, word: &str) -> Option<String> {
        let first = word.chars().next().unwrap();
        if first.is_ascii_uppercase() && word.chars().any(|c| c.is_ascii_lowercase()) {
            return (!self.defines(word)).then(|| "is no type, trait or variant of src/".to_string());
        }
        if first.is_ascii_lowercase() || first == '_' {
            let is_module = self.modules.iter().any(|m| m.last().is_some_and(|last| last == word));
            return (!is_module).then(|| "is no module (a lone lower-case word in backticks names one)".to_string());
        }
        None
    }

    /// Whether some source file defines an item or an enum variant called `name`.
    fn defines(&self, name: &str) -> bool {
        self.items.contains(name)
    }
}

/// `ingest/people/mod.rs` → `[ingest, people]`; `lib.rs` → `[]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop().unwrap();
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_repository_path(span: &str) -> bool {
    if span.contains(char::is_whitespace) || span.contains('*') {
        return false;
    }
    match span.split_once('/') {
        Some((first, _)) => REPOSITORY_FOLDERS.contains(&first),
        None => {
            let known_extension = [".rs", ".md", ".toml", ".tsv", ".sh", ".js"].iter().any(|e| span.ends_with(e));
            known_extension && !span.contains("::")
        }
    }
}

/// Every span in backticks, with its line (fenced code blocks skipped).
fn spans(map: &str) -> Vec<(usize, String)> {
    let mut in_fence = false;
    let mut found = Vec::new();
    for (n, line) in map.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 1 && !span.is_empty() {
                found.push((n + 1, span.to_string()));
            }
        }
    }
    found
}

#[test]
fn the_reader_finds_what_is_missing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = Code::read(root);
    assert_eq!(code.missing(root, "site::graph"), None);
    assert_eq!(code.missing(root, "search::Builder"), None);
    assert_eq!(code.missing(root, "LiveSite"), None);
    assert_eq!(code.missing(root, "ledger"), None);
    assert_eq!(code.missing(root, "src/ingest/"), None);
    assert_eq!(code.missing(root, "--quiet"), None);
    assert_eq!(code.missing(root, "edited: true"), None);
    assert_eq!(code.missing(root, "content/corrections.yaml"), None);
    assert!(code.missing(root, "site::nowhere").is_some());
    assert!(code.missing(root, "site::graph::NoSuchType").is_some());
    assert!(code.missing(root, "NoSuchType").is_some());
    assert!(code.missing(root, "nosuchmodule").is_some());
    assert!(code.missing(root, "src/nowhere.rs").is_some());
    assert!(code.missing(root, "build.rs").is_none());
    assert!(code.missing(root, "nowhere.rs").is_some());
    assert_eq!(spans("a `x` b `y::Z`\n```\n`z`\n```\n`w`"), vec![(1, "x".into()), (1, "y::Z".into()), (5, "w".into())]);
}
