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
pub(super) fn report(site: &Graph, r: &Report) -> String {
    let c = &site.config;
    let canonical = c.absolute(r.path());
    let entity_json = |id: &EntityId| {
        let e = &site.entities[*id];
        json!({ "@type": schema_type(e.kind), "name": e.name, "url": c.absolute(e.path()) })
    };
    let author_json = |name: &String| {
        let person =
            r.entities.iter().any(|&e| site.entities[e].kind == Kind::Person && site.entities[e].name == *name);
        json!({ "@type": if person { "Person" } else { "Organization" }, "name": name })
    };
    let mut graph = vec![json!({
        "@type": "Report",
        "headline": r.title,
        "name": r.title,
        "url": canonical,
        "inLanguage": c.language,
        "datePublished": r.date.map(|d| d.to_string()),
        "publisher": r.source.as_ref().map(|s| json!({ "@type": "Organization", "name": s })),
        "author": r.authors.iter().map(author_json).collect::<Vec<_>>(),
        "about": r.entities.iter().map(entity_json).collect::<Vec<_>>(),
        "description": r.excerpt,
    })];
    for (n, &e) in r.events.iter().enumerate() {
        let ev = &site.events[e];
        let places: Vec<_> =
            ev.entities.iter().filter(|&&x| site.entities[x].kind == Kind::County).map(entity_json).collect();
        graph.push(json!({
            "@type": "Event",
            "@id": format!("{canonical}#event-{}", n + 1),
            "name": ev.text,
            "startDate": ev.date.to_string(),
            "endDate": ev.end.map(|d| d.to_string()),
            "location": places,
            "subjectOf": { "@type": "Report", "url": canonical },
        }));
    }
    script_json(&json!({ "@context": "https://schema.org", "@graph": strip_nulls(graph) }))
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
pub(crate) fn script_json(value: &serde_json::Value) -> String {
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
}
