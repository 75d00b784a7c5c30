//! The ingest stage: raw reports → structured pages.

use std::path::PathBuf;

use anyhow::Result;

use crate::progress::Progress;

#[derive(Debug, Clone)]
pub struct Options {
    pub seeds: PathBuf,
    pub content: PathBuf,
}

pub fn run(_opts: &Options, _progress: &Progress) -> Result<()> {
    anyhow::bail!("ingest is not implemented yet")
}

pub fn check(_opts: &Options, _progress: &Progress) -> Result<Vec<String>> {
    anyhow::bail!("ingest --check is not implemented yet")
}
