//! Open data under `/data/`: what the site knows, as a Frictionless Data Package.
//!
//! Owns the six tables of CONTENT.md ("Open data under /data/"), their Table Schemas (types,
//! primary keys, foreign keys by slug, Chinese descriptions), and the files: `datapackage.json`,
//! each table as UTF-8 CSV (RFC 4180: quoted only where needed, CRLF line ends; lists inside a
//! cell joined with `;`) and as JSON (an array of objects in the order of the columns, lists as
//! arrays, empty cells as `null`). Every row comes from the same `Site` graph the pages come
//! from, so tables and pages agree; rows are in a fixed order (reports by slug, entities by
//! kind and slug, events and mentions by report), so the same content gives the same bytes.
//!
//! It returns `OutputFile`s and the `/data/` page's catalogue; `output` writes them and the
//! link check sees them like any page. It must not render templates or touch the file system.

use std::borrow::Cow;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::site::config::Config;
use crate::site::file::OutputFile;
use crate::site::graph::Site;
use crate::site::ids::{Kind, ReportId};
use crate::site::load::EntityFront;
use crate::site::place::Place;

/// The folder of the data files, a site path like any page's.
pub(crate) const DIR: &str = "data/";
pub(crate) const PACKAGE: &str = "datapackage.json";

/// A set of the six tables: those an edit changed, those a run makes. A report edit changes
/// `reports`, and `events` and `mentions` only when the report's rows there changed (see
/// `linked_rows`); an entity table changes only when an entity of its kind is added or its
/// page changes (the tables hold no counts). At 10,000 reports `events` and `mentions` are
/// 20 MB, so `serve` makes only what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tables(u8);

impl Tables {
    /// Bits in the order of `TABLES`.
    pub(crate) const ALL: Tables = Tables(0b11_1111);
    pub(crate) const REPORTS: Tables = Tables(1);
    /// A report's rows elsewhere: `events` and `mentions`.
    pub(crate) const LINKED: Tables = Tables(0b11_0000);

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

    fn holds(self, table: &str) -> bool {
        TABLES.iter().position(|t| t.name == table).is_some_and(|i| self.0 & (1 << i) != 0)
    }
}

/// A column: its name, Table Schema type and what it holds (in Chinese, for readers).
struct Column {
    name: &'static str,
    kind: ColumnType,
    required: bool,
    about: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Text,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the content writes dates.
    Date,
    Slug,
    Integer,
    Number,
    /// Several values in one cell, joined with `;`.
    List,
    /// The name of an entity table: `counties`, `people` or `programs`.
    KindName,
}

/// One table: its name (file and resource), title and description, columns and keys.
struct TableDef {
    name: &'static str,
    title: &'static str,
    about: &'static str,
    columns: &'static [Column],
    primary_key: &'static [&'static str],
    /// `(column, table, column)`: every value of the column is a key of the other table.
    foreign_keys: &'static [(&'static str, &'static str, &'static str)],
}

const fn col(name: &'static str, kind: ColumnType, required: bool, about: &'static str) -> Column {
    Column { name, kind, required, about }
}

use ColumnType::{Date, Integer, KindName, List, Number, Slug, Text};

const URL_ABOUT: &str = "本站上的页面地址";

