//! Building the index: documents in, files out (shards, filters, fragments, manifest).
//!
//! Owns the document numbering (the order documents are added), the per-document terms and
//! their weights, the postings held in memory (delta-varint from the start, in buckets by
//! term hash), the choice of shard count from the postings' size, and each file's bytes.
//! Documents arrive in slices; a slice is cut into terms in parallel and merged bucket by
//! bucket in parallel, and its fragments (one small gzip file per document, with the text
//! the client shows and checks phrases against) are returned at once, so memory holds the
//! postings and one slice, whatever the number of documents.
//!
//! Must not: write files (it returns them), or know where a document's text comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::doc::{DIR, Doc, IndexFile, KINDS, Stats};
use super::format::{self, COUNT, MENTION, NAME, Postings, TITLE};
use super::tokens::{self, Term};

/// Buckets the postings are kept in while building; the shard count divides it.
const BUCKETS: usize = 4096;
/// Buckets merged by one task.
const BUCKETS_PER_TASK: usize = 64;
/// Raw bytes of postings a shard aims at (about a third of it after gzip): small enough that
/// a query's shards stay well under its fetch budget, large enough to keep files few.
const SHARD_TARGET: usize = 48 * 1024;

/// The index being built. Documents are numbered from 0 in the order they are added.
pub(crate) struct Builder {
    buckets: Vec<FxHashMap<Term, Postings>>,
    filters: BTreeMap<String, Postings>,
    docs: u32,
    busy: Duration,
    fragment_bytes: usize,
}

