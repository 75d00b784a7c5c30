//! `Content` → `Site`: entities gathered from the reports' front matter and merged with the
//! editorial entity pages (a name or alias resolves to one entity; a name without a page
//! still gets one), their slugs (a pinned `slug:` wins; collisions get
//! `slug::disambiguated` suffixes, decided by the names alone and reported as warnings), the
//! reports newest first, every event in one chronological list, each entity's reports
//! (newest first) and events (chronological), and the timeline.
//!
//! Owns the rules that turn content into the model; `patch` calls the ones it shares (how a
//! report's names are read, how a `Report` is assembled) instead of restating them. Must not
//! render, touch the file system, or import `patch`. Errors name the files involved.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use anyhow::{Result, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::model::{Entity, Event, Report, Site, group_timeline};
use crate::frontmatter;
use crate::site::config::Config;
use crate::site::ids::{EntityId, EventId, Kind, ReportId};
use crate::site::load::{Content, EntityPage};
use crate::slug;

/// An event while the graph is being built: its report, its place there, the event.
type RawEvent = (ReportId, usize, Event);

/// An entity while the graph is being built: before slugs and final ids.
struct Candidate<'c> {
    kind: Kind,
    name: String,
    page: Option<&'c EntityPage>,
    used: bool,
}

/// Builds the graph from loaded content, which it only reads: report bodies are shared
/// (`Arc<str>`), the rest is small and copied, so `serve` can keep the content and rebuild the
/// graph after an edit. Errors: a name or alias claimed by two entity pages, two names
/// pinning one slug. Warnings: slug collisions resolved by suffix, entity pages no report uses.
pub fn build(config: Config, content: &Content) -> Result<Site> {
    let mut warnings = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Per kind: name or alias → candidate. Looked up by `&str`, so resolving the reports'
    // names allocates only for a name seen for the first time.
    let mut lookup: [FxHashMap<String, usize>; 3] = Default::default();

    for page in &content.entities {
        let kind = page.front.kind();
        let idx = candidates.len();
        let names = std::iter::once(page.front.name()).chain(page.front.aliases().iter().map(String::as_str));
        for (i, name) in names.enumerate() {
            if let Some(&other) = lookup[kind as usize].get(name) {
                if other == idx {
                    continue; // an alias repeating the page's own name
                }
                let other = candidates[other].page.as_ref().map_or("", |p| p.path.as_str());
                let (line, what) = if i == 0 {
                    (frontmatter::line_of_key(&page.yaml, "name"), "name")
                } else {
                    (frontmatter::line_of_item(&page.yaml, "aliases", name), "alias")
                };
                bail!(
                    "{}:{line}: {what} `{name}` is also claimed by {other} (a name or alias belongs to one entity: remove it from one page, or merge the pages)",
                    page.path
                );
            }
            lookup[kind as usize].insert(name.to_string(), idx);
        }
        candidates.push(Candidate { kind, name: page.front.name().to_string(), page: Some(page), used: false });
    }

    // Resolve every name the reports use; a name with no page becomes an entity of its own.
    let mut resolve = |kind: Kind, name: &str, candidates: &mut Vec<Candidate>| -> usize {
        let names = &mut lookup[kind as usize];
        let idx = match names.get(name) {
            Some(&idx) => idx,
            None => {
                candidates.push(Candidate { kind, name: name.to_string(), page: None, used: false });
                names.insert(name.to_string(), candidates.len() - 1);
                candidates.len() - 1
            }
        };
        candidates[idx].used = true;
        idx
    };
    let mut report_names: Vec<Vec<usize>> = Vec::with_capacity(content.reports.len());
    let mut event_names: Vec<Vec<Vec<usize>>> = Vec::with_capacity(content.reports.len());
    for r in &content.reports {
        let f = &r.front;
        let mut own = Vec::new();
        for (kind, list) in [(Kind::County, &f.counties), (Kind::Person, &f.people), (Kind::Program, &f.programs)] {
            own.extend(list.iter().filter(|n| !n.trim().is_empty()).map(|n| resolve(kind, n.trim(), &mut candidates)));
        }
        let mut per_event = Vec::new();
        for ev in &f.events {
            let mut names = Vec::new();
            for (kind, list) in
                [(Kind::County, &ev.counties), (Kind::Person, &ev.people), (Kind::Program, &ev.programs)]
            {
                names.extend(
                    list.iter().filter(|n| !n.trim().is_empty()).map(|n| resolve(kind, n.trim(), &mut candidates)),
                );
            }
            per_event.push(names);
        }
        report_names.push(own);
        event_names.push(per_event);
    }

    for c in &candidates {
        if let (Some(page), false) = (&c.page, c.used) {
            warnings.push(format!(
                "{}: no report names {} or its aliases (the page is built anyway; check the spelling against the reports)",
                page.path, c.name
            ));
        }
    }

    // Slugs, then final ids: by kind, then by slug. Plain slugs are computed in parallel.
    let plain: Vec<Option<String>> = candidates
        .par_iter()
        .map(|c| c.page.and_then(|p| p.front.slug()).is_none().then(|| plain_slug(c.kind, &c.name)))
        .collect();
    let mut slugs = vec![String::new(); candidates.len()];
    for kind in Kind::ALL {
        let members: Vec<usize> = (0..candidates.len()).filter(|&i| candidates[i].kind == kind).collect();
        let wanted: Vec<Wanted> = members
            .iter()
            .map(|&i| {
                let c = &candidates[i];
                Wanted {
                    name: &c.name,
                    pinned: c.page.and_then(|p| p.front.slug()),
                    plain: plain[i].as_deref(),
                    path: c.page.map(|p| p.path.as_str()),
                    line: c
                        .page
                        .filter(|p| p.front.slug().is_some())
                        .map_or(1, |p| frontmatter::line_of_key(&p.yaml, "slug")),
                }
            })
            .collect();
        let (assigned, notes) = assign_slugs(kind, &wanted)?;
        warnings.extend(notes);
        for (&i, s) in members.iter().zip(assigned) {
            slugs[i] = s;
        }
    }
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| (candidates[a].kind, &slugs[a]).cmp(&(candidates[b].kind, &slugs[b])));
    let mut id_of = vec![0; candidates.len()];
    for (id, &c) in order.iter().enumerate() {
        id_of[c] = id;
    }
    let mut entities: Vec<Entity> = order
        .iter()
        .map(|&c| {
            let cand = &candidates[c];
            Entity {
                kind: cand.kind,
                name: cand.name.clone(),
                slug: std::mem::take(&mut slugs[c]),
                aliases: cand.page.map(|p| p.front.aliases().to_vec()).unwrap_or_default(),
                page: cand.page.cloned(),
                reports: Vec::new(),
                events: Vec::new(),
            }
        })
        .collect();
    let kinds = Kind::ALL.map(|k| {
        let start = entities.partition_point(|e| e.kind < k);
        let end = entities.partition_point(|e| e.kind <= k);
        start..end
    });

    // Reports newest first, undated last, then by slug.
    let mut report_order: Vec<usize> = (0..content.reports.len()).collect();
    report_order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&content.reports[a], &content.reports[b]);
        (a.date.is_none(), Reverse(a.date), &a.slug).cmp(&(b.date.is_none(), Reverse(b.date), &b.slug))
    });
    // Each report with its events, in parallel: mostly copying strings.
    let built: Vec<(Report, Vec<RawEvent>)> = report_order
        .par_iter()
        .enumerate()
        .map(|(rid, &i)| {
            let page = &content.reports[i];
            let mut mentioned: Vec<EntityId> = report_names[i].iter().map(|&c| id_of[c]).collect();
            let mut own_events = Vec::with_capacity(page.front.events.len());
            for (n, ev) in page.front.events.iter().enumerate() {
                let mut named: Vec<EntityId> = event_names[i][n].iter().map(|&c| id_of[c]).collect();
                named.sort_unstable();
                named.dedup();
                mentioned.extend(&named);
                let (date, end) = page.event_dates[n];
                own_events.push((rid, n, Event { report: rid, date, end, text: ev.text.clone(), entities: named }));
            }
            mentioned.sort_unstable();
            mentioned.dedup();
            let f = &page.front;
            let report = Report {
                slug: page.slug.clone(),
                path: page.path.clone(),
                title: f.title.clone(),
                date: page.date,
                source: f.source.clone(),
                authors: f.authors.clone(),
                url: f.url.clone(),
                seed: f.seed.clone(),
                part: f.part,
                raw_html: f.raw_html,
                extra: f.extra.clone(),
                body: page.body.clone(),
                excerpt: page.excerpt.clone(),
                entities: mentioned,
                events: Vec::new(),
            };
            (report, own_events)
        })
        .collect();
    let mut reports = Vec::with_capacity(built.len());
    let mut raw_events = Vec::new();
    for (report, own_events) in built {
        reports.push(report);
        raw_events.extend(own_events);
    }

    // Events chronological; ties by report slug and position, never by discovery order.
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
        for &e in &ev.entities {
            entities[e].events.push(eid);
        }
        events.push(ev);
    }
    for (report, mut pos) in reports.iter_mut().zip(positions) {
        pos.sort_unstable();
        report.events = pos.into_iter().map(|(_, eid)| eid).collect();
    }

    // Each entity's reports (report ids are newest first).
    for (rid, report) in reports.iter().enumerate() {
        for &a in &report.entities {
            entities[a].reports.push(rid);
        }
    }

    let all: Vec<EventId> = (0..events.len()).collect();
    let timeline = group_timeline(&all, &events);
    let mut names: [FxHashMap<String, EntityId>; 3] = Default::default();
    for (id, e) in entities.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            names[e.kind as usize].insert(name.clone(), id);
        }
    }
    Ok(Site { config, reports, entities, events, timeline, warnings, kinds, names })
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

