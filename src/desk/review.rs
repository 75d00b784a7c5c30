//! What `/_desk/` lists, kept between loads so that a load reads no seed: the corrections
//! that match nothing as the last whole ingest found them, and the review of the content
//! (`crate::review`: likely duplicates, unused pages).
//!
//! Owns `.jianbao/review.json` (beside the recogniser's cache, outside content/): the
//! corrections file as an ingest of every seed read it and the warnings it gave, written by
//! `jianbao ingest` and by serve's whole ingests, read when serve starts. A desk write moves
//! lines of the file, so each warning is re-lined to the file as it is now (found by its line's
//! text; a warning whose line is gone is dropped). The review of the content is computed from
//! the pages (no seed) when first asked after a change, then kept.
//!
//! Must not: write content/; extract seeds, except once when no ingest left its findings (a
//! site ingested by an older jianbao), saying so on the terminal.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::ingest;
use crate::progress::Progress;
use crate::review::Review;
use crate::state_dir;

/// The file, under the site root.
const FILE: &str = "review.json";

/// What an ingest of every seed found about the corrections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Found {
    /// The corrections file as that ingest read it (`None`: there was none).
    corrections: Option<String>,
    /// Its warnings about corrections that matched nothing, `path:line: …`.
    stale: Vec<String>,
}

/// The review page's lists for one serve session, shared by the desk and serve's re-ingest.
#[derive(Debug)]
pub(crate) struct Board {
    content: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    found: Option<Found>,
    /// The review of the content as it was when computed; `None` once it changed.
    review: Option<Review>,
}