const TABLES: [TableDef; 6] = [
    TableDef {
        name: "reports",
        title: "报告",
        about: "每篇报告一行：标题、发布日期、发布机构、作者和它来自哪个原始文件。",
        columns: &[
            col("slug", Slug, true, "报告的标识，也是它在本站的网址的一段"),
            col("title", Text, true, "标题"),
            col("date", Date, false, "发布日期：年、年-月或年-月-日"),
            col("source", Text, false, "发布机构"),
            col("authors", List, false, "署名的作者或单位，多个以分号隔开"),
            col("seed", Text, false, "报告所在的原始文件"),
            col("part", Integer, false, "一个原始文件含多篇报告时，这是第几篇"),
            col("url", Text, true, URL_ABOUT),
        ],
        primary_key: &["slug"],
        foreign_keys: &[],
    },
    TableDef {
        name: "counties",
        title: "县区",
        about: "报告提到的每个县级行政区一行：区划代码、所属省份和地市、经纬度（来自行政区划数据）。",
        columns: &[
            col("slug", Slug, true, "县区的标识"),
            col("name", Text, true, "正式名称"),
            col("code", Text, false, "行政区划代码（GB/T 2260）"),
            col("province", Text, false, "所属省份"),
            col("prefecture", Text, false, "所属地市"),
            col("aliases", List, false, "简称和曾用名，多个以分号隔开"),
            col("lon", Number, false, "经度"),
            col("lat", Number, false, "纬度"),
            col("url", Text, true, URL_ABOUT),
        ],
        primary_key: &["slug"],
        foreign_keys: &[],
    },
    TableDef {
        name: "people",
        title: "人物",
        about: "报告提到的每位人物一行：姓名、别称和报告中写明的职务。",
        columns: &[
            col("slug", Slug, true, "人物的标识"),
            col("name", Text, true, "姓名"),
            col("aliases", List, false, "别称，多个以分号隔开"),
            col("roles", List, false, "报告中写明的职务，多个以分号隔开"),
            col("url", Text, true, URL_ABOUT),
        ],
        primary_key: &["slug"],
        foreign_keys: &[],
    },
    TableDef {
        name: "programs",
        title: "项目",
        about: "报告提到的每个有名称的项目、活动或工程一行。",
        columns: &[
            col("slug", Slug, true, "项目的标识"),
            col("name", Text, true, "名称"),
            col("aliases", List, false, "其他写法，多个以分号隔开"),
            col("kind", Text, false, "类别，如活动、工程"),
            col("url", Text, true, URL_ABOUT),
        ],
        primary_key: &["slug"],
        foreign_keys: &[],
    },
    TableDef {
        name: "events",
        title: "事件",
        about: "报告记述的每个有日期的事件一行，按报告和在报告中的先后排列；县区、人物、项目列给出标识。",
        columns: &[
            col("report", Slug, true, "记述它的报告（reports 表的 slug）"),
            col("date", Date, true, "开始日期"),
            col("end", Date, false, "结束日期（时间段才有）"),
            col("text", Text, true, "记述它的原句"),
            col("counties", List, false, "句中的县区（counties 表的 slug），多个以分号隔开"),
            col("people", List, false, "句中的人物（people 表的 slug），多个以分号隔开"),
            col("programs", List, false, "句中的项目（programs 表的 slug），多个以分号隔开"),
        ],
        primary_key: &[],
        foreign_keys: &[("report", "reports", "slug")],
    },
    TableDef {
        name: "mentions",
        title: "提及",
        about: "报告与它提到的县区、人物、项目之间的每一对一行：kind 是表名，entity 是该表的 slug。",
        columns: &[
            col("report", Slug, true, "报告（reports 表的 slug）"),
            col("kind", KindName, true, "被提到的是什么：counties、people 或 programs"),
            col("entity", Slug, true, "被提到的县区、人物或项目在 kind 表中的 slug"),
        ],
        primary_key: &["report", "kind", "entity"],
        foreign_keys: &[("report", "reports", "slug")],
    },
];

/// One cell, typed as its column, borrowing the graph's strings: the tables of a large site
/// are tens of megabytes, so nothing is copied that need not be.
#[derive(Debug, Clone, PartialEq)]
enum Cell<'a> {
    Text(Cow<'a, str>),
    Missing,
    Integer(u32),
    Number(f64),
    List(Vec<Cow<'a, str>>),
}

impl Cell<'_> {
    /// The cell with its text copied out of the graph.
    fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Text(s) => Cell::Text(Cow::Owned(s.into_owned())),
            Cell::Missing => Cell::Missing,
            Cell::Integer(n) => Cell::Integer(n),
            Cell::Number(x) => Cell::Number(x),
            Cell::List(items) => Cell::List(items.into_iter().map(|i| Cow::Owned(i.into_owned())).collect()),
        }
    }
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn owned(s: String) -> Cell<'static> {
    Cell::Text(Cow::Owned(s))
}

fn optional(s: Option<&str>) -> Cell<'_> {
    s.filter(|s| !s.is_empty()).map_or(Cell::Missing, text)
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Cell<'a> {
    Cell::List(items.into_iter().map(Cow::Borrowed).collect())
}

