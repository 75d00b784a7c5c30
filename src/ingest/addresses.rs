//! Report addresses: the slug of each article's page and the old addresses it keeps.
//!
//! A report's slug is fixed the first time ingest writes its page (from its title, through
//! `slug`) and written into its front matter as `slug:`. Later runs find the page holding the
//! same seed and part on disk and keep its slug, whatever the title says now; a page written
//! before slugs were recorded keeps the one its file name gives. A page whose `slug:` an
//! editor changed moves to it, and its old address joins its `redirect_from`. A new page never
//! takes an address a page on disk keeps (its file name, its slug or an old address): it gets
//! a suffix derived from its seed (`slug::disambiguated`); between new pages, the first in
//! seed file order keeps the plain slug. So a collision never renames an existing page.
//! A report whose printings had pages of their own (before ingest found them to be copies)
//! keeps its own page, else its oldest copy's; the addresses of the other pages ingest wrote
//! for them join its `redirect_from`, and no new page takes them.
//!
//! Pure: `write` reads the pages, says which stay, and writes; this module only names.

use std::collections::{BTreeMap, BTreeSet};

use super::entity_pages::SLUG_MAX;
use super::extract::Article;
use crate::slug;

/// The article a report page holds: seed file and part.
pub(crate) type Key = (String, Option<u32>);

/// A report page on disk, as far as its address goes.
#[derive(Debug, Clone, Default)]
pub(crate) struct OnDisk {
    /// Its file name without `.md`.
    pub(crate) stem: String,
    /// Its `slug:`, when it has one.
    pub(crate) slug: Option<String>,
    pub(crate) redirect_from: Vec<String>,
    pub(crate) key: Option<Key>,
    /// An editor's page: ingest does not write it.
    pub(crate) kept: bool,
    /// It stays in content/ even if no article holds it (an editor's page, a page ingest has
    /// no record of writing, a page naming no seed).
    pub(crate) stays: bool,
}

impl OnDisk {
    /// The slug the page answers to: its `slug:` when that is one, else its file name.
    fn own_slug(&self) -> &str {
        self.slug.as_deref().filter(|s| usable(s)).unwrap_or(&self.stem)
    }

    /// Every report slug the page holds: its file name, its slug, its old addresses.
    fn holds(&self) -> impl Iterator<Item = &str> {
        let old = self.redirect_from.iter().filter_map(|r| slug_of_address(r));
        [self.stem.as_str(), self.own_slug()].into_iter().chain(old)
    }
}

/// Where an article's page goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) slug: String,
    pub(crate) redirect_from: Vec<String>,
    /// When the page moves (an editor changed its `slug:`): its `redirect_from` as found, so
    /// that a page whose only change is the slug is still known as ingest's.
    pub(crate) found_redirects: Option<Vec<String>>,
}

/// The address of a report slug, as `redirect_from` lists it.
pub(crate) fn address(slug: &str) -> String {
    format!("/reports/{slug}/")
}

/// The report slug an old address names (`/reports/x/` or `/reports/x`), if it names one.
fn slug_of_address(address: &str) -> Option<&str> {
    let rest = address.strip_prefix("/reports/")?;
    let slug = rest.strip_suffix('/').unwrap_or(rest);
    usable(slug).then_some(slug)
}

/// A slug a report page can have (`page` is the name of the list's pages).
fn usable(slug: &str) -> bool {
    slug::is_valid(slug) && slug != "page"
}

/// The slug ingest gives a new page: its title's, else its seed file's.
fn wanted(a: &Article) -> String {
    let s = slug::text_slug_limited(&a.title, SLUG_MAX);
    if s.is_empty() { slug::text_slug(a.seed.trim_end_matches(".txt")) } else { s }
}

