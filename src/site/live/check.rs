//! The link check of an update: the pages an edit rendered again, checked against the site
//! as it will be once they are written (`Overlay`: the kept site with those pages over it),
//! before anything is written.
//!
//! Owns which pages need checking (only the new ones, unless pages went away or a page lost
//! an anchor others may link to) and which pages an update removes; the check itself and
//! its message are `links`'s. It writes nothing and keeps no state.

use std::collections::HashMap;

use anyhow::{Result, bail};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::site::file::OutputFile;
use crate::site::graph::Graph;
use crate::site::links::{self, Files, PageLinks};

/// Every file of the served folder; for HTML pages, what the link check read of it.
pub(super) type Kept = FxHashMap<String, Option<PageLinks>>;

/// The HTML pages of the kept site that an update removes: those not in `live` (every page
/// of the new graph, when the edit may have removed some), sorted.
pub(super) fn removed(kept: &Kept, live: Option<&FxHashSet<String>>) -> Vec<String> {
    let Some(live) = live else { return Vec::new() };
    let mut removed: Vec<String> =
        kept.keys().filter(|f| f.ends_with(".html") && !live.contains(*f)).cloned().collect();
    removed.sort();
    removed
}

/// Scans `files` (what an update made) and checks the links of its pages against the site
/// as it will be: the `kept` files with `files` over them, less `removed`, and when `live` is
/// given, exactly its HTML pages. Returns what the scan read of each page; an error (naming
/// the content file of the first page with a broken link) writes nothing.
pub(super) fn check(
    site: &Graph,
    kept: &Kept,
    files: &[OutputFile],
    live: Option<&FxHashSet<String>>,
    removed: &[String],
) -> Result<Vec<PageLinks>> {
    let scanned: Vec<PageLinks> = files.par_iter().filter_map(links::scan).collect();
    let fresh: HashMap<&str, &PageLinks> = scanned.iter().map(|p| (p.path.as_str(), p)).collect();
    let view = Overlay { kept, fresh: &fresh, live, added: files };
    let everything = !removed.is_empty() || lost_an_anchor(kept, &scanned);
    let to_check = pages_to_check(&view, &scanned, everything);
    let broken = links::check_against(&site.config, &to_check, &view);
    if !broken.is_empty() {
        bail!(links::broken_message(site, &broken));
    }
    Ok(scanned)
}

/// Whether a page rendered again lost an `id` it had: links elsewhere may point at it.
fn lost_an_anchor(kept: &Kept, scanned: &[PageLinks]) -> bool {
    scanned.iter().any(|p| match kept.get(&p.path) {
        Some(Some(old)) => !old.ids().is_subset(p.ids()),
        _ => false,
    })
}

/// The pages rendered again; with `everything` (something links may point at went away),
/// every other page that stays too.
fn pages_to_check<'a>(view: &Overlay<'a>, scanned: &'a [PageLinks], everything: bool) -> Vec<&'a PageLinks> {
    if !everything {
        return scanned.iter().collect();
    }
    let kept = view.kept.iter().filter_map(|(path, page)| {
        let page = page.as_ref()?;
        (!view.fresh.contains_key(path.as_str()) && view.exists(path)).then_some(page)
    });
    scanned.iter().chain(kept).collect()
}

/// The site as it will be after an update: new pages over the kept ones.
struct Overlay<'a> {
    kept: &'a Kept,
    fresh: &'a HashMap<&'a str, &'a PageLinks>,
    /// Every HTML page of the new site, when it differs from the kept ones.
    live: Option<&'a FxHashSet<String>>,
    added: &'a [OutputFile],
}

impl Files for Overlay<'_> {
    fn exists(&self, path: &str) -> bool {
        if let (Some(live), true) = (self.live, path.ends_with(".html")) {
            live.contains(path)
        } else {
            self.kept.contains_key(path) || self.added.iter().any(|f| f.path == path)
        }
    }

    fn has_id(&self, path: &str, id: &str) -> bool {
        match self.fresh.get(path) {
            Some(page) => page.ids().contains(id),
            None => self.kept.get(path).and_then(Option::as_ref).is_some_and(|p| p.ids().contains(id)),
        }
    }
}
