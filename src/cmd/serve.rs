//! `jianbao serve`: build, serve on loopback, rebuild and live-reload on change.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::progress::Progress;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

pub fn run(_args: &Args, _progress: &Progress) -> Result<ExitCode> {
    anyhow::bail!("serve is not implemented yet")
}
