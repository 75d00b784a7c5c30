//! `Content` → `Graph`, in phases that each take plain data and return plain data: the
//! editorial entity pages and the names the reports use become candidates (a name or alias
//! resolves to one entity; a name without a page still gets one); candidates get slugs (a
//! pinned `slug:` wins; collisions get `slug::disambiguated` suffixes, decided by the names
//! alone and reported as warnings) and then ids (by kind, then slug); the reports are put
//! newest first and assembled; every event goes into one chronological list; each entity
//! gets its reports (newest first) and events (chronological); the timeline is grouped.
//!
//! Owns the rules that decide the whole graph (ids, orders, slug collisions, warnings); the
//! rules `patch` needs too live in `resolve`. Must not render, touch the file system, or
//! import `patch`. Errors name the files involved.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::model::{Entity, Event, Report, Graph, group_timeline};
use super::resolve::{
    ReportNames, entity_of, event_of, kind_ranges, mentions, newest_first_key, plain_slug, read_names, report_of,
};
use crate::frontmatter;
use crate::site::config::Config;
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::load::{Content, EntityPage, ReportPage};
use crate::slug;

/// Builds the graph from loaded content, which it only reads: report bodies are shared
/// (`Arc<str>`), the rest is small and copied, so `serve` can keep the content and rebuild the
/// graph after an edit. Errors: a name or alias claimed by two entity pages, two names
/// pinning one slug. Warnings: slug collisions resolved by suffix, entity pages no report uses.
pub(crate) fn build(config: Config, content: &Content) -> Result<Graph> {
    let mut found = Candidates::from_pages(&content.entities)?;
    let names = resolve_report_names(&content.reports, &mut found);
    let candidates = found.all;
    let mut warnings = unused_pages(&candidates);
    let slugs = assign_all_slugs(&candidates, &mut warnings)?;
    let (mut entities, id_of) = order_entities(&candidates, slugs);
    let kinds = kind_ranges(&entities);
    let order = newest_first(&content.reports);
    let (mut reports, raw_events) = assemble_reports(&content.reports, &order, &names, &id_of);
    let events = order_events(&mut reports, raw_events);
    link_entities(&mut entities, &reports, &events);
    let all: Vec<EventId> = (0..events.len()).collect();
    let timeline = group_timeline(&all, &events);
    let names = name_index(&entities);
    Ok(Graph { config, reports, entities, events, timeline, warnings, kinds, names })
}

/// An entity while the graph is being built: before slugs and final ids.
struct Candidate<'c> {
    kind: Kind,
    name: String,
    page: Option<&'c EntityPage>,
    used: bool,
}

/// The entities found so far and, per kind, every name or alias → its candidate. Looked up
/// by `&str`, so resolving the reports' names allocates only for a name seen for the first
/// time.
#[derive(Default)]
struct Candidates<'c> {
    all: Vec<Candidate<'c>>,
    lookup: [FxHashMap<String, usize>; 3],
}

impl<'c> Candidates<'c> {
    /// One candidate per editorial entity page, in the pages' order. Errors: a name or alias
    /// claimed by two pages of a kind.
    fn from_pages(pages: &'c [EntityPage]) -> Result<Self> {
        let mut found = Candidates::default();
        for page in pages {
            found.add_page(page)?;
        }
        Ok(found)
    }

    fn add_page(&mut self, page: &'c EntityPage) -> Result<()> {
        let kind = page.front.kind();
        let idx = self.all.len();
        let names = std::iter::once(page.front.name()).chain(page.front.aliases().iter().map(String::as_str));
        for (i, name) in names.enumerate() {
            match self.lookup[kind as usize].get(name) {
                Some(&other) if other == idx => {} // an alias repeating the page's own name
                Some(&other) => return Err(claimed_twice(page, i == 0, name, self.all[other].page)),
                None => {
                    self.lookup[kind as usize].insert(name.to_string(), idx);
                }
            }
        }
        self.all.push(Candidate { kind, name: page.front.name().to_string(), page: Some(page), used: false });
        Ok(())
    }

