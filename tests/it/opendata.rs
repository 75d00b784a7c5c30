//! Open data under /data/, as a user gets it: the real binary builds the seed site (and a
//! generated 1,000-report site), then the tables are read back and checked against what the
//! content says and what the site holds: one row per report, per entity and per report–entity
//! pair, every `url` a page of the site, the JSON the same as the CSV, and `frictionless
//! validate` passing (two tests, ignored where the command was missing when they were compiled;
//! CI installs it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::gen_corpus;
use crate::harness;
use serde_json::Value;

/// A table read from its CSV: the header and the rows, as strings.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(data: &Path, name: &str) -> Table {
        let bytes = std::fs::read(data.join(format!("{name}.csv"))).unwrap();
        let text = String::from_utf8(bytes).expect("the CSV is UTF-8");
        assert!(!text.starts_with('\u{feff}'), "{name}.csv: no byte-order mark");
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader.headers().unwrap().iter().map(str::to_string).collect();
        let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        Table { header, rows }
    }

    fn column(&self, name: &str) -> Vec<&str> {
        let i = self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        self.rows.iter().map(|r| r[i].as_str()).collect()
    }
}

/// What a report page's front matter names: `(kind table, name)` pairs, and its event count.
fn named_in(report: &str) -> (BTreeSet<(String, String)>, usize) {
    let yaml = report.split("\n---").next().unwrap().trim_start_matches("---\n");
    let front: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    let mut named = BTreeSet::new();
    let lists = |v: &serde_yaml::Value, named: &mut BTreeSet<(String, String)>| {
        for kind in ["counties", "people", "programs"] {
            for name in v[kind].as_sequence().into_iter().flatten() {
                named.insert((kind.to_string(), name.as_str().unwrap().trim().to_string()));
            }
        }
    };
    lists(&front, &mut named);
    let events = front["events"].as_sequence().cloned().unwrap_or_default();
    for ev in &events {
        lists(ev, &mut named);
    }
    (named, events.len())
}

/// The site's pages, by site path (`reports/x/`).
fn pages(public: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let dir = e.path().parent().unwrap().strip_prefix(public).unwrap();
            let p = dir.to_string_lossy().replace('\\', "/");
            if p.is_empty() { p } else { format!("{p}/") }
        })
        .collect()
}

/// A JSON cell as the CSV writes it.
fn as_csv(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(as_csv).collect::<Vec<_>>().join(";"),
        other => panic!("unexpected JSON cell {other}"),
    }
}

