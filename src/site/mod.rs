//! The site stage: content/ → public/.

use std::path::PathBuf;

use anyhow::Result;

use crate::progress::Progress;

/// What `build`, `check` and `serve` ask of the site stage.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    pub theme: Option<String>,
    pub base_url: Option<String>,
    pub search: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { content: "content".into(), out: "public".into(), theme: None, base_url: None, search: true }
    }
}

/// What a build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub millis: u128,
}

pub fn build(_opts: &BuildOptions, _progress: &Progress) -> Result<BuildSummary> {
    anyhow::bail!("build is not implemented yet")
}

pub fn check(_opts: &BuildOptions, _progress: &Progress) -> Result<()> {
    anyhow::bail!("check is not implemented yet")
}
