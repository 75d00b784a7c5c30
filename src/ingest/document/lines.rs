//! The plain data the document readers (`pdf`, `docx`) hand up, and the one rule that turns a
//! PDF's visual lines into paragraphs. A leaf: it imports nothing of the crate.
//!
//! PDF text comes as lines placed on a page, not as paragraphs; the text pipeline wants one
//! paragraph per line (as the HTML path gives it). A line starts a new paragraph when its font
//! size changes, when it stands indented (the two-character first-line indent of Chinese
//! paragraphs, a centred heading), when the line above ended short of the right margin, or
//! after a vertical gap wider than the usual line spacing. Page numbers (`- 3 -`, `第3页 共5页`)
//! are dropped. Lines of one paragraph are joined without a space between Chinese characters
//! and with one between Latin words.

/// What a document's own properties say, as written there (the PDF Info dictionary or XMP,
/// a .docx's `docProps/core.xml`); `ingest::document` checks and keeps what is plausible.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Props {
    pub(crate) title: Option<String>,
    pub(crate) author: Option<String>,
    /// The creation date as the format writes it (`D:20190315093000+08'00'`,
    /// `2019-03-15T01:30:00Z`).
    pub(crate) created: Option<String>,
    /// Where the values come from (`PDF Info`, `XMP`, `docProps/core.xml`), for `--verbose`.
    pub(crate) from: &'static str,
}

/// One visual line of a PDF page: its text, where it starts and ends on the page, its baseline
/// (page space: y grows upwards) and font size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) page: u32,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y: f64,
    pub(crate) size: f64,
}

/// The margins and spacing most lines of a document share.
struct Measure {
    left: f64,
    right: f64,
    spacing: f64,
}

impl Measure {
    fn of(lines: &[&Line]) -> Measure {
        let mut lefts: Vec<i64> = lines.iter().map(|l| l.x0.round() as i64).collect();
        lefts.sort_unstable();
        let left = most_common(&lefts).unwrap_or(0) as f64;
        let mut rights: Vec<f64> = lines.iter().map(|l| l.x1).collect();
        rights.sort_by(f64::total_cmp);
        // The right margin of full lines: the 90th percentile, so one overlong line does not
        // make every line look short.
        let right = rights.get(rights.len().saturating_sub(1) * 9 / 10).copied().unwrap_or(0.0);
        let mut gaps: Vec<f64> =
            lines.windows(2).filter(|w| w[0].page == w[1].page && w[0].y > w[1].y).map(|w| w[0].y - w[1].y).collect();
        gaps.sort_by(f64::total_cmp);
        let spacing = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
        Measure { left, right, spacing }
    }
}

fn most_common(sorted: &[i64]) -> Option<i64> {
    let mut best: Option<(i64, usize)> = None;
    for run in sorted.chunk_by(|a, b| (b - a).abs() <= 2) {
        if best.is_none_or(|(_, n)| run.len() > n) {
            best = Some((run[0], run.len()));
        }
    }
    best.map(|(v, _)| v)
}

/// A page number or page count line: `3`, `- 3 -`, `—3—`, `第3页`, `第 3 页 共 5 页`, `3/5`.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－'));
    !t.is_empty()
        && t.chars().count() <= 12
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || "第页共/".contains(c))
}

/// Joins the visual lines of a document into paragraphs, in reading order.
pub(crate) fn paragraphs(lines: &[Line]) -> Vec<String> {
    let lines: Vec<&Line> = lines.iter().filter(|l| !l.text.trim().is_empty() && !is_page_number(&l.text)).collect();
    let m = Measure::of(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        let text = line.text.trim();
        match prev {
            Some(p) if !starts_paragraph(p, line, &m) => {
                let last = out.last_mut().expect("a paragraph is open");
                join(last, text);
            }
            _ => out.push(text.to_string()),
        }
        prev = Some(line);
    }
    out
}

