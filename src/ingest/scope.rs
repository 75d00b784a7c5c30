//! A part of the site to ingest again instead of all of it: the editors' desk names the
//! seeds an action touches (the report's, those of every report naming the name, and their
//! printings), the entities whose pages follow (every report naming them is among the
//! seeds), and the copy groups as the pages on disk record them.
//!
//! Plain data: `ingest::run_scoped` extracts only these seeds, `write` touches only their
//! report pages and these entities' pages. Must not: read files or decide what is affected
//! (`desk::scope` does, from the pages).

use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scope {
    /// Seed file names to extract again.
    pub(crate) seeds: BTreeSet<String>,
    /// (kind folder, name): entities whose pages follow this run (`people`, `林芳`).
    pub(crate) names: BTreeSet<(String, String)>,
    /// The printings of one report, by key (`seed`, `seed#N`), as the pages record them
    /// (holder first): joined again without running the detector over the whole corpus.
    pub(crate) groups: Vec<Vec<String>>,
}

impl Scope {
    /// Whether `seed` (a file name) is re-extracted.
    pub(crate) fn has_seed(&self, seed: &str) -> bool {
        self.seeds.contains(seed)
    }

    /// Whether the page of `name` in `kind` follows this run.
    pub(crate) fn has_name(&self, kind: &str, name: &str) -> bool {
        self.names.iter().any(|(k, n)| k == kind && n == name)
    }
}