/// The data files for `which` tables, with `datapackage.json`, as output files under `data/`.
pub(crate) fn files(site: &Site, which: Tables) -> Vec<OutputFile> {
    let wanted: Vec<&TableDef> = TABLES.iter().filter(|t| which.holds(t.name)).collect();
    let mut files: Vec<OutputFile> =
        wanted.par_iter().flat_map_iter(|t| table_files(t, &rows(site, t.name).collect::<Vec<_>>())).collect();
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

/// The rows of the `which` tables (see `files`), owned.
pub(crate) fn snapshot(site: &Site, which: Tables) -> Snapshot {
    let tables = TABLES
        .iter()
        .filter(|t| which.holds(t.name))
        .map(|t| {
            let rows = rows(site, t.name).map(|row| row.into_iter().map(Cell::into_owned).collect());
            (t, rows.collect())
        })
        .collect();
    Snapshot { tables, package: package(&site.config) }
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
pub(crate) fn each_file(site: &Site, which: Tables, mut emit: impl FnMut(OutputFile) -> Result<()>) -> Result<()> {
    for t in TABLES.iter().filter(|t| which.holds(t.name)) {
        // Each writer makes the rows again as it goes: the largest tables (a row per event and
        // per mention) are never held as rows.
        let (csv, json) = rayon::join(|| csv(t, rows(site, t.name)), || json_rows(t, rows(site, t.name)));
        emit(OutputFile { path: format!("{DIR}{}.csv", t.name), bytes: csv })?;
        emit(OutputFile { path: format!("{DIR}{}.json", t.name), bytes: json })?;
    }
    emit(OutputFile { path: format!("{DIR}{PACKAGE}"), bytes: package(&site.config) })
}

/// A report's rows in the `events` and `mentions` tables, as CSV: equal before and after an
/// edit when those tables need not be made again.
pub(crate) fn linked_rows(site: &Site, report: ReportId) -> String {
    let mut out = Vec::new();
    for name in ["events", "mentions"] {
        let table = TABLES.iter().find(|t| t.name == name).expect("a table of the spec");
        out.extend(csv(table, report_rows(site, name, report)));
    }
    String::from_utf8(out).expect("CSV of UTF-8 strings")
}

/// The rows of `events` or `mentions` for one report, in table order.
fn report_rows<'a>(site: &'a Site, table: &str, r: ReportId) -> Vec<Vec<Cell<'a>>> {
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

/// The rows of one table, in their fixed order; those of `events` and `mentions` are made a
/// report at a time as they are read.
fn rows<'a>(site: &'a Site, table: &'a str) -> Box<dyn Iterator<Item = Vec<Cell<'a>>> + 'a> {
    let c = &site.config;
    let mut by_slug: Vec<usize> = (0..site.reports.len()).collect();
    by_slug.sort_unstable_by(|&a, &b| site.reports[a].slug.cmp(&site.reports[b].slug));
    match table {
        "reports" => Box::new(by_slug.into_iter().map(move |r| {
            let r = &site.reports[r];
            vec![
                text(&r.slug),
                text(&r.title),
                r.date.map_or(Cell::Missing, |d| owned(d.to_string())),
                optional(r.source.as_deref()),
                list(r.authors.iter().map(String::as_str)),
                optional(r.seed.as_deref()),
                r.part.map_or(Cell::Missing, Cell::Integer),
                owned(c.absolute(&r.path())),
            ]
        })),
        "counties" | "people" | "programs" => {
            let kind = Kind::ALL.into_iter().find(|k| k.dir() == table).expect("an entity table");
            Box::new(site.of_kind(kind).iter().map(move |e| entity_row(c, e)))
        }
        "events" | "mentions" => Box::new(by_slug.into_iter().flat_map(move |r| report_rows(site, table, r))),
        other => unreachable!("no table {other}"),
    }
}

/// A row of `counties`, `people` or `programs`.
fn entity_row<'a>(c: &Config, e: &'a crate::site::graph::Entity) -> Vec<Cell<'a>> {
    let front = e.page.as_ref().map(|p| &p.front);
    let url = owned(c.absolute(&e.path()));
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
        Kind::Person => {
            let roles: &[String] = match front {
                Some(EntityFront::Person(f)) => &f.roles,
                _ => &[],
            };
            vec![slug, name, aliases, list(roles.iter().map(String::as_str)), url]
        }
        Kind::Program => {
            let kind = match front {
                Some(EntityFront::Program(f)) => f.kind.as_deref(),
                _ => None,
            };
            vec![slug, name, aliases, optional(kind), url]
        }
    }
}