/// The address of each article's page, in the order of `articles`, and warnings (a page
/// that cannot move to the slug an editor gave it). `on_disk` is in file name order.
pub(crate) fn assign(articles: &[Article], on_disk: &[OnDisk]) -> (Vec<Address>, Vec<String>) {
    let keys: BTreeSet<Key> = articles.iter().map(|a| (a.seed.clone(), a.part)).collect();
    // The page of each article: an editor's first, else the first by file name.
    let mut page_of: BTreeMap<&Key, usize> = BTreeMap::new();
    for (i, p) in on_disk.iter().enumerate() {
        if let Some(k) = p.key.as_ref().filter(|k| keys.contains(*k)) {
            page_of.entry(k).and_modify(|j| *j = if !on_disk[*j].kept && p.kept { i } else { *j }).or_insert(i);
        }
    }
    let mut taken: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, p) in on_disk.iter().enumerate() {
        if p.stays || p.key.as_ref().is_some_and(|k| keys.contains(k)) {
            for s in p.holds() {
                taken.entry(s.to_string()).or_default().insert(i);
            }
        }
    }
    let pages: Vec<Option<usize>> = articles
        .iter()
        .map(|a| page_of.get(&(a.seed.clone(), a.part)).copied().or_else(|| page_of_a_copy(a, on_disk)))
        .collect();
    let folded: Vec<Vec<usize>> =
        articles.iter().zip(&pages).map(|(a, &page)| folded_pages(a, page, on_disk)).collect();
    for &f in folded.iter().flatten() {
        for s in on_disk[f].holds() {
            taken.entry(s.to_string()).or_default().insert(f);
        }
    }
    let mut warnings = Vec::new();
    let mut out: Vec<Option<Address>> = pages
        .iter()
        .zip(&folded)
        .map(|(page, folded)| {
            let mut place = page.map(|i| kept_address(on_disk, i, &taken, &mut warnings))?;
            for &f in folded {
                place.fold_in(&on_disk[f]);
            }
            Some(place)
        })
        .collect();
    let mut fresh: Vec<usize> = (0..articles.len()).filter(|&i| out[i].is_none()).collect();
    fresh.sort_by(|&a, &b| (&articles[a].seed, articles[a].part).cmp(&(&articles[b].seed, articles[b].part)));
    for i in fresh {
        let a = &articles[i];
        let plain = wanted(a);
        let mut slug = plain.clone();
        let mut n = 1;
        while taken.contains_key(&slug) || !usable(&slug) {
            let name = format!("{}#{}", a.seed, a.part.unwrap_or(0));
            slug = slug::disambiguated(&plain, &if n == 1 { name } else { format!("{name}#{n}") });
            n += 1;
        }
        taken.entry(slug.clone()).or_default();
        out[i] = Some(Address { slug, redirect_from: Vec::new(), found_redirects: None });
    }
    (out.into_iter().map(|a| a.expect("every article has an address")).collect(), warnings)
}

/// A report whose printing with a page became another printing's copy (a reprint that holds
/// the report now came in) keeps that page's address: the page of its oldest copy that has
/// one and that no editor keeps.
fn page_of_a_copy(a: &Article, on_disk: &[OnDisk]) -> Option<usize> {
    a.copies.iter().find_map(|copy| {
        let key = key_of(&copy.seed);
        on_disk.iter().position(|p| !p.kept && p.key.as_ref() == Some(&key))
    })
}

/// The pages ingest wrote for printings that are now copies of `a` (a later ingest found
/// the report they print), besides `page`, the one `a` keeps: they go, and their addresses
/// lead to `a`'s page. Empty when `a` keeps no page (then none of its copies had one).
fn folded_pages(a: &Article, page: Option<usize>, on_disk: &[OnDisk]) -> Vec<usize> {
    if page.is_none() || a.copies.is_empty() {
        return Vec::new();
    }
    let copies: BTreeSet<Key> = a.copies.iter().map(|c| key_of(&c.seed)).collect();
    (0..on_disk.len())
        .filter(|&i| {
            Some(i) != page && !on_disk[i].stays && on_disk[i].key.as_ref().is_some_and(|k| copies.contains(k))
        })
        .collect()
}

/// The article a `copies` entry's `seed` names: `file`, or `file#N` for part N.
fn key_of(seed: &str) -> Key {
    match seed.rsplit_once('#') {
        Some((file, n)) if n.parse::<u32>().is_ok() => (file.to_string(), n.parse().ok()),
        _ => (seed.to_string(), None),
    }
}

impl Address {
    /// Takes on the addresses of a page that goes because its printing became a copy of this
    /// report: its own and its old ones, as old addresses of this page.
    fn fold_in(&mut self, page: &OnDisk) {
        for s in page.holds().filter(|s| usable(s) && *s != self.slug) {
            let old = address(s);
            if !self.redirect_from.contains(&old) {
                self.redirect_from.push(old);
            }
        }
    }
}

