//! Slugs: the lowercase ASCII names of pages in URLs and file names.
//!
//! A slug is the pinyin of the name's words joined by `-` (金川县 → `jinchuan-xian`,
//! 张东升 → `zhang-dongsheng`). Place names take their reading from the gazetteer (单县 →
//! `shan-xian`), person names their surname reading from the surname table (单 → shan).
//! Owns only the spelling rules; it never decides which page wins a collision, it only
//! offers `disambiguated`, a suffix derived from the name itself.

use pinyin::ToPinyin;

use crate::{gazetteer, names, segment};

/// Pinyin of one word, syllables run together; ASCII letters and digits are kept. A word
/// that is a place name takes the gazetteer's reading (成都 → chengdu, not chengdou).
fn word_pinyin(word: &str) -> String {
    if let Some(reading) = place_reading(word) {
        return reading;
    }
    let mut out = String::new();
    for (c, py) in word.chars().zip(word.to_pinyin()) {
        match py {
            // ü is written v, as pinyin keyboards do (绿 → lv, 女 → nv), so that slugs
            // stay ASCII and 绿 and 路 (lu) keep apart.
            Some(p) => out.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c })),
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => {}
        }
    }
    out
}

/// The gazetteer's reading of a word that is a division's full or short name.
fn place_reading(word: &str) -> Option<String> {
    let gaz = gazetteer::get();
    let n = word.chars().count();
    if n < 2 {
        return None;
    }
    let full = gaz.by_full_name(word).into_iter().next();
    let short = || gaz.by_short(word).into_iter().next();
    let d = full.or_else(short)?;
    let syllables: Vec<&str> = d.pinyin.split(' ').collect();
    (syllables.len() >= n).then(|| syllables[..n].concat())
}

/// Joins non-empty parts with `-`, squeezing anything else away.
fn join(parts: impl IntoIterator<Item = String>) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    parts.join("-")
}

/// Slug of free text (a title, a program name): its jieba words in pinyin (looked up, not
/// loaded: `segment::lookup_words` cuts as the whole segmenter does).
pub(crate) fn text_slug(text: &str) -> String {
    let slug = join(segment::lookup_words(text).into_iter().map(word_pinyin));
    if slug.is_empty() { fallback(text) } else { slug }
}

/// Slug of free text, cut at a word boundary to at most `max` bytes.
pub(crate) fn text_slug_limited(text: &str, max: usize) -> String {
    let full = text_slug(text);
    if full.len() <= max {
        return full;
    }
    let mut out = String::new();
    for part in full.split('-') {
        if !out.is_empty() && out.len() + 1 + part.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    out
}

/// Slug of a county-level division: the gazetteer's reading, short form run together and
/// the administrative suffix as its own words (金川县 → `jinchuan-xian`).
pub(crate) fn place_slug(name: &str) -> String {
    let Some(division) = gazetteer::get().by_full_name(name).first().copied() else {
        return text_slug(name);
    };
    let syllables: Vec<&str> = division.pinyin.split(' ').collect();
    let chars = name.chars().count();
    if syllables.len() != chars {
        return text_slug(name);
    }
    let head = division.short.as_deref().map(|s| s.chars().count()).filter(|&n| n < chars);
    let head = head.unwrap_or_else(|| chars.saturating_sub(1).max(1));
    let rest: String = name.chars().skip(head).collect();
    let mut parts = vec![syllables[..head].concat()];
    let mut at = head;
    for word in segment::lookup_words(&rest) {
        let n = word.chars().count();
        parts.push(syllables[at..at + n].concat());
        at += n;
    }
    join(parts)
}

/// Slug of a person's name: surname, then given name (张东升 → `zhang-dongsheng`).
pub(crate) fn person_slug(name: &str) -> String {
    match names::split_surname(name) {
        Some((surname, given)) => {
            let given = word_pinyin(given);
            join([names::surname_reading(surname), given])
        }
        None => text_slug(name),
    }
}

/// Loads what slugs are read from (the gazetteer, the surname table; the segmenter looks
/// words up where they lie, `segment::lookup_words`), once per process. `build` calls it on a
/// thread of its own while it reads the content, so the graph does not wait for it.
pub(crate) fn warm_up() {
    std::hint::black_box((place_slug("金川县"), person_slug("张东升"), text_slug("扶贫")));
}

/// A name with no pinyin at all (symbols only) still needs a stable slug.
fn fallback(text: &str) -> String {
    format!("x{}", short_hash(text))
}

/// Four hex digits of a stable hash of the name (FNV-1a): the same name always gets the
/// same suffix, whatever order pages are found in.
pub(crate) fn short_hash(name: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:04x}", h & 0xffff)
}