/// One document cut into terms: (bucket, term, weight byte), sorted by bucket.
struct DocTerms {
    terms: Vec<(u32, Term, u8)>,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    kind: &'static str,
    title: &'a str,
    names: &'a [String],
    facts: &'a [String],
    counties: &'a [String],
    year: Option<u16>,
    text: &'a str,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    /// Changes with any byte of the index: the client adds it to every URL it fetches.
    version: String,
    docs: u32,
    shards: usize,
    kinds: &'a [&'static str],
    counties: Vec<&'a str>,
    years: Vec<&'a str>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            buckets: (0..BUCKETS).map(|_| FxHashMap::default()).collect(),
            filters: BTreeMap::new(),
            docs: 0,
            busy: Duration::ZERO,
            fragment_bytes: 0,
        }
    }

    /// Adds the next documents, numbered on from the last; returns their fragment files.
    pub(crate) fn add(&mut self, docs: &[Doc]) -> Vec<IndexFile> {
        let started = Instant::now();
        let first = self.docs;
        let (cut, fragments): (Vec<DocTerms>, Vec<IndexFile>) =
            docs.par_iter().enumerate().map(|(i, doc)| (terms_of(doc), fragment(first + i as u32, doc))).unzip();
        self.merge(first, &cut);
        for (i, doc) in docs.iter().enumerate() {
            self.add_filters(first + i as u32, doc);
        }
        self.docs += docs.len() as u32;
        self.fragment_bytes += fragments.iter().map(|f| f.bytes.len()).sum::<usize>();
        self.busy += started.elapsed();
        fragments
    }

    /// Appends a slice's postings, each task owning a range of buckets.
    fn merge(&mut self, first: u32, cut: &[DocTerms]) {
        self.buckets.par_chunks_mut(BUCKETS_PER_TASK).enumerate().for_each(|(task, buckets)| {
            let lo = (task * BUCKETS_PER_TASK) as u32;
            let hi = lo + buckets.len() as u32;
            for (i, doc) in cut.iter().enumerate() {
                let from = doc.terms.partition_point(|t| t.0 < lo);
                let to = doc.terms.partition_point(|t| t.0 < hi);
                for (bucket, term, weight) in &doc.terms[from..to] {
                    let map = &mut buckets[(bucket - lo) as usize];
                    match map.get_mut(term) {
                        Some(p) => p.push(first + i as u32, *weight),
                        None => map.entry(term.clone()).or_default().push(first + i as u32, *weight),
                    }
                }
            }
        });
    }

    fn add_filters(&mut self, id: u32, doc: &Doc) {
        for key in filter_keys(doc) {
            self.filters.entry(key).or_default().push(id, 0);
        }
    }

    /// Replaces document `id` (`old` as it was added) by `new`, rewriting only the posting
    /// lists of the terms and filter values whose entry for it changed; returns its new
    /// fragment. What `serve` does after an edit that keeps the pages in place.
    pub(crate) fn replace(&mut self, id: u32, old: &Doc, new: &Doc) -> IndexFile {
        let started = Instant::now();
        let weights = |doc: &Doc| -> FxHashMap<Term, (u32, u8)> {
            terms_of(doc).terms.into_iter().map(|(bucket, term, weight)| (term, (bucket, weight))).collect()
        };
        let (before, after) = (weights(old), weights(new));
        let mut changed: Vec<(u32, Term, Option<u8>)> = before
            .iter()
            .filter(|(t, w)| after.get(*t) != Some(w))
            .map(|(t, (b, _))| (*b, t.clone(), after.get(t).map(|a| a.1)))
            .collect();
        changed.extend(
            after.iter().filter(|(t, _)| !before.contains_key(*t)).map(|(t, (b, w))| (*b, t.clone(), Some(*w))),
        );
        for (bucket, term, weight) in changed {
            let map = &mut self.buckets[bucket as usize];
            let postings = map.remove(&term).unwrap_or_default();
            if let Some(p) = with_entry(&postings, id, weight) {
                map.insert(term, p);
            }
        }
        let (old_keys, new_keys) = (filter_keys(old), filter_keys(new));
        for key in old_keys.symmetric_difference(&new_keys) {
            let postings = self.filters.remove(key).unwrap_or_default();
            if let Some(p) = with_entry(&postings, id, new_keys.contains(key).then_some(0)) {
                self.filters.insert(key.clone(), p);
            }
        }
        let fragment = fragment(id, new);
        self.busy += started.elapsed();
        fragment
    }

    /// The shards, the filters and the manifest; with the stats of the whole build.
    pub(crate) fn finish(self) -> (Vec<IndexFile>, Stats) {
        self.files()
    }

    /// What `finish` gives, keeping the builder for [`Builder::replace`].
    pub(crate) fn files(&self) -> (Vec<IndexFile>, Stats) {
        let started = Instant::now();
        let raw: usize = self.buckets.iter().flat_map(|b| b.iter()).map(|(_, p)| p.bytes.len() + 8).sum();
        let shards = raw.div_ceil(SHARD_TARGET).next_power_of_two().clamp(1, BUCKETS);
        let buckets = &self.buckets;
        let mut files: Vec<IndexFile> = (0..shards)
            .into_par_iter()
            .map(|s| {
                let owned: Vec<(String, &Postings)> =
                    (s..BUCKETS).step_by(shards).flat_map(|b| buckets[b].iter().map(|(t, p)| (t.text(), p))).collect();
                let table = format::encode_table(owned.iter().map(|(t, p)| (t.as_str(), *p)));
                IndexFile { path: format!("{DIR}/shards/{s}.bin"), bytes: format::gzip(&table) }
            })
            .collect();
        let terms = buckets.iter().map(|b| b.len()).sum();
        let shard_sizes: Vec<usize> = files.iter().map(|f| f.bytes.len()).collect();
        let filters = format::gzip(&format::encode_table(self.filters.iter().map(|(k, p)| (k.as_str(), p))));
        files.push(IndexFile { path: format!("{DIR}/filters.bin"), bytes: filters });
        let version = files.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, f| {
            f.bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
        });
        let values =
            |prefix: &str| -> Vec<&str> { self.filters.keys().filter_map(|k| k.strip_prefix(prefix)).collect() };
        let mut years = values("year:");
        years.reverse();
        let manifest = Manifest {
            format: 1,
            version: format!("{version:016x}"),
            docs: self.docs,
            shards,
            kinds: &KINDS,
            counties: values("county:"),
            years,
        };
        let manifest = serde_json::to_vec(&manifest).unwrap_or_default();
        files.push(IndexFile { path: format!("{DIR}/manifest.json"), bytes: manifest });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let stats = Stats {
            docs: self.docs as usize,
            terms,
            busy: self.busy + started.elapsed(),
            tail: Duration::ZERO,
            shards: shard_sizes,
            fragment_bytes: self.fragment_bytes,
        };
        (files, stats)
    }
}

