//! Open data under `/data/`: what the site knows, as a Frictionless Data Package.
//!
//! Owns the seven tables of CONTENT.md ("Open data under /data/"), their Table Schemas (types,
//! primary keys, foreign keys by slug, Chinese descriptions), and the files: `datapackage.json`,
//! each table as UTF-8 CSV (RFC 4180: quoted only where needed, CRLF line ends; lists inside a
//! cell joined with `;`) and as JSON (an array of objects in the order of the columns, lists as
//! arrays, empty cells as `null`). Every row comes from the same `Graph` the pages come
//! from, so tables and pages agree; rows are in a fixed order (reports by slug, entities by
//! kind and slug, events and mentions by report), so the same content gives the same bytes.
//!
//! It returns `OutputFile`s and the `/data/` page's catalogue; `output` writes them and the
//! link check sees them like any page. It must not render templates or touch the file system.
//!
//! The files, in their import order: `schema` (the tables' columns and keys, the package
//! and the catalogue), `cells` (a cell, and rows as CSV and JSON), `rows` (each table's rows
//! from the graph); this file picks the tables an edit changed and makes their files.

mod cells;
mod rows;
mod schema;

use anyhow::Result;
use rayon::prelude::*;

use crate::site::file::OutputFile;
use crate::site::graph::Graph;
use crate::site::ids::{Kind, ReportId};
use cells::{Cell, csv, json_rows};
use rows::{by_slug, report_rows, rows};
use schema::{TABLES, TableDef, package};

pub(crate) use schema::{DIR, PACKAGE, catalogue};

/// A set of the seven tables: those an edit changed, those a run makes. A report edit changes
/// `reports`, and `events` and `mentions` only when the report's rows there changed (see
/// `linked_rows`); an entity table changes only when an entity of its kind is added or its
/// page changes (the tables hold no counts). At 10,000 reports `events` and `mentions` are
/// 20 MB, so `serve` makes only what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tables(u8);

impl Tables {
    /// Bits in the order of `TABLES`.
    pub(crate) const ALL: Tables = Tables(0b111_1111);
    /// No table (a job that only does what an earlier one left to it).
    pub(crate) const NONE: Tables = Tables(0);
    /// `reports` and `copies`, whose rows only a report's own front matter makes.
    pub(crate) const REPORTS: Tables = Tables(0b1_0001);
    /// A report's rows elsewhere: `events` and `mentions`.
    pub(crate) const LINKED: Tables = Tables(0b110_0000);

    /// The entity table of `kind`.
    pub(crate) fn entities(kind: Kind) -> Tables {
        match kind {
            Kind::County => Tables(0b10),
            Kind::Person => Tables(0b100),
            Kind::Program => Tables(0b1000),
        }
    }

    /// The tables of both: what one run must make for two edits coalesced.
    pub(crate) fn union(self, other: Tables) -> Tables {
        Tables(self.0 | other.0)
    }

    /// These less `other`'s.
    pub(crate) fn without(self, other: Tables) -> Tables {
        Tables(self.0 & !other.0)
    }

    /// Each table of these on its own, in the order of `TABLES`.
    pub(crate) fn each(self) -> impl Iterator<Item = Tables> {
        (0..TABLES.len()).map(|i| Tables(1 << i)).filter(move |t| self.0 & t.0 != 0)
    }

    fn holds(self, table: &str) -> bool {
        TABLES.iter().position(|t| t.name == table).is_some_and(|i| self.0 & (1 << i) != 0)
    }
}

/// The data files for `which` tables, with `datapackage.json`, as output files under `data/`,
/// all at once: the reference the tests hold `snapshot` and `each_file` to.
#[cfg(test)]
pub(crate) fn files(site: &Graph, which: Tables) -> Vec<OutputFile> {
    let wanted: Vec<&TableDef> = TABLES.iter().filter(|t| which.holds(t.name)).collect();
    let order = by_slug(site);
    let mut files: Vec<OutputFile> =
        wanted.par_iter().flat_map_iter(|t| table_files(t, &rows(site, t.name, &order).collect::<Vec<_>>())).collect();
    files.push(OutputFile { path: format!("{DIR}{PACKAGE}"), bytes: package(&site.config) });
    files
}

