//! `jianbao check`: validate content and every internal link without writing the site.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::progress::Progress;
use crate::site::{self, BuildOptions};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The content folder; the site root is its parent.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    let opts = BuildOptions { content: args.content.clone(), search: false, ..BuildOptions::default() };
    site::check(&opts, progress)?;
    Ok(ExitCode::SUCCESS)
}