/// The filter values of a document: `kind:报告`, `county:金川县` (a county named twice is
/// one value), `year:2019`.
fn filter_keys(doc: &Doc) -> BTreeSet<String> {
    let mut keys = BTreeSet::from([format!("kind:{}", doc.kind.label())]);
    keys.extend(doc.counties.iter().map(|c| format!("county:{c}")));
    keys.extend(doc.year.map(|y| format!("year:{y}")));
    keys
}

/// `postings` with document `id`'s entry set to `weight` (removed for `None`); `None` when
/// nothing is left.
fn with_entry(postings: &Postings, id: u32, weight: Option<u8>) -> Option<Postings> {
    let mut pairs = Postings::decode(&postings.bytes).unwrap_or_default();
    pairs.retain(|p| p.0 != id);
    if let Some(w) = weight {
        let at = pairs.partition_point(|p| p.0 < id);
        pairs.insert(at, (id, w));
    }
    let mut out = Postings::default();
    for (doc, w) in pairs {
        out.push(doc, w);
    }
    (out.docs > 0).then_some(out)
}

/// A document's terms with their weights, by bucket.
fn terms_of(doc: &Doc) -> DocTerms {
    let mut seen = Seen::with_capacity(doc.text.len() / 2);
    let mut field = |text: &str, flag: u8| {
        tokens::each_term(text, |term| {
            let e = seen.entry(term);
            e.0 |= flag;
            e.1 += 1;
        })
    };
    field(&doc.title, TITLE);
    for name in &doc.names {
        field(name, NAME);
    }
    for name in doc.mentions.iter().chain(&doc.facts) {
        field(name, MENTION);
    }
    field(&doc.text, 0);
    for term in doc.names.iter().filter_map(|n| tokens::name_term(n)) {
        if let Term::Text(t) = term {
            seen.text.entry(t).or_insert((NAME, 1));
        }
    }
    // The year as a term (`@2019`): a year query needs one small posting list, not the
    // filter table.
    if let Some(year) = doc.year {
        seen.text.insert(format!("@{year}").into(), (0, 1));
    }
    let weight = |(flags, count): (u8, u32)| flags | (count.saturating_sub(1).min(COUNT as u32) as u8);
    let mut terms: Vec<(u32, Term, u8)> = Vec::with_capacity(seen.han.len() + seen.text.len());
    let han = seen.han.into_iter().map(|(v, w)| (Term::Han(v), w));
    let text = seen.text.into_iter().map(|(t, w)| (Term::Text(t), w));
    terms.extend(han.chain(text).map(|(term, w)| (bucket_of(&term), term, weight(w))));
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    DocTerms { terms }
}

/// A document's terms while it is cut, each with its field flags and count: Han terms keyed
/// by their packed value (hashed as one integer), the rest by text.
struct Seen {
    han: FxHashMap<u64, (u8, u32)>,
    text: FxHashMap<Box<str>, (u8, u32)>,
}

impl Seen {
    fn with_capacity(n: usize) -> Seen {
        let mut han = FxHashMap::default();
        han.reserve(n);
        Seen { han, text: FxHashMap::default() }
    }

    fn entry(&mut self, term: Term) -> &mut (u8, u32) {
        match term {
            Term::Han(v) => self.han.entry(v).or_insert((0, 0)),
            Term::Text(t) => self.text.entry(t).or_insert((0, 0)),
        }
    }
}

/// The bucket of a term: its hash (the client's shard hash) modulo [`BUCKETS`]. A Han term
/// is hashed from its characters' UTF-8 without making its text.
fn bucket_of(term: &Term) -> u32 {
    let hash = match term {
        Term::Text(t) => tokens::hash(t),
        Term::Han(_) => {
            let mut buf = [0u8; 8];
            let mut len = 0;
            for c in term.chars() {
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            tokens::hash_bytes(&buf[..len])
        }
    };
    hash % BUCKETS as u32
}

/// The fragment of document `id`: what a result shows, and the text phrases are checked in.
fn fragment(id: u32, doc: &Doc) -> IndexFile {
    let json = serde_json::to_vec(&Fragment {
        url: &doc.url,
        kind: doc.kind.label(),
        title: &doc.title,
        names: &doc.names,
        facts: &doc.facts,
        counties: &doc.counties,
        year: doc.year,
        text: &doc.text,
    })
    .unwrap_or_default();
    IndexFile { path: format!("{DIR}/docs/{id}.bin"), bytes: format::gzip_fast(&json) }
}