/// One table's CSV and JSON files.
fn table_files(t: &TableDef, rows: &[Vec<Cell>]) -> [OutputFile; 2] {
    let (csv, json) = rayon::join(|| csv(t, rows), || json_rows(t, rows));
    [
        OutputFile { path: format!("{DIR}{}.csv", t.name), bytes: csv },
        OutputFile { path: format!("{DIR}{}.json", t.name), bytes: json },
    ]
}

/// The rows of some tables copied out of the graph: `serve`'s background job takes them
/// and lets go of the graph before the slow part, writing CSV and JSON, so the next edit can
/// patch the graph in place instead of copying it.
pub(crate) struct Snapshot {
    tables: Vec<(&'static TableDef, Vec<Vec<Cell<'static>>>)>,
    package: Vec<u8>,
}

/// `snapshot`, given up (`None`) as soon as `stop` says so (asked before each table and every
/// 256 rows): `serve`'s background job lets go of the graph when an edit is to patch it.
pub(crate) fn snapshot_until(site: &Graph, which: Tables, stop: fn() -> bool) -> Option<Snapshot> {
    let order = by_slug(site);
    let mut tables = Vec::new();
    for t in TABLES.iter().filter(|t| which.holds(t.name)) {
        let mut kept = Vec::new();
        for row in rows(site, t.name, &order) {
            if kept.len() % 256 == 0 && stop() {
                return None;
            }
            kept.push(row.into_iter().map(Cell::into_owned).collect());
        }
        if stop() {
            return None;
        }
        tables.push((t, kept));
    }
    Some(Snapshot { tables, package: package(&site.config) })
}

/// The rows of the `which` tables (see `files`), owned.
#[cfg(test)]
fn snapshot(site: &Graph, which: Tables) -> Snapshot {
    snapshot_until(site, which, || false).expect("never stopped")
}

impl Snapshot {
    /// The same files as `files` would have made from the graph.
    pub(crate) fn files(self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> =
            self.tables.par_iter().flat_map_iter(|(t, rows)| table_files(t, rows)).collect();
        files.push(OutputFile { path: format!("{DIR}{PACKAGE}"), bytes: self.package });
        files
    }
}

/// The paths of every data file, without making them: `serve` lists them (for the link check
/// and the sitemap) and leaves the making to a background job.
pub(crate) fn paths() -> Vec<String> {
    let tables = TABLES.iter().flat_map(|t| [format!("{DIR}{}.csv", t.name), format!("{DIR}{}.json", t.name)]);
    tables.chain(std::iter::once(format!("{DIR}{PACKAGE}"))).collect()
}

/// [`files`], handed to `emit` a table at a time: a large site's tables (hundreds of MB at
/// 100,000 reports, and their rows before that) are never all in memory at once.
pub(crate) fn each_file(site: &Graph, which: Tables, mut emit: impl FnMut(OutputFile) -> Result<()>) -> Result<()> {
    let order = by_slug(site);
    for t in TABLES.iter().filter(|t| which.holds(t.name)) {
        // Each writer makes the rows again as it goes: the largest tables (a row per event and
        // per mention) are never held as rows.
        let (csv, json) =
            rayon::join(|| csv(t, rows(site, t.name, &order)), || json_rows(t, rows(site, t.name, &order)));
        emit(OutputFile { path: format!("{DIR}{}.csv", t.name), bytes: csv })?;
        emit(OutputFile { path: format!("{DIR}{}.json", t.name), bytes: json })?;
    }
    emit(OutputFile { path: format!("{DIR}{PACKAGE}"), bytes: package(&site.config) })
}

