//! Published punctuation: Chinese text as GB/T 15834 writes it. Ingest reads normalised text
//! (`text::normalize` folds `，：；（）` to ASCII so the rules see one form, and scraped seeds
//! often carry ASCII marks to begin with); what it writes into content/ (titles, bodies, event
//! texts, sources) has the full-width marks back wherever they stand in Chinese text:
//! `，。：；？！` beside a Chinese character, `（）` around or beside Chinese, `“”` around
//! Chinese. ASCII stays in Latin text, numbers (`1,000`, `3.5`), times (`12:30`), web addresses
//! and Markdown syntax (a link's `](`).
//!
//! Owns these rules only; it changes no character but a mark's width, and never touches names
//! (entity names are identities, matched in bodies as written).

use crate::lexicon::is_han;

/// Whether `c` belongs to Chinese text: a Han character or a full-width Chinese mark.
fn is_chinese(c: char) -> bool {
    is_han(c) || is_chinese_mark(c)
}


fn is_chinese_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '“' | '”' | '‘' | '’' | '《' | '》' | '（' | '）' | '【' | '】' | '〔'
            | '〕' | '〈' | '〉' | '…' | '—'
    )
}

/// The full-width form of a sentence mark.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// Restores full-width punctuation in Chinese text, line by line (a pair of brackets or
/// quotes never spans two lines).
pub(crate) fn restore(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&restore_line(line));
    }
    out
}

/// One line: marks first, then bracket and quote pairs; web addresses are kept as written.
fn restore_line(line: &str) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    let protected = addresses(&chars);
    pairs(&mut chars, &protected, '(', ')', ('（', '）'));
    quotes(&mut chars, &protected);
    let mut out = String::with_capacity(line.len() + 16);
    for i in 0..chars.len() {
        let c = chars[i];
        if protected[i] {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let prev =
            if prev.is_some_and(|p| p.is_ascii_digit() || p == '%') { number_context(&chars[..i]) } else { prev };
        match mark(c, prev, next) {
            Some(m) => {
                // No space beside a full-width mark: `，` carries its own.
                while out.ends_with(' ') && prev == Some(' ') {
                    out.pop();
                }
                out.push(m);
            }
            None if c == ' ' && out.ends_with(is_full_width_mark) && next.is_some_and(|n| n != ' ') => {}
            None => out.push(c),
        }
    }
    out
}

/// What stands before a number ending at the end of `before` (`6.5%`): a mark after a number
/// in Chinese text (`增长6.5%,1.加强`) is in Chinese text. The digit itself when the number is
/// all there is (`3,500`), so that two digits around a mark still keep it ASCII.
fn number_context(before: &[char]) -> Option<char> {
    let last = before.last().copied();
    let start = before.iter().rposition(|c| !(c.is_ascii_digit() || ".%".contains(*c))).map_or(0, |i| i + 1);
    match start.checked_sub(1).map(|i| before[i]) {
        Some(c) if is_chinese(c) && last == Some('%') => Some(c),
        _ => last,
    }
}

fn is_full_width_mark(c: char) -> bool {
    "，：；？！。".contains(c)
}

/// The full-width form of the mark `c` between `prev` and `next`, when it stands in Chinese
/// text: a Chinese character on either side (spaces skipped only after the mark), and not
/// between two digits (`1,000`, `12:30`) or inside a run of dots (`...`).
fn mark(c: char, prev: Option<char>, next: Option<char>) -> Option<char> {
    let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    if digit(prev) && digit(next) {
        return None;
    }
    let chinese = |x: Option<char>| x.is_some_and(is_chinese);
    if c == '.' {
        // A stop only after a Han character, at the end of a sentence.
        let ends = next.is_none_or(|n| is_chinese(n) || n == ' ') && next != Some('.');
        return (prev.is_some_and(is_han) && ends).then_some('。');
    }
    let m = full_width(c)?;
    (chinese(prev) || chinese(next)).then_some(m)
}

/// Which characters belong to a web address (`http://…`, `https://…`, `www.…`), up to a
/// space or a Chinese character, less a closing mark: they keep their marks.
fn addresses(chars: &[char]) -> Vec<bool> {
    let mut protected = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if starts_word && ["http://", "https://", "www."].iter().any(|p| starts_with_ignoring_case(&chars[i..], p)) {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !is_chinese(chars[i]) {
                i += 1;
            }
            // A mark closing the address belongs to the sentence, as linkifiers read it.
            let mut end = i;
            while end > start && ",.;:!?".contains(chars[end - 1]) {
                end -= 1;
            }
            protected[start..end].iter_mut().for_each(|p| *p = true);
        } else {
            i += 1;
        }
    }
    protected
}

