//! Finding printings of one text among many articles: character shingles, MinHash
//! signatures, LSH banding for candidate pairs in time linear in the corpus, and an exact
//! check of each candidate.
//!
//! Owns the similarity measure and its thresholds. Knows nothing of seeds, corrections or
//! which copy holds the page (`copies` decides that); pure and deterministic (fixed seeds, no
//! hash-map order in what it returns).
//!
//! The measure. A body is reduced to its Han characters and digits (punctuation of either
//! width, spaces, Latin text, Markdown and link targets dropped), cut into overlapping
//! 5-character shingles. Shingles that more than `COMMON` articles of the corpus share are
//! the genre's stock phrases (坚持把脱贫攻坚作为头等大事…, a template's fixed sentences) and are
//! left out, counted with a count-min sketch so that memory stays flat. Two articles are
//! printings of one text when
//!
//! - the smaller's shingle set lies at least `SAME` (80 %) inside the larger's: containment,
//!   not Jaccard, so a copy that lost or gained a paragraph at either end, or carries an
//!   outlet's kicker or furniture, still matches (typically 95–100 %);
//! - the smaller is at least `MIN_RATIO` (half) the larger: a short report that quotes one
//!   paragraph of a long one lies wholly inside it but is another report;
//! - the smaller's names and figures (counties, people, numbers of two digits or more) are,
//!   for `AGREE` (80 %) of them, the larger's too: reports written from one template with
//!   other names, places and figures share their fixed sentences but not these.
//!
//! Why 80 %: printings measured on the test corpora sit at 93–100 % (a dropped paragraph of
//! ten costs nothing, furniture and a kicker a few percent); a report quoting a paragraph of
//! another, and two reports on one event written separately, stay under 40 %; a template
//! filled with other names loses every shingle touching a name or figure, which in
//! government prose is most sentences. Pairs that are no copy but share `NEAR` (60 %) of the
//! text and of the names and figures, at the size ratio of printings, are named for the
//! editors to decide.

use std::borrow::Cow;

use rayon::prelude::*;

/// Shingle length in characters: five Han characters are rarely shared by chance between
/// unrelated texts, and short enough that an edited word costs few shingles.
const SHINGLE: usize = 5;
/// A shingle in more articles than this is a stock phrase: no report is reprinted by so many
/// outlets in one corpus.
pub(crate) const COMMON: u8 = 32;
/// MinHash functions, in `BANDS` bands of `ROWS`: a pair at Jaccard 0.8 (a printing) becomes
/// a candidate with probability 1 − 10⁻¹⁴, at 0.6 with 0.98, at 0.45 (a pair just below the
/// threshold, named for review) with 0.75, at 0.1 with 0.003.
const BANDS: usize = 32;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;
/// Containment from which two articles are printings of one text.
pub(crate) const SAME: f32 = 0.8;
/// Containment from which a pair that is not a copy is named for review.
pub(crate) const NEAR: f32 = 0.6;
/// The smaller of two printings holds at least this share of the larger's shingles.
pub(crate) const MIN_RATIO: f32 = 0.5;
/// Share of the smaller's names and figures the larger must also give.
pub(crate) const AGREE: f32 = 0.8;
/// An article with fewer own shingles than this is too short to compare.
const MIN_SHINGLES: usize = 8;
/// A bucket larger than this is linked as a star (first to each) rather than all pairs.
const BUCKET_PAIRS: usize = 64;

/// What the detector reads of one article.
pub(crate) struct Doc<'a> {
    pub(crate) body: &'a str,
    /// Names the article gives (counties, people); its numbers are read from the body.
    pub(crate) names: Vec<&'a str>,
}

/// A verified candidate pair (indices into the docs, `a < b`) and its measures.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pair {
    pub(crate) a: usize,
    pub(crate) b: usize,
    /// Share of the smaller's shingles that the larger also has.
    pub(crate) containment: f32,
    /// Size of the smaller shingle set over the larger's.
    pub(crate) ratio: f32,
    /// Share of the smaller's names and figures that the larger also gives.
    pub(crate) agree: f32,
}

impl Pair {
    /// Printings of one text.
    pub(crate) fn is_copy(&self) -> bool {
        self.containment >= SAME && self.ratio >= MIN_RATIO && self.agree >= AGREE
    }