impl Board {
    /// The board of the site whose content folder is `content`, with what the last ingest
    /// left there.
    pub(crate) fn new(content: &Path) -> Arc<Board> {
        let state = State { found: load(content), review: None };
        Arc::new(Board { content: content.to_path_buf(), state: Mutex::new(state) })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An ingest of every seed ran and found `stale`: kept, and saved for the next session.
    pub(crate) fn ingested(&self, stale: &[String]) -> Result<()> {
        let found = save(&self.content, stale)?;
        let mut state = self.state();
        state.found = Some(found);
        state.review = None;
        Ok(())
    }

    /// Something in the content changed: the review is computed again when next asked.
    pub(crate) fn content_changed(&self) {
        self.state().review = None;
    }

    /// The review list now: the content's review, and the stale corrections re-lined to the
    /// corrections file as it is.
    pub(crate) fn lists(&self, progress: &Progress) -> Result<Review> {
        let (found, review) = {
            let state = self.state();
            (state.found.clone(), state.review.clone())
        };
        let found = match found {
            Some(found) => found,
            None => {
                let found = self.extract_once(progress)?;
                self.state().found = Some(found.clone());
                found
            }
        };
        let review = match review {
            Some(review) => review,
            None => {
                let review = crate::review::of_folder(&self.content, Vec::new())?;
                self.state().review = Some(review.clone());
                review
            }
        };
        let now = std::fs::read_to_string(self.content.join(ingest::corrections::FILE)).ok();
        Ok(Review { stale_corrections: relined(&found, now.as_deref()), ..review })
    }

    /// No ingest left its findings: extraction over every seed, once, as `check` runs it.
    fn extract_once(&self, progress: &Progress) -> Result<Found> {
        let seeds = state_dir::root(&self.content).join("seeds");
        if !self.content.join(ingest::corrections::FILE).is_file() || !seeds.is_dir() {
            return Ok(Found::default());
        }
        progress.info(format!(
            "review: no {}/{FILE} from an ingest; reading every seed once for the stale corrections",
            state_dir::NAME
        ));
        let opts = ingest::Options { seeds, content: self.content.clone(), verbose: false };
        let stale = ingest::extract_corrected(&opts, &Progress::new(true))?.stale_corrections;
        save(&self.content, &stale)
    }
}

/// Saves what an ingest of every seed found for the site whose content folder is `content`
/// (the corrections file as it is now): `jianbao ingest` and serve call this after a whole run.
pub(crate) fn save(content: &Path, stale: &[String]) -> Result<Found> {
    let corrections = std::fs::read_to_string(content.join(ingest::corrections::FILE)).ok();
    let found = Found { corrections, stale: stale.to_vec() };
    let path = state_dir::path(content, FILE);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string(&found)?;
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(found)
}

/// What the last ingest saved, if it can be read.
fn load(content: &Path) -> Option<Found> {
    serde_json::from_str(&std::fs::read_to_string(state_dir::path(content, FILE)).ok()?).ok()
}

/// `found`'s warnings with their line numbers moved to where the same line of the
/// corrections file is in `now` (the n-th line of that text stays the n-th); warnings whose
/// line is no longer there are dropped. With no file now, none.
fn relined(found: &Found, now: Option<&str>) -> Vec<String> {
    let (Some(before), Some(now)) = (found.corrections.as_deref(), now) else { return Vec::new() };
    if before == now {
        return found.stale.clone();
    }
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    found
        .stale
        .iter()
        .filter_map(|w| {
            let (at, end, n) = line_number(w)?;
            let text = *old.get(n.checked_sub(1)?)?;
            let nth = old[..n - 1].iter().filter(|l| **l == text).count();
            let moved = new.iter().enumerate().filter(|(_, l)| **l == text).nth(nth)?.0 + 1;
            Some(format!("{}{moved}{}", &w[..at], &w[end..]))
        })
        .collect()
}

/// Where the line number of a `…corrections.yaml:N: …` warning is (start, end) and N.
fn line_number(warning: &str) -> Option<(usize, usize, usize)> {
    let file = format!("{}:", ingest::corrections::FILE);
    let at = warning.find(&file)? + file.len();
    let digits = warning[at..].find(|c: char| !c.is_ascii_digit())?;
    let n = warning[at..at + digits].parse().ok()?;
    Some((at, at + digits, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_follow_their_lines_as_the_desk_moves_them() {
        let before = "# notes\nreject:\n  people:\n    - 甲\nreports:\n  a.txt:\n    title: 乙\n";
        let found = Found {
            corrections: Some(before.into()),
            stale: vec![
                "/s/content/corrections.yaml:4: no report names 甲; nothing to reject".into(),
                "/s/content/corrections.yaml:6: no seed a.txt; these corrections apply to nothing".into(),
            ],
        };
        assert_eq!(relined(&found, Some(before)), found.stale);
        // The desk put an entry above both: each warning names its line where it is now.
        let now = "# notes\nreject:\n  people:\n    - 丙\n    - 甲\nreports:\n  b.txt:\n    date: x\n  a.txt:\n    title: 乙\n";
        assert_eq!(
            relined(&found, Some(now)),
            [
                "/s/content/corrections.yaml:5: no report names 甲; nothing to reject",
                "/s/content/corrections.yaml:9: no seed a.txt; these corrections apply to nothing"
            ]
        );
        // The line went (an editor deleted the entry): so does its warning; no file, none.
        let gone = "# notes\nreports:\n  a.txt:\n    title: 乙\n";
        assert_eq!(
            relined(&found, Some(gone)),
            ["/s/content/corrections.yaml:3: no seed a.txt; these corrections apply to nothing"]
        );
        assert!(relined(&found, None).is_empty());
    }

    #[test]
    fn what_an_ingest_found_is_saved_beside_the_cache_and_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join(ingest::corrections::FILE), "reject:\n").unwrap();
        let board = Board::new(&content);
        assert!(board.state().found.is_none(), "nothing saved yet");
        board.ingested(&["x/corrections.yaml:1: w".to_string()]).unwrap();
        assert!(dir.path().join(".jianbao/review.json").is_file());
        let again = load(&content).unwrap();
        assert_eq!((again.corrections.as_deref(), again.stale.len()), (Some("reject:\n"), 1));
        // A garbled file is as good as none.
        std::fs::write(dir.path().join(".jianbao/review.json"), "{").unwrap();
        assert!(load(&content).is_none());
    }
}
