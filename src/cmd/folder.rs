//! Where a command runs: whether the folder holds a site at all.

use std::path::Path;

use anyhow::{Result, bail};

/// Fails when the folder a command would work in holds no site at all: none of `site.yaml`,
/// the content folder and (for `ingest`) the seeds folder is there. Then "run `jianbao ingest`
/// first" would be wrong advice: the user is in the wrong folder, or has no site yet.
pub(crate) fn site_here(content: &Path, seeds: Option<&Path>) -> Result<()> {
    let root = crate::site::root_of(content);
    let present = |p: &Path| p.exists();
    if present(content) || present(&root.join("site.yaml")) || seeds.is_some_and(present) {
        return Ok(());
    }
    let shown = if root.as_os_str().is_empty() {
        std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into())
    } else {
        root.display().to_string()
    };
    bail!(
        "{shown}: no site here: no site.yaml and no {} folder (cd into your site's folder, \
         or start a site here with `jianbao init`)",
        content.display()
    )
}