    /// Not a copy by the thresholds, but close enough that an editor should decide.
    pub(crate) fn is_near(&self) -> bool {
        !self.is_copy() && self.containment >= NEAR && self.ratio >= MIN_RATIO && self.agree >= NEAR
    }
}

/// The articles the detector reads, by index: their bodies (which may be read from a file,
/// so each is asked for only when needed and not kept) and the names they give.
pub(crate) trait Texts: Sync {
    fn count(&self) -> usize;
    fn body(&self, i: usize) -> Cow<'_, str>;
    /// The body's length in bytes, without reading it.
    fn body_len(&self, i: usize) -> usize;
    /// Names the article gives (counties, people); its numbers are read from the body.
    fn names(&self, i: usize) -> Vec<&str>;
}

impl Texts for [Doc<'_>] {
    fn count(&self) -> usize {
        self.len()
    }

    fn body(&self, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(self[i].body)
    }

    fn body_len(&self, i: usize) -> usize {
        self[i].body.len()
    }

    fn names(&self, i: usize) -> Vec<&str> {
        self[i].names.clone()
    }
}

/// Every candidate pair with its measures, those with containment below `NEAR` left out;
/// sorted by (a, b).
pub(crate) fn pairs<T: Texts + ?Sized>(docs: &T) -> Vec<Pair> {
    let sketch = Sketch::of(docs);
    // Each signature is cut into its band keys at once and not kept: memory holds the keys.
    let entries: Vec<(u64, u32)> = (0..docs.count())
        .into_par_iter()
        .flat_map_iter(|i| {
            signature(&own_shingles(&docs.body(i), &sketch)).map(|sig| band_keys(i, &sig)).into_iter().flatten()
        })
        .collect();
    let candidates = candidates(entries);
    // Each pair's sets are made again rather than kept: memory stays that of the signatures
    // (a printing in k pairs is shingled k times, a small cost beside its extraction).
    let set = |i: usize| {
        let body = docs.body(i);
        (own_shingles(&body, &sketch), keys(&body, &docs.names(i)))
    };
    candidates.into_par_iter().map(|(a, b)| measure(a, b, &set(a), &set(b))).filter(|p| p.containment >= NEAR).collect()
}

/// The measures of one pair.
fn measure(a: usize, b: usize, sa: &(Vec<u64>, Vec<String>), sb: &(Vec<u64>, Vec<String>)) -> Pair {
    let (small, large) = if sa.0.len() <= sb.0.len() { (sa, sb) } else { (sb, sa) };
    let shared = intersection(&small.0, &large.0);
    let containment = shared as f32 / small.0.len().max(1) as f32;
    let ratio = small.0.len() as f32 / large.0.len().max(1) as f32;
    let agree = if small.1.is_empty() { 1.0 } else { intersection(&small.1, &large.1) as f32 / small.1.len() as f32 };
    Pair { a, b, containment, ratio, agree }
}

