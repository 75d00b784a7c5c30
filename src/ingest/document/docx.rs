//! Word .docx → paragraphs and the document's own properties: the ZIP archive (`zip`), its
//! `word/document.xml` read with `quick-xml` (one `w:p` a paragraph, `w:t` its text, `w:tab`
//! a space, `w:br` a line break; deleted text and field codes left out), and
//! `docProps/core.xml` for `dc:title`, `dc:creator` and `dcterms:created`.
//!
//! Never sees the file system: bytes in, text out. A ZIP archive without `word/document.xml`
//! (a spreadsheet, a presentation, any other archive) is a `Skip` that says what to do.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::lines::Props;
use crate::ingest::text::Skip;

/// The largest XML part read (a report's document.xml is well under this; a ZIP bomb is not).
const MAX_PART: u64 = 64 << 20;

/// The paragraphs of the document's body and its properties.
pub(crate) fn read(bytes: &[u8]) -> Result<(Vec<String>, Props), Skip> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Skip::Unreadable(format!("a ZIP archive that cannot be opened ({e}); save the report again as .docx or text"))
    })?;
    let Some(document) = part(&mut zip, "word/document.xml") else {
        return Err(Skip::Unreadable(
            "a ZIP archive that is no Word .docx (a spreadsheet, a presentation or another archive); save the report as .docx or text".into(),
        ));
    };
    let paragraphs = body_paragraphs(&document).map_err(|e| {
        Skip::Unreadable(format!(
            "a .docx whose text cannot be read ({e}); open it and save it again, or save it as text"
        ))
    })?;
    let props = part(&mut zip, "docProps/core.xml").map(|xml| core_props(&xml)).unwrap_or_default();
    Ok((paragraphs, props))
}

/// One part of the archive as text, when it is there and not oversized.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.take(MAX_PART).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The text of `w:body`: one string per paragraph (a line break inside one starts another).
fn body_paragraphs(xml: &str) -> Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    // Inside `w:t` (text to keep); inside `w:del` / `w:instrText` (text to leave out).
    let (mut in_text, mut skipping) = (false, 0usize);
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let p = current.trim();
        if !p.is_empty() {
            out.push(p.to_string());
        }
        current.clear();
    };
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "del" | "instrText" | "delText" => skipping += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "del" | "instrText" | "delText" => skipping = skipping.saturating_sub(1),
                "p" => flush(&mut current, &mut out),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if skipping == 0 => current.push(' '),
                "br" | "cr" if skipping == 0 => flush(&mut current, &mut out),
                _ => {}
            },
            Event::Text(t) if in_text && skipping == 0 => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skipping == 0 => current.push_str(&entity(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    Ok(out)
}

/// `&amp;`, `&#x4E2D;` … as text.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.xml10_content().as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// `dc:title`, `dc:creator` and `dcterms:created` of `docProps/core.xml`.
fn core_props(xml: &str) -> Props {
    let mut props = Props { from: "docProps/core.xml", ..Props::default() };
    let mut reader = Reader::from_str(xml);
    let mut field: Option<String> = None;
    let mut value = String::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                field = Some(e.name().as_ref().to_string());
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => value.push_str(&entity(&r)),
            Event::End(_) => {
                let v = value.trim().to_string();
                let slot = match field.take().as_deref() {
                    Some("dc:title") => &mut props.title,
                    Some("dc:creator") => &mut props.author,
                    Some("dcterms:created") => &mut props.created,
                    _ => continue,
                };
                if !v.is_empty() {
                    *slot = Some(v);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_leave_out_deleted_text_and_field_codes() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>县政协</w:t></w:r><w:r><w:t xml:space="preserve">调研 &amp; 报告</w:t></w:r></w:p>
            <w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:t>第一段</w:t><w:tab/><w:t>续</w:t></w:r></w:p>
            <w:p><w:r><w:instrText>PAGE</w:instrText><w:t>第二段</w:t><w:br/><w:t>换行</w:t></w:r></w:p>
            <w:p/></w:body></w:document>"#;
        assert_eq!(body_paragraphs(xml).unwrap(), ["县政协调研 & 报告", "第一段 续", "第二段", "换行"]);
    }

    #[test]
    fn core_properties_are_read() {
        let xml = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t">
            <dc:title>县政协调研报告</dc:title><dc:creator>王明远</dc:creator>
            <dcterms:created xsi:type="dcterms:W3CDTF">2019-03-15T01:30:00Z</dcterms:created>
            </cp:coreProperties>"#;
        let p = core_props(xml);
        assert_eq!(p.title.as_deref(), Some("县政协调研报告"));
        assert_eq!(p.author.as_deref(), Some("王明远"));
        assert_eq!(p.created.as_deref(), Some("2019-03-15T01:30:00Z"));
    }

    #[test]
    fn an_archive_without_a_document_is_no_docx() {
        let mut buf = Vec::new();
        {
            let mut w = zip::ZipWriter::new(Cursor::new(&mut buf));
            w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut w, b"<workbook/>").unwrap();
            w.finish().unwrap();
        }
        let err = read(&buf).unwrap_err();
        assert!(err.to_string().contains("no Word .docx"), "{err}");
    }
}
