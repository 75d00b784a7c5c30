//! The names of things every site module shares: the kinds of entity and the ids the site
//! graph gives reports, entities and events.
//!
//! A leaf: it imports nothing from the crate, so any module may name a kind or an id without
//! depending on the loader or the graph.

/// The three kinds of entity a report names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    County,
    Person,
    Program,
}

impl Kind {
    pub(crate) const ALL: [Kind; 3] = [Kind::County, Kind::Person, Kind::Program];

    /// The folder under `content/` and the URL segment of the built site.
    pub(crate) fn dir(self) -> &'static str {
        match self {
            Kind::County => "counties",
            Kind::Person => "people",
            Kind::Program => "programs",
        }
    }

    /// What a reader calls the kind.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::County => "县区",
            Kind::Person => "人物",
            Kind::Program => "项目",
        }
    }
}

/// An entity: its index in `Site::entities`.
pub(crate) type EntityId = usize;
/// A report: its index in `Site::reports`.
pub(crate) type ReportId = usize;
/// A dated event: its index in `Site::events`.
pub(crate) type EventId = usize;
