//! Patching the graph in place for an edit of one report (`Graph::patch_report`), when the
//! edit leaves the graph's shape alone; the result equals what `build` makes of the edited
//! content (`fingerprint` compares the two; the unit tests below and a debug check in
//! `live` do).
//!
//! Owns deciding whether an edit is a patch and applying it: entities new to the site
//! inserted (every id after them moved), the report's mentions and events relinked, a report
//! whose date changed moved (every id in between renumbered). Must not render or touch the
//! file system, and must not restate a rule of `build`: reading and resolving names,
//! assembling a report, an event or an entity are `resolve`'s, which both call. Imports
//! `model` and `resolve`, never `build`.

use super::model::{Patch, Graph};
use super::resolve::{
    Mentions, ReportNames, entity_of, event_of, kind_ranges, mentions, newest_first_key, plain_slug, read_names,
    report_of,
};
use crate::site::ids::{EntityId, Kind, ReportId};
use crate::site::load::ReportPage;
use crate::slug;

impl Graph {
    /// Applies an edit of one report in place, when the edit leaves the shape of the graph
    /// alone: the same file and event dates (so every event keeps its id), no entity losing
    /// its last report. A new publication date moves the report in the order (the ids between
    /// its old and new place move by one); a name no entity has yet becomes an entity when
    /// `allow_new` and its slug collides with no other (the ids after it move by one). The
    /// result is exactly what `build` would make of the edited content (checked in debug
    /// builds, see `fingerprint`). Otherwise returns `None` and changes nothing: rebuild.
    pub(crate) fn patch_report(&mut self, page: &ReportPage, allow_new: bool) -> Option<Patch> {
        let rid = self.same_file_and_events(page)?;
        let names = read_names(&page.front, |kind, name| (kind, name));
        let fresh = self.fresh_names(&names);
        if !fresh.is_empty() && (!allow_new || !self.slugs_free(&fresh)) {
            return None;
        }
        if !self.keeps_entities(rid, &names) {
            return None;
        }
        for &(kind, name) in &fresh {
            self.insert_entity(kind, name);
        }
        let added = fresh.iter().map(|&(kind, name)| self.names[kind as usize][name]).collect();
        let named = mentions(names.map(|&(kind, name)| self.names[kind as usize][name]));
        let mut patch = Patch { report: rid, moved_from: None, added, entities: self.counts_before(rid, &named) };
        self.relink_reports(rid, &named.report);
        self.relink_events(rid, page, named.events);
        let events = std::mem::take(&mut self.reports[rid].events);
        self.reports[rid] = report_of(page, named.report, events);
        if let Some(to) = self.reorder(rid) {
            patch.report = to;
            patch.moved_from = Some(rid);
        }
        Some(patch)
    }

    /// The id of the report `page` edits, when its slug, its old addresses and its events'
    /// dates stay (so every event keeps its place in the chronological list, and the redirect
    /// pages stay as they are).
    fn same_file_and_events(&self, page: &ReportPage) -> Option<ReportId> {
        let rid = self.reports.iter().position(|r| r.file == page.path)?;
        let old = &self.reports[rid];
        let same_events = old.events.len() == page.event_dates.len()
            && old.events.iter().zip(&page.event_dates).all(|(&e, &(d, end))| {
                let ev = &self.events[e];
                ev.date == d && ev.end == end
            });
        (old.slug == page.slug && old.redirects == page.redirects && same_events).then_some(rid)
    }

