//! The site graph: `Content` → `Graph`, the one shared, read-only model every page is
//! rendered from.
//!
//! Owns how pages relate: entities merged from the reports and the editorial pages, their
//! slugs, each entity's reports, events and related entities, the reports and events in
//! order, the timeline. Entities, reports and events are addressed by index (`EntityId`,
//! `ReportId`, `EventId`) into the vectors of `Graph`. Must not render anything nor touch the
//! file system; errors name the files involved.
//!
//! The files, in their one-way import order: `model` is the plain data and its read-only
//! queries (the leaf); `resolve` the rules both paths share (the names a report uses, its
//! mentions, a report, event or entity made from its page, slugs, the report order);
//! `build` makes a `Graph` from content in phases; `patch` applies one report's edit in
//! place and never imports `build`. `fixtures` is the unit tests' hand-made content. This
//! file only declares and re-exports, so callers name `graph::build`, `graph::Graph`.

mod build;
#[cfg(test)]
mod fixtures;
mod model;
mod patch;
mod resolve;

pub(crate) use build::build;
pub use model::{Entity, Report, Graph};
pub(crate) use model::{Patch, YearGroup, group_timeline};