    /// The candidate a report's name resolves to, now used; a name with no page becomes a
    /// candidate of its own.
    fn resolve(&mut self, kind: Kind, name: &str) -> usize {
        let names = &mut self.lookup[kind as usize];
        let idx = match names.get(name) {
            Some(&idx) => idx,
            None => {
                self.all.push(Candidate { kind, name: name.to_string(), page: None, used: false });
                names.insert(name.to_string(), self.all.len() - 1);
                self.all.len() - 1
            }
        };
        self.all[idx].used = true;
        idx
    }
}

/// The error for a name (`is_name`) or alias of `page` that `other` claimed first.
fn claimed_twice(page: &EntityPage, is_name: bool, name: &str, other: Option<&EntityPage>) -> anyhow::Error {
    let other = other.map_or("", |p| p.path.as_str());
    let (line, what) = if is_name {
        (frontmatter::line_of_key(&page.yaml, "name"), "name")
    } else {
        (frontmatter::line_of_item(&page.yaml, "aliases", name), "alias")
    };
    anyhow!(
        "{}:{line}: {what} `{name}` is also claimed by {other} (a name or alias belongs to one entity: remove it from one page, or merge the pages)",
        page.path
    )
}

/// Every report's names resolved to candidates, in content order (the order in which names
/// without a page become candidates; nothing downstream depends on it but the order of the
/// names within a slug-collision warning).
fn resolve_report_names(reports: &[Arc<ReportPage>], found: &mut Candidates) -> Vec<ReportNames<usize>> {
    reports.iter().map(|r| read_names(&r.front, |kind, name| found.resolve(kind, name))).collect()
}

/// A warning for every entity page no report names.
fn unused_pages(candidates: &[Candidate]) -> Vec<String> {
    let unused = candidates.iter().filter(|c| !c.used).filter_map(|c| c.page.map(|page| (page, &c.name)));
    unused
        .map(|(page, name)| {
            format!(
                "{}: no report names {name} or its aliases (the page is built anyway; check the spelling against the reports)",
                page.path
            )
        })
        .collect()
}

/// Every candidate's slug, kind by kind (the collisions resolved by suffix added to
/// `warnings`). Plain slugs are computed in parallel.
fn assign_all_slugs(candidates: &[Candidate], warnings: &mut Vec<String>) -> Result<Vec<String>> {
    let plain: Vec<Option<String>> = candidates
        .par_iter()
        .map(|c| c.page.and_then(|p| p.front.slug()).is_none().then(|| plain_slug(c.kind, &c.name)))
        .collect();
    let mut slugs = vec![String::new(); candidates.len()];
    for kind in Kind::ALL {
        let members: Vec<usize> = (0..candidates.len()).filter(|&i| candidates[i].kind == kind).collect();
        let wanted: Vec<Wanted> = members.iter().map(|&i| Wanted::of(&candidates[i], plain[i].as_deref())).collect();
        let (assigned, notes) = assign_slugs(kind, &wanted)?;
        warnings.extend(notes);
        for (&i, s) in members.iter().zip(assigned) {
            slugs[i] = s;
        }
    }
    Ok(slugs)
}

/// The entities in their final order, by kind, then by slug; and each candidate's id.
fn order_entities(candidates: &[Candidate], mut slugs: Vec<String>) -> (Vec<Entity>, Vec<EntityId>) {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| (candidates[a].kind, &slugs[a]).cmp(&(candidates[b].kind, &slugs[b])));
    let mut id_of = vec![0; candidates.len()];
    for (id, &c) in order.iter().enumerate() {
        id_of[c] = id;
    }
    let entities = order
        .iter()
        .map(|&c| {
            let cand = &candidates[c];
            entity_of(cand.kind, cand.name.clone(), std::mem::take(&mut slugs[c]), cand.page)
        })
        .collect();
    (entities, id_of)
}

/// The reports' indices newest first, undated last, then by slug: the order of report ids.
fn newest_first(reports: &[Arc<ReportPage>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&reports[a], &reports[b]);
        newest_first_key(a.date, &a.slug).cmp(&newest_first_key(b.date, &b.slug))
    });
    order
}

/// An event while the graph is being built: its report, its place there, the event.
type RawEvent = (ReportId, usize, Event);

