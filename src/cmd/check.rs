//! `jianbao check`: validate content and every internal link without writing the site, then
//! list what an editor should look at (`crate::review`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::progress::Progress;
use crate::site::{self, BuildOptions};
use crate::{ingest, review};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The content folder; the site root is its parent.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
}

pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    super::folder::site_here(&args.content, None)?;
    // Everything `build` renders, the search page, client and index included: a template
    // error anywhere fails `check` as it fails `build`. Nothing is written.
    let opts = BuildOptions { content: args.content.clone(), ..BuildOptions::default() };
    site::check(&opts, progress)?;
    review::print(&editors_review(&args.content, progress)?, progress);
    Ok(ExitCode::SUCCESS)
}

/// The review of the content in `content`; corrections are checked against the seeds in the
/// site root's `seeds/` (the folder `ingest` reads by default) when both exist, and the
/// seeds' likely copies (printings just below the copy threshold) are named when there are
/// seeds.
pub(crate) fn editors_review(content: &Path, progress: &Progress) -> Result<review::Review> {
    let seeds = site::root_of(content).join("seeds");
    let (stale, likely) = if seeds.is_dir() {
        progress.info(format!("review: checking the corrections and likely copies against {}", seeds.display()));
        let opts = ingest::Options { seeds, content: content.to_path_buf(), verbose: false };
        let found = ingest::extract_corrected(&opts, &Progress::new(true))?;
        (found.stale_corrections, found.likely_copies)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut review = review::of_folder(content, stale)?;
    review.likely_copies = likely;
    Ok(review)
}
