//! Which part of the site a desk action touches, so that serve re-ingests only that
//! (`ingest::run_scoped`) with the same result as a whole `jianbao ingest`.
//!
//! Owns the rule, read from the report pages in content/: the seed of the report an action
//! names (`seed` or `seed#N`) and of every report page listing a name it rejects, removes,
//! adds or merges (for a merge, the target's too: its page gains aliases and roles from all of
//! them), each with the printings its page lists under `copies` (their group is joined again
//! as recorded); the names whose entity pages follow are exactly those, since every report
//! naming them is then read again.
//!
//! Must not: write, run ingest, or know HTTP. What it cannot see (a name an earlier
//! correction took off a page, which extraction still finds there) is why a hand edit of
//! corrections.yaml, or anything the desk did not write itself, gets a whole ingest.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::store::Action;
use crate::frontmatter::{self, ReportFront};
use crate::ingest::Scope;
use crate::ingest::write::stamps::read_front_remembered;

/// The scope of `action` on the site whose content folder is `content`.
pub(crate) fn of(content: &Path, action: &Action) -> Result<Scope> {
    let (report, kind, names): (Option<&str>, &str, Vec<&str>) = match action {
        Action::Reject { kind, name } => (None, kind, vec![name]),
        Action::Remove { report, kind, name } | Action::Add { report, kind, name } => (Some(report), kind, vec![name]),
        Action::Merge { kind, variant, target } => (None, kind, vec![variant, target]),
        Action::Fix { report, .. } => (Some(report), "", Vec::new()),
    };
    let names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    let mut scope = Scope { names: names.iter().map(|n| (kind.to_string(), n.clone())).collect(), ..Scope::default() };
    if let Some(key) = report {
        scope.seeds.insert(seed_of(key.trim()).to_string());
    }
    let dir = content.join("reports");
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("{}: cannot list", dir.display()))? {
        paths.push(entry?.path());
    }
    paths.retain(|p| p.extension().is_some_and(|e| e == "md"));
    let needles: Vec<&str> =
        report.map(|k| seed_of(k.trim())).into_iter().chain(names.iter().map(String::as_str)).collect();
    // Thousands of pages, most without the name: read in parallel, parsed only when they may hold it.
    let found: Vec<Option<Vec<String>>> = paths
        .par_iter()
        .map(|path| {
            // The names and keys are in the front matter; the body, most of the bytes, is not read.
            // Remembered between actions while a page's file is unchanged (`read_front_remembered`).
            let text = read_front_remembered(path).with_context(|| format!("{}: cannot read", path.display()))?;
            if !needles.iter().any(|n| might_hold(&text, n)) {
                return Ok(None);
            }
            let front = frontmatter::parse::<ReportFront>(&path.display().to_string(), &text)?.front;
            let holds_key = report.is_some_and(|k| keys_of(&front).iter().any(|own| own == k.trim()));
            Ok((holds_key || names.iter().any(|n| lists(&front, kind, n))).then(|| keys_of(&front)))
        })
        .collect::<Result<_>>()?;
    let mut groups = BTreeSet::new();
    for keys in found.into_iter().flatten() {
        scope.seeds.extend(keys.iter().map(|k| seed_of(k).to_string()));
        if keys.len() > 1 {
            groups.insert(keys);
        }
    }
    scope.groups = groups.into_iter().collect();
    Ok(scope)
}

/// Whether the page's text may hold `needle` as written (a name YAML would escape is
/// looked for in every page).
fn might_hold(text: &str, needle: &str) -> bool {
    needle.contains(['"', '\\', '\'']) || text.contains(needle)
}

/// The keys of the printings a report page holds: its own first, then its copies'.
fn keys_of(front: &ReportFront) -> Vec<String> {
    let own = front.seed.as_ref().map(|s| match front.part {
        Some(n) => format!("{s}#{n}"),
        None => s.clone(),
    });
    own.into_iter().chain(front.copies.iter().map(|c| c.seed.clone())).collect()
}

/// The seed file of a key (`seed#N` → `seed`).
fn seed_of(key: &str) -> &str {
    match key.rsplit_once('#') {
        Some((seed, n)) if n.parse::<u32>().is_ok() => seed,
        _ => key,
    }
}

/// Whether the page lists `name` among its entities of `kind` (or its events').
fn lists(front: &ReportFront, kind: &str, name: &str) -> bool {
    let of = |c: &Vec<String>, p: &Vec<String>, g: &Vec<String>| {
        let list = match kind {
            "people" => p,
            "counties" => c,
            "programs" => g,
            _ => return false,
        };
        list.iter().any(|n| n == name)
    };
    of(&front.counties, &front.people, &front.programs)
        || front.events.iter().any(|e| of(&e.counties, &e.people, &e.programs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, file: &str, seed: &str, people: &str, copies: &str) {
        let text =
            format!("---\ntitle: t\nseed: {seed}\n{copies}counties: []\npeople: [{people}]\nprograms: []\n---\nbody\n");
        std::fs::write(dir.join("reports").join(file), text).unwrap();
    }

    #[test]
    fn a_name_reaches_every_report_listing_it_and_their_printings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        page(dir.path(), "a.md", "a.txt", "林芳, 张三", "copies:\n- seed: c.txt\n");
        page(dir.path(), "b.md", "b.txt", "张三", "");
        page(dir.path(), "d.md", "d.txt", "李四", "");
        let reject = Action::Reject { kind: "people".into(), name: "林芳".into() };
        let scope = of(dir.path(), &reject).unwrap();
        assert_eq!(scope.seeds, BTreeSet::from(["a.txt".to_string(), "c.txt".to_string()]));
        assert_eq!(scope.groups, vec![vec!["a.txt".to_string(), "c.txt".to_string()]]);
        assert!(scope.has_name("people", "林芳") && !scope.has_name("counties", "林芳"));
        let merge = Action::Merge { kind: "people".into(), variant: "李四".into(), target: "张三".into() };
        let seeds = of(dir.path(), &merge).unwrap().seeds;
        assert_eq!(seeds.len(), 4, "{seeds:?}");
        // A report key: its seed even without a page, and the printing's whole group.
        let fix = Action::Fix { report: "c.txt".into(), field: "title".into(), value: "x".into() };
        assert_eq!(of(dir.path(), &fix).unwrap().seeds, BTreeSet::from(["a.txt".to_string(), "c.txt".to_string()]));
        let add = Action::Add { report: "new.txt#2".into(), kind: "people".into(), name: "王五".into() };
        assert_eq!(of(dir.path(), &add).unwrap().seeds, BTreeSet::from(["new.txt".to_string()]));
    }
}
