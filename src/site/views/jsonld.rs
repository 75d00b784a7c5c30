//! JSON-LD (schema.org) for each page's `<script type="application/ld+json">`: what it says
//! of a report, an entity, a list, the site and its data, and the escaping that keeps it
//! inside its script element.

use serde::Serialize;
use serde_json::json;

use super::model::Meta;
use crate::site::config::Config;
use crate::site::graph::{Entity, Report, Graph};
use crate::site::ids::{EntityId, Kind};
use crate::site::load::Facts;

/// A page with nothing more to say (search, 404): a `WebPage` with its name and URL.
pub(super) fn web_page(c: &Config, path: &str, title: &str, canonical: Option<&str>) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": canonical.map(str::to_string).unwrap_or_else(|| c.url(path)),
        "inLanguage": c.language,
    }))
}

/// The home page: the `WebSite` with its description.
pub(super) fn web_site(c: &Config, description: &str) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": c.title,
        "description": description,
        "url": c.absolute(""),
        "inLanguage": c.language,
    }))
}

/// The `/data/` page: a `Dataset` under the site's data licence.
pub(super) fn dataset(c: &Config, meta: &Meta) -> String {
    script_json(&strip_nulls(json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": format!("{}：开放数据", c.title),
        "description": meta.description,
        "url": meta.canonical,
        "license": c.data_licence,
    })))
}

/// A report: the `Report` (publisher, authors, the entities it is about) and its dated
/// events, each an `Event` with its anchor on the page and the counties it took place in.
/// Written from typed values (`ReportLd`, `EventLd`) whose fields are in the order
/// `serde_json` sorts an object's keys, absent values and empty lists left out: the same
/// bytes as `strip_nulls` over a `json!` tree, at a fraction of the cost on every report page.
pub(super) fn report(site: &Graph, r: &Report) -> String {
    let c = &site.config;
    let canonical = c.absolute(r.path());
    let entity_ld = |id: &EntityId| {
        let e = &site.entities[*id];
        ThingLd { kind: schema_type(e.kind), name: &e.name, url: c.absolute(e.path()) }
    };
    let is_person =
        |name: &str| r.entities.iter().any(|&e| site.entities[e].kind == Kind::Person && site.entities[e].name == name);
    let report = ReportLd {
        kind: "Report",
        about: r.entities.iter().map(entity_ld).collect(),
        author: r
            .authors
            .iter()
            .map(|name| NamedLd { kind: if is_person(name) { "Person" } else { "Organization" }, name })
            .collect(),
        date_published: r.date.map(|d| d.to_string()),
        description: &r.excerpt,
        headline: &r.title,
        in_language: &c.language,
        name: &r.title,
        publisher: r.source.as_deref().map(|name| NamedLd { kind: "Organization", name }),
        url: &canonical,
    };
    let events: Vec<EventLd> = r
        .events
        .iter()
        .enumerate()
        .map(|(n, &e)| {
            let ev = &site.events[e];
            EventLd {
                id: format!("{canonical}#event-{}", n + 1),
                kind: "Event",
                end_date: ev.end.map(|d| d.to_string()),
                location: ev.entities.iter().filter(|&&x| site.entities[x].kind == Kind::County).map(entity_ld).collect(),
                name: &ev.text,
                start_date: ev.date.to_string(),
                subject_of: SubjectLd { kind: "Report", url: &canonical },
            }
        })
        .collect();
    script_json(&ReportGraphLd { context: "https://schema.org", graph: (report, events) })
}

/// `{"@context", "@graph": [report, events…]}`: the report, then its events, in one list.
#[derive(Serialize)]
struct ReportGraphLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph", serialize_with = "one_list")]
    graph: (ReportLd<'a>, Vec<EventLd<'a>>),
}

fn one_list<S: serde::Serializer>(graph: &(ReportLd, Vec<EventLd>), s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(1 + graph.1.len()))?;
    seq.serialize_element(&graph.0)?;
    for event in &graph.1 {
        seq.serialize_element(event)?;
    }
    seq.end()
}

#[derive(Serialize)]
struct ReportLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<ThingLd<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<NamedLd<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<NamedLd<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    location: Vec<ThingLd<'a>>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "subjectOf")]
    subject_of: SubjectLd<'a>,
}

#[derive(Serialize)]
struct ThingLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct NamedLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct SubjectLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

/// An entity: a `Place` (with its code and where it lies), `Person` (with roles) or `Thing`.
pub(super) fn entity(c: &Config, e: &Entity, description: &str, facts: &Facts) -> String {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": schema_type(e.kind),
        "name": e.name,
        "url": c.absolute(e.path()),
        "alternateName": e.aliases,
        "description": description,
    });
    match e.kind {
        Kind::County => {
            ld["identifier"] = json!(facts.code);
            let province_json = facts.province.map(|p| json!({ "@type": "Place", "name": p }));
            ld["containedInPlace"] = match facts.prefecture {
                Some(p) => json!({ "@type": "Place", "name": p, "containedInPlace": province_json }),
                None => json!(province_json),
            };
        }
        Kind::Person => ld["jobTitle"] = json!(facts.roles),
        Kind::Program => {}
    }
    script_json(&strip_nulls(ld))
}

fn schema_type(kind: Kind) -> &'static str {
    match kind {
        Kind::County => "Place",
        Kind::Person => "Person",
        Kind::Program => "Thing",
    }
}

/// A list page: a `CollectionPage`.
pub(super) fn collection(meta: &Meta) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
    }))
}

/// Drops `null` members and empty lists, so the JSON-LD says only what is known.
fn strip_nulls<T: Serialize>(value: T) -> serde_json::Value {
    fn strip(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(strip).collect()),
            other => other,
        }
    }
    strip(serde_json::to_value(value).unwrap_or_default())
}

/// JSON safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` can end the
/// element or start a comment, and the line separators JavaScript rejects are escaped.
pub(crate) fn script_json(value: &(impl Serialize + ?Sized)) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s = script_json(&json!({ "name": "</script><script>alert(1)</script> & <!--" }));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn nulls_and_empty_lists_leave_the_json_ld() {
        let v = strip_nulls(json!({ "a": null, "b": [], "c": { "d": null, "e": 1 } }));
        assert_eq!(v, json!({ "c": { "e": 1 } }));
    }

    /// The typed report JSON-LD is what `strip_nulls` makes of it: keys in the order a JSON
    /// object sorts them, no null, no empty list. On the shipped site and the test fixture
    /// (reports with and without source, authors, dates, events and end dates).
    #[test]
    fn a_report_is_written_as_the_sorted_stripped_tree_of_it() {
        use crate::site::{body::Bodies, graph, load, root_of};
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut reports = 0;
        for content in [repo.join("content"), repo.join("tests/fixtures/valid/content")] {
            let config = Config::load(&root_of(&content), None, None).unwrap();
            let site = graph::build(config, &load::load(&content, Bodies::Keep).unwrap()).unwrap();
            for r in &site.reports {
                let typed = report(&site, r);
                let tree: serde_json::Value = serde_json::from_str(&typed).unwrap();
                assert_eq!(typed, script_json(&strip_nulls(tree)), "{}", r.slug);
                reports += 1;
            }
        }
        assert!(reports > 5);
    }
}