/// The slug given to `name` when its plain slug is taken by another name.
pub(crate) fn disambiguated(slug: &str, name: &str) -> String {
    format!("{slug}-{}", short_hash(name))
}

/// Whether an editor-pinned slug is well-formed.
pub(crate) fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, failure_persistence: None, ..Default::default() })]

        /// Any title gives a well-formed ASCII slug within the limit, the same every time, and
        /// disambiguating it keeps it well-formed.
        #[test]
        fn slugs_are_ascii_bounded_and_stable(text in "[\\PC\t\n]{0,40}", key in "[a-z0-9#.]{1,12}") {
            let slug = text_slug_limited(&text, 60);
            proptest::prop_assert!(slug.is_empty() || is_valid(&slug), "{:?} → {:?}", text, slug);
            proptest::prop_assert!(slug.len() <= 60 || !slug.contains('-'), "{:?}", slug);
            proptest::prop_assert_eq!(&slug, &text_slug_limited(&text, 60));
            if !slug.is_empty() {
                proptest::prop_assert!(is_valid(&disambiguated(&slug, &key)));
            }
        }
    }

    #[test]
    fn places_read_with_gazetteer() {
        assert_eq!(place_slug("金川县"), "jinchuan-xian");
        assert_eq!(place_slug("单县"), "shan-xian");
        assert_eq!(place_slug("利州区"), "lizhou-qu");
    }

    #[test]
    fn place_words_in_text_read_with_gazetteer() {
        assert_eq!(text_slug("重庆市召开会议"), "chongqingshi-zhaokai-huiyi");
    }

    #[test]
    fn people_read_with_surname() {
        assert_eq!(person_slug("张东升"), "zhang-dongsheng");
        assert_eq!(person_slug("单雄信"), "shan-xiongxin");
        assert_eq!(person_slug("欧阳修"), "ouyang-xiu");
    }

    #[test]
    fn text_slugs_are_ascii_words() {
        let s = text_slug("我为脱贫攻坚做件事");
        assert!(is_valid(&s), "{s}");
        assert!(s.starts_with("wo-wei-tuopin"), "{s}");
        assert_eq!(text_slug("1+4+7"), "1-4-7");
    }

    #[test]
    fn u_umlaut_is_written_v() {
        assert_eq!(text_slug("绿色"), "lvse");
        assert!(is_valid(&person_slug("吕女士")), "{}", person_slug("吕女士"));
    }

    #[test]
    fn collisions_get_a_suffix_from_the_name() {
        assert_eq!(person_slug("张伟"), person_slug("章伟"));
        assert_ne!(disambiguated("zhang-wei", "张伟"), disambiguated("zhang-wei", "章伟"));
        assert_eq!(disambiguated("zhang-wei", "章伟"), disambiguated("zhang-wei", "章伟"));
    }

    #[test]
    fn long_titles_are_cut_at_words() {
        let s =
            text_slug_limited("齐心协力 打赢脱贫攻坚战——张东升同志联系指导广元市利州区及龙池村精准扶贫工作综述", 40);
        assert!(s.len() <= 40 && is_valid(&s), "{s}");
    }
}
