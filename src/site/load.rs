//! Loading: `content/` → `Content`, every page parsed and validated.
//!
//! Owns the walk of `content/{reports,counties,people,programs}` (walkdir, sorted, `.md`
//! files only), reading the files in parallel (rayon), and the checks one page can make on
//! its own: YAML through `frontmatter::parse`, a non-empty title or name, dates that are
//! `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and real, pinned slugs that are valid, report file names
//! that are slugs, old addresses (`redirect_from`) that are paths of the site; and that no two
//! reports claim one address (`unique_slugs`). Every error is one line:
//! `path:line: what (what to do)`.
//!
//! It must not relate pages to each other (that is `graph`) nor know YAML syntax.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::date::Date;
use crate::frontmatter::{self, CountyFront, Extra, Parsed, PersonFront, ProgramFront, ReportFront};
use crate::site::body::{Bodies, ReportBody};
use crate::site::ids::Kind;
use crate::slug;

/// Everything in `content/`, sorted by path. Report pages are shared (`Arc`), so `serve`
/// can keep the loaded content, copy it cheaply and swap in the pages an edit changed.
#[derive(Debug, Default, Clone)]
pub(crate) struct Content {
    pub(crate) reports: Vec<Arc<ReportPage>>,
    pub(crate) entities: Vec<EntityPage>,
}

/// One `content/reports/<slug>.md`.
#[derive(Debug, Clone)]
pub(crate) struct ReportPage {
    /// The file as the user named it, for messages.
    pub(crate) path: String,
    /// The report's URL segment: its `slug:`, else its file name.
    pub(crate) slug: String,
    /// Its old addresses (`redirect_from`) as site paths (`reports/old/`), with their lines.
    pub(crate) redirects: Vec<(String, usize)>,
    pub(crate) front: ReportFront,
    pub(crate) date: Option<Date>,
    /// `(date, end)` of each of `front.events`, in the same order.
    pub(crate) event_dates: Vec<(Date, Option<Date>)>,
    /// Shared with the site graph, which is rebuilt from the loaded pages after an edit;
    /// kept in memory or read again from the file, as `load` was asked.
    pub(crate) body: ReportBody,
    /// The plain-text excerpt of the body (`text::excerpt`), made once per file read.
    pub(crate) excerpt: String,
}

/// Characters of a report's excerpt.
pub(crate) const EXCERPT_CHARS: usize = 120;

/// The front matter of an editorial entity page, by kind.
#[derive(Debug, Clone)]
pub(crate) enum EntityFront {
    County(CountyFront),
    Person(PersonFront),
    Program(ProgramFront),
}

impl EntityFront {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            EntityFront::County(_) => Kind::County,
            EntityFront::Person(_) => Kind::Person,
            EntityFront::Program(_) => Kind::Program,
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self {
            EntityFront::County(f) => &f.name,
            EntityFront::Person(f) => &f.name,
            EntityFront::Program(f) => &f.name,
        }
    }

    pub(crate) fn slug(&self) -> Option<&str> {
        match self {
            EntityFront::County(f) => f.slug.as_deref(),
            EntityFront::Person(f) => f.slug.as_deref(),
            EntityFront::Program(f) => f.slug.as_deref(),
        }
    }

    pub(crate) fn aliases(&self) -> &[String] {
        match self {
            EntityFront::County(f) => &f.aliases,
            EntityFront::Person(f) => &f.aliases,
            EntityFront::Program(f) => &f.aliases,
        }
    }

    pub(crate) fn extra(&self) -> &Extra {
        match self {
            EntityFront::County(f) => &f.extra,
            EntityFront::Person(f) => &f.extra,
            EntityFront::Program(f) => &f.extra,
        }
    }
}

/// What an entity's page states beyond its name: a county's code and where it lies, a
/// person's roles, a program's kind.
pub(crate) struct Facts<'a> {
    pub(crate) code: Option<&'a str>,
    pub(crate) province: Option<&'a str>,
    pub(crate) prefecture: Option<&'a str>,
    pub(crate) roles: &'a [String],
    pub(crate) program_kind: Option<&'a str>,
}

