//! jianbao (简报): a static site generator for public information sites built from reports.
//!
//! The pipeline, each stage a module that hands plain data to the next:
//!
//! ```text
//! seeds/*.txt ──ingest──▶ content/**/*.md ──site::load──▶ Content ──site::graph──▶ Graph
//!                                                                    │
//!                                             site::render ◀─────────┘
//!                                                  │ Vec<OutputFile>       site::search_docs ──Doc──▶ search
//!                                             site::output ──▶ public/  ◀── search-index/ files ─────┘
//! ```
//!
//! `ARCHITECTURE.md` at the repository root is the code map, with the invariants each module
//! keeps. Shared data (the gazetteer, the surname table), the page file format
//! (`frontmatter`), content dates (`date`) and slugs live at the top level because both ingest and site use them;
//! `search` (the full-text index and its browser client) is top level because it takes plain
//! data and depends on no stage.

pub mod cancel;
pub mod cmd;
mod date;
mod entity;
pub(crate) mod desk;
pub mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub mod gazetteer;
pub mod ingest;
mod lac;
mod lexicon;
mod names;
pub mod progress;
mod review;
pub mod search;
mod segment;
pub mod serve;
pub mod site;
mod slug;
mod state_dir;
