//! The integration tests: one test binary (`cargo test --test it`; one module with
//! `cargo test --test it build::`), one harness shared by every module.
//!
//! The modules run as threads of one process, in parallel: nothing here sets environment
//! variables or changes the current directory in-process, every site lives in a temporary
//! folder of its own, servers bind port 0, and the browser tests take turns
//! (`harness::chromium::Browser` holds a lock for its lifetime).

mod harness;

mod addresses;
mod article_cache;
mod architecture;
mod browser;
mod build;
mod code_map;
mod desk;
mod copies;
mod documents;
mod editors;
mod extraction;
mod first_steps;
mod hostile;
mod incremental;
mod ingest;
mod opendata;
mod punctuation;
mod search_browser;
mod search_quality;
mod serve_cli;
mod serve_http;

/// The generated corpus of `examples/gen_corpus.rs`, included as a module.
#[path = "../../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;