fn starts_with_ignoring_case(chars: &[char], prefix: &str) -> bool {
    chars.len() >= prefix.len() && prefix.chars().zip(chars).all(|(p, c)| c.to_ascii_lowercase() == p)
}

/// Matching `open`/`close` pairs on a line become `full` when they enclose a Han character or
/// touch Chinese text outside; a Markdown link's `](` and unmatched brackets stay.
fn pairs(chars: &mut [char], protected: &[bool], open: char, close: char, full: (char, char)) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..chars.len() {
        if protected[i] {
            continue;
        }
        if chars[i] == open {
            stack.push(i);
        } else if chars[i] == close
            && let Some(start) = stack.pop()
        {
            let inner_han = chars[start + 1..i].iter().any(|c| is_han(*c));
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let link = before == Some(']');
            let touches = before.is_some_and(is_chinese) || after.is_some_and(is_chinese);
            if !link && (inner_han || touches) {
                chars[start] = full.0;
                chars[i] = full.1;
            }
        }
    }
}

/// ASCII double quotes, paired in order on a line, become `“”` around Chinese text.
fn quotes(chars: &mut [char], protected: &[bool]) {
    let at: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"' && !protected[i]).collect();
    for pair in at.chunks_exact(2) {
        let (a, b) = (pair[0], pair[1]);
        if chars[a + 1..b].iter().any(|c| is_han(*c)) {
            chars[a] = '“';
            chars[b] = '”';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_beside_chinese_become_full_width() {
        assert_eq!(
            restore("近年来,成都市聚焦需求;狠抓落实:成效好吗?好!"),
            "近年来，成都市聚焦需求；狠抓落实：成效好吗？好！"
        );
        assert_eq!(restore("发布时间:2019-09-12 来源:人民网"), "发布时间：2019-09-12 来源：人民网");
        assert_eq!(restore("增长15%,推动900余户"), "增长15%，推动900余户");
        assert_eq!(restore("英国《泰晤士报》:"), "英国《泰晤士报》：");
        assert_eq!(restore("他说, 好"), "他说，好", "no space after a full-width mark");
    }

    #[test]
    fn numbers_times_latin_and_addresses_stay_ascii() {
        assert_eq!(restore("共3,500户,时间12:30。"), "共3,500户，时间12:30。");
        assert_eq!(restore("GDP, CPI: up 3.5%"), "GDP, CPI: up 3.5%");
        assert_eq!(restore("见http://www.a.gov.cn/a,b.html?x=1,详见"), "见http://www.a.gov.cn/a,b.html?x=1，详见");
        assert_eq!(restore("川府发〔2019〕12号"), "川府发〔2019〕12号");
        assert_eq!(restore("增长6.5%,1.加强"), "增长6.5%，1.加强");
    }

    #[test]
    fn brackets_and_quotes_around_chinese() {
        assert_eq!(restore("简阳市(县级市)等"), "简阳市（县级市）等");
        assert_eq!(restore("(一)2015年8月7日"), "（一）2015年8月7日");
        assert_eq!(restore("国内生产总值(GDP)增长"), "国内生产总值（GDP）增长");
        assert_eq!(restore("f(x) = (a + b)"), "f(x) = (a + b)");
        assert_eq!(restore("[某方案](http://a.cn/x.docx)"), "[某方案](http://a.cn/x.docx)");
        assert_eq!(restore("他说:\"孩子,这是电话\""), "他说：“孩子，这是电话”");
        assert_eq!(restore("say \"hi\" now"), "say \"hi\" now");
        assert_eq!(restore("缺(括号"), "缺(括号", "an unmatched bracket stays");
    }

    #[test]
    fn stops_after_chinese_and_nothing_else_changes() {
        assert_eq!(restore("工作完成.下一步"), "工作完成。下一步");
        assert_eq!(restore("等等..."), "等等...");
        assert_eq!(restore("第一行,\n(二)第二行"), "第一行，\n（二）第二行");
        let already = "近年来，成都市（简阳）“好”。";
        assert_eq!(restore(already), already);
    }
}