/// Each report in `order` (its id is its place there) with its events, their ids still to
/// come, in parallel: mostly copying strings.
fn assemble_reports(
    pages: &[Arc<ReportPage>],
    order: &[usize],
    names: &[ReportNames<usize>],
    id_of: &[EntityId],
) -> (Vec<Report>, Vec<RawEvent>) {
    let built: Vec<(Report, Vec<RawEvent>)> = order
        .par_iter()
        .enumerate()
        .map(|(rid, &i)| {
            let page = &pages[i];
            let named = mentions(names[i].map(|&c| id_of[c]));
            let own_events =
                named.events.into_iter().enumerate().map(|(n, ids)| (rid, n, event_of(rid, page, n, ids))).collect();
            (report_of(page, named.report, Vec::new()), own_events)
        })
        .collect();
    let mut reports = Vec::with_capacity(built.len());
    let mut raw_events = Vec::new();
    for (report, own_events) in built {
        reports.push(report);
        raw_events.extend(own_events);
    }
    (reports, raw_events)
}

/// Every event in one list, chronological; ties by report slug and position, never by
/// discovery order. Each report gets its events' ids, in the order it states them.
fn order_events(reports: &mut [Report], mut raw_events: Vec<RawEvent>) -> Vec<Event> {
    let mut by_slug: Vec<ReportId> = (0..reports.len()).collect();
    by_slug.sort_unstable_by(|&a, &b| reports[a].slug.cmp(&reports[b].slug));
    let mut slug_rank = vec![0; reports.len()];
    for (rank, &rid) in by_slug.iter().enumerate() {
        slug_rank[rid] = rank;
    }
    raw_events.sort_unstable_by_key(|(rid, n, ev)| (ev.date, ev.end.unwrap_or(ev.date), slug_rank[*rid], *n));
    let mut events = Vec::with_capacity(raw_events.len());
    let mut positions: Vec<Vec<(usize, EventId)>> = vec![Vec::new(); reports.len()];
    for (eid, (rid, n, ev)) in raw_events.into_iter().enumerate() {
        positions[rid].push((n, eid));
        events.push(ev);
    }
    for (report, mut pos) in reports.iter_mut().zip(positions) {
        pos.sort_unstable();
        report.events = pos.into_iter().map(|(_, eid)| eid).collect();
    }
    events
}

/// Each entity's reports (newest first, as report ids are) and events (chronological, as
/// event ids are).
fn link_entities(entities: &mut [Entity], reports: &[Report], events: &[Event]) {
    for (eid, ev) in events.iter().enumerate() {
        for &e in &ev.entities {
            entities[e].events.push(eid);
        }
    }
    for (rid, report) in reports.iter().enumerate() {
        for &e in &report.entities {
            entities[e].reports.push(rid);
        }
    }
}

/// Per kind: every name and alias → its entity, for `patch_report`.
fn name_index(entities: &[Entity]) -> [FxHashMap<String, EntityId>; 3] {
    let mut names: [FxHashMap<String, EntityId>; 3] = Default::default();
    for (id, e) in entities.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            names[e.kind as usize].insert(name.clone(), id);
        }
    }
    names
}

/// What one entity asks of slug assignment.
struct Wanted<'a> {
    name: &'a str,
    pinned: Option<&'a str>,
    /// `plain_slug` of the name, unless pinned.
    plain: Option<&'a str>,
    path: Option<&'a str>,
    /// Line of the `slug:` key in the page, for errors.
    line: usize,
}

impl<'a> Wanted<'a> {
    fn of(c: &'a Candidate, plain: Option<&'a str>) -> Self {
        let pinned = c.page.and_then(|p| p.front.slug());
        Wanted {
            name: &c.name,
            pinned,
            plain,
            path: c.page.map(|p| p.path.as_str()),
            line: c.page.filter(|_| pinned.is_some()).map_or(1, |p| frontmatter::line_of_key(&p.yaml, "slug")),
        }
    }
}

/// Gives every name of one kind a distinct slug. A pinned slug wins; names whose plain slug
/// collides with another name's (or with a pinned slug) all take `slug::disambiguated`, which
/// depends on the name only, so the result never depends on the order pages are found in.
fn assign_slugs(kind: Kind, wanted: &[Wanted]) -> Result<(Vec<String>, Vec<String>)> {
    let pinned = pinned_slugs(wanted)?;
    let mut out: Vec<String> = wanted.iter().map(|w| w.pinned.unwrap_or_default().to_string()).collect();
    let notes = plain_or_suffixed(kind, wanted, &pinned, &mut out);
    check_distinct(kind, wanted, &out)?;
    Ok((out, notes))
}

