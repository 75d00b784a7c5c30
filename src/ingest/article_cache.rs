//! The article cache: `.jianbao/cache/articles/` beside the recogniser's `lac/` (git ignores
//! both), one file per seed holding the articles extraction found in it, so a second ingest
//! of an unchanged site reads each seed's articles instead of extracting them again.
//!
//! A file is named by the hash of the seed's bytes and name (what the reader decodes and
//! extraction reads; extraction is pure and never reads `content/`, and corrections are
//! applied after it). Inside, after a format line, stands the hash of the build's rules and
//! data (`JIANBAO_SOURCE_HASH`, from `build.rs`: every file under `src/` and `data/`, so the
//! lexicon files and the gazetteer too): a file another build wrote, or one cut short or
//! damaged, is treated as absent. The cache never changes what ingest finds, only how fast.
//! Files are written whole or not at all, and pruned after a whole ingest like the tags.
//!
//! The encoding is length-prefixed binary written here: the articles hold a gazetteer row
//! by reference (stored as its index) and front-matter types whose serde attributes
//! (`skip_serializing_if`) a non-self-describing format such as bincode cannot read back.
//!
//! Owns those files only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::cache::SOURCE_HASH;
use super::counties::County;
use super::extract::{Article, Doubt};
use super::people::Source;
use super::programs::Program;
use crate::frontmatter::Event;

/// The encoding's version: a change to `Article` or to how it is written changes it.
const FORMAT: &[u8] = b"jianbao articles 1\n";

/// The cache folder of the site whose content folder is `content`.
pub(crate) fn folder(content: &Path) -> PathBuf {
    crate::state_dir::path(content, "cache/articles")
}

/// The file name for a seed named `name` whose file holds `bytes`.
pub(crate) fn file_name(name: &str, bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&(name.len() as u64).to_le_bytes());
    hasher.update(name.as_bytes());
    hasher.update(bytes);
    format!("{}.articles", &hasher.finalize().to_hex()[..32])
}

/// What a seed's file holds: its articles and the name of its tags file (kept from pruning,
/// so the tags are still there when this build's rules change).
#[derive(Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) tags_file: String,
    pub(crate) articles: Vec<Article>,
}

/// The entry cached in `path`; none when it is missing, unreadable or another build's.
pub(crate) fn read(path: &Path) -> Option<Entry> {
    decode(&std::fs::read(path).ok()?, SOURCE_HASH)
}

/// Writes the entry to `path` whole or not at all (a temporary file renamed into place).
pub(crate) fn write(path: &Path, tags_file: &str, articles: &[Article]) -> Result<()> {
    let dir = path.parent().context("cache path has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the cache folder", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("{}: cannot write", dir.display()))?;
    std::io::Write::write_all(&mut tmp, &encode(tags_file, articles, SOURCE_HASH))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

fn encode(tags_file: &str, articles: &[Article], source_hash: &str) -> Vec<u8> {
    let mut out = Out(FORMAT.to_vec());
    out.str(source_hash);
    out.str(tags_file);
    out.len(articles.len());
    for a in articles {
        article(&mut out, a);
    }
    out.0
}

fn decode(bytes: &[u8], source_hash: &str) -> Option<Entry> {
    let mut input = In(bytes.strip_prefix(FORMAT)?);
    if input.str()? != source_hash {
        return None;
    }
    let tags_file = input.str()?;
    let articles = input.list(read_article)?;
    input.0.is_empty().then_some(Entry { tags_file, articles })
}

/// Every field, so that a field added to `Article` does not compile until it is cached.
fn article(out: &mut Out, a: &Article) {
    let Article {
        seed,
        url,
        part,
        title,
        date,
        source,
        authors,
        counties,
        people,
        person_aliases,
        person_roles,
        person_sources,
        programs,
        events,
        body,
        review,
        copies,
    } = a;
    debug_assert!(copies.is_empty(), "extraction finds no copies; `copies` folds them in later");
    out.str(seed);
    out.opt(url.as_deref());
    out.u32(part.map_or(0, |p| p + 1));
    out.str(title);
    out.opt(date.as_deref());
    out.opt(source.as_deref());
    out.strs(authors);
    out.len(counties.len());
    for c in counties {
        out.str(&c.name);
        out.u32(division_index(c.division));
        out.strs(&c.forms);
    }
    out.strs(people);
    out.sets(person_aliases);
    out.sets(person_roles);
    out.len(person_sources.len());
    for (name, s) in person_sources {
        out.str(name);
        out.0.push(match s {
            Source::Rules => 0,
            Source::Model => 1,
            Source::Both => 2,
        });
    }
    out.len(programs.len());
    for p in programs {
        out.str(&p.name);
        out.opt(p.kind.as_deref());
        out.strs(&p.aliases);
    }
    out.len(events.len());
    for e in events {
        event(out, e);
    }
    out.str(body);
    out.len(review.len());
    for d in review {
        match d {
            Doubt::UnsureTitle(t) => {
                out.0.push(0);
                out.str(t);
            }
            Doubt::NoDate => out.0.push(1),
            Doubt::NoEntity => out.0.push(2),
        }
    }
}

fn event(out: &mut Out, e: &Event) {
    let Event { date, end, text, counties, people, programs } = e;
    out.str(date);
    out.opt(end.as_deref());
    out.str(text);
    out.strs(counties);
    out.strs(people);
    out.strs(programs);
}

fn read_article(input: &mut In) -> Option<Article> {
    Some(Article {
        seed: input.str()?,
        url: input.opt()?,
        part: input.u32()?.checked_sub(1),
        title: input.str()?,
        date: input.opt()?,
        source: input.opt()?,
        authors: input.strs()?,
        counties: input.list(|i| {
            let name = i.str()?;
            let division = crate::gazetteer::get().all().get(i.u32()? as usize)?;
            Some(County { name, division, forms: i.strs()? })
        })?,
        people: input.strs()?,
        person_aliases: input.sets()?,
        person_roles: input.sets()?,
        person_sources: input.list(|i| {
            let name = i.str()?;
            let source = match i.byte()? {
                0 => Source::Rules,
                1 => Source::Model,
                2 => Source::Both,
                _ => return None,
            };
            Some((name, source))
        })?,
        programs: input.list(|i| Some(Program { name: i.str()?, kind: i.opt()?, aliases: i.strs()? }))?,
        events: input.list(read_event)?,
        body: input.str()?,
        review: input.list(|i| match i.byte()? {
            0 => Some(Doubt::UnsureTitle(i.str()?)),
            1 => Some(Doubt::NoDate),
            2 => Some(Doubt::NoEntity),
            _ => None,
        })?,
        copies: Vec::new(),
    })
}

fn read_event(i: &mut In) -> Option<Event> {
    Some(Event {
        date: i.str()?,
        end: i.opt()?,
        text: i.str()?,
        counties: i.strs()?,
        people: i.strs()?,
        programs: i.strs()?,
    })
}

/// The row's place in the gazetteer (rows are shared, never copied: `County::division`
/// points into `gazetteer::get().all()`).
fn division_index(d: &crate::gazetteer::Division) -> u32 {
    let all = crate::gazetteer::get().all();
    let guess = (d as *const _ as usize).wrapping_sub(all.as_ptr() as usize) / size_of::<crate::gazetteer::Division>();
    let i = match all.get(guess) {
        Some(row) if std::ptr::eq(row, d) => guess,
        _ => all.iter().position(|row| row == d).expect("a county's row is in the gazetteer"),
    };
    i as u32
}

/// Bytes being written: lengths as little-endian `u32`, strings as length and UTF-8.
struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, n: u32) {
        self.0.extend(n.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend(s.as_bytes());
    }

    /// `None` as `u32::MAX`, which no string this short has as its length.
    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.u32(u32::MAX),
        }
    }

    fn strs<'a>(&mut self, list: impl IntoIterator<Item = &'a String, IntoIter: ExactSizeIterator>) {
        let list = list.into_iter();
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }

    fn sets(&mut self, map: &BTreeMap<String, BTreeSet<String>>) {
        self.len(map.len());
        for (k, v) in map {
            self.str(k);
            self.strs(v);
        }
    }
}