impl<'a> Facts<'a> {
    pub(crate) fn of(front: Option<&'a EntityFront>) -> Facts<'a> {
        let mut facts = Facts { code: None, province: None, prefecture: None, roles: &[], program_kind: None };
        match front {
            Some(EntityFront::County(f)) => {
                (facts.code, facts.province, facts.prefecture) =
                    (f.code.as_deref(), f.province.as_deref(), f.prefecture.as_deref());
            }
            Some(EntityFront::Person(f)) => facts.roles = &f.roles,
            Some(EntityFront::Program(f)) => facts.program_kind = f.kind.as_deref(),
            None => {}
        }
        facts
    }
}

/// One `content/{counties,people,programs}/<file>.md`.
#[derive(Debug, Clone)]
pub(crate) struct EntityPage {
    pub(crate) path: String,
    pub(crate) front: EntityFront,
    pub(crate) body: String,
    /// The front matter as written, to point later errors at a line.
    pub(crate) yaml: String,
}

/// Loads and validates every page under `content`, keeping report bodies in memory or not
/// as `bodies` says. Fails on the first bad page, in path order, so the same content always
/// gives the same error.
pub(crate) fn load(content: &Path, bodies: Bodies) -> Result<Content> {
    if !content.is_dir() {
        bail!("{}: no such folder (run `jianbao ingest` first, or pass --content DIR)", content.display());
    }
    let reports = files(&content.join("reports"))?;
    let entities: Vec<(Kind, PathBuf)> = Kind::ALL
        .iter()
        .map(|&kind| Ok(files(&content.join(kind.dir()))?.into_iter().map(move |p| (kind, p))))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();

    let reports = reports.par_iter().map(|p| load_report(p, bodies).map(Arc::new)).collect::<Vec<_>>();
    let reports = reports.into_iter().collect::<Result<Vec<_>>>()?;
    unique_slugs(&reports)?;
    let entities = entities.par_iter().map(|(kind, p)| load_entity(*kind, p)).collect::<Vec<_>>();
    let entities = entities.into_iter().collect::<Result<Vec<_>>>()?;
    Ok(Content { reports, entities })
}

/// The `.md` files under `dir`, sorted; none when the folder does not exist.
pub(crate) fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| anyhow!("{}: cannot read: {e}", e.path().unwrap_or(dir).display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && !name.starts_with('.') {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// The file's name for messages, its metadata as it was read (which a body read again is
/// checked against) and its text.
fn read(path: &Path) -> Result<(String, std::fs::Metadata, String)> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| anyhow!("{shown}: cannot read: {e}");
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(cannot)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow!("{shown}:1: not UTF-8 (content pages are UTF-8; run `jianbao ingest` to convert seeds)")
    })?;
    Ok((shown, meta, text))
}

