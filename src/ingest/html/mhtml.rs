//! MHTML (a browser's "save as single file"): a MIME `multipart/related` message whose first
//! `text/html` part is the page; the other parts are its images and styles.
//!
//! Owns the MIME layer only (parts, transfer encodings, part charsets) through `mail-parser`;
//! the page itself is read by the rest of `html`.

use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::ingest::shape::is_web_address;

/// The page inside an MHTML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlPart {
    pub(crate) html: String,
    /// The page's address: the part's `Content-Location`, else the snapshot header Chrome
    /// writes at the top of the file.
    pub(crate) url: Option<String>,
}

/// An MHTML file starts with mail headers (`From:`, `Snapshot-Content-Location:`,
/// `MIME-Version:` …) and declares a multipart type in them.
pub(crate) fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    has(b"mime-version:") && has(b"multipart/related")
}

/// The first `text/html` part, decoded (quoted-printable or base64, then its charset).
pub(crate) fn html_part(bytes: &[u8]) -> Option<HtmlPart> {
    let message = MessageParser::default().parse(bytes)?;
    let part = message.parts.iter().find(|p| {
        p.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text") && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"))
        })
    })?;
    let html = match &part.body {
        PartType::Html(text) | PartType::Text(text) => text.to_string(),
        PartType::Binary(bin) | PartType::InlineBinary(bin) => {
            let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
            super::decode::decode_page(bin, charset).ok()?
        }
        _ => return None,
    };
    let snapshot = message
        .header_raw("Snapshot-Content-Location")
        .map(str::trim)
        .filter(|u| is_web_address(u))
        .map(str::to_string);
    let url = part.content_location().map(|u| u.trim().to_string()).filter(|u| is_web_address(u)).or(snapshot);
    Some(HtmlPart { html, url })
}

/// Only web addresses are worth keeping (`cid:` and `file:` locations are not).
#[cfg(test)]
mod tests {
    use super::*;

    fn sample(encoding: &str, body: &str) -> String {
        format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.gov.cn/a/1.html\r\nSubject: test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----=_b\"\r\n\r\n------=_b\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: {encoding}\r\nContent-Location: http://www.example.gov.cn/a/1.html\r\n\r\n{body}\r\n------=_b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: http://www.example.gov.cn/a.png\r\n\r\niVBORw0KGgo=\r\n------=_b--\r\n"
        )
    }

    #[test]
    fn quoted_printable_html_part() {
        // `<p>王明远</p>` in UTF-8, quoted-printable, with a soft line break.
        let qp = "<html><body><p>=E7=8E=8B=E6=98=8E=\r\n=E8=BF=9C</p></body></html>";
        let file = sample("quoted-printable", qp);
        assert!(looks_like_mhtml(file.as_bytes()));
        let part = html_part(file.as_bytes()).unwrap();
        assert_eq!(part.html, "<html><body><p>王明远</p></body></html>");
        assert_eq!(part.url.as_deref(), Some("http://www.example.gov.cn/a/1.html"));
    }

    #[test]
    fn base64_html_part() {
        // "<p>ok</p>"
        let file = sample("base64", "PHA+b2s8L3A+");
        assert_eq!(html_part(file.as_bytes()).unwrap().html, "<p>ok</p>");
    }

    #[test]
    fn plain_html_is_not_mhtml() {
        assert!(!looks_like_mhtml(b"<!DOCTYPE html><html><body>MIME-Version: 1.0</body></html>"));
    }
}
