//! Seeds in a binary document format, known by their first bytes whatever their name: PDF
//! (its text layer, `pdf`) and Word .docx (`docx`) → the article's text, one paragraph per
//! line as the text pipeline expects, plus what the document's own properties say
//! (`PageMeta`: title, date, authors), which outranks the text pipeline's guesses as a saved
//! page's tags do (`extract::apply_page_meta`).
//!
//! ```text
//! bytes ─ signature ─┬─ %PDF  → pdf: glyphs → visual lines ─ lines::paragraphs ─┐
//!                    ├─ PK    → docx: word/document.xml paragraphs ─────────────┼→ Doc { text, meta }
//!                    │          properties (Info / XMP / core.xml) → checked ────┘
//!                    └─ OLE2 (.doc), RTF, images, archives → Skip saying what to do
//! ```
//!
//! A property is kept only when it is plausible: a title with Chinese in it that is no file
//! name (`Microsoft Word - 文档1.docx`), an author shaped like a person's full name (not
//! `Administrator`), a creation date that is a real day (in China's time zone when the file
//! gives another). Nothing here reads the file system or interprets the text.

pub(crate) mod docx;
pub(crate) mod lines;
pub(crate) mod pdf;

use lines::Props;

use super::dates::PartialDate;
use super::html::meta::{Found, PageMeta};
use super::people;
use super::text::{Signature, Skip, signature};

/// A document read: its text (one paragraph per line) and its properties.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    pub(crate) text: String,
    pub(crate) meta: PageMeta,
}

/// Reads `bytes` when they start with a binary signature: the document, or why it is skipped
/// and what to do. `None` for anything else (text and saved web pages).
pub(crate) fn read(bytes: &[u8]) -> Option<Result<Doc, Skip>> {
    let read = match signature(bytes)? {
        Signature::Pdf => pdf::read(bytes).map(|(lines, props)| (lines::paragraphs(&lines), props)),
        Signature::Zip => docx::read(bytes),
        Signature::Ole2 => Err(Skip::Unreadable(
            "Word 97–2003 .doc (or another old Office or WPS file) cannot be read; save it as .docx or text".into(),
        )),
        Signature::Rtf => Err(Skip::Unreadable("an RTF document cannot be read; save it as .docx or text".into())),
        Signature::Other(what) => Err(Skip::Unreadable(format!(
            "binary file, not text (a {what}); if it holds a report, save its text as .txt or .docx"
        ))),
    }
    .map(|(paragraphs, props)| doc(paragraphs, &props));
    Some(read)
}

/// The document's text (its title first when the text does not start with it) and its
/// plausible properties.
fn doc(paragraphs: Vec<String>, props: &Props) -> Doc {
    let title = props.title.as_deref().and_then(plausible_title);
    let meta = PageMeta {
        date: props.created.as_deref().and_then(creation_day).map(|d| Found { value: d, from: props.from }),
        authors: props.author.as_deref().and_then(authors).map(|a| Found { value: a, from: props.from }),
        title: title.clone().map(|t| Found { value: t, from: props.from }),
        ..PageMeta::default()
    };
    let mut text = String::new();
    let shown = |t: &str| {
        paragraphs.iter().take(5).any(|p| p.contains(t) || (p.chars().count() >= 4 && t.contains(p.as_str())))
    };
    if let Some(t) = title.filter(|t| !shown(t)) {
        text.push_str(&t);
        text.push('\n');
    }
    for p in paragraphs {
        text.push_str(&p);
        text.push('\n');
    }
    Doc { text, meta }
}

/// A title an author gave, not a file name or a word processor's placeholder.
fn plausible_title(title: &str) -> Option<String> {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = t.to_ascii_lowercase();
    let file_name = [".doc", ".docx", ".pdf", ".wps", ".txt", ".rtf"].iter().any(|e| lower.ends_with(e));
    let has_han = t.chars().any(crate::lexicon::is_han);
    let n = t.chars().count();
    let placeholder = lower.contains("microsoft") || ["无标题", "未命名", "新建"].iter().any(|p| t.starts_with(p));
    (has_han && !file_name && !placeholder && (4..=100).contains(&n)).then_some(t)
}

