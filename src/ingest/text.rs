//! Bytes → text: detecting and decoding a file's encoding (BOM, strict UTF-8, UTF-16
//! without BOM, then chardetng's guess among legacy encodings) and normalising the characters
//! (line ends, odd spaces, full-width digits and letters). Shared by `read` (seed files) and
//! `html` (saved web pages), below both.
//!
//! Owns nothing about what the text means, nor where it comes from: no file system, no markup.
//! Bytes that cannot be read as text are a `Skip` with the reason.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Why a seed file was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    Empty,
    Binary,
    Undecodable(&'static str),
    /// A format that is no text and that ingest cannot read (or not this copy of it): what it
    /// is and what the editor can do, as one phrase (`Word 97–2003 .doc cannot be read; …`).
    Unreadable(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Empty => write!(f, "empty file"),
            Skip::Binary => write!(f, "binary file, not text"),
            Skip::Undecodable(enc) => write!(f, "not valid text in any known encoding (best guess {enc})"),
            Skip::Unreadable(what) => f.write_str(what),
        }
    }
}

/// A binary format known by its first bytes: such a file is never read as text, whatever its
/// name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signature {
    /// `%PDF-` within the first 1024 bytes, as readers accept it.
    Pdf,
    /// A ZIP archive (`PK\x03\x04`): .docx, but also .xlsx, .pptx, .ofd …
    Zip,
    /// An OLE2 compound file (`D0 CF 11 E0`): Word 97–2003 .doc, .xls, .ppt, WPS .wps.
    Ole2,
    /// Rich Text Format (`{\rtf`): text, but markup an editor never meant to publish.
    Rtf,
    /// Anything else that is not text: images, archives, compressed files.
    Other(&'static str),
}

/// The binary format `bytes` start with, if any.
pub(crate) fn signature(bytes: &[u8]) -> Option<Signature> {
    const OTHERS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"II*\0", "TIFF image"),
        (b"MM\0*", "TIFF image"),
        (b"Rar!\x1a\x07", "RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"\x1f\x8b", "gzip file"),
    ];
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Signature::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Signature::Zip);
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Some(Signature::Ole2);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(Signature::Rtf);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(Signature::Other("WebP image"));
    }
    OTHERS.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, what)| Signature::Other(what))
}

/// Detects the encoding (BOM, then strict UTF-8, then UTF-16 without BOM, then chardetng's
/// guess among legacy encodings) and decodes.
pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<String, Skip> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(enc, &bytes[bom_len..]);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return if looks_binary(text) { Err(Skip::Binary) } else { Ok(text.to_string()) };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_strict(enc, bytes);
    }
    if bytes.contains(&0) {
        return Err(Skip::Binary);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK text is also valid GB18030, which covers more characters.
    let enc = if guess == encoding_rs::GBK { GB18030 } else { guess };
    decode_strict(enc, bytes)
}

fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> std::result::Result<String, Skip> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Skip::Undecodable(enc.name()));
    }
    if text.trim().is_empty() {
        return Err(Skip::Empty);
    }
    if looks_binary(&text) { Err(Skip::Binary) } else { Ok(text.into_owned()) }
}

/// UTF-16 text without a BOM shows as NUL bytes in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_nul = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_nul * 3 > pairs && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 3 > pairs && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Control characters other than whitespace make up more than 1% of the text.
fn looks_binary(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    control * 100 > total
}

/// Unifies the characters the rest of ingest relies on: `\n` line ends, plain spaces for
/// NBSP, ideographic and other Unicode spaces, ASCII for the full-width forms of ASCII
/// (digits, letters and punctuation: `，` → `,`, as NFKC does), and no zero-width characters.
/// Chinese punctuation without an ASCII form (。、“”《》) is left as written.
pub(crate) fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\u{a0}' | '\u{3000}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\t' => out.push(' '),
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{ff01}'..='\u{ff5e}' => {
                out.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "金川县政协“我为脱贫攻坚做件事”调研报告\n来源:金川县政协 日期:2018-12-05\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap(), SAMPLE);
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap(), SAMPLE);
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        assert_eq!(decode(&gbk).unwrap(), SAMPLE);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le).unwrap(), SAMPLE);
        assert_eq!(decode(&be).unwrap(), SAMPLE);
        let mut bom = vec![0xff, 0xfe];
        bom.extend_from_slice(&le);
        assert_eq!(decode(&bom).unwrap(), SAMPLE);
    }

    #[test]
    fn empty_and_binary_are_skipped() {
        assert_eq!(decode(b""), Err(Skip::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(Skip::Empty));
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00];
        assert_eq!(decode(&png), Err(Skip::Binary));
    }

    #[test]
    fn binary_formats_are_known_by_their_first_bytes() {
        assert_eq!(signature(b"%PDF-1.4\n%\xe2\xe3"), Some(Signature::Pdf));
        assert_eq!(signature(b"\r\n  junk before the header %PDF-1.7"), Some(Signature::Pdf));
        assert_eq!(signature(b"PK\x03\x04\x14\0"), Some(Signature::Zip));
        assert_eq!(signature(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), Some(Signature::Ole2));
        assert_eq!(signature(b"{\\rtf1\\ansi"), Some(Signature::Rtf));
        assert_eq!(signature(b"\xff\xd8\xff\xe0"), Some(Signature::Other("JPEG image")));
        assert_eq!(signature(SAMPLE.as_bytes()), None);
        assert_eq!(signature("某县PDF-材料说明".as_bytes()), None);
    }

    #[test]
    fn normalises_spaces_line_ends_and_full_width() {
        assert_eq!(normalize("a\r\nb\rc\u{3000}d\u{a0}e"), "a\nb\nc d e");
        assert_eq!(normalize("２０１６年５月"), "2016年5月");
        assert_eq!(normalize("\u{feff}ＡＢｃ\u{200b}"), "ABc");
        assert_eq!(normalize("“引号”，（一）：不变。"), "“引号”,(一):不变。");
    }
}
