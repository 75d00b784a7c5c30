//! Writing the built site: the only module that writes `public/` (or whatever `--out` is).
//!
//! The files go into a fresh temporary sibling folder (`.public.jianbao-new`, a `Staging`),
//! as they are rendered, from any thread, with one write each; on `commit` the new folder and
//! the previous one are exchanged in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`;
//! elsewhere two renames) and the old one removed. A build that fails before this point leaves
//! the previous site untouched, and a reader never sees half a site. It writes exactly the
//! bytes it is given, so the same files give a byte-identical folder.
//!
//! `serve` also changes its live folder in place after an edit (`replace_if_changed`,
//! `remove`): only the files whose bytes changed, each replaced by a rename. Staging the whole
//! site again would cost more than rendering the few pages an edit affects.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::site::file::OutputFile;

/// A new site being written next to `out`. Dropped without `commit`, it is removed and
/// `out` is left as it was.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder for `out`, refusing an `out` that contains one of
    /// `protect` (the content folder, the site root).
    pub(crate) fn create(out: &Path, protect: &[&Path]) -> Result<Staging> {
        refuse_dangerous(out, protect)?;
        let (dir, retired) = siblings(out)?;
        for leftover in [&dir, &retired] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)
                    .with_context(|| format!("{}: cannot remove a leftover of an earlier build", leftover.display()))?;
            }
        }
        fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
        Ok(Staging { out: out.to_path_buf(), dir, retired, committed: false })
    }

    /// Writes one file (one buffered write); safe to call from several threads.
    pub(crate) fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        let mut f = fs::File::create(&path).with_context(|| format!("{}: cannot create", path.display()))?;
        f.write_all(&file.bytes).with_context(|| format!("{}: cannot write", path.display()))
    }

    /// Moves the new site into place and removes the previous one.
    pub(crate) fn commit(mut self) -> Result<()> {
        let result = swap(&self.out, &self.dir, &self.retired);
        self.committed = result.is_ok();
        result
    }
}

/// Replaces one file of a live site (the folder `serve` serves) when its bytes differ from
/// `file`'s: written next to it, then renamed over it, so a reader gets the old or the new
/// file, never half of one. Returns whether it wrote.
pub(crate) fn replace_if_changed(out: &Path, file: &OutputFile) -> Result<bool> {
    let path = out.join(&file.path);
    if fs::read(&path).is_ok_and(|old| old == file.bytes) {
        return Ok(false);
    }
    let parent = path.parent().unwrap_or(out);
    fs::create_dir_all(parent).with_context(|| format!("{}: cannot create folder", parent.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.jianbao-tmp"));
    fs::write(&temp, &file.bytes).with_context(|| format!("{}: cannot write", temp.display()))?;
    fs::rename(&temp, &path).with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(true)
}

/// Removes one file of a live site, and its folder when that is left empty (a page's
/// `x/index.html` goes with `x/`).
pub(crate) fn remove(out: &Path, rel: &str) -> Result<()> {
    let path = out.join(rel);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(anyhow!("{}: cannot remove: {e}", path.display())),
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(out) && *d != out) {
        if fs::remove_dir(d).is_err() {
            break; // not empty
        }
        dir = d.parent();
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `--out` must not be a folder that holds the site's sources: it is replaced wholesale.
fn refuse_dangerous(out: &Path, protect: &[&Path]) -> Result<()> {
    let abs = |p: &Path| fs::canonicalize(p).ok().or_else(|| std::path::absolute(p).ok());
    let Some(out_abs) = abs(out) else { bail!("{}: cannot resolve the output folder", out.display()) };
    if out_abs.parent().is_none() {
        bail!("{}: refusing to replace the root folder (pass --out public)", out.display());
    }
    for p in protect {
        if let Some(p_abs) = abs(p)
            && p_abs.starts_with(&out_abs)
        {
            bail!(
                "{}: refusing to replace a folder that contains {} (pass another --out, such as public)",
                out.display(),
                p.display()
            );
        }
    }
    if out.exists() && !out.is_dir() {
        bail!("{}: exists and is not a folder (remove it or pass another --out)", out.display());
    }
    Ok(())
}

/// The staging and retired folders next to `out`.
fn siblings(out: &Path) -> Result<(PathBuf, PathBuf)> {
    let name = out
        .file_name()
        .ok_or_else(|| anyhow!("{}: the output folder needs a name (pass --out public)", out.display()))?;
    let name = name.to_string_lossy();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok((parent.join(format!(".{name}.jianbao-new")), parent.join(format!(".{name}.jianbao-old"))))
}

fn swap(out: &Path, staging: &Path, retired: &Path) -> Result<()> {
    if out.exists() && exchange(staging, out).is_ok() {
        // One atomic step: readers see the old site or the new one, never none. The old site
        // now sits in the staging folder.
        return fs::remove_dir_all(staging)
            .with_context(|| format!("{}: cannot remove the previous site", staging.display()));
    }
    let had_old = out.exists();
    if had_old {
        fs::rename(out, retired).with_context(|| format!("{}: cannot move the previous site aside", out.display()))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(retired, out);
        }
        return Err(anyhow!("{}: cannot move the new site into place: {e}", out.display()));
    }
    if had_old {
        fs::remove_dir_all(retired)
            .with_context(|| format!("{}: cannot remove the previous site", retired.display()))?;
    }
    Ok(())
}

/// Swaps two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`); an error where the
/// system or file system cannot, and the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(out: &Path, files: &[(&str, &str)], protect: &[&Path]) -> Result<()> {
        let staging = Staging::create(out, protect)?;
        for (path, text) in files {
            staging.write(&OutputFile { path: path.to_string(), bytes: text.as_bytes().to_vec() })?;
        }
        staging.commit()
    }

    #[test]
    fn replaces_the_previous_site_and_leaves_no_staging_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[("index.html", "one"), ("old/index.html", "x")], &[]).unwrap();
        write(&out, &[("index.html", "two"), ("a/b/index.html", "b")], &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/b/index.html")).unwrap(), "b");
        assert!(!out.join("old").exists(), "files of the previous build are gone");
        let names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn an_abandoned_staging_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[("index.html", "one")], &[]).unwrap();
        let staging = Staging::create(&out, &[]).unwrap();
        staging.write(&OutputFile { path: "index.html".into(), bytes: b"two".to_vec() }).unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no staging folder left");
    }

    #[test]
    fn refuses_to_replace_the_folder_holding_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        let err = write(dir.path(), &[("index.html", "x")], &[&content]).unwrap_err().to_string();
        assert!(err.contains("refusing to replace a folder that contains"), "{err}");
        assert!(content.exists());
    }
}
