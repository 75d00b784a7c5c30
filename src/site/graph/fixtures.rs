//! Hand-made content for the graph's unit tests: a config, reports naming people, person
//! pages. Test-only; builds nothing itself.

use std::sync::Arc;

use crate::date::Date;
use crate::frontmatter::{Event as FrontEvent, PersonFront, ReportFront};
use crate::site::config::{self, Config};
use crate::site::load::{EntityFront, EntityPage, ReportPage};

pub(super) fn config() -> Config {
    config::for_tests("/", "/")
}

pub(super) fn report(slug: &str, date: &str, people: &[&str], events: &[(&str, &[&str])]) -> Arc<ReportPage> {
    let front = ReportFront {
        title: slug.into(),
        date: Some(date.into()),
        people: people.iter().map(|s| s.to_string()).collect(),
        events: events
            .iter()
            .map(|(d, ps)| FrontEvent {
                date: d.to_string(),
                text: "事".into(),
                people: ps.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    Arc::new(ReportPage {
        excerpt: String::new(),
        path: format!("content/reports/{slug}.md"),
        slug: slug.into(),
        redirects: Vec::new(),
        date: Date::parse(date),
        event_dates: events.iter().map(|(d, _)| (Date::parse(d).unwrap(), None)).collect(),
        front,
        body: "".into(),
    })
}

pub(super) fn person(path: &str, name: &str, aliases: &[&str], slug: Option<&str>) -> EntityPage {
    let front = PersonFront {
        name: name.into(),
        slug: slug.map(str::to_string),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let yaml = format!("name: {name}\naliases: [{}]\n", aliases.join(", "));
    EntityPage { path: path.into(), front: EntityFront::Person(front), body: String::new(), yaml }
}
