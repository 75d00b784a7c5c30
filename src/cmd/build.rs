//! `jianbao build`: render content/ into the public site.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::cancel::{self, Cancel};
use crate::progress::Progress;
use crate::site::{self, BuildOptions};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The content folder; the site root (site.yaml, themes/, templates/) is its parent.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// Where the site is written.
    #[arg(long, default_value = "public")]
    pub(crate) out: PathBuf,
    /// Theme folder name under themes/ (overrides site.yaml).
    #[arg(long)]
    pub(crate) theme: Option<String>,
    /// Absolute URL the site is served from, e.g. https://example.org/sub/ (overrides site.yaml).
    #[allow(rustdoc::bare_urls)] // the text is `--help`'s, where a URL is plain text
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Skip the search index.
    #[arg(long)]
    pub(crate) no_search: bool,
}

impl Args {
    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions {
            content: self.content.clone(),
            out: self.out.clone(),
            theme: self.theme.clone(),
            base_url: self.base_url.clone(),
            search: !self.no_search,
            cancel: Cancel::default(),
        }
    }
}

/// Builds the site; Ctrl-C stops the build at its next step, leaving the previous site as it
/// was and no staging folder (exit status 130, as for a process ended by SIGINT).
pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    super::folder::site_here(&args.content, None)?;
    let opts = BuildOptions { cancel: Cancel::on_ctrl_c(), ..args.options() };
    match site::build(&opts, progress) {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(err) if cancel::is_cancelled(&err) => {
            progress.always(format!("stopped (Ctrl-C): {} left as it was", opts.out.display()));
            Ok(ExitCode::from(130))
        }
        Err(err) => Err(err),
    }
}
