//! The copy detector's memo: `.jianbao/cache/copies/pairs`, the pairs `copies::detect` found
//! in the last whole ingest, with the hash of what it read (every article's body and names,
//! in order, and the build's rules and data). A warm ingest over unchanged seeds and
//! corrections reads the same bodies and names, so it takes the pairs from the file instead
//! of shingling every body again; anything else is detected afresh and the file replaced.
//!
//! Owns that one file. It is written whole or not at all; one that cannot be read, is cut
//! short or holds another hash is treated as absent: the memo never changes which printings
//! are folded, only how fast.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::cache::SOURCE_HASH;
use super::copies::Printings;
use super::copies::detect::{self, Pair, Texts};

const FORMAT: &[u8] = b"jianbao copy pairs 1\n";

/// The memo file of the site whose content folder is `content`.
pub(crate) fn path(content: &Path) -> PathBuf {
    super::cache::folder(content).with_file_name("copies").join("pairs")
}

/// The detector's pairs for `printings`: from the memo at `path` when it was made from the
/// same bodies and names, else found and written there (a memo that cannot be written
/// costs speed, not results: `warn` hears why).
pub(crate) fn pairs(printings: &Printings, path: &Path, warn: impl FnOnce(String)) -> Vec<Pair> {
    let key = input_hash(printings);
    if let Some(pairs) = std::fs::read(path).ok().and_then(|bytes| decode(&bytes, &key)) {
        return pairs;
    }
    let pairs = detect::pairs(printings);
    if let Err(err) = write(path, &encode(&key, &pairs)) {
        warn(format!("{err:#} (the copy detector's memo; ingest goes on without it)"));
    }
    pairs
}

/// The hash of everything the detector reads: each article's body and names, in order.
fn input_hash(printings: &Printings) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(SOURCE_HASH.as_bytes());
    let field = |hasher: &mut blake3::Hasher, bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for i in 0..printings.count() {
        field(&mut hasher, printings.body(i).as_bytes());
        let names = printings.names(i);
        hasher.update(&(names.len() as u64).to_le_bytes());
        for name in names {
            field(&mut hasher, name.as_bytes());
        }
    }
    *hasher.finalize().as_bytes()
}

fn encode(key: &[u8; 32], pairs: &[Pair]) -> Vec<u8> {
    let mut out = FORMAT.to_vec();
    out.extend(key);
    out.extend((pairs.len() as u64).to_le_bytes());
    for p in pairs {
        out.extend((p.a as u64).to_le_bytes());
        out.extend((p.b as u64).to_le_bytes());
        for x in [p.containment, p.ratio, p.agree] {
            out.extend(x.to_bits().to_le_bytes());
        }
    }
    out
}

/// 8 + 8 + 3 × 4 bytes a pair.
const PAIR: usize = 28;

fn decode(bytes: &[u8], key: &[u8; 32]) -> Option<Vec<Pair>> {
    let rest = bytes.strip_prefix(FORMAT)?.strip_prefix(key.as_slice())?;
    let (count, rest) = rest.split_at_checked(8)?;
    let count = u64::from_le_bytes(count.try_into().ok()?) as usize;
    if rest.len() != count.checked_mul(PAIR)? {
        return None;
    }
    let u64_at = |c: &[u8], at: usize| u64::from_le_bytes(c[at..at + 8].try_into().expect("8 bytes"));
    let f32_at = |c: &[u8], at: usize| f32::from_bits(u32::from_le_bytes(c[at..at + 4].try_into().expect("4 bytes")));
    let pairs = rest
        .chunks_exact(PAIR)
        .map(|c| Pair {
            a: u64_at(c, 0) as usize,
            b: u64_at(c, 8) as usize,
            containment: f32_at(c, 16),
            ratio: f32_at(c, 20),
            agree: f32_at(c, 24),
        })
        .collect();
    Some(pairs)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("memo path has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the cache folder", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("{}: cannot write", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::bodies::InMemory;
    use crate::ingest::extract::Article;

    fn article(seed: &str, body: &str) -> Article {
        Article { seed: seed.into(), body: body.into(), people: vec!["王明远".into()], ..Default::default() }
    }

    #[test]
    fn pairs_survive_a_round_trip_and_damage_reads_as_absent() {
        let pairs = vec![
            Pair { a: 0, b: 3, containment: 0.93, ratio: 0.5, agree: 1.0 },
            Pair { a: 2, b: 7, containment: f32::MIN_POSITIVE, ratio: 1.0 / 3.0, agree: 0.0 },
        ];
        let key = [7; 32];
        let bytes = encode(&key, &pairs);
        assert_eq!(decode(&bytes, &key), Some(pairs.clone()));
        assert_eq!(decode(&bytes, &[8; 32]), None, "other input");
        for cut in [0, 20, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut], &key), None);
        }
        assert_eq!(decode(&encode(&key, &[]), &key), Some(Vec::new()));
    }

    #[test]
    fn the_key_follows_every_body_and_name() {
        let articles = vec![article("a.txt", "青石县召开会议。"), article("b.txt", "会议强调。")];
        let key = |articles: &[Article]| input_hash(&Printings { articles, bodies: &InMemory });
        let base = key(&articles);
        let mut body = articles.clone();
        body[1].body.push('。');
        let mut names = articles.clone();
        names[0].people.push("李秀兰".into());
        let mut order = articles.clone();
        order.reverse();
        for other in [body, names, order] {
            assert_ne!(key(&other), base);
        }
        assert_eq!(key(&articles.clone()), base);
    }

    #[test]
    fn a_memo_is_used_only_for_the_same_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("copies/pairs");
        let body = "青石县委书记王明远在会上强调，要把茶叶产业做大做强，全县茶园面积达到一万二千亩，带动农户三千余户增收致富。";
        let articles = vec![article("a.txt", body), article("b.txt", body)];
        let printings = Printings { articles: &articles, bodies: &InMemory };
        let found = pairs(&printings, &path, |w| panic!("{w}"));
        assert_eq!(found, detect::pairs(&printings));
        // A memo for these articles is taken as it is (here, one planted by hand).
        let planted = vec![Pair { a: 0, b: 1, containment: 0.5, ratio: 0.5, agree: 0.5 }];
        std::fs::write(&path, encode(&input_hash(&printings), &planted)).unwrap();
        assert_eq!(pairs(&printings, &path, |w| panic!("{w}")), planted);
        // Other articles: detected afresh, the memo replaced.
        let other = vec![article("a.txt", body), article("c.txt", "另一篇。")];
        let printings = Printings { articles: &other, bodies: &InMemory };
        assert_eq!(pairs(&printings, &path, |w| panic!("{w}")), detect::pairs(&printings));
    }
}
