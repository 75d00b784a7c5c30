//! Where a site's private state lives: the site root of a content folder and the `.jianbao/`
//! folder under it (git ignores it), which holds the recogniser's and the article cache, the
//! report stamps and the desk's review. Every module that keeps state there asks here, so the
//! folder is found one way for `--content site/content`, an absolute path and a bare `content`.
//!
//! Owns only the paths: it reads and writes no file, and decides nothing about what is kept.

use std::path::{Path, PathBuf};

/// The name of the state folder under the site root.
pub(crate) const NAME: &str = ".jianbao";

/// The site root as messages and the site's own files name it: the folder holding `content/`,
/// `site.yaml`, `themes/` and `templates/`. Empty for a bare `content`, so a message says
/// `templates/x.html`, not `./templates/x.html`.
pub(crate) fn site_root(content: &Path) -> PathBuf {
    content.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The site root as the state files are found from: as [`site_root`], but `.` for a bare
/// `content` (or a content folder with no parent), so a path under it is never empty.
pub(crate) fn root(content: &Path) -> &Path {
    content.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// `rel` inside the state folder of the site whose content folder is `content`.
pub(crate) fn path(content: &Path, rel: impl AsRef<Path>) -> PathBuf {
    root(content).join(NAME).join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_folder_is_beside_the_content_folder() {
        assert_eq!(path(Path::new("site/content"), "cache/lac"), Path::new("site/.jianbao/cache/lac"));
        assert_eq!(path(Path::new("/srv/site/content"), "review.json"), Path::new("/srv/site/.jianbao/review.json"));
        assert_eq!(path(Path::new("content"), "cache/lac").as_os_str(), "./.jianbao/cache/lac");
        assert_eq!(path(Path::new("/"), "x").as_os_str(), "./.jianbao/x");
    }

    #[test]
    fn the_site_root_is_empty_for_a_bare_content_folder_and_dot_for_state() {
        assert_eq!(site_root(Path::new("content")).as_os_str(), "");
        assert_eq!(root(Path::new("content")).as_os_str(), ".");
        assert_eq!(site_root(Path::new("site/content")), Path::new("site"));
        assert_eq!(root(Path::new("site/content")), Path::new("site"));
        assert_eq!(site_root(Path::new("/srv/site/content")), Path::new("/srv/site"));
        assert_eq!(root(Path::new("/srv/site/content")), Path::new("/srv/site"));
    }
}