/// Each pinned slug → who pins it. Errors: two names pinning one slug.
fn pinned_slugs<'a>(wanted: &[Wanted<'a>]) -> Result<BTreeMap<&'a str, usize>> {
    let mut pinned: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, w) in wanted.iter().enumerate() {
        let Some(p) = w.pinned else { continue };
        if let Some(&j) = pinned.get(p) {
            let (a, b) = (&wanted[j], w);
            bail!(
                "{}:{}: slug `{p}` is pinned by both {} ({}) and {} ({}) (two names cannot share a page: pin a different slug in one of them)",
                b.path.unwrap_or(""),
                b.line,
                a.name,
                a.path.unwrap_or(""),
                b.name,
                b.path.unwrap_or("")
            );
        }
        pinned.insert(p, i);
    }
    Ok(pinned)
}

/// Fills `out` for the names not pinned: the plain slug when no other name wants it, else
/// every wanter's suffixed form. Returns a warning per collision.
fn plain_or_suffixed(kind: Kind, wanted: &[Wanted], pinned: &BTreeMap<&str, usize>, out: &mut [String]) -> Vec<String> {
    let mut by_plain: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, w) in wanted.iter().enumerate() {
        if let Some(p) = w.plain {
            by_plain.entry(p).or_default().push(i);
        }
    }
    let mut notes = Vec::new();
    for (base, group) in &by_plain {
        let pinned_by = pinned.get(base).map(|&j| wanted[j].name);
        if group.len() == 1 && pinned_by.is_none() {
            out[group[0]] = base.to_string();
            continue;
        }
        let mut names: Vec<&str> = group.iter().map(|&i| wanted[i].name).collect();
        let mut given = Vec::new();
        for &i in group {
            out[i] = slug::disambiguated(base, wanted[i].name);
            given.push(format!("{} → {}/{}/", wanted[i].name, kind.dir(), out[i]));
        }
        if let Some(owner) = pinned_by {
            names.push(owner);
            given.push(format!("{owner} pins {}/{base}/", kind.dir()));
        }
        notes.push(format!(
            "slug `{base}` is wanted by {}: {} (pin a `slug:` on an entity page to choose)",
            names.join(" and "),
            given.join(", ")
        ));
    }
    notes
}

