//! The one shared Chinese word segmenter (jieba-rs with its bundled dictionary).
//!
//! Built once per process on first use; loading the dictionary takes a noticeable
//! fraction of a second, so no caller may build its own.

use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The process-wide segmenter.
pub(crate) fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Words of `text` without the HMM guesser: stable dictionary words only.
pub(crate) fn words(text: &str) -> Vec<&str> {
    jieba().cut(text, false).into_iter().map(|t| t.word).collect()
}
