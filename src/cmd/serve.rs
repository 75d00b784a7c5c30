//! `jianbao serve`: build, serve on loopback, rebuild and live-reload on change.
//!
//! Flags and exit code only; the session itself is `crate::serve`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::progress::Progress;
use crate::serve;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The content folder; the site root (site.yaml, themes/, templates/) is its parent.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// Address to listen on; loopback unless you mean to share the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Offer the editors' desk (controls that write content/corrections.yaml) even when
    /// --bind is not a loopback address; on loopback it is always on.
    #[arg(long)]
    pub(crate) desk: bool,
}

pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    super::folder::site_here(&args.content, None)?;
    let opts =
        serve::Options { content: args.content.clone(), bind: args.bind.clone(), port: args.port, desk: args.desk };
    serve::run(&opts, progress)?;
    Ok(ExitCode::SUCCESS)
}
