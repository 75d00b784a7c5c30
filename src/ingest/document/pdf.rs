//! PDF → visual lines of its text layer and the document's own properties. Text through
//! `pdf-extract` (fonts and their encodings, CID fonts with ToUnicode maps, as a PDF viewer
//! maps glyphs to characters), collected glyph by glyph with positions by an `OutputDev` of
//! our own so `lines::paragraphs` can see margins and indents; properties from the Info
//! dictionary (Title, Author, CreationDate), else the XMP packet (`dc:title`, `dc:creator`,
//! `xmp:CreateDate`).
//!
//! A PDF that cannot be read says why and what to do: encrypted, broken, or without a text
//! layer (a scan). `pdf-extract` panics on some malformed files; a panic is caught here and
//! read as a broken file.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::lines::{Line, Props};
use crate::ingest::text::Skip;

/// Fewer visible characters than this in the whole text layer: a scan, not a text PDF.
const MIN_TEXT_CHARS: usize = 10;

/// The PDF's lines (in reading order of its content streams) and its properties.
pub(crate) fn read(bytes: &[u8]) -> Result<(Vec<Line>, Props), Skip> {
    let broken = |why: String| {
        Skip::Unreadable(format!(
            "a PDF that cannot be parsed ({why}); open it and save it again as PDF, or save its text as .txt"
        ))
    };
    let mut doc = Document::load_mem(bytes).map_err(|e| broken(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Skip::Unreadable(
            "an encrypted PDF (it needs a password); save an unprotected copy or its text as .txt".into(),
        ));
    }
    let props = props(&doc);
    let mut collector = Collector::default();
    let outcome = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc(&doc, &mut collector)));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(broken(e.to_string())),
        Err(_) => return Err(broken("its text could not be decoded".into())),
    }
    collector.finish_line();
    let visible: usize = collector.lines.iter().map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count()).sum();
    if visible < MIN_TEXT_CHARS {
        return Err(Skip::Unreadable(
            "a PDF without a text layer (a scan or images only); run OCR on it or save its text as .txt".into(),
        ));
    }
    Ok((collector.lines, props))
}

/// The Info dictionary's fields, else the XMP packet's.
fn props(doc: &Document) -> Props {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_dict().ok());
    let field = |key: &[u8]| {
        let value = info?.get(key).ok()?;
        let (_, value) = doc.dereference(value).ok()?;
        pdf_extract::decode_text_string(value).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    };
    let from_info =
        Props { title: field(b"Title"), author: field(b"Author"), created: field(b"CreationDate"), from: "PDF Info" };
    if from_info.title.is_some() || from_info.created.is_some() {
        return from_info;
    }
    xmp(doc).unwrap_or(from_info)
}

/// The catalog's XMP metadata stream, read for three fields.
fn xmp(doc: &Document) -> Option<Props> {
    let root = doc.trailer.get(b"Root").ok()?;
    let (_, catalog) = doc.dereference(root).ok()?;
    let (_, stream) = doc.dereference(catalog.as_dict().ok()?.get(b"Metadata").ok()?).ok()?;
    let stream = stream.as_stream().ok()?;
    let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8_lossy(&bytes);
    let props = Props {
        title: xmp_value(&xml, "dc:title"),
        author: xmp_value(&xml, "dc:creator"),
        created: xmp_value(&xml, "xmp:CreateDate"),
        from: "XMP",
    };
    (props.title.is_some() || props.created.is_some()).then_some(props)
}

/// The text of an XMP property: its first `rdf:li` when it is a list, else its content.
fn xmp_value(xml: &str, tag: &str) -> Option<String> {
    let open = xml.find(&format!("<{tag}"))?;
    let start = open + xml[open..].find('>')? + 1;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    let mut inner = &xml[start..end];
    if let Some(li) = inner.find("<rdf:li") {
        let from = li + inner[li..].find('>')? + 1;
        let to = from + inner[from..].find("</rdf:li>")?;
        inner = &inner[from..to];
    }
    let value = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    let value = value.trim();
    (!value.is_empty() && !value.contains('<')).then(|| value.to_string())
}

/// Glyphs → visual lines: a glyph whose baseline moves by more than half its size, or that
/// steps back to the left, starts a new line.
#[derive(Default)]
struct Collector {
    lines: Vec<Line>,
    current: Option<Line>,
    page: u32,
}

impl Collector {
    fn finish_line(&mut self) {
        if let Some(line) = self.current.take()
            && !line.text.trim().is_empty()
        {
            self.lines.push(line);
        }
    }

    fn add(&mut self, x: f64, y: f64, end: f64, size: f64, text: &str) {
        let page = self.page;
        if let Some(line) = &mut self.current {
            let same_line = (y - line.y).abs() <= 0.5 * size && x >= line.x1 - 0.5 * size;
            if same_line {
                let gap = x - line.x1;
                let cjk = |c: Option<char>| c.is_some_and(|c| c as u32 >= 0x2e80);
                let wide = gap > 0.5 * size || (gap > 0.15 * size && !cjk(line.text.chars().last()));
                if wide && !cjk(text.chars().next()) || gap > 1.5 * size {
                    line.text.push(' ');
                }
                line.text.push_str(text);
                line.x1 = line.x1.max(end);
                line.size = line.size.max(size);
                return;
            }
        }
        self.finish_line();
        self.current = Some(Line { text: text.to_string(), page, x0: x, x1: end, y, size });
    }
}

impl OutputDev for Collector {
    fn begin_page(&mut self, page_num: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.finish_line();
        self.page = page_num;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_line();
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        // The glyph's size on the page: the font size through the text matrix.
        let (vx, vy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, trm.m32);
        if ch.chars().all(char::is_control) {
            return Ok(());
        }
        self.add(x, y, x + width * size, size, ch);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_values_are_read() {
        let xml = r#"<x:xmpmeta><rdf:RDF><rdf:Description>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">县政协调研报告</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>王明远</rdf:li></rdf:Seq></dc:creator>
            <xmp:CreateDate>2019-03-15T09:30:00+08:00</xmp:CreateDate>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        assert_eq!(xmp_value(xml, "dc:title").as_deref(), Some("县政协调研报告"));
        assert_eq!(xmp_value(xml, "dc:creator").as_deref(), Some("王明远"));
        assert_eq!(xmp_value(xml, "xmp:CreateDate").as_deref(), Some("2019-03-15T09:30:00+08:00"));
        assert_eq!(xmp_value(xml, "pdf:Producer"), None);
    }

    #[test]
    fn garbage_is_a_broken_pdf() {
        let err = read(b"%PDF-1.4\nnot really a pdf").unwrap_err();
        assert!(err.to_string().contains("cannot be parsed"), "{err}");
    }
}