/// The authors among `value` (`王明远`, `王明远;李秀兰`) shaped like persons' full names.
fn authors(value: &str) -> Option<Vec<String>> {
    let names: Vec<String> = value
        .split([';', ',', '、', '；', '，', ' '])
        .map(str::trim)
        .filter(|n| people::looks_like_full_name(n))
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The day a creation timestamp names in China's time zone: PDF dates
/// (`D:20190315093000+08'00'`, `D:20190315`), ISO 8601 / W3CDTF (`2019-03-15T01:30:00Z`). A
/// time given in another zone is moved to UTC+8 first.
fn creation_day(value: &str) -> Option<PartialDate> {
    let v = value.trim().trim_start_matches("D:");
    let digits: String = v.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '-' | 'T' | ':')).collect();
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let num = |from: usize, len: usize| plain.get(from..from + len).and_then(|s| s.parse::<i32>().ok());
    let (year, month, day) = (num(0, 4)?, num(4, 2)?, num(6, 2)?);
    let date = PartialDate { year, month: Some(month as u32), day: Some(day as u32) };
    if !date.is_valid() {
        return None;
    }
    let (Some(hour), Some(minute)) = (num(8, 2), num(10, 2)) else { return Some(date) };
    let zone = &v[digits.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let offset = zone_minutes(zone)?;
    let minutes = hour * 60 + minute - offset + 8 * 60;
    Some(if minutes >= 24 * 60 {
        next_day(date)
    } else if minutes < 0 {
        date.days_before(1).unwrap_or(date)
    } else {
        date
    })
}

/// A zone suffix in minutes east of UTC: `Z`, `+08'00'`, `+08:00`, `-0500`; nothing (a PDF
/// date without a zone is local time, taken as China's) is +08:00.
fn zone_minutes(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    if zone.is_empty() {
        return Some(8 * 60);
    }
    if zone.starts_with('Z') {
        return Some(0);
    }
    let sign = match zone.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return Some(8 * 60),
    };
    let digits: String = zone.chars().filter(char::is_ascii_digit).take(4).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    Some(sign * (hours * 60 + minutes))
}

fn next_day(d: PartialDate) -> PartialDate {
    let (year, month, day) = (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
    [
        PartialDate { day: Some(day + 1), ..d },
        PartialDate { year, month: Some(month + 1), day: Some(1) },
        PartialDate { year: year + 1, month: Some(1), day: Some(1) },
    ]
    .into_iter()
    .find(PartialDate::is_valid)
    .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        creation_day(s).map(|d| d.to_string())
    }

    #[test]
    fn creation_dates_are_days_in_china() {
        assert_eq!(day("D:20190315093000+08'00'").as_deref(), Some("2019-03-15"));
        assert_eq!(day("D:20190315").as_deref(), Some("2019-03-15"));
        assert_eq!(day("2019-03-15T01:30:00Z").as_deref(), Some("2019-03-15"));
        assert_eq!(day("2019-03-15T17:30:00Z").as_deref(), Some("2019-03-16"));
        assert_eq!(day("2019-12-31T20:00:00Z").as_deref(), Some("2020-01-01"));
        assert_eq!(day("D:20190301010000+12'00'").as_deref(), Some("2019-02-28"));
        assert_eq!(day("D:20191345"), None);
        assert_eq!(day("yesterday"), None);
    }

    #[test]
    fn only_plausible_titles_and_authors_are_kept() {
        assert_eq!(plausible_title("县政协 调研报告").as_deref(), Some("县政协 调研报告"));
        for junk in
            ["Microsoft Word - 调研报告.docx", "调研报告.pdf", "Untitled", "无标题文档", "文档1", "新建 文档 示例"]
        {
            assert_eq!(plausible_title(junk), None, "{junk}");
        }
        assert_eq!(authors("王明远"), Some(vec!["王明远".to_string()]));
        assert_eq!(authors("Administrator"), None);
    }

    #[test]
    fn old_office_files_say_what_to_do() {
        let ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0];
        let skip = read(&ole).unwrap().unwrap_err().to_string();
        assert!(skip.contains(".doc") && skip.contains("save it as .docx or text"), "{skip}");
        assert!(read("县政协调研报告".as_bytes()).is_none());
    }
}