/// Bytes being read; every reader gives `None` at the first thing out of place.
struct In<'a>(&'a [u8]);

impl In<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn opt(&mut self) -> Option<Option<String>> {
        let n = self.u32()?;
        if n == u32::MAX {
            return Some(None);
        }
        Some(Some(String::from_utf8(self.take(n as usize)?.to_vec()).ok()?))
    }

    /// A count, then that many items (a count larger than the bytes left is damage, caught
    /// before anything is reserved for it).
    fn list<T, C: FromIterator<T>>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<C> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return None;
        }
        (0..n).map(|_| item(self)).collect()
    }

    fn strs<C: FromIterator<String>>(&mut self) -> Option<C> {
        self.list(In::str)
    }

    fn sets(&mut self) -> Option<BTreeMap<String, BTreeSet<String>>> {
        self.list(|i| Some((i.str()?, i.strs()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The articles of a real seed (one with counties, people, programs, events and a doubt
    /// or two among the shipped seeds).
    fn seed_articles() -> Vec<Article> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut all = Vec::new();
        for path in super::super::read::seed_files(&dir).unwrap() {
            if let Ok(doc) = super::super::read::read_bytes(&path, &std::fs::read(&path).unwrap()) {
                all.extend(super::super::extract::articles(&doc, &mut super::super::tags::SeedTags::default()));
            }
        }
        all
    }

    #[test]
    fn articles_survive_a_round_trip() {
        let articles = seed_articles();
        assert!(articles.iter().any(|a| !a.counties.is_empty() && !a.events.is_empty() && !a.people.is_empty()));
        assert!(articles.iter().any(|a| !a.review.is_empty()));
        let bytes = encode("x.tags", &articles, "h1");
        let entry = decode(&bytes, "h1").unwrap();
        assert_eq!(entry.tags_file, "x.tags");
        assert_eq!(entry.articles, articles);
        for (a, b) in entry.articles.iter().zip(&articles) {
            for (x, y) in a.counties.iter().zip(&b.counties) {
                assert!(std::ptr::eq(x.division, y.division));
            }
        }
    }

    #[test]
    fn damage_or_another_build_reads_as_absent() {
        let articles = seed_articles();
        let bytes = encode("x.tags", &articles, "h1");
        assert!(decode(&bytes, "h2").is_none(), "another build's rules or data");
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], "h1").is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, "h1").is_none());
        let mut older = bytes.clone();
        older[FORMAT.len() - 2] = b'0';
        assert!(decode(&older, "h1").is_none(), "another format");
    }

    #[test]
    fn a_seed_renamed_or_changed_gets_another_file() {
        assert_ne!(file_name("a.txt", b"text"), file_name("b.txt", b"text"));
        assert_ne!(file_name("a.txt", b"text"), file_name("a.txt", b"text2"));
        assert_ne!(file_name("a.tx", b"ttext"), file_name("a.txt", b"text"));
        assert!(folder(Path::new("site/content")).ends_with(".jianbao/cache/articles"));
    }
}
