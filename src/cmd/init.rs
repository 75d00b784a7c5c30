//! `jianbao init [DIR]`: lays out a new site (CONTENT.md, `init`).
//!
//! Owns the scaffold: which files and folders a new site starts with. Their text lives in
//! `scaffold/` at the repository root and is built into the binary, so the installed
//! `jianbao` works in any folder. It never overwrites a file: when one of the scaffold's files
//! exists, it names it and exits 1 before creating anything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::progress::Progress;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Folder for the new site (created when missing); default: the current folder.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
}

/// The files of a new site: path in the site, text.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("../../scaffold/site.yaml")),
    ("content/corrections.yaml", include_str!("../../scaffold/content/corrections.yaml")),
    (".gitignore", include_str!("../../scaffold/gitignore")),
    ("README.md", include_str!("../../scaffold/README.md")),
    (".github/workflows/publish.yml", include_str!("../../scaffold/publish.yml")),
];

/// The folders of a new site, empty.
pub(crate) const FOLDERS: &[&str] =
    &["seeds", "content/reports", "content/counties", "content/people", "content/programs", "templates", "static"];

pub fn run(args: &Args, progress: &Progress) -> Result<ExitCode> {
    create(&args.dir)?;
    let shown = args.dir.display();
    progress
        .info(format!("created a new site in {shown}: {}", FILES.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")));
    progress.info(format!(
        "next: put raw reports into {shown}/seeds/, then run `jianbao ingest` and `jianbao serve` in {shown} (README.md says more)"
    ));
    Ok(ExitCode::SUCCESS)
}

/// Lays out the scaffold in `dir`, checking first that no file of it exists.
pub(crate) fn create(dir: &Path) -> Result<()> {
    let existing: Vec<String> = FILES
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| path.display().to_string())
        .collect();
    match existing.as_slice() {
        [] => {}
        [one] => bail!("{one}: already exists; init never overwrites a file (use an empty folder, or move it away)"),
        many => bail!(
            "{}: already exist; init never overwrites a file (use an empty folder, or move them away)",
            many.join(", ")
        ),
    }
    for folder in FOLDERS.iter().copied().chain(FILES.iter().filter_map(|(rel, _)| Path::new(rel).parent()?.to_str())) {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).with_context(|| format!("{}: cannot create folder", path.display()))?;
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        // create_new: a file that appeared since the check is still not overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Corrections;

    #[test]
    fn the_commented_corrections_example_is_valid_once_uncommented() {
        let (_, text) = FILES.iter().find(|f| f.0 == "content/corrections.yaml").unwrap();
        assert!(Corrections::parse("c.yaml", text).unwrap().is_empty(), "the scaffold must ask for nothing");
        let example: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# reject:"))
            .map(|l| format!("{}\n", l.strip_prefix("# ").or_else(|| l.strip_prefix('#')).unwrap_or(l)))
            .collect();
        let c = Corrections::parse("c.yaml", &example).unwrap_or_else(|e| panic!("{e}\n{example}"));
        assert!(!c.is_empty());
    }

    #[test]
    fn init_lays_out_the_site_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("new-site");
        create(&site).unwrap();
        for folder in FOLDERS {
            assert!(site.join(folder).is_dir(), "{folder}");
        }
        assert!(std::fs::read_to_string(site.join(".gitignore")).unwrap().lines().any(|l| l == "public/"));
        std::fs::write(site.join("README.md"), "mine").unwrap();
        std::fs::remove_file(site.join("site.yaml")).unwrap();
        let err = create(&site).unwrap_err().to_string();
        assert!(err.contains("README.md") && err.contains("already exist"), "{err}");
        assert_eq!(std::fs::read_to_string(site.join("README.md")).unwrap(), "mine");
        assert!(!site.join("site.yaml").exists(), "init wrote a file before refusing");
    }
}
