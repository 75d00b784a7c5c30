//! Article lines → Markdown body: section headings (一、… / (一)… / short unnumbered
//! subheadings) become headings, every other line a paragraph, with Markdown's special
//! characters escaped so that report text always reads as text (a `<script>` in a seed stays
//! visible text).
//!
//! Two shapes of line carry structure that the reader of a saved web page (`html`) writes and
//! a text page may hold too: rows of cells separated by `|` (a data table) and a line ending in
//! a web address in brackets (`附件:某方案 (http://…/a.docx)`, an image's alt text and
//! address); they become a Markdown table and a link.
//!
//! Owns the body's Markdown form only; it drops no text.

use super::shape::{self, Marker};

/// Headings longer than this stay in their paragraph.
const HEADING_MAX: usize = 30;

/// Builds the Markdown body of an article from its lines.
pub(crate) fn markdown(lines: &[String]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let rows = table_rows(&lines[i..]);
        if rows >= 2 {
            out.push_str(&table(&lines[i..i + rows]));
            out.push_str("\n\n");
            i += rows;
            continue;
        }
        let line = &lines[i];
        let next_is_paragraph = lines.get(i + 1).is_some_and(|n| n.chars().count() > HEADING_MAX);
        let prev_is_paragraph = i > 0 && lines[i - 1].chars().count() > HEADING_MAX;
        for block in blocks(line, prev_is_paragraph || i == 0, next_is_paragraph) {
            out.push_str(&block);
            out.push_str("\n\n");
        }
        i += 1;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// One line as one or two Markdown blocks (a heading that opens a paragraph is split off).
fn blocks(line: &str, after_paragraph: bool, before_paragraph: bool) -> Vec<String> {
    let len = line.chars().count();
    match shape::section_marker(line) {
        Some(marker @ (Marker::Chapter | Marker::Section)) => {
            let hashes = if marker == Marker::Chapter { "##" } else { "###" };
            if len <= HEADING_MAX && !line.ends_with(['。', ';']) {
                return vec![format!("{hashes} {}", escape(line))];
            }
            if let Some((head, rest)) = split_first_sentence(line) {
                return vec![format!("{hashes} {}", escape(head)), escape(rest)];
            }
            vec![escape(line)]
        }
        _ if shape::is_title_like(line, 25) && after_paragraph && before_paragraph && !line.contains(',') => {
            vec![format!("## {}", escape(line))]
        }
        _ => vec![linked(line).unwrap_or_else(|| escape(line))],
    }
}

/// The cells of a table row: two or more, separated by `|`.
fn cells(line: &str) -> Option<Vec<&str>> {
    let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
    (cells.len() >= 2 && line.contains(" | ")).then_some(cells)
}

/// How many lines from the start form a table: rows with the same number of cells.
fn table_rows(lines: &[String]) -> usize {
    let Some(width) = lines.first().and_then(|l| cells(l)).map(|c| c.len()) else { return 0 };
    lines.iter().take_while(|l| cells(l).is_some_and(|c| c.len() == width)).count()
}

/// Rows of cells as a Markdown table, the first row as its header.
fn table(rows: &[String]) -> String {
    let row = |line: &String| {
        let cells: Vec<String> = cells(line).unwrap_or_default().into_iter().map(escape).collect();
        format!("| {} |", cells.join(" | "))
    };
    let width = cells(&rows[0]).map_or(0, |c| c.len());
    let mut out = vec![row(&rows[0]), format!("|{}", " --- |".repeat(width))];
    out.extend(rows[1..].iter().map(row));
    out.join("\n")
}

/// `某方案 (http://www.example.gov.cn/a.docx)` → `[某方案](http://www.example.gov.cn/a.docx)`:
/// a line that ends in a web address in brackets links its text to it.
fn linked(line: &str) -> Option<String> {
    let (text, rest) = line.trim_end().strip_suffix(')')?.rsplit_once(" (")?;
    let url_ok = shape::is_web_address(rest) && !rest.contains(|c: char| c.is_whitespace() || "()<>\"'\\`".contains(c));
    (url_ok && !text.trim().is_empty()).then(|| format!("[{}]({rest})", escape(text.trim())))
}

/// `一、健全组织体系,实现目标。一是成立机构。` → (`一、健全组织体系,实现目标。`, `一是成立机构。`)
/// when the first sentence is short enough to be a heading.
fn split_first_sentence(line: &str) -> Option<(&str, &str)> {
    let end = line.find('。')? + '。'.len_utf8();
    let (head, rest) = line.split_at(end);
    (head.chars().count() <= HEADING_MAX + 10 && !rest.trim().is_empty()).then_some((head, rest.trim_start()))
}

/// Escapes what Markdown would otherwise interpret: inline markup everywhere, block markers
/// at the start of a line.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    escape_block_start(out)
}

