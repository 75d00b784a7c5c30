//! What the open data says it is: the seven tables of CONTENT.md with their columns (Table
//! Schema types, Chinese descriptions), keys and foreign keys; `datapackage.json` made from
//! them; and the `/data/` page's catalogue. No rows: those are `rows`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::site::config::Config;
use crate::site::graph::Graph;
use crate::site::ids::Kind;

/// The folder of the data files, a site path like any page's.
pub(crate) const DIR: &str = "data/";
pub(crate) const PACKAGE: &str = "datapackage.json";

/// A column: its name, Table Schema type and what it holds (in Chinese, for readers).
pub(super) struct Column {
    pub(super) name: &'static str,
    pub(super) kind: ColumnType,
    pub(super) required: bool,
    pub(super) about: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnType {
    Text,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the content writes dates.
    Date,
    Slug,
    Integer,
    /// A count: an integer from 0.
    Count,
    Number,
    /// Several values in one cell, joined with `;`.
    List,
    /// The name of an entity table: `counties`, `people` or `programs`.
    KindName,
}

/// One table: its name (file and resource), title and description, columns and keys.
pub(super) struct TableDef {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) about: &'static str,
    pub(super) columns: &'static [Column],
    pub(super) primary_key: &'static [&'static str],
    /// `(column, table, column)`: every value of the column is a key of the other table.
    pub(super) foreign_keys: &'static [(&'static str, &'static str, &'static str)],
}

pub(super) const fn col(name: &'static str, kind: ColumnType, required: bool, about: &'static str) -> Column {
    Column { name, kind, required, about }
}

use ColumnType::{Count, Date, Integer, KindName, List, Number, Slug, Text};

pub(super) const URL_ABOUT: &str = "本站上的页面地址";

pub(super) const TABLES: [TableDef; 7] = [
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
            col("copies", Count, true, "同一篇报告另有几处刊载（见 copies 表）；只算一篇"),
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
        name: "copies",
        title: "转载",
        about: "同一篇报告在其他媒体或网站的每一次刊载一行；报告只在 reports 表中算一篇。",
        columns: &[
            col("report", Slug, true, "报告（reports 表的 slug）"),
            col("seed", Text, true, "这次刊载所在的原始文件"),
            col("part", Integer, false, "一个原始文件含多篇报告时，这是第几篇"),
            col("source", Text, false, "刊载的机构或媒体"),
            col("date", Date, false, "刊载日期：年、年-月或年-月-日"),
            col("url", Text, false, "刊载的原始网址"),
        ],
        primary_key: &["report", "seed"],
        foreign_keys: &[("report", "reports", "slug")],
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

/// `datapackage.json`: the package, and for every table its file and Table Schema.
pub(super) fn package(config: &Config) -> Vec<u8> {
    let resources: Vec<Value> = TABLES.iter().map(resource).collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "jianbao-open-data",
        "title": format!("{}：开放数据", config.title),
        "description": "本站从报告中整理出的数据：报告、县区、人物、项目、转载、事件，以及报告提到了哪些县区、人物和项目。\
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

pub(super) fn resource(t: &TableDef) -> Value {
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

pub(super) fn field(c: &Column) -> Value {
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
        Count => {
            f["type"] = json!("integer");
            constraints.insert("minimum".into(), json!(0));
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
pub(super) fn licence(line: &str) -> Option<Value> {
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
pub(crate) fn catalogue(site: &Graph) -> Catalogue {
    let c = &site.config;
    let count = |table: &str| match table {
        "reports" => site.reports.len(),
        "counties" => site.of_kind(Kind::County).len(),
        "people" => site.of_kind(Kind::Person).len(),
        "programs" => site.of_kind(Kind::Program).len(),
        "events" => site.events.len(),
        "copies" => site.reports.iter().map(|r| r.copies.len()).sum(),
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
