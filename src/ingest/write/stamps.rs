//! What each report page's file was when ingest last read it whole: its length, modification
//! and change times, inode and device (its stamp), with the hash of its text (as the ledger
//! records hashes) and its identity, in `.jianbao/report-stamps.json` beside `content/` (git
//! ignores it). A page whose file still has its stamp holds the text it held then, so ingest
//! takes the hash and identity from here instead of reading it again (the way git's index and
//! make trust a file's stat): the desk's scoped runs read a few pages, not all 157 MB of them
//! at 10,000 reports.
//!
//! Racy pages (git's "racy clean" rule): a file changed in the same clock tick as it was
//! read can keep its length and times, so a stamp is kept only for a file whose change and
//! modification times are at least `MARGIN` older than the moment before it was read; any
//! later change (an editor's edit of the same length, even in the same second) gives it a
//! newer change time. Pages ingest has just written are read again on the next run, which
//! then keeps their stamps. The change time cannot be set by a program, so a tool that puts
//! a page's modification time back is still seen.
//!
//! Owns that file only. A file that cannot be read (cut short, another format) is no stamps:
//! the stamps never change what ingest decides, only how much it reads. On systems without
//! change times and inodes (not unix) nothing is stamped and every page is read.
//! Must not: read pages (`write` does) or decide anything about them.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::frontmatter::Identity;

/// The file, relative to the site folder (the content folder's parent).
const FILE: &str = "report-stamps.json";

/// What a file written by another program must be older than, before the read, to be
/// stamped: covers coarse kernel clocks (a few ms) and file systems that keep whole seconds
/// (1 s) or two (FAT's modification time).
pub(crate) const MARGIN: Duration = Duration::from_secs(3);

/// The file's format: a different one is ignored.
const FORMAT: u32 = 1;

/// A file's length, modification and change times (seconds, nanoseconds), inode and device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of a file's metadata (none where there are no change times or inodes).
    #[cfg(unix)]
    pub(crate) fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        })
    }

    #[cfg(not(unix))]
    pub(crate) fn of(_meta: &Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file had not changed for `MARGIN` before `read_at` (the moment before its
    /// text was read): only then can a later change not leave the same stamp.
    fn settled(&self, read_at: SystemTime) -> bool {
        let Some(limit) = read_at.checked_sub(MARGIN) else { return false };
        let Ok(limit) = limit.duration_since(SystemTime::UNIX_EPOCH) else { return false };
        let limit = (limit.as_secs() as i64, i64::from(limit.subsec_nanos()));
        self.mtime < limit && self.ctime < limit
    }
}

/// A page as it was read: its stamp, the hash of its text and its identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Known {
    stamp: Stamp,
    pub(crate) hash: String,
    seed: Option<String>,
    part: Option<u32>,
    edited: bool,
    slug: Option<String>,
    redirect_from: Vec<String>,
}

impl Known {
    /// A page read at `read_at` (taken before its text was read), whose file has the
    /// metadata `after` now that it is read: none when it is racy (see `Stamp::settled`).
    pub(crate) fn observed(read_at: SystemTime, after: &Metadata, hash: &str, identity: &Identity) -> Option<Known> {
        let stamp = Stamp::of(after).filter(|s| s.settled(read_at))?;
        let Identity { seed, part, edited, slug, redirect_from } = identity.clone();
        Some(Known { stamp, hash: hash.to_string(), seed, part, edited, slug, redirect_from })
    }

    /// The page's identity as it was read.
    pub(crate) fn identity(&self) -> Identity {
        Identity {
            seed: self.seed.clone(),
            part: self.part,
            edited: self.edited,
            slug: self.slug.clone(),
            redirect_from: self.redirect_from.clone(),
        }
    }
}

/// The stamped pages, by path relative to the content folder (`/` between folders).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamps {
    format: u32,
    pages: BTreeMap<String, Known>,
}

/// The key of a page's path relative to the content folder.
fn key(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// The stamps' file of the site whose content folder is `content`.
pub(crate) fn file(content: &Path) -> PathBuf {
    crate::state_dir::path(content, FILE)
}

impl Stamps {
    /// The stamps of the site whose content folder is `content`; none when the file is
    /// missing or unreadable.
    pub(crate) fn read(content: &Path) -> Stamps {
        std::fs::read(file(content))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stamps>(&bytes).ok())
            .filter(|s| s.format == FORMAT)
            .unwrap_or_default()
    }

    /// What the page at `rel` held when it was stamped, if its file (with metadata `meta`)
    /// still has that stamp.
    pub(crate) fn still(&self, rel: &Path, meta: &Metadata) -> Option<&Known> {
        let known = self.pages.get(&key(rel))?;
        (Stamp::of(meta) == Some(known.stamp)).then_some(known)
    }

    /// Stamps made of the pages `seen` (path relative to the content folder, and what was
    /// known of it).
    pub(crate) fn of(seen: impl IntoIterator<Item = (PathBuf, Known)>) -> Stamps {
        Stamps { format: FORMAT, pages: seen.into_iter().map(|(p, k)| (key(&p), k)).collect() }
    }

    /// Writes them for the site of `content` (a temporary file renamed into place), unless
    /// they are what is there already (`before`) or there is nothing to keep and no file.
    pub(crate) fn save(&self, content: &Path, before: &Stamps) -> Result<()> {
        let path = file(content);
        if self == before || (self.pages.is_empty() && !path.exists()) {
            return Ok(());
        }
        let dir = path.parent().context("stamp file has no folder")?;
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
        let tmp = dir.join(".report-stamps.json.tmp");
        let written = std::fs::write(&tmp, serde_json::to_vec(self)?).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(anyhow::Error::new(e).context(format!("{}: cannot write", path.display())));
        }
        Ok(())
    }
}

