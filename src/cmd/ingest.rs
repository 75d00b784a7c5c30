//! `jianbao ingest`: raw reports in seeds/ become pages in content/.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::ingest;
use crate::progress::Progress;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Folder of raw reports (searched recursively).
    #[arg(long, default_value = "seeds")]
    pub(crate) seeds: PathBuf,
    /// The content folder to write.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// Write nothing; exit 1 when content/reports is not what ingest would write.
    #[arg(long)]
    pub(crate) check: bool,
    /// Print, for each saved web page, which evidence won each metadata field.
    #[arg(long)]
    pub(crate) verbose: bool,
}

pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    // A seeds folder named on the command line gets its own error when it is missing.
    if args.seeds.as_os_str() == "seeds" {
        super::folder::site_here(&args.content, Some(&args.seeds))?;
    }
    let opts = ingest::Options { seeds: args.seeds.clone(), content: args.content.clone(), verbose: args.verbose };
    if args.check {
        let stale = ingest::check(&opts, progress)?;
        if stale.is_empty() {
            progress.info("ingest --check: content/reports is up to date");
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            eprintln!("stale: {path}");
        }
        eprintln!("error: {} report page(s) differ from what ingest writes; run `jianbao ingest`", stale.len());
        return Ok(ExitCode::from(1));
    }
    let outcome = ingest::run(&opts, progress)?;
    // What the editors' desk lists as stale corrections until the next whole ingest.
    if let Err(err) = crate::desk::review::save(&opts.content, &outcome.stale_corrections) {
        progress.warn(format!("{err:#} (the review list serve's desk shows; ingest is done)"));
    }
    Ok(ExitCode::SUCCESS)
}
