//! The names of things every site module shares: the kinds of entity (`crate::entity`,
//! re-exported) and the ids the site graph gives reports, entities and events.
//!
//! A leaf: it imports nothing from the crate but `entity`, so any module may name a kind or an id without
//! depending on the loader or the graph.

pub(crate) use crate::entity::Kind;

/// An entity: its index in `Graph::entities`.
pub(crate) type EntityId = usize;
/// A report: its index in `Graph::reports`.
pub(crate) type ReportId = usize;
/// A dated event: its index in `Graph::events`.
pub(crate) type EventId = usize;
