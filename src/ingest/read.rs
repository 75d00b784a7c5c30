//! Seed files → `RawDoc`s: finding seed files, decoding and normalising each through
//! `ingest::text`, and rejoining bylines that scrapers broke over lines. Saved web pages
//! (`.html`, `.mhtml` …, or a `.txt` that starts like HTML) are handed to `ingest::html`,
//! which gives the article's text and the page's metadata; a file that starts with a binary
//! signature (PDF, ZIP, OLE2, images …) goes to `ingest::document` whatever its name, and is
//! never read as text.
//!
//! Owns nothing about what the text means: it never looks for titles, furniture or names.
//! A file that cannot be read as text is a `Skip` with the reason, never an error that stops
//! the run.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;

use super::document;
use super::html::{self, PageMeta};
use super::text::{Skip, decode, normalize};

/// A seed file decoded and normalised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawDoc {
    /// The file name, written to the page as `seed:`.
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    /// The article's text: the seed itself, or for a saved web page the text `html` read
    /// from its DOM (headline, info lines, one paragraph per line).
    pub(crate) text: String,
    /// For a saved web page: what its markup says (title, date, source, authors, URL); for a
    /// PDF or .docx: what its document properties say (title, date, authors).
    pub(crate) page: Option<PageMeta>,
}

/// Every regular file under `dir` whose name does not start with a dot, sorted by path so
/// the order never depends on the file system. Text and saved web pages alike (`read_bytes`
/// tells them apart).
pub(crate) fn seed_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        anyhow::bail!("{}: seeds folder not found (pass --seeds DIR)", dir.display());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list the seeds folder", dir.display()))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if entry.file_type().is_file() && !hidden {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Decodes the bytes of the seed file at `path` (only its name and extension are read).
pub(crate) fn read_bytes(path: &Path, bytes: &[u8]) -> std::result::Result<RawDoc, Skip> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let path_buf = path.to_path_buf();
    if let Some(read) = document::read(bytes) {
        return read.map(|doc| RawDoc { name, path: path_buf, text: normalize(&doc.text), page: Some(doc.meta) });
    }
    if html::is_page(path, bytes) {
        return html::read_page(bytes).map(|page| RawDoc {
            name,
            path: path_buf,
            text: normalize(&page.text),
            page: Some(page.meta),
        });
    }
    decode(bytes).map(|text| RawDoc { name, path: path_buf, text: rejoin_broken_bylines(&normalize(&text)), page: None })
}

/// Scrapers break a news byline over several lines when the page sets its parts in separate
/// boxes (`本报讯(记者` / `王明远` / `通讯员` / `李秀兰)6月3日,…`): such a run of short lines,
/// opened by a parenthesis that the same line leaves open, is joined back into one line.
pub(crate) fn rejoin_broken_bylines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(end) = opens_a_byline(line).then(|| byline_close(&lines[i + 1..])).flatten() {
            let parts: Vec<&str> = lines[i..=i + 1 + end].iter().map(|l| l.trim()).collect();
            // Joined without spaces, as the page shows them (a spaced role would read as a
            // header key); glued roles are split again where the byline is read.
            out.push(parts.concat());
            i += end + 2;
        } else {
            out.push(line.to_string());
            i += 1;
        }
    }
    out.join("\n")
}

/// A short line ending in an open parenthesis whose content is a credit role (`本报讯(记者`).
fn opens_a_byline(line: &str) -> bool {
    let line = line.trim_end();
    let Some(open) = line.rfind('(') else { return false };
    let inner = &line[open + 1..];
    line.chars().count() <= 30
        && !inner.contains(')')
        && super::metadata::GLUED_ROLES.iter().any(|r| inner.ends_with(r))
}

/// The index, among the lines after an opened byline, of the line that closes it: up to six
/// short lines of names and roles, the last one holding the closing parenthesis.
fn byline_close(rest: &[&str]) -> Option<usize> {
    for (k, line) in rest.iter().take(6).enumerate() {
        let line = line.trim();
        if let Some(close) = line.find(')') {
            return (line[..close].chars().count() <= 8).then_some(k);
        }
        if line.is_empty() || line.chars().count() > 8 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byline_broken_over_lines_is_joined() {
        let text = "本报讯(记者\n王明远\n通讯员\n李秀兰)6月3日,县里召开会议。\n第二段。";
        assert_eq!(rejoin_broken_bylines(text), "本报讯(记者王明远通讯员李秀兰)6月3日,县里召开会议。\n第二段。");
        let plain = "县政协调研茶叶产业\n(一)基本情况\n全县茶园1万亩。";
        assert_eq!(rejoin_broken_bylines(plain), plain);
    }
}
