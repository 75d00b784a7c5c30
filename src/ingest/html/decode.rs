//! Bytes of a saved web page → text: the charset a page declares (BOM, `<meta charset>`,
//! `http-equiv`, or the MHTML part's header), checked against the bytes, then detection.
//!
//! Owns only the choice of encoding; it never parses markup beyond the byte-level charset
//! prescan that browsers also run before parsing.

use encoding_rs::{Encoding, GB18030, GBK};

use crate::ingest::text::{self, Skip};

/// How far into the page a `charset=` declaration is looked for (browsers look at 1024
/// bytes; saved pages often put a long comment or script first).
const PRESCAN: usize = 4096;

/// Decodes a page: BOM first; then UTF-8 whenever the bytes are valid UTF-8 (a page saved by
/// a browser is re-encoded as UTF-8 but keeps its old `charset=GB2312` declaration, and GBK
/// text is practically never valid UTF-8); then the declared charset when the bytes decode
/// cleanly in it; then detection.
pub(crate) fn decode_page(bytes: &[u8], declared: Option<&str>) -> Result<String, Skip> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let declared = declared.and_then(label_encoding).or_else(|| declared_in_markup(bytes));
    if let Some(enc) = declared {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    text::decode(bytes)
}

/// The encoding for a charset label; GBK and GB2312 widen to GB18030, which decodes
/// everything they do and more.
pub(crate) fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(if enc == GBK { GB18030 } else { enc })
}

/// The charset named by the first `charset=` in the page's head, the byte-level prescan of
/// the HTML standard reduced to what saved pages need.
fn declared_in_markup(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"charset") {
        let rest = &head[from + at + b"charset".len()..];
        let rest = trim_start(rest, |b| b.is_ascii_whitespace());
        if let Some(value) = rest.strip_prefix(b"=") {
            let value = trim_start(value, |b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
            let end =
                value.iter().position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b))).unwrap_or(value.len());
            if let Some(enc) = std::str::from_utf8(&value[..end]).ok().and_then(label_encoding) {
                return Some(enc);
            }
        }
        from += at + 1;
    }
    None
}

fn trim_start(bytes: &[u8], drop: impl Fn(u8) -> bool) -> &[u8] {
    let n = bytes.iter().take_while(|b| drop(**b)).count();
    &bytes[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><meta charset=\"gbk\"><title>王明远调研</title></head><body><p>李秀兰说，村里修了路。</p></body></html>";

    #[test]
    fn gbk_page_is_decoded_by_its_declaration() {
        let (bytes, _, _) = GBK.encode(PAGE);
        assert_eq!(decode_page(&bytes, None).unwrap(), PAGE);
    }

    #[test]
    fn http_equiv_declaration() {
        let page = PAGE.replace(
            "<meta charset=\"gbk\">",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">",
        );
        let (bytes, _, _) = GBK.encode(&page);
        assert_eq!(decode_page(&bytes, None).unwrap(), page);
    }

    #[test]
    fn utf8_bytes_win_over_a_stale_declaration() {
        // A browser's "save page" re-encodes as UTF-8 and keeps `charset=gb2312`.
        let page = PAGE.replace("gbk", "gb2312");
        assert_eq!(decode_page(page.as_bytes(), None).unwrap(), page);
    }

    #[test]
    fn undeclared_gbk_is_detected() {
        let page = PAGE.replace("<meta charset=\"gbk\">", "");
        let (bytes, _, _) = GBK.encode(&page);
        assert_eq!(decode_page(&bytes, None).unwrap(), page);
    }

    #[test]
    fn a_part_header_declaration_is_used() {
        let page = PAGE.replace("<meta charset=\"gbk\">", "");
        let (bytes, _, _) = GBK.encode(&page);
        assert_eq!(decode_page(&bytes, Some("gb2312")).unwrap(), page);
    }
}
