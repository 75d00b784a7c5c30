//! The editors' desk in `serve`.
pub(crate) mod edit;
pub(crate) mod store;