/// The JSON of every table holds the rows of its CSV, keys in column order.
fn assert_json_equals_csv(data: &Path, name: &str) {
    let table = Table::read(data, name);
    let text = std::fs::read_to_string(data.join(format!("{name}.json"))).unwrap();
    let json: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&text).unwrap();
    assert_eq!(json.len(), table.rows.len(), "{name}: rows in JSON and CSV");
    for (n, (object, row)) in json.iter().zip(&table.rows).enumerate() {
        let mut keys: Vec<&String> = object.keys().collect();
        keys.sort();
        let mut header: Vec<&String> = table.header.iter().collect();
        header.sort();
        assert_eq!(keys, header, "{name} row {n}: keys");
        let cells: Vec<String> = table.header.iter().map(|h| as_csv(&object[h])).collect();
        assert_eq!(&cells, row, "{name} row {n}");
    }
    // Keys are written in column order (one row per line; an empty table has none).
    if let Some(line) = text.lines().nth(1).filter(|l| *l != "]") {
        let at: Vec<usize> = table.header.iter().map(|h| line.find(&format!("\"{h}\":")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: keys out of column order in {line}");
    }
}

/// Runs `frictionless validate` on the package. Its tests are ignored where `build.rs` found no
/// `frictionless` when they were compiled (outside `CI`); run anyway, they fail naming it.
fn frictionless_validates(package: &Path) {
    let out = Command::new("frictionless")
        .arg("validate")
        .arg(package)
        .output()
        .unwrap_or_else(|e| panic!("`frictionless` cannot run ({e}): pip install frictionless"));
    assert!(
        out.status.success(),
        "frictionless validate {}:\n{}",
        package.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

fn build(root: &Path, extra: &[&str]) {
    let mut args = vec!["--quiet", "build", "--no-search"];
    args.extend(extra);
    let out = harness::jianbao(root, &args);
    assert!(out.status.success(), "build failed: {}", out.stderr);
}

#[test]
fn the_seed_sites_tables_hold_what_its_content_and_pages_hold() {
    let dir = harness::TestDir::new();
    let content = harness::seed_site(dir.path());
    build(dir.path(), &["--base-url", "/sub/"]);
    let public = dir.path().join("public");
    let data = public.join("data");
    let site_pages = pages(&public);

    // One row per report, with the report's slug.
    let mut report_files: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(content.join("reports")).unwrap() {
        let path = entry.unwrap().path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        report_files.insert(slug, std::fs::read_to_string(&path).unwrap());
    }
    let reports = Table::read(&data, "reports");
    let slugs: BTreeSet<&str> = reports.column("slug").into_iter().collect();
    assert_eq!(slugs.len(), reports.rows.len(), "report slugs are unique");
    assert_eq!(slugs, report_files.keys().map(String::as_str).collect(), "one row per report");

    // One row per entity page of the site, per kind.
    let mut entities: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for kind in ["counties", "people", "programs"] {
        let table = Table::read(&data, kind);
        let on_site: BTreeSet<String> = site_pages
            .iter()
            .filter_map(|p| p.strip_prefix(&format!("{kind}/")))
            .filter(|rest| !rest.is_empty() && !rest.starts_with("page/"))
            .map(|rest| rest.trim_end_matches('/').to_string())
            .collect();
        let rows: BTreeSet<String> = table.column("slug").into_iter().map(str::to_string).collect();
        assert_eq!(rows.len(), table.rows.len(), "{kind}: slugs are unique");
        assert_eq!(rows, on_site, "{kind}: one row per entity page");
        assert!(!rows.is_empty(), "the seeds name {kind}");
        // Every name and alias → slug, to resolve what the front matter names.
        let by_name = entities.entry(kind.to_string()).or_default();
        for (slug, (name, aliases)) in
            table.column("slug").into_iter().zip(table.column("name").into_iter().zip(table.column("aliases")))
        {
            for n in std::iter::once(name).chain(aliases.split(';').filter(|a| !a.is_empty())) {
                by_name.insert(n.to_string(), slug.to_string());
            }
        }
    }

    // One row per report–entity pair, exactly the pairs the front matter names; one event row
    // per event.
    let mentions = Table::read(&data, "mentions");
    let got: Vec<(String, String, String)> =
        mentions.rows.iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect();
    let got_set: BTreeSet<(String, String, String)> = got.iter().cloned().collect();
    assert_eq!(got_set.len(), got.len(), "no pair twice");
    let mut want = BTreeSet::new();
    let mut events = 0;
    for (slug, text) in &report_files {
        let (named, n) = named_in(text);
        events += n;
        for (kind, name) in named {
            let entity = entities[&kind].get(&name).unwrap_or_else(|| panic!("{slug}: {kind} {name} has no row"));
            want.insert((slug.clone(), kind, entity.clone()));
        }
    }
    assert_eq!(got_set, want, "mentions: one row per report and entity it names");
    let event_rows = Table::read(&data, "events");
    assert_eq!(event_rows.rows.len(), events, "one row per event");
    assert!(event_rows.column("report").iter().all(|r| slugs.contains(r)), "events name known reports");

    // Every url is a page of the site (under the base path).
    for table in ["reports", "counties", "people", "programs"] {
        for url in Table::read(&data, table).column("url") {
            let path = url.strip_prefix("/sub/").unwrap_or_else(|| panic!("{table}: {url} is not under /sub/"));
            assert!(site_pages.contains(path), "{table}: {url} is not a page of the site");
        }
    }

    // Counties carry the gazetteer's place where the seeds name a county it knows.
    let counties = Table::read(&data, "counties");
    assert!(counties.column("lat").iter().any(|v| v.parse::<f64>().is_ok_and(|lat| (18.0..54.0).contains(&lat))));

    for table in ["reports", "counties", "people", "programs", "copies", "events", "mentions"] {
        assert_json_equals_csv(&data, table);
    }
    // The data page lists every file, and the home page links to it.
    let page = std::fs::read_to_string(data.join("index.html")).unwrap();
    for table in ["reports", "counties", "people", "programs", "copies", "events", "mentions"] {
        assert!(page.contains(&format!("href=\"/sub/data/{table}.csv\"")), "/data/ links {table}.csv");
        assert!(page.contains(&format!("href=\"/sub/data/{table}.json\"")), "/data/ links {table}.json");
    }
    assert!(std::fs::read_to_string(public.join("index.html")).unwrap().contains("href=\"/sub/data/\""));
}

#[test]
#[cfg_attr(
    jianbao_no_frictionless,
    ignore = "needs `frictionless` on PATH: pip install frictionless; then touch build.rs"
)]
fn frictionless_validates_the_seed_sites_package() {
    let dir = harness::TestDir::new();
    harness::seed_site(dir.path());
    build(dir.path(), &["--base-url", "/sub/"]);
    frictionless_validates(&dir.path().join("public/data/datapackage.json"));
}

#[test]
fn the_data_is_the_same_from_build_to_build_and_carries_the_licence_line() {
    let dir = harness::TestDir::new();
    harness::seed_site(dir.path());
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap_or_default();
    std::fs::write(dir.path().join("site.yaml"), format!("{yaml}data_licence: CC-BY-4.0\n")).unwrap();
    build(dir.path(), &[]);
    let read = |rel: &str| std::fs::read(dir.path().join("public/data").join(rel)).unwrap();
    let first: Vec<Vec<u8>> = ["datapackage.json", "mentions.csv", "events.json"].iter().map(|f| read(f)).collect();
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    build(dir.path(), &[]);
    let second: Vec<Vec<u8>> = ["datapackage.json", "mentions.csv", "events.json"].iter().map(|f| read(f)).collect();
    assert!(first == second, "two builds give the same data files");
    let package: Value = serde_json::from_slice(&first[0]).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    let page = String::from_utf8(read("index.html")).unwrap();
    assert!(page.contains("许可：CC-BY-4.0"), "the /data/ page shows the licence line");
}

#[test]
fn charts_are_on_the_home_page_and_every_entity_page_with_two_years_or_more() {
    let dir = harness::TestDir::new();
    harness::seed_site(dir.path());
    build(dir.path(), &[]);
    let public = dir.path().join("public");
    let years = years_of_entities(&public.join("data"));
    let (mut charted, mut one_year) = (0, 0);
    for page in pages(&public) {
        let is_entity = ["counties/", "people/", "programs/"]
            .iter()
            .any(|k| page.strip_prefix(k).is_some_and(|rest| !rest.is_empty() && !rest.starts_with("page/")));
        if !(page.is_empty() || is_entity) {
            continue;
        }
        let html = std::fs::read_to_string(public.join(&page).join("index.html")).unwrap();
        let n = years.get(&page).map_or(0, BTreeSet::len);
        if is_entity && n < 2 {
            // Nothing dated, or one year: one bar compares nothing. No chart.
            assert!(!html.contains("<svg class=\"chart\""), "{page}: a chart of {n} years");
            one_year += usize::from(n == 1);
            continue;
        }
        assert!(html.contains("<svg class=\"chart\"") && html.contains("role=\"img\""), "{page}: no chart");
        assert!(html.contains("<title id=\"chart-"), "{page}: the chart has no title");
        // The text alternative: a row per year with its numbers.
        let rows = html.matches("<tr><th scope=\"row\">").count();
        assert!(rows >= 2, "{page}: the chart's numbers are missing");
        // Every bar is labelled with its year, or none is.
        let svg = &html[html.find("<svg class=\"chart\"").unwrap()..];
        let svg = &svg[..svg.find("</svg>").unwrap()];
        let labelled = (1990..2100).filter(|y| svg.contains(&format!(">{y}</text>"))).count();
        assert!(labelled == rows || labelled == 0, "{page}: {labelled} of {rows} years labelled");
        charted += 1;
    }
    assert!(charted > 5 && one_year > 0, "pages with a chart: {charted}, with one year and none: {one_year}");
    let county = std::fs::read_to_string(public.join("counties/jinchuan-xian/index.html")).unwrap();
    assert!(county.contains("https://map.tianditu.gov.cn/?lon=102.") && county.contains("北纬 31."), "county place");
}

/// The years each entity page (`people/x/`) counts, read from the open data tables: the
/// years of the dated reports that name it and of the events that name it; the home page's
/// (`""`) are those of every dated report and event.
fn years_of_entities(data: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let reports = Table::read(data, "reports");
    let year_of: BTreeMap<&str, &str> = reports
        .column("slug")
        .into_iter()
        .zip(reports.column("date"))
        .filter(|(_, d)| !d.is_empty())
        .map(|(s, d)| (s, &d[..4]))
        .collect();
    let mut years: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |page: String, year: &str| {
        years.entry(page).or_default().insert(year.to_string());
    };
    for year in year_of.values() {
        add(String::new(), year);
    }
    for r in &Table::read(data, "mentions").rows {
        if let Some(year) = year_of.get(r[0].as_str()) {
            add(format!("{}/{}/", r[1], r[2]), year);
        }
    }
    let events = Table::read(data, "events");
    for (i, date) in events.column("date").into_iter().enumerate() {
        add(String::new(), &date[..4]);
        for kind in ["counties", "people", "programs"] {
            let cell = events.column(kind)[i];
            for slug in cell.split(';').filter(|s| !s.is_empty()) {
                add(format!("{kind}/{slug}/"), &date[..4]);
            }
        }
    }
    years
}

#[test]
fn a_generated_thousand_report_site_gives_a_valid_package() {
    let dir = harness::TestDir::new();
    gen_corpus::generate(1000, dir.path());
    let site = dir.path().join("site");
    build(&site, &[]);
    let data = site.join("public/data");
    assert_eq!(Table::read(&data, "reports").rows.len(), 1000);
    for table in ["reports", "events", "mentions"] {
        assert_json_equals_csv(&data, table);
    }
}

#[test]
#[cfg_attr(
    jianbao_no_frictionless,
    ignore = "needs `frictionless` on PATH: pip install frictionless; then touch build.rs"
)]
fn frictionless_validates_a_generated_thousand_report_package() {
    let dir = harness::TestDir::new();
    gen_corpus::generate(1000, dir.path());
    let site = dir.path().join("site");
    build(&site, &[]);
    frictionless_validates(&site.join("public/data/datapackage.json"));
}
