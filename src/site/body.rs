//! A report's Markdown body: kept in memory, or read again from its file when a page needs it.
//!
//! Owns where a body lives between `load` and its uses (the report page, the feed's summary,
//! the search index) and the check that a file read again is the file that was loaded.
//! `build` and `check` read each body again (bodies are most of a site's content: 1.6 GB at
//! 100,000 reports, which would otherwise stay resident for the whole build); `serve` keeps
//! them, because it edits the loaded content in place and a file on disk may already be
//! newer than the page it serves.
//!
//! Must not: parse front matter (`load` says where the body starts), or decide which pages
//! read a body.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::{Result, anyhow};

/// Whether `load` keeps report bodies in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bodies {
    /// Read again from the file when a page needs one (`build`, `check`).
    #[default]
    Reread,
    /// Kept in memory (`serve`, which patches the loaded content after each edit).
    Keep,
}

/// One report's Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReportBody(Repr);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    Kept(Arc<str>),
    /// Where the body starts in its file and how long it is, with the file's size and
    /// modification time when it was loaded, to notice a file changed during the build.
    InFile {
        path: Arc<Path>,
        start: usize,
        len: usize,
        size: u64,
        modified: Option<SystemTime>,
    },
}

/// What a file's metadata says about its version.
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

impl ReportBody {
    /// A body held in memory.
    pub(crate) fn kept(text: impl Into<Arc<str>>) -> ReportBody {
        ReportBody(Repr::Kept(text.into()))
    }

    /// The body of the file just read as `file_text` (with `file` its metadata then), from
    /// byte `start` to the end: kept, or its place in the file, as `bodies` asks.
    pub(crate) fn from_file(
        bodies: Bodies,
        path: &Path,
        file: &std::fs::Metadata,
        file_text: &str,
        start: usize,
    ) -> ReportBody {
        match bodies {
            Bodies::Keep => ReportBody::kept(&file_text[start..]),
            Bodies::Reread => {
                let stamp = Stamp::of(file);
                ReportBody(Repr::InFile {
                    path: Arc::from(path),
                    start,
                    len: file_text.len() - start,
                    size: stamp.size,
                    modified: stamp.modified,
                })
            }
        }
    }

    /// The Markdown text. A body read again fails, naming the file, when the file changed
    /// since it was loaded (an edit during a build: the front matter already used would not
    /// match the body) or cannot be read any more.
    pub(crate) fn text(&self) -> Result<Arc<str>> {
        match &self.0 {
            Repr::Kept(text) => Ok(Arc::clone(text)),
            Repr::InFile { path, start, len, size, modified } => {
                let shown = path.display();
                let changed = || anyhow!("{shown}:1: changed while the site was being built (build again)");
                let mut file = std::fs::File::open(path).map_err(|e| anyhow!("{shown}: cannot read again: {e}"))?;
                let now = Stamp::of(&file.metadata().map_err(|e| anyhow!("{shown}: cannot read again: {e}"))?);
                if now.size != *size || now.modified != *modified {
                    return Err(changed());
                }
                let mut bytes = Vec::with_capacity(*size as usize);
                file.read_to_end(&mut bytes).map_err(|e| anyhow!("{shown}: cannot read again: {e}"))?;
                let Some(slice) = bytes.get(*start..start + len) else { return Err(changed()) };
                std::str::from_utf8(slice).map(Arc::from).map_err(|_| changed())
            }
        }
    }
}

impl Stamp {
    fn of(file: &std::fs::Metadata) -> Stamp {
        Stamp { size: file.len(), modified: file.modified().ok() }
    }
}

#[cfg(test)]
impl From<&str> for ReportBody {
    fn from(text: &str) -> ReportBody {
        ReportBody::kept(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, text: &str) -> (std::path::PathBuf, ReportBody) {
        let path = dir.join("r.md");
        std::fs::write(&path, text).unwrap();
        let read = std::fs::read_to_string(&path).unwrap();
        let start = read.find("正文").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let body = ReportBody::from_file(Bodies::Reread, &path, &meta, &read, start);
        (path, body)
    }

    #[test]
    fn a_body_read_again_is_the_body_that_was_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let (_, body) = page(dir.path(), "---\ntitle: 王明远到白马村调研\n---\n正文：白马村的茶园。\n");
        assert_eq!(&*body.text().unwrap(), "正文：白马村的茶园。\n");
        // Twice: nothing is consumed.
        assert_eq!(&*body.text().unwrap(), "正文：白马村的茶园。\n");
    }

    #[test]
    fn a_file_changed_after_loading_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, body) = page(dir.path(), "---\ntitle: 李秀兰走访农户\n---\n正文：走访三户。\n");
        std::fs::write(&path, "---\ntitle: 李秀兰走访农户\n---\n正文：走访了五户脱贫户。\n").unwrap();
        let err = body.text().unwrap_err().to_string();
        assert!(err.contains("r.md:1: changed while the site was being built"), "{err}");
        std::fs::remove_file(&path).unwrap();
        let err = body.text().unwrap_err().to_string();
        assert!(err.contains("r.md: cannot read again"), "{err}");
    }

    #[test]
    fn a_kept_body_needs_no_file() {
        let body = ReportBody::kept("正文");
        assert_eq!(&*body.text().unwrap(), "正文");
        assert_eq!(body, ReportBody::from("正文"));
    }
}
