//! The statistical recogniser's tags for one seed: what `lac` says of each sentence, taken
//! from what was cached for the seed when it was tagged before, else computed in one batch.
//!
//! Pure: the cache arrives and leaves as plain data (`ingest::cache` reads and writes its
//! file); the tags are the same whether they came from the cache or the model.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::lac;

/// A sentence's key in the cache: the first 128 bits of its BLAKE3 hash.
pub(crate) type Key = u128;

/// Tag ids per sentence, by key.
pub(crate) type Entries = BTreeMap<Key, Vec<u8>>;

/// The tags of one seed's sentences.
#[derive(Default)]
pub(crate) struct SeedTags {
    known: HashMap<Key, Vec<u8>>,
    used: Entries,
    /// Sentences the model had to tag (none when the cache held them all).
    pub(crate) computed: usize,
}

impl SeedTags {
    /// Tags for a seed whose earlier tags (possibly none) are `known`.
    pub(crate) fn new(known: Entries) -> SeedTags {
        SeedTags { known: known.into_iter().collect(), used: Entries::new(), computed: 0 }
    }

    /// The words of each sentence, with the model's labels.
    pub(crate) fn tag(&mut self, sentences: &[&str]) -> Vec<Vec<lac::Word>> {
        let keys: Vec<Key> = sentences.iter().map(|s| key(s)).collect();
        // Each sentence the cache lacks, once (a sentence may stand twice in a text).
        let mut asked = HashSet::new();
        let missing: Vec<(Key, &str)> = keys
            .iter()
            .zip(sentences)
            .filter(|(k, _)| !self.known.contains_key(*k) && !self.used.contains_key(*k) && asked.insert(**k))
            .map(|(k, s)| (*k, *s))
            .collect();
        if !missing.is_empty() {
            self.computed += missing.len();
            let texts: Vec<&str> = missing.iter().map(|(_, s)| *s).collect();
            for ((k, _), ids) in missing.iter().zip(lac::model().tag_ids(&texts)) {
                self.known.insert(*k, ids);
            }
        }
        sentences
            .iter()
            .zip(keys)
            .map(|(s, k)| {
                let ids = match self.known.remove(&k) {
                    Some(ids) => self.used.entry(k).or_insert(ids),
                    None => &self.used[&k],
                };
                lac::model().words(s, ids)
            })
            .collect()
    }

    /// What to cache for the seed: the tags of the sentences asked for this time (entries
    /// for sentences the seed no longer has are dropped).
    pub(crate) fn into_entries(self) -> Entries {
        self.used
    }
}

fn key(sentence: &str) -> Key {
    let hash = blake3::hash(sentence.as_bytes());
    u128::from_le_bytes(hash.as_bytes()[..16].try_into().expect("16 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_tags_are_the_models_tags() {
        let sentences = ["县委书记王明远在青石乡调研", "村民李秀兰说"];
        let mut first = SeedTags::default();
        let fresh = first.tag(&sentences);
        assert_eq!(first.computed, 2);
        let mut second = SeedTags::new(first.into_entries());
        assert_eq!(second.tag(&sentences), fresh);
        assert_eq!(second.computed, 0);
    }

    #[test]
    fn only_sentences_asked_for_stay_in_the_cache() {
        let mut first = SeedTags::default();
        first.tag(&["村民李秀兰说", "一句不再有的话"]);
        let mut second = SeedTags::new(first.into_entries());
        second.tag(&["村民李秀兰说", "村民李秀兰说"]);
        assert_eq!(second.computed, 0);
        assert_eq!(second.into_entries().len(), 1);
    }
}