/// Reads and validates one report page.
pub(crate) fn load_report(path: &Path, bodies: Bodies) -> Result<ReportPage> {
    let (shown, meta, text) = read(path)?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
    if !slug::is_valid(&stem) || stem == "page" {
        bail!(
            "{shown}:1: file name `{stem}` is not a usable slug (rename the file to lowercase ASCII letters, digits and `-`, not `page`)"
        );
    }
    let Parsed { front, body, yaml, .. } = frontmatter::parse::<ReportFront>(&shown, &text)?;
    let body_in_file = text.len() - body.len();
    if front.title.trim().is_empty() {
        let line = frontmatter::line_of_key(&yaml, "title");
        let hint = frontmatter::slip_on_line(&yaml, line).unwrap_or_else(|| "give the report a `title:`".into());
        bail!("{shown}:{line}: empty title ({hint})");
    }
    let published = match &front.date {
        Some(d) => Some(date(&shown, &yaml, "date", d)?),
        None => None,
    };
    let event_dates = front
        .events
        .iter()
        .map(|ev| {
            let start = date(&shown, &yaml, "events", &ev.date)?;
            let end = match &ev.end {
                Some(e) => Some(date(&shown, &yaml, "events", e)?),
                None => None,
            };
            if end.is_some_and(|e| e < start) {
                let line =
                    frontmatter::line_of_item(&yaml, "events", &format!("\"{}\"", ev.end.as_deref().unwrap_or("")));
                bail!(
                    "{shown}:{line}: event ends ({}) before it starts ({}) (swap `date` and `end`)",
                    end.unwrap(),
                    start
                );
            }
            if ev.text.trim().is_empty() {
                let line = frontmatter::line_of_item(&yaml, "events", &ev.date);
                bail!("{shown}:{line}: event of {} has no `text` (quote the clause that states it)", ev.date);
            }
            Ok((start, end))
        })
        .collect::<Result<Vec<_>>>()?;
    let slug = report_slug(&shown, &yaml, &front, stem)?;
    let redirects = redirects(&shown, &yaml, &front)?;
    let excerpt = crate::site::text::excerpt(&body, EXCERPT_CHARS);
    let body = ReportBody::from_file(bodies, path, &meta, &text, body_in_file);
    Ok(ReportPage { path: shown, slug, redirects, front, date: published, event_dates, body, excerpt })
}

/// A report's slug: its `slug:` when it has one (which must be valid), else its file name.
fn report_slug(shown: &str, yaml: &str, front: &ReportFront, stem: String) -> Result<String> {
    match &front.slug {
        None => Ok(stem),
        Some(s) if slug::is_valid(s) && s != "page" => Ok(s.clone()),
        Some(s) => bail!(
            "{shown}:{}: slug `{s}` is not valid (use lowercase ASCII letters, digits and `-`, not `page`)",
            frontmatter::line_of_key(yaml, "slug")
        ),
    }
}

/// The report's old addresses as site paths, with their lines.
fn redirects(shown: &str, yaml: &str, front: &ReportFront) -> Result<Vec<(String, usize)>> {
    front
        .redirect_from
        .iter()
        .map(|address| {
            let line = frontmatter::line_of_item(yaml, "redirect_from", address);
            let path = crate::site::file::path_of_address(address).ok_or_else(|| {
                anyhow!(
                    "{shown}:{line}: redirect_from `{address}` is not an address a redirect page can have (write a path of this site such as `/reports/old-slug/`)"
                )
            })?;
            Ok((path, line))
        })
        .collect()
}

/// Parses a date written under `key`, or fails naming its line.
fn date(shown: &str, yaml: &str, key: &str, written: &str) -> Result<Date> {
    Date::parse(written).ok_or_else(|| {
        let line = frontmatter::line_of_item(yaml, key, written);
        anyhow!("{shown}:{line}: bad date \"{written}\" in `{key}` (write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", a real date, in quotes)")
    })
}

/// No two reports share a slug, which is their URL, and no old address (`redirect_from`) is
/// a report's or another old address.
pub(crate) fn unique_slugs(reports: &[Arc<ReportPage>]) -> Result<()> {
    let mut seen: std::collections::HashMap<&str, &str> = Default::default();
    for r in reports {
        if let Some(other) = seen.insert(&r.slug, &r.path) {
            bail!("{}:1: report slug `{}` is also the slug of {other} (change one of them)", r.path, r.slug);
        }
    }
    let mut old: std::collections::HashMap<&str, &str> = Default::default();
    for r in reports {
        for (path, line) in &r.redirects {
            let slug = path.strip_prefix("reports/").and_then(|s| s.strip_suffix('/'));
            if let Some(owner) = slug.and_then(|s| seen.get(s)) {
                bail!(
                    "{}:{line}: redirect_from `/{path}` is the address of {owner} (remove it from redirect_from)",
                    r.path
                );
            }
            if let Some(other) = old.insert(path.as_str(), &r.path) {
                bail!(
                    "{}:{line}: redirect_from `/{path}` is also an old address of {other} (keep it in one page)",
                    r.path
                );
            }
        }
    }
    Ok(())
}