fn escape_block_start(line: String) -> String {
    let first = line.chars().next();
    let starts_list = matches!(first, Some('-' | '+')) && line[1..].starts_with(' ');
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    let ordered = digits > 0
        && matches!(line[digits..].chars().next(), Some('.' | ')'))
        && line[digits + 1..].starts_with([' ', '\t']);
    let rule = line.len() >= 3 && line.chars().all(|c| c == '-' || c == '=' || c == ' ');
    if first == Some('#') || starts_list || rule {
        format!("\\{line}")
    } else if ordered {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_headings_and_paragraphs() {
        let lines = vec![
            "这是开头的一段正文,长度足够长,超过了作为标题的三十个字的限制,因此是段落。".to_string(),
            "一、主要做法".to_string(),
            "某县政协把服务脱贫攻坚作为一项重大政治任务,切实发挥政协作用,取得了成效。".to_string(),
        ];
        let md = markdown(&lines);
        assert!(md.contains("\n\n## 一、主要做法\n\n某县政协"), "{md}");
    }

    #[test]
    fn heading_opening_a_paragraph_is_split_off() {
        let md = markdown(&["一、健全组织体系,实现工作系统匹配目标任务。一是成立协调机构。建立联席会议。".to_string()]);
        assert_eq!(md, "## 一、健全组织体系,实现工作系统匹配目标任务。\n\n一是成立协调机构。建立联席会议。\n");
    }

    #[test]
    fn long_numbered_paragraph_stays_a_paragraph() {
        let line = "(一)2015年8月7日至8日,某同志带领省级相关部门负责同志到村里与基层干部群众面对面交流,研究帮助贫困群众脱贫的措施".to_string();
        assert_eq!(markdown(std::slice::from_ref(&line)), format!("{line}\n"));
    }

    #[test]
    fn html_and_markdown_are_escaped() {
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(escape("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape("- 2018-02-22 新闻"), "\\- 2018-02-22 新闻");
        assert_eq!(escape("1. 第一"), "1\\. 第一");
        assert_eq!(escape("a*b*_c_"), "a\\*b\\*\\_c\\_");
    }

    #[test]
    fn rows_of_cells_become_a_table() {
        let lines: Vec<String> =
            ["乡镇 | 户数 | 人数", "青山镇 | 120 | 356", "白水乡 | 98 | 270", "合计218户。"].map(String::from).into();
        let md = markdown(&lines);
        assert!(
            md.starts_with(
                "| 乡镇 | 户数 | 人数 |\n| --- | --- | --- |\n| 青山镇 | 120 | 356 |\n| 白水乡 | 98 | 270 |\n\n"
            ),
            "{md}"
        );
        assert!(md.ends_with("合计218户。\n"), "{md}");
        assert_eq!(table_rows(&["甲 | 乙".to_string()]), 1, "one row is no table");
    }

    #[test]
    fn a_line_ending_in_a_web_address_links_to_it() {
        assert_eq!(
            linked("附件:青山县春耕方案 (http://www.example.gov.cn/files/plan.docx)").as_deref(),
            Some("[附件:青山县春耕方案](http://www.example.gov.cn/files/plan.docx)")
        );
        assert_eq!(linked("见(一)部分 (javascript:alert(1))"), None);
        assert_eq!(linked("[x] (http://a.cn/\")onclick=\"x)"), None);
        assert_eq!(
            markdown(&["<b>青山</b> (https://a.cn/p.jpg)".to_string()]),
            "[\\<b\\>青山\\</b\\>](https://a.cn/p.jpg)\n"
        );
    }

    #[test]
    fn every_character_of_the_text_survives() {
        let lines = vec![
            "一、标题".to_string(),
            "正文<b>内容</b>很长很长很长很长很长很长很长很长很长很长很长很长很长很长。".to_string(),
        ];
        let md = markdown(&lines);
        let visible: String = md.chars().filter(|c| !"#\\\n ".contains(*c)).collect();
        let original: String = lines.concat().chars().filter(|c| *c != ' ').collect();
        assert_eq!(visible, original);
    }
}