/// A report's rows in the `events` and `mentions` tables, as CSV: equal before and after an
/// edit when those tables need not be made again.
pub(crate) fn linked_rows(site: &Graph, report: ReportId) -> String {
    let mut out = Vec::new();
    for name in ["events", "mentions"] {
        let table = TABLES.iter().find(|t| t.name == name).expect("a table of the spec");
        out.extend(csv(table, report_rows(site, name, report)));
    }
    String::from_utf8(out).expect("CSV of UTF-8 strings")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::cells::*;
    use super::schema::*;
    use super::*;
    use crate::site::config::Config;

    fn table(name: &str) -> &'static TableDef {
        TABLES.iter().find(|t| t.name == name).unwrap()
    }

    #[test]
    fn csv_quotes_only_what_needs_it_and_ends_lines_with_crlf() {
        let rows = vec![vec![text("r1"), text("kind"), text("王明远")], vec![text("r2"), text("a,\"b\""), text("x")]];
        let bytes = csv(table("mentions"), &rows);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "report,kind,entity\r\nr1,kind,王明远\r\nr2,\"a,\"\"b\"\"\",x\r\n"
        );
    }

    #[test]
    fn json_rows_keep_the_column_order_and_type_the_cells() {
        let row = vec![
            text("r1"),
            text("标题"),
            Cell::Missing,
            Cell::Missing,
            list(["李秀兰", "王明远"]),
            text("a.txt"),
            Cell::Integer(2),
            text("/reports/r1/"),
            Cell::Integer(0),
        ];
        let out = String::from_utf8(json_rows(table("reports"), &[row])).unwrap();
        assert_eq!(
            out,
            "[\n{\"slug\":\"r1\",\"title\":\"标题\",\"date\":null,\"source\":null,\"authors\":[\"李秀兰\",\"王明远\"],\"seed\":\"a.txt\",\"part\":2,\"url\":\"/reports/r1/\",\"copies\":0}\n]\n"
        );
        assert_eq!(String::from_utf8(json_rows(table("reports"), Vec::<Vec<Cell>>::new())).unwrap(), "[\n]\n");
    }

    #[test]
    fn every_table_of_the_spec_has_its_columns_and_keys() {
        let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        assert_eq!(names, ["reports", "counties", "people", "programs", "copies", "events", "mentions"]);
        let columns = |n: &str| table(n).columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
        assert_eq!(columns("reports"), "slug,title,date,source,authors,seed,part,url,copies");
        assert_eq!(columns("copies"), "report,seed,part,source,date,url");
        assert_eq!(columns("counties"), "slug,name,code,province,prefecture,aliases,lon,lat,url");
        assert_eq!(columns("people"), "slug,name,aliases,roles,url");
        assert_eq!(columns("programs"), "slug,name,aliases,kind,url");
        assert_eq!(columns("events"), "report,date,end,text,counties,people,programs");
        assert_eq!(columns("mentions"), "report,kind,entity");
        for t in &TABLES {
            for key in t.primary_key.iter().chain(t.foreign_keys.iter().map(|(c, _, _)| c)) {
                assert!(t.columns.iter().any(|c| c.name == *key), "{}: no column {key}", t.name);
            }
        }
    }

    #[test]
    fn the_paths_are_those_of_the_files() {
        let config = Config::load(std::path::Path::new("/nonexistent"), None, None).unwrap();
        let site = crate::site::graph::build(config, &crate::site::load::Content::default()).unwrap();
        let mut made: Vec<String> = files(&site, Tables::ALL).into_iter().map(|f| f.path).collect();
        let mut listed = paths();
        made.sort();
        listed.sort();
        assert_eq!(made, listed);
    }

    #[test]
    fn a_snapshot_makes_the_same_files_as_the_graph() {
        let config = Config::load(std::path::Path::new("/nonexistent"), None, None).unwrap();
        let site = crate::site::graph::build(config, &crate::site::load::Content::default()).unwrap();
        let which = Tables::REPORTS.union(Tables::entities(Kind::Person));
        let bytes = |files: Vec<OutputFile>| files.into_iter().map(|f| (f.path, f.bytes)).collect::<Vec<_>>();
        assert_eq!(bytes(snapshot(&site, which).files()), bytes(files(&site, which)));
        assert!(snapshot_until(&site, which, || true).is_none(), "a stop is heeded");
    }

    #[test]
    fn table_sets_name_the_tables_in_their_order() {
        let named = |t: Tables| TABLES.iter().filter(|d| t.holds(d.name)).map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(named(Tables::REPORTS.union(Tables::LINKED)), ["reports", "copies", "events", "mentions"]);
        assert_eq!(named(Tables::entities(Kind::Person)), ["people"]);
        assert_eq!(
            named(Tables::entities(Kind::County).union(Tables::entities(Kind::Program))),
            ["counties", "programs"]
        );
        assert_eq!(named(Tables::ALL).len(), 7);
    }

    #[test]
    fn a_licence_line_becomes_a_package_licence_only_when_it_names_one() {
        assert_eq!(licence("CC-BY-4.0"), Some(json!({ "name": "CC-BY-4.0", "title": "CC-BY-4.0" })));
        let line = "知识共享署名 4.0（https://creativecommons.org/licenses/by/4.0/）";
        assert_eq!(licence(line).unwrap()["path"], "https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(licence("本站数据可自由使用，请注明出处"), None);
    }
}