/// RFC 4180: a header line, fields quoted only when they hold a comma, quote or line break,
/// CRLF after every record.
fn csv<'a, R: AsRef<[Cell<'a>]>>(table: &TableDef, rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let fail = "writing to memory";
    w.write_record(table.columns.iter().map(|c| c.name)).expect(fail);
    let mut scratch = String::new();
    for row in rows {
        for cell in row.as_ref() {
            match cell {
                Cell::Text(s) => w.write_field(s.as_bytes()),
                Cell::Missing => w.write_field(b""),
                Cell::Integer(n) => w.write_field(n.to_string()),
                Cell::Number(x) => w.write_field(x.to_string()),
                Cell::List(items) => {
                    scratch.clear();
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            scratch.push(';');
                        }
                        scratch.push_str(item);
                    }
                    w.write_field(scratch.as_bytes())
                }
            }
            .expect(fail);
        }
        w.write_record(None::<&[u8]>).expect(fail);
    }
    w.into_inner().expect(fail)
}

/// The rows as a JSON array of objects, one row per line, keys in column order.
fn json_rows<'a, R: AsRef<[Cell<'a>]>>(table: &TableDef, rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let keys: Vec<String> = table.columns.iter().map(|c| format!("{}:", Value::from(c.name))).collect();
    let string = |out: &mut Vec<u8>, s: &str| serde_json::to_writer(out, s).expect("writing to memory");
    out.push(b'[');
    for (i, row) in rows.into_iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n{" } else { b",\n{" });
        for (j, (key, cell)) in keys.iter().zip(row.as_ref()).enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            match cell {
                Cell::Text(s) => string(&mut out, s),
                Cell::Missing => out.extend_from_slice(b"null"),
                Cell::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
                Cell::Number(x) => out.extend_from_slice(json!(x).to_string().as_bytes()),
                Cell::List(items) => {
                    out.push(b'[');
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(b',');
                        }
                        string(&mut out, item);
                    }
                    out.push(b']');
                }
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"\n]\n");
    out
}

/// `datapackage.json`: the package, and for every table its file and Table Schema.
fn package(config: &Config) -> Vec<u8> {
    let resources: Vec<Value> = TABLES.iter().map(resource).collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "jianbao-open-data",
        "title": format!("{}：开放数据", config.title),
        "description": "本站从报告中整理出的数据：报告、县区、人物、项目、事件，以及报告提到了哪些县区、人物和项目。\
                        各表以 slug 相互关联；每张表另有同名的 JSON 文件，内容相同。",
        "resources": resources,
    });
    if config.has_host() {
        package["homepage"] = json!(config.absolute(DIR));
    }
    if let Some(licence) = config.data_licence.as_deref().and_then(licence) {
        package["licenses"] = json!([licence]);
    }
    let mut bytes = serde_json::to_vec_pretty(&package).expect("JSON of plain values");
    bytes.push(b'\n');
    bytes
}

fn resource(t: &TableDef) -> Value {
    let fields: Vec<Value> = t.columns.iter().map(field).collect();
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    if !t.primary_key.is_empty() {
        schema["primaryKey"] = json!(t.primary_key);
    }
    if !t.foreign_keys.is_empty() {
        schema["foreignKeys"] = t
            .foreign_keys
            .iter()
            .map(|(column, table, key)| json!({ "fields": [column], "reference": { "resource": table, "fields": [key] } }))
            .collect();
    }
    json!({
        "profile": "tabular-data-resource",
        "name": t.name,
        "path": format!("{}.csv", t.name),
        "title": t.title,
        "description": t.about,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    })
}

fn field(c: &Column) -> Value {
    let mut f = json!({ "name": c.name, "description": c.about });
    let mut constraints = serde_json::Map::new();
    if c.required {
        constraints.insert("required".into(), json!(true));
    }
    match c.kind {
        Text => f["type"] = json!("string"),
        Slug => {
            f["type"] = json!("string");
            // What `slug::is_valid` accepts (a pinned slug may hold `--`).
            constraints.insert("pattern".into(), json!("[a-z0-9]([a-z0-9-]*[a-z0-9])?"));
        }
        Date => {
            f["type"] = json!("string");
            constraints.insert("pattern".into(), json!("[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"));
        }
        Integer => {
            f["type"] = json!("integer");
            constraints.insert("minimum".into(), json!(1));
        }
        Number => f["type"] = json!("number"),
        List => {
            f["type"] = json!("list");
            f["delimiter"] = json!(";");
            f["itemType"] = json!("string");
        }
        KindName => {
            f["type"] = json!("string");
            constraints.insert("enum".into(), json!(Kind::ALL.map(Kind::dir)));
        }
    }
    if !constraints.is_empty() {
        f["constraints"] = Value::Object(constraints);
    }
    f
}

