//! The rows of each table, made from the graph in their fixed order (reports by slug,
//! entities by kind and slug, copies, events and mentions a report at a time).

use super::cells::{Cell, list, optional, owned, text};
use crate::site::config::Config;
use crate::site::graph::{Entity, Graph};
use crate::site::ids::{Kind, ReportId};
use crate::site::load::Facts;
use crate::site::place::Place;

/// The rows of `events` or `mentions` for one report, in table order.
pub(super) fn report_rows<'a>(site: &'a Graph, table: &str, r: ReportId) -> Vec<Vec<Cell<'a>>> {
    let slugs = |ids: &[usize], kind: Kind| {
        list(ids.iter().map(|&e| &site.entities[e]).filter(|e| e.kind == kind).map(|e| e.slug.as_str()))
    };
    let report = &site.reports[r];
    match table {
        "events" => report
            .events
            .iter()
            .map(|&id| {
                let ev = &site.events[id];
                vec![
                    text(&report.slug),
                    owned(ev.date.to_string()),
                    ev.end.map_or(Cell::Missing, |d| owned(d.to_string())),
                    text(&ev.text),
                    slugs(&ev.entities, Kind::County),
                    slugs(&ev.entities, Kind::Person),
                    slugs(&ev.entities, Kind::Program),
                ]
            })
            .collect(),
        "mentions" => report
            .entities
            .iter()
            .map(|&e| {
                let e = &site.entities[e];
                vec![text(&report.slug), text(e.kind.dir()), text(&e.slug)]
            })
            .collect(),
        other => unreachable!("no per-report table {other}"),
    }
}

/// The rows of `copies` for one report: each other printing, oldest first (as its front
/// matter lists them); `file#N` split into seed and part.
fn copy_rows(site: &Graph, r: ReportId) -> Vec<Vec<Cell<'_>>> {
    let report = &site.reports[r];
    report
        .copies
        .iter()
        .map(|c| {
            let (seed, part) = match c.seed.rsplit_once('#') {
                Some((seed, n)) if n.parse::<u32>().is_ok() => (seed, n.parse().ok()),
                _ => (c.seed.as_str(), None),
            };
            vec![
                text(&report.slug),
                text(seed),
                part.map_or(Cell::Missing, Cell::Integer),
                optional(c.source.as_deref()),
                optional(c.date.as_deref()),
                optional(c.url.as_deref()),
            ]
        })
        .collect()
}

/// The reports in slug order, the order of the `reports`, `events` and `mentions` tables.
pub(super) fn by_slug(site: &Graph) -> Vec<ReportId> {
    let mut order: Vec<ReportId> = (0..site.reports.len()).collect();
    order.sort_unstable_by(|&a, &b| site.reports[a].slug.cmp(&site.reports[b].slug));
    order
}

/// The rows of one table, in their fixed order (`by_slug`: the reports in slug order); those
/// of `events` and `mentions` are made a report at a time as they are read.
pub(super) fn rows<'a>(
    site: &'a Graph,
    table: &'a str,
    by_slug: &'a [ReportId],
) -> Box<dyn Iterator<Item = Vec<Cell<'a>>> + 'a> {
    let c = &site.config;
    match table {
        "reports" => Box::new(by_slug.iter().map(move |&r| {
            let r = &site.reports[r];
            vec![
                text(&r.slug),
                text(&r.title),
                r.date.map_or(Cell::Missing, |d| owned(d.to_string())),
                optional(r.source.as_deref()),
                list(r.authors.iter().map(String::as_str)),
                optional(r.seed.as_deref()),
                r.part.map_or(Cell::Missing, Cell::Integer),
                owned(c.absolute(r.path())),
                Cell::Integer(r.copies.len() as u32),
            ]
        })),
        "copies" => Box::new(by_slug.iter().flat_map(move |&r| copy_rows(site, r))),
        "counties" | "people" | "programs" => {
            let kind = Kind::ALL.into_iter().find(|k| k.dir() == table).expect("an entity table");
            Box::new(site.of_kind(kind).iter().map(move |e| entity_row(c, e)))
        }
        "events" | "mentions" => Box::new(by_slug.iter().flat_map(move |&r| report_rows(site, table, r))),
        other => unreachable!("no table {other}"),
    }
}

/// A row of `counties`, `people` or `programs`.
fn entity_row<'a>(c: &Config, e: &'a Entity) -> Vec<Cell<'a>> {
    let facts = Facts::of(e.page.as_ref().map(|p| &p.front));
    let url = owned(c.absolute(e.path()));
    let (slug, name, aliases) = (text(&e.slug), text(&e.name), list(e.aliases.iter().map(String::as_str)));
    match e.kind {
        Kind::County => {
            let place = Place::of(e).unwrap_or_default();
            let number = |v: Option<f64>| v.map_or(Cell::Missing, Cell::Number);
            let opt = |v: Option<String>| v.filter(|s| !s.is_empty()).map_or(Cell::Missing, owned);
            vec![
                slug,
                name,
                opt(place.code),
                opt(place.province),
                opt(place.prefecture),
                aliases,
                number(place.lon),
                number(place.lat),
                url,
            ]
        }
        Kind::Person => vec![slug, name, aliases, list(facts.roles.iter().map(String::as_str)), url],
        Kind::Program => vec![slug, name, aliases, optional(facts.program_kind), url],
    }
}