    /// The names no entity has yet, once each, in the order the report uses them.
    fn fresh_names<'f>(&self, names: &ReportNames<(Kind, &'f str)>) -> Vec<(Kind, &'f str)> {
        let mut fresh: Vec<(Kind, &str)> = Vec::new();
        for &(kind, name) in names.iter() {
            if !self.names[kind as usize].contains_key(name) && !fresh.contains(&(kind, name)) {
                fresh.push((kind, name));
            }
        }
        fresh
    }

    /// Whether the entities stay as they are: none the report named loses its last report,
    /// and no page no report named becomes used (either would change the entities or the
    /// warnings: not a patch).
    fn keeps_entities(&self, rid: ReportId, names: &ReportNames<(Kind, &str)>) -> bool {
        let mut known: Vec<EntityId> =
            names.iter().filter_map(|&(kind, name)| self.names[kind as usize].get(name).copied()).collect();
        known.sort_unstable();
        known.dedup();
        let orphaned = self.reports[rid]
            .entities
            .iter()
            .any(|e| known.binary_search(e).is_err() && self.entities[*e].reports.len() == 1);
        let first_use = known.iter().any(|&e| self.entities[e].reports.is_empty());
        !orphaned && !first_use
    }

    /// The entities the report named before or names now, with their report and event
    /// counts before the patch.
    fn counts_before(&self, rid: ReportId, named: &Mentions) -> Vec<(EntityId, usize, usize)> {
        let mut all = self.reports[rid].entities.clone();
        all.extend(named.report.iter().copied());
        all.sort_unstable();
        all.dedup();
        all.into_iter().map(|e| (e, self.entities[e].reports.len(), self.entities[e].events.len())).collect()
    }

    /// Takes the report off the entities it no longer names and onto those it now names
    /// (an entity's reports stay newest first, as report ids are).
    fn relink_reports(&mut self, rid: ReportId, named: &[EntityId]) {
        let old = std::mem::take(&mut self.reports[rid].entities);
        for &e in old.iter().filter(|e| named.binary_search(e).is_err()) {
            self.entities[e].reports.retain(|&r| r != rid);
        }
        for &e in named {
            let reports = &mut self.entities[e].reports;
            if let Err(at) = reports.binary_search(&rid) {
                reports.insert(at, rid);
            }
        }
    }

    /// Replaces each of the report's events (same ids, dates and order) with the page's, and
    /// moves each event between the entities it no longer names and those it now names.
    fn relink_events(&mut self, rid: ReportId, page: &ReportPage, named: Vec<Vec<EntityId>>) {
        let eids = self.reports[rid].events.clone();
        for ((n, &eid), ids) in eids.iter().enumerate().zip(named) {
            let event = event_of(rid, page, n, ids);
            let was = std::mem::replace(&mut self.events[eid], event).entities;
            let now = &self.events[eid].entities;
            for &e in was.iter().filter(|e| now.binary_search(e).is_err()) {
                self.entities[e].events.retain(|&x| x != eid);
            }
            for &e in now {
                let events = &mut self.entities[e].events;
                if let Err(at) = events.binary_search(&eid) {
                    events.insert(at, eid);
                }
            }
        }
    }

    /// Whether every new `(kind, name)` gets its plain slug, as `build` would give it: no
    /// entity of the kind has that slug or a suffixed form of it, and no two new names share it.
    fn slugs_free(&self, fresh: &[(Kind, &str)]) -> bool {
        let mut wanted: Vec<(Kind, String)> = fresh.iter().map(|&(k, n)| (k, plain_slug(k, n))).collect();
        wanted.sort();
        if wanted.windows(2).any(|w| w[0] == w[1]) {
            return false;
        }
        wanted.iter().all(|(kind, plain)| {
            let of_kind = self.of_kind(*kind);
            let taken = of_kind.binary_search_by(|e| e.slug.as_str().cmp(plain)).is_ok();
            let prefix = format!("{plain}-");
            let from = of_kind.partition_point(|e| e.slug < prefix);
            let suffixed = of_kind[from..]
                .iter()
                .take_while(|e| e.slug.starts_with(&prefix))
                .any(|e| e.slug == slug::disambiguated(plain, &e.name));
            !taken && !suffixed && !plain.is_empty()
        })
    }

    /// Adds an entity without a page, in its place by slug, and moves every id after it.
    fn insert_entity(&mut self, kind: Kind, name: &str) {
        let slug = plain_slug(kind, name);
        let range = self.ids_of_kind(kind);
        let at = range.start + self.entities[range].partition_point(|e| e.slug < slug);
        self.entities.insert(at, entity_of(kind, name.to_string(), slug, None));
        let bump = |e: &mut EntityId| {
            if *e >= at {
                *e += 1;
            }
        };
        self.reports.iter_mut().flat_map(|r| r.entities.iter_mut()).for_each(bump);
        self.events.iter_mut().flat_map(|ev| ev.entities.iter_mut()).for_each(bump);
        self.names.iter_mut().flat_map(|m| m.values_mut()).for_each(bump);
        self.names[kind as usize].insert(name.to_string(), at);
        self.kinds = kind_ranges(&self.entities);
    }

    /// Moves report `rid` to where its date now sorts it (newest first, undated last, then by
    /// slug) and renumbers every reference to the reports in between. Returns the new id,
    /// `None` when it stays.
    fn reorder(&mut self, rid: ReportId) -> Option<ReportId> {
        let own = newest_first_key(self.reports[rid].date, &self.reports[rid].slug);
        let before = self.reports.partition_point(|r| newest_first_key(r.date, &r.slug) < own);
        let to = if before > rid { before - 1 } else { before };
        if to == rid {
            return None;
        }
        let report = self.reports.remove(rid);
        self.reports.insert(to, report);
        let renumber = |x: ReportId| match x {
            x if x == rid => to,
            x if rid < to && rid < x && x <= to => x - 1,
            x if to < rid && to <= x && x < rid => x + 1,
            x => x,
        };
        for e in &mut self.entities {
            for r in &mut e.reports {
                *r = renumber(*r);
            }
        }
        for &e in &self.reports[to].entities {
            self.entities[e].reports.sort_unstable();
        }
        for ev in &mut self.events {
            ev.report = renumber(ev.report);
        }
        Some(to)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::build::build;
    use super::super::fixtures::{config, person, report};
    use super::*;
    use crate::date::Date;
    use crate::site::load::Content;

    /// Four reports naming three people (one with a page and an alias) and one county, each
    /// with dated events: `b` sits between `c` (newer) and `a`, `d` (older).
    fn content() -> Content {
        let mut a = report("a", "2018-03-01", &["王明远", "李秀兰"], &[("2017-05", &["王明远"]), ("2018-02-11", &[])]);
        Arc::make_mut(&mut a).front.counties = vec!["丰县".into()];
        Content {
            reports: vec![
                a,
                report("b", "2019-06-01", &["李秀兰", "赵建国"], &[("2019-05-20", &["赵建国"])]),
                report("c", "2020-01-02", &["赵建国"], &[]),
                report("d", "2017-01-01", &["王明远", "赵建国"], &[("2016", &["王明远", "赵建国"])]),
            ],
            entities: vec![person("content/people/li-xiulan.md", "李秀兰", &["秀兰同志"], None)],
        }
    }

    /// `content` with report `b` edited by `edit`.
    fn edited(content: &Content, edit: impl FnOnce(&mut ReportPage)) -> (Content, Arc<ReportPage>) {
        let mut new = content.clone();
        let at = new.reports.iter().position(|r| r.slug == "b").unwrap();
        edit(Arc::make_mut(&mut new.reports[at]));
        let page = Arc::clone(&new.reports[at]);
        (new, page)
    }

    fn set_date(page: &mut ReportPage, date: Option<&str>) {
        page.front.date = date.map(str::to_string);
        page.date = date.and_then(Date::parse);
    }

    /// Patches the graph of `content` with `edit` of report `b`, checks it equals a rebuild of
    /// the edited content, and returns the patch.
    fn patch_equals_rebuild(what: &str, edit: impl FnOnce(&mut ReportPage)) -> Patch {
        let old = content();
        let (new, page) = edited(&old, edit);
        let mut site = build(config(), &old).unwrap();
        let patch = site.patch_report(&page, true).unwrap_or_else(|| panic!("{what}: a patch"));
        let rebuilt = build(config(), &new).unwrap();
        assert_eq!(site.fingerprint(), rebuilt.fingerprint(), "{what}: the patched graph differs from a rebuild");
        patch
    }

    #[test]
    fn a_patched_graph_equals_a_rebuild_for_each_kind_of_edit() {
        patch_equals_rebuild("title", |p| p.front.title = "新标题".into());
        patch_equals_rebuild("source and authors", |p| {
            p.front.source = Some("县融媒体中心".into());
            p.front.authors = vec!["周文".into()];
        });
        patch_equals_rebuild("body, excerpt and an event's text", |p| {
            p.body = "新的正文。".into();
            p.excerpt = "新的正文。".into();
            p.front.events[0].text = "赵建国到村里调研。".into();
        });
        let patch =
            patch_equals_rebuild("an entity added to an event", |p| p.front.events[0].people.push("王明远".into()));
        assert!(patch.added.is_empty());
        patch_equals_rebuild("a county the site knows, named for the first time here", |p| {
            p.front.counties = vec!["丰县".into()]
        });
    }

    #[test]
    fn a_new_date_moves_the_report_and_equals_a_rebuild() {
        let newest = patch_equals_rebuild("moved to the front", |p| set_date(p, Some("2021-09-09")));
        assert_eq!((newest.moved_from, newest.report), (Some(1), 0));
        let older = patch_equals_rebuild("moved past two", |p| set_date(p, Some("2016-12")));
        assert_eq!((older.moved_from, older.report), (Some(1), 3));
        let undated = patch_equals_rebuild("undated, so last", |p| set_date(p, None));
        assert_eq!(undated.report, 3);
        let stays = patch_equals_rebuild("a new day in the same place", |p| set_date(p, Some("2019-07-01")));
        assert_eq!(stays.moved_from, None);
    }

    #[test]
    fn names_new_to_the_site_removed_or_aliased_equal_a_rebuild() {
        let patch = patch_equals_rebuild("a person new to the site", |p| p.front.people.push("孙志强".into()));
        assert_eq!(patch.added.len(), 1);
        let patch = patch_equals_rebuild("a new person in an event and a new county", |p| {
            p.front.events[0].people.push("钱玉梅".into());
            p.front.counties.push("沛县".into());
        });
        assert_eq!(patch.added.len(), 2);
        patch_equals_rebuild("a person removed whom others still name", |p| p.front.people.retain(|n| n != "李秀兰"));
        patch_equals_rebuild("a person taken out of an event the report still names them in", |p| {
            p.front.events[0].people.clear()
        });
        patch_equals_rebuild("an alias instead of the name", |p| p.front.people[0] = "秀兰同志".into());
        patch_equals_rebuild("a name with spaces around it", |p| p.front.people[1] = " 赵建国 ".into());
    }

    /// Checks that `edit` of report `b` of `content` is refused and leaves the graph alone.
    fn refused(what: &str, content: &Content, allow_new: bool, edit: impl FnOnce(&mut ReportPage)) {
        let (_, page) = edited(content, edit);
        let mut site = build(config(), content).unwrap();
        let before = site.fingerprint();
        assert!(site.patch_report(&page, allow_new).is_none(), "{what}: no patch");
        assert_eq!(site.fingerprint(), before, "{what}: the graph is unchanged");
    }

    #[test]
    fn an_edit_that_changes_the_graphs_shape_is_no_patch_and_changes_nothing() {
        refused("an event's new date", &content(), true, |p| p.event_dates[0].0 = Date::parse("2019-05-21").unwrap());
        refused("an event fewer", &content(), true, |p| {
            p.front.events.clear();
            p.event_dates.clear();
        });
        refused("a new name when new ones are not allowed", &content(), false, |p| {
            p.front.people.push("孙志强".into())
        });
        // A new name whose plain slug an entity has (the two names read alike) would push
        // both to suffixed slugs: a rebuild.
        let mut alike = content();
        Arc::make_mut(&mut alike.reports[3]).front.people.push("张伟".into());
        refused("a new name whose slug is taken", &alike, true, |p| p.front.people.push("章伟".into()));
        // 赵建国 named by report b alone: b dropping him would leave his page with no report.
        let mut only_b = content();
        for r in &mut only_b.reports[2..] {
            let r = Arc::make_mut(r);
            r.front.people.retain(|n| n != "赵建国");
            r.front.events.iter_mut().for_each(|ev| ev.people.retain(|n| n != "赵建国"));
        }
        refused("a person's last report no longer naming them", &only_b, true, |p| {
            p.front.people.retain(|n| n != "赵建国");
            p.front.events[0].people.clear();
        });
    }
}