/// The package's licence from the licence line, when the line names one the way the Data
/// Package standard wants (a URL, or an identifier such as `CC-BY-4.0`); otherwise only the
/// `/data/` page shows the line.
fn licence(line: &str) -> Option<Value> {
    let url = line.find("https://").or_else(|| line.find("http://")).map(|at| {
        let rest = &line[at..];
        // A URL ends where the sentence around it goes on.
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '）' | ')' | '。' | '，' | ',' | '、' | '；'))
            .unwrap_or(rest.len());
        &rest[..end]
    });
    let id = line.trim();
    let is_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
    match (url, is_id) {
        (Some(url), _) => Some(json!({ "path": url, "title": line })),
        (None, true) => Some(json!({ "name": id, "title": id })),
        (None, false) => None,
    }
}

/// What the `/data/` page shows: the package, each table with its files, rows and columns.
#[derive(Debug, Serialize)]
pub(crate) struct Catalogue {
    pub(crate) package_url: String,
    pub(crate) licence: Option<String>,
    pub(crate) tables: Vec<TableView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TableView {
    pub(crate) name: &'static str,
    pub(crate) title: &'static str,
    pub(crate) description: &'static str,
    pub(crate) rows: usize,
    pub(crate) csv_url: String,
    pub(crate) json_url: String,
    pub(crate) columns: Vec<ColumnView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ColumnView {
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
}

/// The catalogue of the `/data/` page; row counts come from the graph without making rows.
pub(crate) fn catalogue(site: &Site) -> Catalogue {
    let c = &site.config;
    let count = |table: &str| match table {
        "reports" => site.reports.len(),
        "counties" => site.of_kind(Kind::County).len(),
        "people" => site.of_kind(Kind::Person).len(),
        "programs" => site.of_kind(Kind::Program).len(),
        "events" => site.events.len(),
        _ => site.reports.iter().map(|r| r.entities.len()).sum(),
    };
    Catalogue {
        package_url: c.url(&format!("{DIR}{PACKAGE}")),
        licence: c.data_licence.clone(),
        tables: TABLES
            .iter()
            .map(|t| TableView {
                name: t.name,
                title: t.title,
                description: t.about,
                rows: count(t.name),
                csv_url: c.url(&format!("{DIR}{}.csv", t.name)),
                json_url: c.url(&format!("{DIR}{}.json", t.name)),
                columns: t.columns.iter().map(|c| ColumnView { name: c.name, description: c.about }).collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ];
        let out = String::from_utf8(json_rows(table("reports"), &[row])).unwrap();
        assert_eq!(
            out,
            "[\n{\"slug\":\"r1\",\"title\":\"标题\",\"date\":null,\"source\":null,\"authors\":[\"李秀兰\",\"王明远\"],\"seed\":\"a.txt\",\"part\":2,\"url\":\"/reports/r1/\"}\n]\n"
        );
        assert_eq!(String::from_utf8(json_rows(table("reports"), Vec::<Vec<Cell>>::new())).unwrap(), "[\n]\n");
    }

    #[test]
    fn every_table_of_the_spec_has_its_columns_and_keys() {
        let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        assert_eq!(names, ["reports", "counties", "people", "programs", "events", "mentions"]);
        let columns = |n: &str| table(n).columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
        assert_eq!(columns("reports"), "slug,title,date,source,authors,seed,part,url");
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
    }

    #[test]
    fn table_sets_name_the_tables_in_their_order() {
        let named = |t: Tables| TABLES.iter().filter(|d| t.holds(d.name)).map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(named(Tables::REPORTS.union(Tables::LINKED)), ["reports", "events", "mentions"]);
        assert_eq!(named(Tables::entities(Kind::Person)), ["people"]);
        assert_eq!(
            named(Tables::entities(Kind::County).union(Tables::entities(Kind::Program))),
            ["counties", "programs"]
        );
        assert_eq!(named(Tables::ALL).len(), 6);
    }

    #[test]
    fn a_licence_line_becomes_a_package_licence_only_when_it_names_one() {
        assert_eq!(licence("CC-BY-4.0"), Some(json!({ "name": "CC-BY-4.0", "title": "CC-BY-4.0" })));
        let line = "知识共享署名 4.0（https://creativecommons.org/licenses/by/4.0/）";
        assert_eq!(licence(line).unwrap()["path"], "https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(licence("本站数据可自由使用，请注明出处"), None);
    }
}
