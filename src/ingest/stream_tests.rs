//! A whole ingest keeps the bodies in a spill file (`bodies::Spill`); the desk's scoped
//! ingest and the reference below keep them in the articles. Both must write the same bytes.

use super::bodies::{InMemory, Spill};
use super::copies::{self, Decisions, corpus};
use super::extract::Article;
use super::{read, tags, write};

/// The generated seeds, extracted as ingest does (no recogniser cache).
fn extracted(n: usize) -> Vec<Article> {
    use rayon::prelude::*;
    let generated = corpus::corpus(n, 0.2, 23);
    let per_seed: Vec<Vec<Article>> = generated
        .par_iter()
        .enumerate()
        .map(|(i, g)| {
            let (name, bytes) = corpus::seed_file(i, g);
            let doc = read::read_bytes(std::path::Path::new(&name), &bytes).expect("a seed");
            super::extract::articles(&doc, &mut tags::SeedTags::new(Default::default()))
        })
        .collect();
    per_seed.into_iter().flatten().collect()
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn spilled_bodies_give_the_pages_kept_bodies_give() {
    let articles = extracted(240);
    let site = tempfile::tempdir().unwrap();
    let (kept, spilled) = (site.path().join("kept"), site.path().join("spilled"));
    let folded = copies::fold(articles.clone(), &Decisions::default(), true);
    assert!(folded.articles.iter().any(|a| !a.copies.is_empty()), "the corpus has copies");
    write::apply(&kept, &folded.articles, None, &InMemory).unwrap();

    let spill = Spill::new(&site.path().join("spill")).unwrap();
    let mut moved = articles;
    spill.take(&mut moved).unwrap();
    assert!(moved.iter().all(|a| a.body.is_empty()));
    let folded_spilled = copies::fold_with(moved, &Decisions::default(), true, &spill);
    assert_eq!(folded_spilled.likely, folded.likely);
    write::apply(&spilled, &folded_spilled.articles, None, &spill).unwrap();

    let (a, b) = (files(&kept), files(&spilled));
    assert!(a.keys().filter(|p| p.starts_with("reports")).count() > 150, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}
