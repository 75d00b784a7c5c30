//! Where the articles' bodies wait between extraction and writing: in the articles (`InMemory`,
//! for the desk's few seeds and the tests) or in a spill file (`Spill`, for a whole ingest).
//!
//! Why a spill file. A body is nine tenths of an article (13.6 KiB of a generated report's
//! 15 KiB page), and ingest cannot write a page before it has read every seed: a report's
//! copies may come from any later seed, its slug may collide with any other, and entity pages
//! need every report's names. Keeping every body until writing cost about 46 KiB a seed with
//! the pages, so 100,000 seeds ran out of memory. Deciding copy groups from signatures first
//! and extracting again would run the recogniser twice (most of a cold run's CPU), and
//! re-reading only the grouped seeds still leaves every other body waiting for the slugs.
//! Appending each body to an unnamed temporary file as its seed is extracted and reading it
//! back by offset when the detector and the writer need it costs one write and a few reads
//! from the page cache per body (well under 1 % of the CPU) and leaves in memory only what
//! the later steps use: names, events, dates and the detector's signatures.
//!
//! Owns that file (deleted by the system when ingest ends, even on a crash). Must not decide
//! anything about the articles: it hands back, byte for byte, the body it was given.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, RwLock};

use anyhow::{Context, Result};

use super::extract::Article;

/// The body of an article, wherever it is kept.
pub(crate) trait Bodies: Sync {
    /// The article's Markdown body.
    fn body<'a>(&'a self, a: &'a Article) -> Cow<'a, str>;
    /// Its length in bytes (without reading it).
    fn len(&self, a: &Article) -> usize;
    /// Its length in characters (without reading it).
    fn chars(&self, a: &Article) -> usize;
}

/// Bodies kept in the articles themselves.
pub(crate) struct InMemory;

impl Bodies for InMemory {
    fn body<'a>(&'a self, a: &'a Article) -> Cow<'a, str> {
        Cow::Borrowed(&a.body)
    }

    fn len(&self, a: &Article) -> usize {
        a.body.len()
    }

    fn chars(&self, a: &Article) -> usize {
        a.body.chars().count()
    }
}

/// Where one body lies in the spill file.
#[derive(Debug, Clone, Copy)]
struct Span {
    offset: u64,
    len: u32,
    chars: u32,
}

/// Bodies moved out of the articles into a temporary file, found again by the article's seed
/// and part.
pub(crate) struct Spill {
    /// The file to append to, and its length.
    file: Mutex<(File, u64)>,
    /// The same file for positioned reads, which need no lock.
    reader: File,
    /// By seed, then part.
    spans: RwLock<BTreeMap<String, BTreeMap<Option<u32>, Span>>>,
}

impl Spill {
    /// A spill file in `dir` (created if missing; the system's temporary folder when it
    /// cannot be).
    pub(crate) fn new(dir: &Path) -> Result<Spill> {
        let file = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::tempfile_in(dir))
            .or_else(|_| tempfile::tempfile())
            .context("cannot create a temporary file for the articles' bodies")?;
        let reader = file.try_clone().context("cannot open the temporary file of the articles' bodies again")?;
        Ok(Spill { file: Mutex::new((file, 0)), reader, spans: RwLock::new(BTreeMap::new()) })
    }

    /// Moves the bodies of `articles` into the file, leaving them empty.
    pub(crate) fn take(&self, articles: &mut [Article]) -> Result<()> {
        for a in articles {
            let body = std::mem::take(&mut a.body);
            let chars = body.chars().count() as u32;
            let offset = {
                let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
                let (file, end) = &mut *guard;
                file.write_all(body.as_bytes()).context("cannot write the articles' bodies to a temporary file")?;
                let at = *end;
                *end += body.len() as u64;
                at
            };
            let span = Span { offset, len: body.len() as u32, chars };
            let mut spans = self.spans.write().unwrap_or_else(|e| e.into_inner());
            spans.entry(a.seed.clone()).or_default().insert(a.part, span);
        }
        Ok(())
    }

    fn span(&self, a: &Article) -> Option<Span> {
        let spans = self.spans.read().unwrap_or_else(|e| e.into_inner());
        spans.get(a.seed.as_str()).and_then(|parts| parts.get(&a.part)).copied()
    }

    fn read(&self, span: Span) -> std::io::Result<String> {
        let mut buf = vec![0u8; span.len as usize];
        read_at(&self.reader, &mut buf, span.offset)?;
        String::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// A positioned read (no shared file offset, so no lock between reading threads).
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

impl Bodies for Spill {
    /// An article the spill does not hold (none so far) keeps its body in itself. A file that
    /// cannot be read back (the disk failed under it) is a bug in the making: ingest stops
    /// rather than write empty pages.
    fn body<'a>(&'a self, a: &'a Article) -> Cow<'a, str> {
        match self.span(a) {
            Some(span) => Cow::Owned(
                self.read(span).unwrap_or_else(|e| panic!("the temporary file of the articles' bodies: {e}")),
            ),
            None => Cow::Borrowed(&a.body),
        }
    }

    fn len(&self, a: &Article) -> usize {
        self.span(a).map_or(a.body.len(), |s| s.len as usize)
    }

    fn chars(&self, a: &Article) -> usize {
        self.span(a).map_or_else(|| a.body.chars().count(), |s| s.chars as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spilled_body_comes_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new(&dir.path().join("spill")).unwrap();
        let mut articles = vec![
            Article {
                seed: "a.txt".into(), body: "第一段。\n\n第二段，１２３。\n".into(), ..Default::default()
            },
            Article { seed: "b.txt".into(), part: Some(2), body: String::new(), ..Default::default() },
            Article { seed: "b.txt".into(), part: Some(3), body: "𠀀 emoji 😀".into(), ..Default::default() },
        ];
        let kept = articles.clone();
        spill.take(&mut articles).unwrap();
        assert!(articles.iter().all(|a| a.body.is_empty()));
        for (a, k) in articles.iter().zip(&kept) {
            assert_eq!(spill.body(a), k.body);
            assert_eq!(spill.len(a), k.body.len());
            assert_eq!(spill.chars(a), k.body.chars().count());
        }
        let other = Article { seed: "c.txt".into(), body: "在内存里".into(), ..Default::default() };
        assert_eq!(spill.body(&other), "在内存里");
    }
}
