//! The `jianbao` command line: argument parsing and dispatch only.
//!
//! Each subcommand lives in `jianbao::cmd::<name>`; this file turns flags into their
//! option structs, prints the one-line error on failure and sets the exit code.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jianbao::cmd;

/// mimalloc: building a site allocates millions of small strings and template values from
/// two threads at once, where it is markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "jianbao", version, about = "Static sites from public reports (简报)")]
struct Cli {
    /// No progress output, only warnings and errors.
    #[arg(long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lay out a new site in DIR (default: the current folder); never overwrites a file.
    Init(cmd::init::Args),
    /// Turn raw reports in the seeds folder into structured pages in content/.
    Ingest(cmd::ingest::Args),
    /// Render content/ into the public/ site.
    Build(cmd::build::Args),
    /// Build, serve locally and rebuild with live reload on every change.
    Serve(cmd::serve::Args),
    /// Validate content and internal links without writing the site.
    Check(cmd::check::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let progress = jianbao::progress::Progress::new(cli.quiet);
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(&args, &progress),
        Command::Ingest(args) => cmd::ingest::run(&args, &progress),
        Command::Build(args) => cmd::build::run(&args, &progress),
        Command::Serve(args) => cmd::serve::run(&args, &progress),
        Command::Check(args) => cmd::check::run(&args, &progress),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::from(1)
        }
    }
}

/// Joins the error chain into one line: `outer: inner: cause`.
fn one_line(err: &anyhow::Error) -> String {
    err.chain().map(|e| e.to_string()).collect::<Vec<_>>().join(": ")
}