/// Errors when two names still end up with one slug (a suffixed form meeting a pinned slug).
fn check_distinct(kind: Kind, wanted: &[Wanted], out: &[String]) -> Result<()> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in out.iter().enumerate() {
        if let Some(j) = seen.insert(s, i) {
            bail!(
                "{}: {} and {} both end up with slug `{s}` (pin a different `slug:` on one of their entity pages)",
                wanted[i].path.or(wanted[j].path).unwrap_or(kind.dir()),
                wanted[j].name,
                wanted[i].name
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{config, person, report};
    use super::*;

    fn slug_of<'a>(site: &'a Graph, name: &str) -> &'a str {
        &site.entities.iter().find(|e| e.name == name).unwrap().slug
    }

    #[test]
    fn aliases_resolve_to_one_entity_and_names_without_pages_get_one() {
        let content = Content {
            reports: vec![
                report("a", "2018-12-05", &["张东升", "苟华"], &[("2015-07", &["东升同志"])]),
                report("b", "2019", &["东升同志"], &[]),
            ],
            entities: vec![person("content/people/zhang-dongsheng.md", "张东升", &["东升同志"], None)],
        };
        let site = build(config(), &content).unwrap();
        let names: Vec<&str> = site.of_kind(Kind::Person).iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["苟华", "张东升"], "sorted by slug: gou-hua, zhang-dongsheng");
        let zhang = site.of_kind(Kind::Person).iter().find(|e| e.name == "张东升").unwrap();
        let titles: Vec<&str> = zhang.reports.iter().map(|&r| site.reports[r].title.as_str()).collect();
        assert_eq!(titles, ["b", "a"], "newest first");
        assert_eq!(zhang.events.len(), 1);
        let zhang_id = site.entities.iter().position(|e| e.name == "张东升").unwrap();
        let related = site.related(zhang_id);
        assert_eq!(related.len(), 1);
        assert_eq!(site.entities[related[0].0].name, "苟华");
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);
    }

    #[test]
    fn colliding_slugs_get_suffixes_from_the_names_in_any_order() {
        let forwards =
            build(config(), &Content { reports: vec![report("a", "2018", &["张伟", "章伟"], &[])], entities: vec![] })
                .unwrap();
        let backwards =
            build(config(), &Content { reports: vec![report("a", "2018", &["章伟", "张伟"], &[])], entities: vec![] })
                .unwrap();
        let base = plain_slug(Kind::Person, "张伟");
        assert_eq!(base, plain_slug(Kind::Person, "章伟"), "the two names read alike");
        for site in [&forwards, &backwards] {
            assert_eq!(slug_of(site, "张伟"), slug::disambiguated(&base, "张伟"));
            assert_eq!(slug_of(site, "章伟"), slug::disambiguated(&base, "章伟"));
            assert_eq!(site.warnings.len(), 1);
            assert!(site.warnings[0].contains(&format!("slug `{base}` is wanted by")), "{}", site.warnings[0]);
        }
    }

    #[test]
    fn a_pinned_slug_wins_and_the_other_name_moves_aside() {
        let base = plain_slug(Kind::Person, "张伟");
        let content = Content {
            reports: vec![report("a", "2018", &["张伟", "章伟"], &[])],
            entities: vec![person("content/people/zw.md", "章伟", &[], Some(&base))],
        };
        let site = build(config(), &content).unwrap();
        assert_eq!(slug_of(&site, "章伟"), base);
        assert_eq!(slug_of(&site, "张伟"), slug::disambiguated(&base, "张伟"));
    }

    #[test]
    fn two_names_pinning_one_slug_is_an_error_naming_both_files() {
        let content = Content {
            reports: vec![report("a", "2018", &["张伟", "章伟"], &[])],
            entities: vec![
                person("content/people/a.md", "张伟", &[], Some("zhang-wei")),
                person("content/people/b.md", "章伟", &[], Some("zhang-wei")),
            ],
        };
        let err = build(config(), &content).unwrap_err().to_string();
        assert!(
            err.contains("content/people/a.md")
                && err.contains("content/people/b.md")
                && err.contains("张伟")
                && err.contains("章伟"),
            "{err}"
        );
    }

    #[test]
    fn an_alias_claimed_twice_is_an_error_and_an_unused_page_a_warning() {
        let content = Content {
            reports: vec![],
            entities: vec![
                person("content/people/a.md", "张东升", &["东升"], None),
                person("content/people/b.md", "李东升", &["东升"], None),
            ],
        };
        let err = build(config(), &content).unwrap_err().to_string();
        assert!(err.starts_with("content/people/b.md:3: alias `东升` is also claimed by content/people/a.md"), "{err}");
        let site = build(
            config(),
            &Content { reports: vec![], entities: vec![person("content/people/a.md", "张东升", &[], None)] },
        )
        .unwrap();
        assert!(site.warnings[0].starts_with("content/people/a.md: no report names 张东升"), "{:?}", site.warnings);
    }

    #[test]
    fn the_timeline_groups_by_year_then_month_in_date_order() {
        let content = Content {
            reports: vec![
                report("a", "2018", &[], &[("2016-03-02", &[]), ("2015", &[]), ("2016-03", &[])]),
                report("b", "2019", &[], &[("2016-01-09", &[]), ("2015-12", &[])]),
            ],
            entities: vec![],
        };
        let site = build(config(), &content).unwrap();
        type Shape = Vec<(u16, Vec<(u8, Vec<String>)>)>;
        let shape: Shape = site
            .timeline
            .iter()
            .map(|y| {
                (
                    y.year,
                    y.months
                        .iter()
                        .map(|m| (m.month, m.events.iter().map(|&e| site.events[e].date.to_string()).collect()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (2015, vec![(0, vec!["2015".to_string()]), (12, vec!["2015-12".to_string()])]),
                (
                    2016,
                    vec![
                        (1, vec!["2016-01-09".to_string()]),
                        (3, vec!["2016-03".to_string(), "2016-03-02".to_string()])
                    ]
                ),
            ]
        );
        // Each report lists its own events in the order it states them.
        let a = site.reports.iter().find(|r| r.slug == "a").unwrap();
        let dates: Vec<String> = a.events.iter().map(|&e| site.events[e].date.to_string()).collect();
        assert_eq!(dates, ["2016-03-02", "2015", "2016-03"]);
    }
}