/// The plain slug of a name of this kind.
pub fn plain_slug(kind: Kind, name: &str) -> String {
    match kind {
        Kind::County => slug::place_slug(name),
        Kind::Person => slug::person_slug(name),
        Kind::Program => slug::text_slug_limited(name, 60),
    }
}

/// Gives every name of one kind a distinct slug. A pinned slug wins; names whose plain slug
/// collides with another name's (or with a pinned slug) all take `slug::disambiguated`, which
/// depends on the name only, so the result never depends on the order pages are found in.
fn assign_slugs(kind: Kind, wanted: &[Wanted]) -> Result<(Vec<String>, Vec<String>)> {
    let mut notes = Vec::new();
    let mut pinned: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, w) in wanted.iter().enumerate() {
        if let Some(p) = w.pinned
            && let Some(&j) = pinned.get(p)
        {
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
        if let Some(p) = w.pinned {
            pinned.insert(p, i);
        }
    }
    let mut by_plain: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, w) in wanted.iter().enumerate() {
        if let Some(p) = w.plain {
            by_plain.entry(p).or_default().push(i);
        }
    }
    let mut out: Vec<String> = wanted.iter().map(|w| w.pinned.unwrap_or_default().to_string()).collect();
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
    Ok((out, notes))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{config, person, report};
    use super::*;

    fn slug_of<'a>(site: &'a Site, name: &str) -> &'a str {
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
