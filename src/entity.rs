//! The three kinds of entity a report names: counties, people and programs. One type for
//! ingest (corrections, entity pages), the site (graph, views, open data) and the desk, so
//! the folder a kind's pages live in and the key editors write in `corrections.yaml` are
//! spelled in one place.
//!
//! A leaf: it imports nothing from the crate.

/// A kind of entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    County,
    Person,
    Program,
}

impl Kind {
    pub(crate) const ALL: [Kind; 3] = [Kind::County, Kind::Person, Kind::Program];

    /// The folder under `content/`, the URL segment of the built site and the key of the
    /// kind in `corrections.yaml`.
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

    /// The kind whose folder (or corrections key) is `dir`.
    pub(crate) fn from_dir(dir: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.dir() == dir)
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_is_found_by_its_folder_and_nothing_else_is() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_dir(kind.dir()), Some(kind));
        }
        assert_eq!(Kind::from_dir("person"), None);
        assert_eq!(Kind::from_dir(""), None);
    }
}
