//! PDF and Word seeds as an editor has them, made here in the test (no binary fixtures): a
//! text-layer PDF with Chinese in a CID font mapped by a ToUnicode CMap, a scanned PDF
//! without text, a .docx with its core properties, an old .doc, a PDF renamed `.txt`. Each
//! goes through the real binary.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::harness::{TestDir, jianbao, seeds_dir};

/// A line of text placed on the page: x, baseline y, font size, text.
type Placed<'a> = (f64, f64, f64, &'a str);

/// A one-page A4 PDF whose text is set in a Type0 font (Identity-H, no embedded glyphs) with a
/// ToUnicode CMap, as Chinese office software writes it; `info` entries go to the Info
/// dictionary (text strings in UTF-16BE); the content stream is Flate-compressed when asked.
fn pdf(lines: &[Placed], info: &[(&str, &str)], compress: bool) -> Vec<u8> {
    let mut cids: Vec<char> = Vec::new();
    let mut content = String::new();
    for (x, y, size, text) in lines {
        let mut hex = String::new();
        for c in text.chars() {
            let cid = cids.iter().position(|k| *k == c).unwrap_or_else(|| {
                cids.push(c);
                cids.len() - 1
            }) + 1;
            write!(hex, "{cid:04X}").unwrap();
        }
        writeln!(content, "BT /F1 {size} Tf {x} {y} Td <{hex}> Tj ET").unwrap();
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in cids.chunks(100).enumerate().map(|(i, c)| (i * 100, c)) {
        writeln!(cmap, "{} beginbfchar", chunk.1.len()).unwrap();
        for (k, c) in chunk.1.iter().enumerate() {
            let utf16: String = c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            writeln!(cmap, "<{:04X}> <{utf16}>", chunk.0 + k + 1).unwrap();
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CIDInit /ProcSet findresource pop\nend\nend\n");
    let content_obj = if compress {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(content.as_bytes()).unwrap();
        stream("/Filter /FlateDecode", &z.finish().unwrap())
    } else {
        stream("", content.as_bytes())
    };
    let info_dict: String = info.iter().map(|(k, v)| format!("/{k} {} ", text_string(v))).collect();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_vec(),
        content_obj,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 /CIDToGIDMap /Identity >>".to_vec(),
        stream("", cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>".to_vec(),
        format!("<< {info_dict}>>").into_bytes(),
    ];
    assemble(&objects)
}

/// A PDF string in UTF-16BE with its byte order mark, as hex.
fn text_string(text: &str) -> String {
    if text.is_ascii() {
        return format!("({text})");
    }
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<FEFF{hex}>")
}

fn stream(dict: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict} >>\nstream\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Numbered objects (1, 2, …; the last is the Info dictionary), the cross-reference table and
/// the trailer.
fn assemble(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        writeln!(table, "{o:010} 00000 n ").unwrap();
    }
    let n = objects.len();
    write!(table, "trailer\n<< /Size {} /Root 1 0 R /Info {n} 0 R >>\nstartxref\n{xref}\n%%EOF\n", n + 1).unwrap();
    out.extend_from_slice(table.as_bytes());
    out
}

/// A page drawn with nothing but a filled rectangle, as a scan's image would stand.
fn scanned_pdf() -> Vec<u8> {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("", b"0.5 g 36 36 523 770 re f"),
        b"<< /Producer (Scanner) >>".to_vec(),
    ];
    assemble(&objects)
}

const TITLE: &str = "金川县政协开展茶叶产业调研";
const PARAGRAPH_1: &str = "3月12日,金川县政协主席王明远带领部分政协委员深入观音镇茶叶基地,就茶叶产业发展情况开展专题调研。委员们实地察看了茶园管护和加工车间,听取了企业负责人的情况介绍。";
const PARAGRAPH_2: &str = "王明远指出,要坚持绿色发展理念,做大做强茶叶产业,带动更多农户增收致富。";

/// The report laid out as a word processor prints it: a centred headline, a source line, two
/// paragraphs with a two-character first-line indent, wrapped at 28 characters, a page number.
fn report_lines() -> Vec<(f64, f64, f64, String)> {
    let mut lines = vec![(180.0, 780.0, 18.0, TITLE.to_string()), (222.0, 750.0, 12.0, "来源:金川县政协".to_string())];
    let mut y = 720.0;
    for paragraph in [PARAGRAPH_1, PARAGRAPH_2] {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut rest: &[char] = &chars;
        let mut first = true;
        while !rest.is_empty() {
            let width = if first { 26 } else { 28 };
            let (line, tail) = rest.split_at(width.min(rest.len()));
            let x = if first { 96.0 } else { 72.0 };
            lines.push((x, y, 12.0, line.iter().collect()));
            (rest, first, y) = (tail, false, y - 18.0);
        }
    }
    lines.push((285.0, 40.0, 10.5, "- 1 -".to_string()));
    lines
}

fn chinese_pdf(compress: bool) -> Vec<u8> {
    let lines = report_lines();
    let placed: Vec<Placed> = lines.iter().map(|(x, y, s, t)| (*x, *y, *s, t.as_str())).collect();
    pdf(&placed, &[("Title", TITLE), ("Author", "李秀兰"), ("CreationDate", "D:20190316100000+08'00'")], compress)
}

/// A .docx as Word writes its parts (content types, the document, core properties).
fn docx(title: &str, created: &str, paragraphs: &[&str]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#)),
        ("docProps/core.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>Administrator</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>"#)),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

/// The report pages written, as text.
fn pages(content: &Path) -> Vec<String> {
    let dir = content.join("reports");
    let mut out: Vec<String> = match fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| fs::read_to_string(e.unwrap().path()).unwrap()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// The clauses of a paragraph (what stays the same whatever the punctuation is printed as).
fn clauses(paragraph: &str) -> Vec<&str> {
    paragraph.split([',', '。']).filter(|c| !c.is_empty()).collect()
}

fn ingest(dir: &TestDir) -> crate::harness::Output {
    let out = jianbao(dir.path(), &["ingest", "--seeds", "seeds", "--content", "content"]);
    assert!(out.status.success(), "{}", out.stderr);
    out
}

#[test]
fn a_chinese_pdf_becomes_a_report_with_its_own_properties() {
    let dir = TestDir::new();
    dir.write("seeds/tea.pdf", &chinese_pdf(true));
    let out = ingest(&dir);
    let pages = pages(&dir.path().join("content"));
    assert_eq!(pages.len(), 1, "{}", out.stderr);
    let page = &pages[0];
    assert!(page.contains(&format!("title: \"{TITLE}\"")) || page.contains(&format!("title: {TITLE}\n")), "{page}");
    assert!(page.contains("date: \"2019-03-16\""), "the Info dictionary's CreationDate: {page}");
    assert!(page.contains("李秀兰"), "the Info dictionary's Author: {page}");
    assert!(page.contains("金川县") && page.contains("王明远"), "{page}");
    let body = page.rsplit("---\n").next().unwrap();
    for paragraph in [PARAGRAPH_1, PARAGRAPH_2] {
        let all = clauses(paragraph);
        let line = body.lines().find(|l| l.contains(all[0])).unwrap_or_else(|| panic!("{body}"));
        assert!(all.iter().all(|c| line.contains(c)), "one paragraph, one line: {body}");
    }
    assert!(!body.contains("- 1 -") && !body.contains("endobj"), "{body}");
}

#[test]
fn a_docx_becomes_a_report_with_its_core_properties() {
    let dir = TestDir::new();
    let title = "凤庆县召开产业扶贫推进会";
    let paragraphs = [
        title,
        "6月1日,凤庆县召开产业扶贫推进会,县委书记李秀兰出席会议并讲话。",
        "会议要求,各乡镇要把茶叶和核桃产业作为群众增收的主导产业抓紧抓实。",
    ];
    // Created at 18:30 UTC: the 2nd of June in China.
    dir.write("seeds/meeting.docx", &docx(title, "2019-06-01T18:30:00Z", &paragraphs));
    ingest(&dir);
    let pages = pages(&dir.path().join("content"));
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    assert!(page.contains(title) && page.contains("date: \"2019-06-02\""), "{page}");
    assert!(!page.contains("Administrator"), "a user account is no author: {page}");
    assert!(page.contains("凤庆县") && page.contains("李秀兰"), "{page}");
    for c in clauses(paragraphs[2]) {
        assert!(page.contains(c), "{page}");
    }
}

#[test]
fn a_scanned_pdf_is_skipped_with_advice_and_the_rest_goes_on() {
    let dir = TestDir::new();
    dir.write("seeds/a-scan.pdf", &scanned_pdf());
    dir.write("seeds/b-good.txt", &fs::read(seeds_dir().join("004_f86faae1e616e59f.txt")).unwrap());
    let out = ingest(&dir);
    let warning = out.stderr.lines().find(|l| l.contains("a-scan.pdf")).unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(warning.starts_with("warning: seeds/a-scan.pdf: skipped: a PDF without a text layer"), "{warning}");
    assert!(warning.contains("OCR") && warning.contains(".txt"), "{warning}");
    assert_eq!(pages(&dir.path().join("content")).len(), 1);
}

#[test]
fn an_old_doc_gets_the_docx_advice() {
    let dir = TestDir::new();
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.extend(std::iter::repeat_n(0u8, 504));
    ole.extend("县政协调研报告".encode_utf16().flat_map(|u| u.to_le_bytes()));
    dir.write("seeds/old.doc", &ole);
    dir.write("seeds/good.txt", &fs::read(seeds_dir().join("004_f86faae1e616e59f.txt")).unwrap());
    let out = ingest(&dir);
    assert!(
        out.stderr.contains("warning: seeds/old.doc: skipped: Word 97–2003 .doc")
            && out.stderr.contains("save it as .docx or text"),
        "{}",
        out.stderr
    );
    assert_eq!(pages(&dir.path().join("content")).len(), 1);
}

#[test]
fn a_pdf_named_txt_is_never_published_as_text() {
    let dir = TestDir::new();
    // Uncompressed, so its bytes read as ASCII text to anything that does not look at them.
    dir.write("seeds/report.txt", &chinese_pdf(false));
    dir.write("seeds/broken.txt", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
    let out = ingest(&dir);
    assert!(out.stderr.contains("warning: seeds/broken.txt: skipped: a PDF that cannot be parsed"), "{}", out.stderr);
    let pages = pages(&dir.path().join("content"));
    assert_eq!(pages.len(), 1, "{}", out.stderr);
    assert!(pages[0].contains(TITLE), "read as the PDF it is: {}", pages[0]);
    for code in ["%PDF", "endobj", "BT /F1", "beginbfchar"] {
        assert!(!pages[0].contains(code), "{code}: {}", pages[0]);
    }
}