/// The address of the page on disk at `i`: its own slug, moved to when an editor changed it
/// and no other page holds it (the old address then joins `redirect_from`).
fn kept_address(
    on_disk: &[OnDisk],
    i: usize,
    taken: &BTreeMap<String, BTreeSet<usize>>,
    warnings: &mut Vec<String>,
) -> Address {
    let p = &on_disk[i];
    let mut slug = p.own_slug().to_string();
    if slug != p.stem
        && let Some(other) = taken.get(&slug).and_then(|owners| owners.iter().find(|&&o| o != i))
    {
        warnings.push(format!(
            "reports/{}.md: its slug `{slug}` is an address reports/{}.md holds, so the page stays at reports/{}.md (choose another slug)",
            p.stem, on_disk[*other].stem, p.stem
        ));
        slug = p.stem.clone();
    }
    if slug == p.stem {
        return Address { slug, redirect_from: p.redirect_from.clone(), found_redirects: None };
    }
    let mut redirect_from = p.redirect_from.clone();
    let old = address(&p.stem);
    if !redirect_from.contains(&old) {
        redirect_from.push(old);
    }
    redirect_from.retain(|r| slug_of_address(r) != Some(slug.as_str()));
    Address { slug, redirect_from, found_redirects: Some(p.redirect_from.clone()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `slug` makes of 金川县调研报告.
    const TITLE_SLUG: &str = "jinchuanxian-diaoyan-baogao";

    fn article(seed: &str, title: &str) -> Article {
        Article { seed: seed.into(), title: title.into(), ..Default::default() }
    }

    fn page(stem: &str, seed: &str) -> OnDisk {
        OnDisk { stem: stem.into(), key: Some((seed.into(), None)), ..Default::default() }
    }

    fn slugs(articles: &[Article], on_disk: &[OnDisk]) -> Vec<String> {
        assign(articles, on_disk).0.into_iter().map(|a| a.slug).collect()
    }

    #[test]
    fn a_page_keeps_its_slug_when_its_title_changes() {
        let plain = slugs(&[article("a.txt", "金川县调研报告")], &[]);
        assert_eq!(plain, [TITLE_SLUG]);
        assert_ne!(slugs(&[article("a.txt", "阿坝州调研报告")], &[]), plain);
        let old = page(TITLE_SLUG, "a.txt");
        assert_eq!(slugs(&[article("a.txt", "阿坝州调研报告")], &[old]), plain);
    }

    #[test]
    fn a_copied_seed_never_renames_the_existing_page() {
        let title = "金川县调研报告";
        let fresh = slugs(&[article("a.txt", title), article("b.txt", title)], &[]);
        assert_eq!(fresh[0], TITLE_SLUG);
        assert!(fresh[1].starts_with(concat!("jinchuanxian-diaoyan-baogao", "-")) && fresh[1] != fresh[0], "{fresh:?}");
        // The copy sorts first, but the page on disk keeps its slug.
        let on_disk = [page(TITLE_SLUG, "b.txt")];
        let again = slugs(&[article("a.txt", title), article("b.txt", title)], &on_disk);
        assert_eq!(again[1], TITLE_SLUG);
        assert!(again[0].starts_with(concat!("jinchuanxian-diaoyan-baogao", "-")), "{again:?}");
    }

    #[test]
    fn an_edited_slug_moves_the_page_and_keeps_the_old_address() {
        let mut p = page("old", "a.txt");
        p.slug = Some("new".into());
        let (addresses, warnings) = assign(&[article("a.txt", "标题")], &[p.clone()]);
        assert!(warnings.is_empty());
        assert_eq!(addresses[0].slug, "new");
        assert_eq!(addresses[0].redirect_from, ["/reports/old/"]);
        assert_eq!(addresses[0].found_redirects, Some(vec![]));
        // Moving back drops the address it returns to from the redirects.
        let mut back = page("new", "a.txt");
        back.slug = Some("old".into());
        back.redirect_from = vec!["/reports/old/".into()];
        let (addresses, _) = assign(&[article("a.txt", "标题")], &[back]);
        assert_eq!(addresses[0].redirect_from, ["/reports/new/"]);
        // A slug another page holds: the page stays, with a warning.
        let other = OnDisk { stays: true, ..page("new", "b.txt") };
        let (addresses, warnings) = assign(&[article("a.txt", "标题")], &[other, p]);
        assert_eq!(addresses[0].slug, "old");
        assert!(
            warnings[0].contains("reports/old.md: its slug `new` is an address reports/new.md holds"),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_pages_of_printings_that_became_copies_redirect_to_the_report() {
        let copy = |seed: &str| crate::frontmatter::Copy { seed: seed.into(), ..Default::default() };
        let mut holder = article("a.txt", "金川县调研报告");
        holder.copies = vec![copy("b.txt"), copy("c.txt#2")];
        let mut b = page("b-page", "b.txt");
        b.redirect_from = vec!["/reports/b-older/".into()];
        let c = OnDisk { key: Some(("c.txt".into(), Some(2))), ..page("c-page", "c.txt") };
        let kept_by_an_editor = OnDisk { kept: true, stays: true, ..page("c-edited", "c.txt") };
        let other = page("jinchuanxian-diaoyan-baogao", "gone.txt");
        let on_disk = [page("a-page", "a.txt"), b, c, kept_by_an_editor, other];
        let newcomer = article("d.txt", "b page");
        let (addresses, warnings) = assign(&[holder.clone(), newcomer.clone()], &on_disk);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(addresses[0].slug, "a-page");
        assert_eq!(addresses[0].redirect_from, ["/reports/b-page/", "/reports/b-older/", "/reports/c-page/"]);
        assert_eq!(addresses[1].slug, slug::disambiguated("b-page", "d.txt#0"), "a folded address is taken");
        // The report had no page of its own: it takes its oldest copy's, the others redirect.
        let (addresses, _) = assign(&[holder], &on_disk[1..]);
        assert_eq!(addresses[0].slug, "b-page");
        assert_eq!(addresses[0].redirect_from, ["/reports/b-older/", "/reports/c-page/"]);
    }

    #[test]
    fn new_pages_avoid_the_old_addresses_of_pages_that_stay() {
        let mut kept = page("x", "gone.txt");
        kept.stays = true;
        kept.redirect_from = vec!["/reports/jinchuanxian-diaoyan-baogao/".into()];
        let got = slugs(&[article("a.txt", "金川县调研报告")], &[kept]);
        assert_ne!(got[0], TITLE_SLUG);
        // A page ingest removes (its seed is gone) frees its slug.
        let gone = page(TITLE_SLUG, "gone.txt");
        assert_eq!(slugs(&[article("a.txt", "金川县调研报告")], &[gone]), [TITLE_SLUG]);
    }
}