/// Reads and validates one entity page.
pub(crate) fn load_entity(kind: Kind, path: &Path) -> Result<EntityPage> {
    let (shown, _, text) = read(path)?;
    let (front, body, yaml) = match kind {
        Kind::County => {
            let p = frontmatter::parse::<CountyFront>(&shown, &text)?;
            (EntityFront::County(p.front), p.body, p.yaml)
        }
        Kind::Person => {
            let p = frontmatter::parse::<PersonFront>(&shown, &text)?;
            (EntityFront::Person(p.front), p.body, p.yaml)
        }
        Kind::Program => {
            let p = frontmatter::parse::<ProgramFront>(&shown, &text)?;
            (EntityFront::Program(p.front), p.body, p.yaml)
        }
    };
    if front.name().trim().is_empty() {
        let line = frontmatter::line_of_key(&yaml, "name");
        let hint = frontmatter::slip_on_line(&yaml, line).unwrap_or_else(|| "give the page a `name:`".into());
        bail!("{shown}:{line}: empty name ({hint})");
    }
    if let Some(pinned) = front.slug()
        && (!slug::is_valid(pinned) || pinned == "page")
    {
        bail!(
            "{shown}:{}: slug `{pinned}` is not valid (use lowercase ASCII letters, digits and `-`, not `page`)",
            frontmatter::line_of_key(&yaml, "slug")
        );
    }
    if let Some(alias) = front.aliases().iter().find(|a| a.trim().is_empty()) {
        bail!("{shown}:{}: empty alias `{alias}` (remove it)", frontmatter::line_of_key(&yaml, "aliases"));
    }
    Ok(EntityPage { path: shown, front, body, yaml })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn error(files: &[(&str, &str)]) -> String {
        let dir = site(files);
        let err = load(dir.path(), Bodies::Reread).unwrap_err().to_string();
        err.replace(&format!("{}/", dir.path().display()), "")
    }

    #[test]
    fn loads_sorted_pages_of_every_kind() {
        let dir = site(&[
            ("reports/b.md", "---\ntitle: 乙\ndate: \"2018-12\"\n---\n正文\n"),
            (
                "reports/a.md",
                "---\ntitle: 甲\nevents:\n  - date: \"2015-08-07\"\n    end: \"2015-08-08\"\n    text: 调研\n---\n",
            ),
            ("people/zhang.md", "---\nname: 张东升\n---\n"),
            ("counties/notes.txt", "not a page"),
        ]);
        let c = load(dir.path(), Bodies::Reread).unwrap();
        let slugs: Vec<&str> = c.reports.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b"]);
        assert_eq!(c.reports[1].date.unwrap().to_string(), "2018-12");
        assert_eq!(c.reports[0].event_dates[0].1.unwrap().to_string(), "2015-08-08");
        assert_eq!(c.entities.len(), 1);
        assert_eq!(c.entities[0].front.kind(), Kind::Person);
    }

    #[test]
    fn a_bad_event_date_names_its_line() {
        let err =
            error(&[("reports/a.md", "---\ntitle: 甲\nevents:\n  - date: \"2015-02-30\"\n    text: 调研\n---\n")]);
        assert!(err.starts_with("reports/a.md:4: bad date \"2015-02-30\" in `events`"), "{err}");
    }

    #[test]
    fn an_empty_title_and_a_bad_pinned_slug_are_errors() {
        let err = error(&[("reports/a.md", "---\ntitle: \"\"\n---\n")]);
        assert!(err.starts_with("reports/a.md:2: empty title"), "{err}");
        let err = error(&[("programs/x.md", "---\nname: 百千万\nslug: Bai Qian\n---\n")]);
        assert!(err.starts_with("programs/x.md:3: slug `Bai Qian` is not valid"), "{err}");
    }

    #[test]
    fn report_file_names_must_be_slugs() {
        let err = error(&[("reports/金川.md", "---\ntitle: 甲\n---\n")]);
        assert!(err.starts_with("reports/金川.md:1: file name `金川` is not a usable slug"), "{err}");
    }
}