/// Items two sorted, deduplicated slices share.
fn intersection<T: Ord>(x: &[T], y: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The article's names and figures (numbers of two digits or more), sorted, each once.
fn keys(body: &str, names: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut run = String::new();
    for c in comparable_chars(body).chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() >= 2 {
                keys.push(format!("#{run}"));
            }
            run.clear();
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The characters of a Markdown body that the comparison reads: Han characters and digits
/// (full-width digits folded), with link and image targets (`](…)`) skipped; anything else
/// becomes a space, which `shingles` skips.
fn comparable_chars(body: &str) -> impl Iterator<Item = char> + '_ {
    let mut in_target = false;
    let mut prev = '\0';
    body.chars().filter_map(move |c| {
        let out = if in_target {
            in_target = c != ')';
            None
        } else if c == '(' && prev == ']' {
            in_target = true;
            None
        } else if is_han(c) || c.is_ascii_digit() {
            Some(c)
        } else if ('０'..='９').contains(&c) {
            char::from_u32(c as u32 - '０' as u32 + '0' as u32)
        } else {
            Some(' ')
        };
        prev = c;
        out
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The hashes of a body's shingles, sorted, each once.
pub(crate) fn shingles(body: &str) -> Vec<u64> {
    let chars: Vec<char> = comparable_chars(body).filter(|c| *c != ' ').collect();
    let mut out: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| mix(w.iter().fold(0u64, |h, &c| (h ^ c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(27))))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The body's shingles that are not stock phrases of the corpus.
fn own_shingles(body: &str, sketch: &Sketch) -> Vec<u64> {
    let mut all = shingles(body);
    all.retain(|&h| sketch.count(h) <= COMMON);
    all
}

/// SplitMix64's finaliser: a fixed, well-mixed 64-bit hash.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash signature of a shingle set: for each of `HASHES` multiply-shift hash
/// functions (fixed odd multipliers), the least value over the set. `None` for a set too
/// small to compare.
fn signature(set: &[u64]) -> Option<[u32; HASHES]> {
    if set.len() < MIN_SHINGLES {
        return None;
    }
    let mut sig = [u32::MAX; HASHES];
    let multipliers: [u64; HASHES] = std::array::from_fn(|i| mix(i as u64 + 1) | 1);
    for &h in set {
        for (s, m) in sig.iter_mut().zip(&multipliers) {
            *s = (*s).min((m.wrapping_mul(h) >> 32) as u32);
        }
    }
    Some(sig)
}

/// The `BANDS` keys of article `i`'s signature, one per band of `ROWS` values.
fn band_keys(i: usize, sig: &[u32; HASHES]) -> Vec<(u64, u32)> {
    (0..BANDS)
        .map(|b| {
            let band = &sig[b * ROWS..(b + 1) * ROWS];
            let key = band.iter().fold(mix(b as u64), |h, &v| mix(h ^ v as u64));
            (key, i as u32)
        })
        .collect()
}

/// Candidate pairs from LSH banding: articles that agree on all `ROWS` values of any band
/// (`entries`: every article's band keys). Sorting the (band key, article) entries groups
/// each bucket, so the cost is that of a sort of `BANDS` entries per article.
fn candidates(mut entries: Vec<(u64, u32)>) -> Vec<(usize, usize)> {
    entries.par_sort_unstable();
    let mut pairs = Vec::new();
    for bucket in entries.chunk_by(|x, y| x.0 == y.0).filter(|b| b.len() > 1) {
        let ids: Vec<usize> = bucket.iter().map(|e| e.1 as usize).collect();
        if ids.len() <= BUCKET_PAIRS {
            for (k, &x) in ids.iter().enumerate() {
                pairs.extend(ids[k + 1..].iter().map(|&y| (x, y)));
            }
        } else {
            pairs.extend(ids[1..].iter().map(|&y| (ids[0], y)));
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// A count-min sketch of how many articles hold each shingle: `ROWS_CM` rows of saturating
/// byte counters, sized to the corpus (at most 4 × 16 Mi bytes), so a count is never less
/// than the truth and rarely more.
struct Sketch {
    width_mask: u64,
    rows: Vec<Vec<u8>>,
}

const ROWS_CM: usize = 4;

impl Sketch {
    fn of<T: Texts + ?Sized>(docs: &T) -> Sketch {
        let estimate: usize = (0..docs.count()).map(|i| docs.body_len(i) / 3).sum::<usize>().max(1);
        let width = estimate.next_power_of_two().clamp(1 << 12, 1 << 24);
        let mut sketch = Sketch { width_mask: width as u64 - 1, rows: vec![vec![0u8; width]; ROWS_CM] };
        for start in (0..docs.count()).step_by(1024) {
            let chunk = start..(start + 1024).min(docs.count());
            let sets: Vec<Vec<u64>> = chunk.into_par_iter().map(|i| shingles(&docs.body(i))).collect();
            for h in sets.iter().flatten() {
                sketch.add(*h);
            }
        }
        sketch
    }

    fn slot(&self, row: usize, h: u64) -> usize {
        (mix(h ^ (row as u64).wrapping_mul(0x632b_e59b_d9b4_e019)) & self.width_mask) as usize
    }

    fn add(&mut self, h: u64) {
        for row in 0..ROWS_CM {
            let slot = self.slot(row, h);
            let cell = &mut self.rows[row][slot];
            *cell = cell.saturating_add(1);
        }
    }

    fn count(&self, h: u64) -> u8 {
        (0..ROWS_CM).map(|row| self.rows[row][self.slot(row, h)]).min().unwrap_or(0)
    }
}

#[cfg(test)]
#[path = "detect_tests.rs"]
mod tests;