/// Whether `line` starts a paragraph after `prev`.
fn starts_paragraph(prev: &Line, line: &Line, m: &Measure) -> bool {
    let size = line.size.max(1.0);
    let size_changed = (line.size - prev.size).abs() > 0.1 * prev.size.max(line.size);
    // Indented from the margin and not in line with the line above (lines of an indented
    // block, a quotation, continue one another).
    let indented = line.x0 > m.left + 0.8 * size && (line.x0 - prev.x0).abs() > 0.5 * size;
    let prev_short = prev.x1 < m.right - 1.5 * size;
    let gap = prev.page == line.page && m.spacing > 0.0 && prev.y - line.y > 1.6 * m.spacing;
    size_changed || indented || prev_short || gap
}

/// Appends a line to its paragraph: a space only between two Latin letters or digits.
fn join(paragraph: &mut String, next: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | '.' | ';' | ':'));
    if latin(paragraph.chars().last()) && latin(next.chars().next()) {
        paragraph.push(' ');
    }
    paragraph.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f64, y: f64, size: f64) -> Line {
        let x1 = x0 + text.chars().count() as f64 * size;
        Line { text: text.to_string(), page: 1, x0, x1, y, size }
    }

    #[test]
    fn lines_of_one_paragraph_are_joined() {
        let lines = [
            line("县政协调研茶叶产业", 120.0, 760.0, 18.0),
            line("来源:某县政协 2019年3月15日", 100.0, 730.0, 12.0),
            line("  近日,县政协组织委员深入茶园开", 72.0, 700.0, 12.0),
            line("展调研,了解茶叶产业发展情况,委员", 72.0, 685.0, 12.0),
            line("们提出了意见。", 72.0, 670.0, 12.0),
            line("  全县茶园面积达到一万亩,带动农户", 72.0, 655.0, 12.0),
            line("增收。", 72.0, 640.0, 12.0),
            line("- 1 -", 290.0, 60.0, 10.0),
        ];
        let mut lines = lines.to_vec();
        // The body's first lines start two characters in; the wrapped lines at the margin.
        lines[2].x0 = 96.0;
        lines[5].x0 = 96.0;
        lines[3].x1 = 72.0 + 17.0 * 12.0;
        lines[2].x1 = lines[3].x1;
        lines[5].x1 = lines[3].x1;
        assert_eq!(
            paragraphs(&lines),
            [
                "县政协调研茶叶产业",
                "来源:某县政协 2019年3月15日",
                "近日,县政协组织委员深入茶园开展调研,了解茶叶产业发展情况,委员们提出了意见。",
                "全县茶园面积达到一万亩,带动农户增收。",
            ]
        );
    }

    #[test]
    fn an_indented_block_is_one_paragraph() {
        let mut lines: Vec<Line> =
            (0..4).map(|i| line("正文正文正文正文正文正文正文正文正文", 72.0, 700.0 - 15.0 * i as f64, 12.0)).collect();
        lines[1] = line("引文引文引文引文引文引文引文引", 108.0, 685.0, 12.0);
        lines[2] = line("文引文引文。", 108.0, 670.0, 12.0);
        lines[1].x1 = lines[0].x1;
        assert_eq!(
            paragraphs(&lines),
            [
                "正文正文正文正文正文正文正文正文正文",
                "引文引文引文引文引文引文引文引文引文引文。",
                "正文正文正文正文正文正文正文正文正文"
            ]
        );
    }

    #[test]
    fn page_numbers_are_no_text() {
        for n in ["3", "- 3 -", "—3—", "第3页", "第 3 页 共 5 页", "3/5"] {
            assert!(is_page_number(n), "{n}");
        }
        for t in ["2019年", "一、基本情况", "3月"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn latin_words_keep_a_space_when_joined() {
        let mut p = "GDP grew".to_string();
        join(&mut p, "fast");
        assert_eq!(p, "GDP grew fast");
        let mut q = "增长".to_string();
        join(&mut q, "很快");
        assert_eq!(q, "增长很快");
    }
}
