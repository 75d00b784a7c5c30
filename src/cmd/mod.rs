//! One file per subcommand: flags, wiring, progress and exit codes. No extraction or
//! rendering logic lives here.

pub mod build;
pub mod check;
mod folder;
pub mod ingest;
pub mod init;
pub mod serve;
