//! The on-disk format of the index, and its in-memory postings (the same bytes).
//!
//! Owns: varints; a posting list (`Postings`: ascending document numbers, delta-coded, each
//! with optional weight byte); a term table (`encode_table`: the shard and filter files);
//! deterministic gzip. `decode_table` reads a table back (the unit tests' round trip, and
//! the Rust twin of the client's `readTable`).
//!
//! A table, before gzip: `JBX1`, varint term count, then per term in byte order of its
//! text: varint text length, the UTF-8 text, varint document count, varint posting bytes,
//! the postings. A posting: varint `(delta << 1) | has_weight`, where delta is the document
//! number minus the previous one (the first: the number itself), then, when flagged, one
//! weight byte `TITLE | NAME | MENTION | min(count - 1, 31)`. A posting without it is one
//! occurrence in the body, the common case, so most postings are one or two bytes.
//!
//! Must not: know how terms are made (`tokens`) or which documents exist (`index`).

use std::io::Write as _;

use anyhow::{Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

/// The term is in the document's title.
pub(crate) const TITLE: u8 = 0x80;
/// The term is in a name the document stands for (an entity page's name or alias).
pub(crate) const NAME: u8 = 0x40;
/// The term is in a name the document mentions (a report's entities).
pub(crate) const MENTION: u8 = 0x20;
/// The low bits: occurrences minus one, capped.
pub(crate) const COUNT: u8 = 0x1f;

const MAGIC: &[u8; 4] = b"JBX1";

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> Result<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&b) = bytes.get(*at) else { bail!("index: varint runs past the end at byte {at}") };
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    bail!("index: varint too long at byte {at}")
}

/// One term's documents, as they are stored: compact from the start, so a large site's
/// postings cost about what they cost on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Postings {
    pub(crate) bytes: Vec<u8>,
    /// Documents in the list.
    pub(crate) docs: u32,
    /// The last document number pushed.
    last: u32,
}

impl Postings {
    /// Adds document `doc` (greater than the last) with its weight byte (0: once, in the body).
    pub(crate) fn push(&mut self, doc: u32, weight: u8) {
        let delta = if self.docs == 0 { doc } else { doc - self.last };
        put_varint(&mut self.bytes, u64::from(delta) << 1 | u64::from(weight != 0));
        if weight != 0 {
            self.bytes.push(weight);
        }
        self.docs += 1;
        self.last = doc;
    }

    /// The (document, weight) pairs.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<(u32, u8)>> {
        let mut out = Vec::new();
        let (mut at, mut doc) = (0, 0u32);
        while at < bytes.len() {
            let v = get_varint(bytes, &mut at)?;
            doc = if out.is_empty() { (v >> 1) as u32 } else { doc + (v >> 1) as u32 };
            let weight = if v & 1 == 1 {
                let Some(&w) = bytes.get(at) else { bail!("index: weight missing at byte {at}") };
                at += 1;
                w
            } else {
                0
            };
            out.push((doc, weight));
        }
        Ok(out)
    }
}

/// A table of terms sorted by their text, before gzip.
pub(crate) fn encode_table<'a>(terms: impl IntoIterator<Item = (&'a str, &'a Postings)>) -> Vec<u8> {
    let mut sorted: Vec<(&str, &Postings)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = MAGIC.to_vec();
    put_varint(&mut out, sorted.len() as u64);
    for (text, postings) in sorted {
        put_varint(&mut out, text.len() as u64);
        out.extend_from_slice(text.as_bytes());
        put_varint(&mut out, u64::from(postings.docs));
        put_varint(&mut out, postings.bytes.len() as u64);
        out.extend_from_slice(&postings.bytes);
    }
    out
}

/// A table back as (term, documents, posting bytes).
pub fn decode_table(bytes: &[u8]) -> Result<Vec<(String, u32, Vec<u8>)>> {
    if !bytes.starts_with(MAGIC) {
        bail!("index: not a jianbao index table");
    }
    let mut at = MAGIC.len();
    let count = get_varint(bytes, &mut at)?;
    let mut out = Vec::new();
    let take = |at: &mut usize, n: u64| -> Result<Vec<u8>> {
        let end = *at + n as usize;
        let Some(slice) = bytes.get(*at..end) else { bail!("index: table cut short at byte {at}") };
        *at = end;
        Ok(slice.to_vec())
    };
    for _ in 0..count {
        let len = get_varint(bytes, &mut at)?;
        let text = String::from_utf8(take(&mut at, len)?)?;
        let docs = get_varint(bytes, &mut at)? as u32;
        let len = get_varint(bytes, &mut at)?;
        out.push((text, docs, take(&mut at, len)?));
    }
    Ok(out)
}

/// Gzip with a fixed header (no name, no time), so the same bytes give the same file.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, Compression::new(6))
}

/// Gzip at the fastest level: for the fragments, a file per page, where speed matters more
/// than the last tenth of their size.
pub(crate) fn gzip_fast(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, Compression::fast())
}

fn gzip_at(bytes: &[u8], level: Compression) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::with_capacity(bytes.len() / 3 + 64), level);
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(bytes);
    gz.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for v in [0, 1, 127, 128, 300, 1 << 35, u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            let mut at = 0;
            assert_eq!(get_varint(&out, &mut at).unwrap(), v);
            assert_eq!(at, out.len());
        }
        assert!(get_varint(&[0x80], &mut 0).is_err());
    }

    #[test]
    fn postings_are_deltas_with_optional_weights() {
        let mut p = Postings::default();
        p.push(3, 0);
        p.push(4, TITLE | 2);
        p.push(300, 0);
        assert_eq!(p.docs, 3);
        assert_eq!(&p.bytes[..3], &[6, 3, TITLE | 2]);
        assert_eq!(Postings::decode(&p.bytes).unwrap(), vec![(3, 0), (4, TITLE | 2), (300, 0)]);
    }

    #[test]
    fn tables_round_trip_sorted_by_term() {
        let (mut a, mut b) = (Postings::default(), Postings::default());
        a.push(0, NAME);
        b.push(1, 0);
        b.push(9, 0);
        let table = encode_table([("川县", &b), ("金川", &a)]);
        let back = decode_table(&table).unwrap();
        assert_eq!(back.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(), ["川县", "金川"]);
        assert_eq!(back[0].1, 2);
        assert_eq!(Postings::decode(&back[0].2).unwrap(), vec![(1, 0), (9, 0)]);
        assert!(decode_table(b"nope").is_err());
        assert!(decode_table(&table[..table.len() - 1]).is_err());
    }

    #[test]
    fn gzip_is_deterministic() {
        let text = "金川县".repeat(100);
        assert_eq!(gzip(text.as_bytes()), gzip(text.as_bytes()));
        assert_eq!(&gzip(b"x")[..2], &[0x1f, 0x8b]);
    }
}
