//! Shapes of single lines that several stages read: section markers (一、 / (一) / 1.),
//! whether a line is shaped like a title, and how much two lines share.
//!
//! Owns no decision about a page: `headline`, `layout` and `body` decide with these.

/// A Han character (`lexicon::is_han`, the one test).
pub(crate) use crate::lexicon::is_han;

/// An absolute web address (`http://…`, `https://…`): the only links a page may keep.
pub(crate) fn is_web_address(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// A headline: short, not a sentence (no final full stop), not a section heading.
pub(crate) fn is_title_like(t: &str, max: usize) -> bool {
    let n = t.chars().count();
    n >= 2 && n <= max && !t.ends_with(['。', ';', ',', ':', '、']) && section_marker(t).is_none()
}

/// The kind of section marker a line starts with, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// 一、
    Chapter,
    /// (一)
    Section,
    /// 1. or 1、
    Numbered,
    /// 一是 / 二要
    Enumerated,
}

/// Recognises 一、 / (一) / 1. / 一是 at the start of a line.
pub(crate) fn section_marker(t: &str) -> Option<Marker> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let chars: Vec<char> = t.chars().take(6).collect();
    let numeral_run =
        |from: usize| chars[from.min(chars.len())..].iter().take_while(|c| NUMERALS.contains(**c)).count();
    let n = numeral_run(0);
    if n > 0 {
        match chars.get(n) {
            Some('、') | Some('.') => return Some(Marker::Chapter),
            Some('是') | Some('要') => return Some(Marker::Enumerated),
            _ => {}
        }
    }
    if chars.first() == Some(&'(') {
        let n = numeral_run(1);
        if n > 0 && chars.get(1 + n) == Some(&')') {
            return Some(Marker::Section);
        }
    }
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 && matches!(chars.get(digits), Some('.') | Some('、')) {
        // `2015.` would be a year, not a list number.
        return Some(Marker::Numbered);
    }
    None
}

/// Share of `line`'s characters (ignoring spaces and punctuation) that occur in `title`.
pub(crate) fn similarity(line: &str, title: &str) -> f64 {
    let chars: Vec<char> = line.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.is_empty() {
        return 0.0;
    }
    let found = chars.iter().filter(|c| title.contains(**c)).count();
    found as f64 / chars.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(section_marker("一、主要做法"), Some(Marker::Chapter));
        assert_eq!(section_marker("(二)2015年10月"), Some(Marker::Section));
        assert_eq!(section_marker("(三)组织"), Some(Marker::Section));
        assert_eq!(section_marker("一是做好"), Some(Marker::Enumerated));
        assert_eq!(section_marker("3.加强"), Some(Marker::Numbered));
        assert_eq!(section_marker("2015年底"), None);
        assert_eq!(section_marker("十三五规划"), None);
    }
}
