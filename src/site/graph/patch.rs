//! Patching the graph in place for an edit of one report (`Site::patch_report`), when the
//! edit leaves the graph's shape alone; the result equals what `build` makes of the edited
//! content.
//!
//! Owns deciding whether an edit is a patch and applying it (new entities inserted, a moved
//! report renumbered). Must not render or touch the file system, and must not restate a
//! rule of `build`: it calls build's own functions for reading names and assembling reports.

use std::cmp::Reverse;

use super::build::plain_slug;
use super::model::{Entity, Patch, Report, Site};
use crate::site::ids::{EntityId, Kind, ReportId};
use crate::site::load::ReportPage;
use crate::slug;

impl Site {
    /// Applies an edit of one report in place, when the edit leaves the shape of the graph
    /// alone: the same file and event dates (so every event keeps its id), no entity losing
    /// its last report. A new publication date moves the report in the order (the ids between
    /// its old and new place move by one); a name no entity has yet becomes an entity when
    /// `allow_new` and its slug collides with no other (the ids after it move by one). The
    /// result is exactly what `build` would make of the edited content (checked in debug
    /// builds, see `fingerprint`). Otherwise returns `None` and changes nothing: rebuild.
    pub fn patch_report(&mut self, page: &ReportPage, allow_new: bool) -> Option<Patch> {
        let rid = self.reports.iter().position(|r| r.path == page.path)?;
        let old = &self.reports[rid];
        let same_events = old.events.len() == page.event_dates.len()
            && old.events.iter().zip(&page.event_dates).all(|(&e, &(d, end))| {
                let ev = &self.events[e];
                ev.date == d && ev.end == end
            });
        if old.slug != page.slug || !same_events {
            return None;
        }
        let f = &page.front;
        let lists: Vec<(Kind, &[String])> = [(&f.counties, &f.people, &f.programs)]
            .into_iter()
            .chain(f.events.iter().map(|ev| (&ev.counties, &ev.people, &ev.programs)))
            .flat_map(|(c, p, g)| [(Kind::County, &c[..]), (Kind::Person, &p[..]), (Kind::Program, &g[..])])
            .collect();
        // Names no entity has yet become entities, when their slugs collide with nobody's.
        let mut fresh: Vec<(Kind, &str)> = Vec::new();
        let mut known: Vec<EntityId> = Vec::new();
        for &(kind, list) in &lists {
            for name in names(list) {
                match self.names[kind as usize].get(name) {
                    Some(&id) => known.push(id),
                    None if !fresh.contains(&(kind, name)) => fresh.push((kind, name)),
                    None => {}
                }
            }
        }
        if !fresh.is_empty() && (!allow_new || !self.slugs_free(&fresh)) {
            return None;
        }
        known.sort_unstable();
        known.dedup();
        // An entity losing its last report, or a page no report named becoming used, would
        // change the entities or the warnings: not a patch.
        if old.entities.iter().any(|e| known.binary_search(e).is_err() && self.entities[*e].reports.len() == 1)
            || known.iter().any(|&e| self.entities[e].reports.is_empty())
        {
            return None;
        }
        for &(kind, name) in &fresh {
            self.insert_entity(kind, name);
        }
        let added: Vec<EntityId> = fresh.iter().map(|&(kind, name)| self.names[kind as usize][name]).collect();
        let resolve = |kind: Kind, list: &[String]| -> Vec<EntityId> {
            names(list).into_iter().map(|n| self.names[kind as usize][n]).collect()
        };
        let named = |counties: &[String], people: &[String], programs: &[String]| -> Vec<EntityId> {
            let mut ids = resolve(Kind::County, counties);
            ids.extend(resolve(Kind::Person, people));
            ids.extend(resolve(Kind::Program, programs));
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let old = &self.reports[rid];
        let mut mentioned = named(&f.counties, &f.people, &f.programs);
        let per_event: Vec<Vec<EntityId>> =
            f.events.iter().map(|ev| named(&ev.counties, &ev.people, &ev.programs)).collect();
        for ids in &per_event {
            mentioned.extend(ids);
        }
        mentioned.sort_unstable();
        mentioned.dedup();
        let before: Vec<EntityId> = {
            let mut all = old.entities.clone();
            all.extend(mentioned.iter().copied());
            all.sort_unstable();
            all.dedup();
            all
        };
        let dropped: Vec<EntityId> =
            old.entities.iter().copied().filter(|e| mentioned.binary_search(e).is_err()).collect();
        let patch = Patch {
            report: rid,
            moved_from: None,
            added,
            entities: before
                .iter()
                .map(|&e| (e, self.entities[e].reports.len(), self.entities[e].events.len()))
                .collect(),
        };
        for &e in &dropped {
            self.entities[e].reports.retain(|&r| r != rid);
        }
        for &e in &mentioned {
            let reports = &mut self.entities[e].reports;
            if let Err(at) = reports.binary_search(&rid) {
                reports.insert(at, rid);
            }
        }
        let eids = self.reports[rid].events.clone();
        for (n, &eid) in eids.iter().enumerate() {
            let was = std::mem::replace(&mut self.events[eid].entities, per_event[n].clone());
            for &e in was.iter().filter(|e| per_event[n].binary_search(e).is_err()) {
                self.entities[e].events.retain(|&x| x != eid);
            }
            for &e in &per_event[n] {
                let events = &mut self.entities[e].events;
                if let Err(at) = events.binary_search(&eid) {
                    events.insert(at, eid);
                }
            }
            self.events[eid].text = f.events[n].text.clone();
        }
        let r = &mut self.reports[rid];
        r.date = page.date;
        r.title = f.title.clone();
        r.source = f.source.clone();
        r.authors = f.authors.clone();
        r.url = f.url.clone();
        r.seed = f.seed.clone();
        r.part = f.part;
        r.raw_html = f.raw_html;
        r.extra = f.extra.clone();
        r.body = page.body.clone();
        r.excerpt = page.excerpt.clone();
        r.entities = mentioned;
        let mut patch = patch;
        if let Some(to) = self.reorder(rid) {
            patch.report = to;
            patch.moved_from = Some(rid);
        }
        Some(patch)
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
        let entity = Entity {
            kind,
            name: name.to_string(),
            slug,
            aliases: Vec::new(),
            page: None,
            reports: Vec::new(),
            events: Vec::new(),
        };
        self.entities.insert(at, entity);
        let bump = |e: &mut EntityId| {
            if *e >= at {
                *e += 1;
            }
        };
        self.reports.iter_mut().flat_map(|r| r.entities.iter_mut()).for_each(bump);
        self.events.iter_mut().flat_map(|ev| ev.entities.iter_mut()).for_each(bump);
        self.names.iter_mut().flat_map(|m| m.values_mut()).for_each(bump);
        self.names[kind as usize].insert(name.to_string(), at);
        let entities = &self.entities;
        self.kinds =
            Kind::ALL.map(|k| entities.partition_point(|e| e.kind < k)..entities.partition_point(|e| e.kind <= k));
    }

    /// Moves report `rid` to where its date now sorts it (newest first, undated last, then by
    /// slug) and renumbers every reference to the reports in between. Returns the new id,
    /// `None` when it stays.
    fn reorder(&mut self, rid: ReportId) -> Option<ReportId> {
        let key = |r: &Report| (r.date.is_none(), Reverse(r.date), r.slug.clone());
        let own = key(&self.reports[rid]);
        let before = self.reports.partition_point(|r| key(r) < own);
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

/// The names of a front matter list, trimmed, empty ones left out (as `build` reads them).
fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect()
}
