//! What ingest last wrote: `content/.ingest-hashes`, committed with the pages it describes.
//! One line per page ingest wrote (report and entity pages): the BLAKE3 hash of the page's
//! text, two spaces and its path under content/, sorted by path. It is the format of `b3sum`,
//! so `cd content && b3sum --check .ingest-hashes` lists the pages edited since.
//!
//! Owns the file and the one question it answers: did ingest write this text at this path?
//! A page that differs from its line was edited by hand, and `write` keeps it. A page with no
//! line (a site made before the file existed, or a file deleted on purpose) is taken as
//! ingest's own, as before. Lines that are not `HASH  PATH` (a merge conflict's markers) are
//! skipped with a warning; a path left with two hashes by a merge matches either.
//!
//! Must not: decide what to write or remove, or write the file (`write` does both), or read
//! other files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;

/// The file, relative to the content folder.
pub(crate) const FILE: &str = ".ingest-hashes";

/// The recorded hashes, by path relative to the content folder.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Ledger {
    entries: BTreeMap<PathBuf, BTreeSet<String>>,
    /// The file existed (a site made before it has none).
    pub(crate) found: bool,
}

/// The hash of a page's text as the file records it.
pub(crate) fn hash(text: &str) -> String {
    hex(&blake3::hash(text.as_bytes()))
}

/// The ledger's form of a text's BLAKE3 digest, for a caller that needs the digest too.
pub(crate) fn hex(digest: &blake3::Hash) -> String {
    digest.to_hex().to_string()
}

impl Ledger {
    /// Reads the file of `content`; none is an empty ledger. Returns the warnings for lines
    /// it skipped.
    pub(crate) fn read(content: &Path) -> Result<(Ledger, Vec<String>)> {
        let path = content.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Self::parse(&path.display().to_string(), &text)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok((Ledger::default(), Vec::new())),
            Err(err) => Err(anyhow::anyhow!("{}: cannot read: {err}", path.display())),
        }
    }

    fn parse(shown: &str, text: &str) -> (Ledger, Vec<String>) {
        let mut ledger = Ledger { found: true, ..Default::default() };
        let mut warnings = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let parsed = line.split_once("  ").filter(|(h, p)| {
                h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) && !p.is_empty() && !p.starts_with(' ')
            });
            match parsed {
                Some((h, p)) => {
                    ledger.entries.entry(PathBuf::from(p)).or_default().insert(h.to_ascii_lowercase());
                }
                None if line.trim().is_empty() => {}
                None => warnings.push(format!(
                    "{shown}:{}: not a line `HASH  PATH` (a merge conflict?); skipped, and ingest writes the file again",
                    i + 1
                )),
            }
        }
        (ledger, warnings)
    }

    /// Whether ingest wrote `text` at `path` (relative to the content folder) when it last
    /// wrote there: `None` when there is no record of the path.
    pub(crate) fn wrote(&self, path: &Path, text: &str) -> Option<bool> {
        self.wrote_hash(path, &hash(text))
    }

    /// `wrote` for a text known by its hash (`hash`).
    pub(crate) fn wrote_hash(&self, path: &Path, hash: &str) -> Option<bool> {
        self.entries.get(path).map(|hashes| hashes.contains(hash))
    }

    /// Whether there is a record of `path`.
    pub(crate) fn knows(&self, path: &Path) -> bool {
        self.entries.contains_key(path)
    }

    /// Records that ingest wrote (or found exactly what it would write) `text` at `path`.
    pub(crate) fn record(&mut self, path: &Path, text: &str) {
        self.record_hash(path, &hash(text));
    }

    /// `record` for a text known by its hash (`hash`).
    pub(crate) fn record_hash(&mut self, path: &Path, hash: &str) {
        self.entries.insert(path.to_path_buf(), BTreeSet::from([hash.to_string()]));
    }

    /// Forgets `path` (its page was removed).
    pub(crate) fn forget(&mut self, path: &Path) {
        self.entries.remove(path);
    }

    /// The file's text: one line per path, sorted (a path with two hashes keeps the first).
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for (path, hashes) in &self.entries {
            if let Some(h) = hashes.first() {
                out.push_str(&format!("{h}  {}\n", path.display().to_string().replace('\\', "/")));
            }
        }
        out
    }

    /// Keeps the records of the paths `keep` says yes to.
    pub(crate) fn retain(&mut self, keep: impl Fn(&Path) -> bool) {
        self.entries.retain(|p, _| keep(p));
    }

    /// The recorded paths.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &Path> {
        self.entries.keys().map(PathBuf::as_path)
    }

    /// No page is recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_recognises_what_ingest_wrote() {
        let mut ledger = Ledger::default();
        let page = Path::new("reports/a.md");
        assert_eq!(ledger.wrote(page, "x"), None);
        ledger.record(page, "x");
        assert_eq!(ledger.wrote(page, "x"), Some(true));
        assert_eq!(ledger.wrote(page, "x edited"), Some(false));
        let (again, warnings) = Ledger::parse(FILE, &ledger.render());
        assert!(warnings.is_empty());
        assert_eq!(again.wrote(page, "x"), Some(true));
        assert!(again.found);
        ledger.forget(page);
        assert!(!ledger.knows(page));
    }

    #[test]
    fn the_file_reads_like_b3sum_output() {
        let mut ledger = Ledger::default();
        ledger.record(Path::new("reports/b.md"), "b");
        ledger.record(Path::new("people/a.md"), "a");
        let text = ledger.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("  people/a.md") && lines[1].ends_with("  reports/b.md"), "{text}");
        assert_eq!(lines[0].split("  ").next().unwrap(), hash("a"));
    }

    #[test]
    fn merge_conflicts_are_skipped_and_both_sides_count() {
        let (a, b) = (hash("a"), hash("b"));
        let text = format!("<<<<<<< HEAD\n{a}  reports/x.md\n=======\n{b}  reports/x.md\n>>>>>>> other\n");
        let (ledger, warnings) = Ledger::parse("content/.ingest-hashes", &text);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with("content/.ingest-hashes:1: "), "{}", warnings[0]);
        let page = Path::new("reports/x.md");
        assert_eq!(ledger.wrote(page, "a"), Some(true));
        assert_eq!(ledger.wrote(page, "b"), Some(true));
        assert_eq!(ledger.wrote(page, "c"), Some(false));
    }
}