/// The front matter of pages read before in this process, by path, with the stamp their
/// file had (only files settled when read, as for the stamps' file).
type Fronts = rustc_hash::FxHashMap<PathBuf, (Stamp, Arc<str>)>;
static FRONTS: Mutex<Option<Fronts>> = Mutex::new(None);

/// `frontmatter::read_front`, from memory when the file at `path` still has the stamp it had
/// when this process read it before: serve's desk looks through the front matter of every
/// report page for each action, and opening 10,000 files (each open an event for serve's
/// watcher too) was most of that. Only for long-lived processes: it keeps every front read.
pub(crate) fn read_front_remembered(path: &Path) -> std::io::Result<Arc<str>> {
    let fronts = || FRONTS.lock().unwrap_or_else(|e| e.into_inner());
    let read_at = SystemTime::now();
    let stamp = Stamp::of(&std::fs::metadata(path)?);
    if let Some(stamp) = stamp
        && let Some((known, text)) = fronts().as_ref().and_then(|f| f.get(path))
        && *known == stamp
    {
        return Ok(Arc::clone(text));
    }
    let text: Arc<str> = crate::frontmatter::read_front(path)?.into();
    let after = std::fs::metadata(path).ok().and_then(|m| Stamp::of(&m)).filter(|s| s.settled(read_at));
    if let Some(after) = after {
        fronts().get_or_insert_with(Default::default).insert(path.to_path_buf(), (after, Arc::clone(&text)));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn identity() -> Identity {
        Identity { seed: Some("a.txt".into()), part: Some(2), slug: Some("s".into()), ..Identity::default() }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_changed_just_before_it_was_read_is_not_stamped() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        std::fs::write(&page, "text").unwrap();
        let meta = std::fs::metadata(&page).unwrap();
        // Read now: the file changed within the margin, so the same tick could change it again.
        assert_eq!(Known::observed(SystemTime::now(), &meta, "h", &identity()), None);
        // Read a while after it last changed: stamped, and recognised while it stays so.
        let later = SystemTime::now() + MARGIN + Duration::from_millis(10);
        let known = Known::observed(later, &meta, "h", &identity()).unwrap();
        assert_eq!(known.identity(), identity());
        let stamps = Stamps::of([(PathBuf::from("reports/a.md"), known)]);
        assert!(stamps.still(Path::new("reports/a.md"), &meta).is_some());
        assert!(stamps.still(Path::new("reports/b.md"), &meta).is_none());
        // The same length written again: its change time moves, and the stamp no longer holds.
        std::fs::write(&page, "txet").unwrap();
        let again = std::fs::metadata(&page).unwrap();
        let same_times = Stamp::of(&again).unwrap().ctime == Stamp::of(&meta).unwrap().ctime;
        assert!(same_times || stamps.still(Path::new("reports/a.md"), &again).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_front_changed_in_the_second_it_was_read_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        std::fs::write(&page, "---\ntitle: 甲\n---\nbody\n").unwrap();
        assert_eq!(&*read_front_remembered(&page).unwrap(), "---\ntitle: 甲\n---\n");
        // The same length at once: not remembered from the first read.
        std::fs::write(&page, "---\ntitle: 乙\n---\nbody\n").unwrap();
        assert_eq!(&*read_front_remembered(&page).unwrap(), "---\ntitle: 乙\n---\n");
        assert!(FRONTS.lock().unwrap().as_ref().is_none_or(|f| !f.contains_key(&page)));
    }

    #[cfg(unix)]
    #[test]
    fn stamps_are_saved_and_read_back_and_a_bad_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("x.md"), "x").unwrap();
        let meta = std::fs::metadata(content.join("x.md")).unwrap();
        let later = SystemTime::now() + MARGIN * 2;
        let known = Known::observed(later, &meta, "h", &identity()).unwrap();
        let stamps = Stamps::of([(PathBuf::from("x.md"), known)]);
        stamps.save(&content, &Stamps::default()).unwrap();
        assert_eq!(file(&content), dir.path().join(".jianbao/report-stamps.json"));
        assert_eq!(Stamps::read(&content), stamps);
        std::fs::write(file(&content), "{\"format\": 1, \"pag").unwrap();
        assert_eq!(Stamps::read(&content), Stamps::default());
        // Nothing to keep and no file: none is made.
        let other = tempfile::tempdir().unwrap();
        Stamps::of([]).save(&other.path().join("content"), &Stamps::default()).unwrap();
        assert!(!other.path().join(".jianbao").exists());
    }
}
