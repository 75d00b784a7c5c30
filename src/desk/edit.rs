//! Text edits of `content/corrections.yaml` that keep the editors' file as they wrote it.
//!
//! Owns: finding a key path in the file's text (block mappings by indentation, flow `{…}` and
//! `[…]` collections by a quote- and comment-aware scan) and inserting one entry where a person
//! would: a list item after the list's last item, a map entry after the map's last entry (in
//! order among the keys of `reports:` when they are sorted), a missing key created under its
//! parent (top-level keys in the order `reject`, `merge`, `reports`, `copies`), a value of one
//! key replaced in place with its comment kept. Every name and key written is a double-quoted
//! YAML scalar (JSON escaping), so nothing a name holds (`:`, `#`, quotes, `&`, `*`, `<`) can
//! change the file's structure. Everything else in the file stays byte for byte.
//!
//! yaml-edit 0.2.3 (lossless, rowan) was measured on the scaffold's layout first and not
//! taken: it dropped the file's first comment, broke a flow list it appended to
//! (`[王某某\n  - 'x']`) and wrote a flow map's new entry outside the map with `\u` escapes.
//!
//! Must not: decide whether the result is right (`store` parses it with the normal reader and
//! compares entries), read or write files, or know what the keys mean.

use anyhow::{Result, anyhow, bail};

/// What to add, under a path of keys (`["reject", "people"]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Leaf {
    /// One more item of a list.
    Item(String),
    /// A map's key set to a value (replaced when the key is there).
    Entry(String, String),
}

/// The order a person keeps the file's top-level keys in.
const TOP_ORDER: [&str; 4] = ["reject", "merge", "reports", "copies"];

/// `text` with `leaf` added under `path`.
pub(crate) fn apply(text: &str, path: &[&str], leaf: &Leaf) -> Result<String> {
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    let mut at = Container::Block { start: 0, end: out.len(), indent: None };
    for (depth, key) in path.iter().enumerate() {
        match find(&out, at, key)? {
            Some(child) => at = child,
            None => return create(&out, at, &path[depth..], leaf, depth == 1 && path[0] == "reports"),
        }
    }
    add_leaf(&out, at, leaf)
}

/// A YAML double-quoted scalar holding `s` exactly.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Where a key's value is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    /// Lines `start..end` (byte offsets at line starts) under a key; `indent` of the key
    /// (`None` at the top level).
    Block { start: usize, end: usize, indent: Option<usize> },
    /// A flow collection opening at this byte (`[` or `{`).
    Flow(usize),
    /// A scalar (or nothing) at `start..end` on the key's line.
    Scalar { start: usize, end: usize },
}

/// One `key: value` line of a block mapping.
struct KeyLine {
    indent: usize,
    key: String,
    /// Byte offset just after the colon.
    value_at: usize,
}

fn find(text: &str, at: Container, key: &str) -> Result<Option<Container>> {
    match at {
        Container::Block { start, end, indent } => {
            let child = block_children(text, start, end, indent).into_iter().find(|k| k.key == key);
            child.map(|k| value_of(text, &k, end)).transpose()
        }
        Container::Flow(open) => {
            let entries = flow_entries(text, open)?;
            Ok(entries.into_iter().find(|e| e.key.as_deref() == Some(key)).map(|e| e.value))
        }
        Container::Scalar { .. } => Ok(None),
    }
}

/// The key lines directly inside a block (at the indent of its first key line).
fn block_children(text: &str, start: usize, end: usize, parent: Option<usize>) -> Vec<KeyLine> {
    let mut out = Vec::new();
    let mut child_indent = None;
    for (offset, line) in lines(text, start, end) {
        let Some(k) = key_line(line, offset) else { continue };
        if parent.is_some_and(|p| k.indent <= p) {
            continue;
        }
        match child_indent {
            None => child_indent = Some(k.indent),
            Some(i) if i != k.indent => continue,
            Some(_) => {}
        }
        out.push(k);
    }
    out
}

/// Lines of `text[start..end]` with their offsets, line ends cut.
fn lines(text: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = start;
    text[start..end].split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A line `key: …` (plain or quoted key), or `None`.
fn key_line(line: &str, offset: usize) -> Option<KeyLine> {
    if !is_content(line) || line.trim_start().starts_with('-') {
        return None;
    }
    let indent = indent_of(line);
    let rest = &line[indent..];
    let (key, after) = scalar_token(rest, &[':'])?;
    let tail = &rest[after..];
    let value_at = tail.strip_prefix(':').filter(|t| t.is_empty() || t.starts_with([' ', '\t']))?;
    Some(KeyLine { indent, key, value_at: offset + line.len() - value_at.len() })
}

/// A scalar at the start of `s` (double- or single-quoted, or plain up to one of `stops` or a
/// `:`/` #`), decoded, and the byte after it.
fn scalar_token(s: &str, stops: &[char]) -> Option<(String, usize)> {
    if s.starts_with(['"', '\'']) {
        let end = quoted_end(s, 0)?;
        let value: String = crate::frontmatter::parse_yaml("corrections.yaml", &s[..end]).ok()?;
        return Some((value, end));
    }
    if s.starts_with('#') {
        return Some((String::new(), 0));
    }
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        let next = s[i + c.len_utf8()..].chars().next();
        let flow_end = |n: char| stops.contains(&',') && ",]}".contains(n);
        let colon = c == ':' && next.is_none_or(|n| n == ' ' || n == '\t' || flow_end(n));
        if colon || (stops.contains(&c) && c != ':') || (c == '#' && s[..i].ends_with([' ', '\t'])) {
            end = i;
            break;
        }
    }
    let value = s[..end].trim_end();
    Some((value.to_string(), value.len()))
}

/// The byte after the closing quote of a quoted scalar starting at `start`.
fn quoted_end(s: &str, start: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let q = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The value of a key line: a flow collection, a block under it, or a scalar on its line.
fn value_of(text: &str, k: &KeyLine, end: usize) -> Result<Container> {
    let line_end = text[k.value_at..].find('\n').map_or(text.len(), |i| k.value_at + i);
    let on_line = &text[k.value_at..line_end];
    let lead = on_line.len() - on_line.trim_start().len();
    let first = on_line.trim_start();
    if first.starts_with(['[', '{']) {
        return Ok(Container::Flow(k.value_at + lead));
    }
    let start = (line_end + 1).min(text.len());
    let block_end = block_end(text, start, end, k.indent);
    let has_block = lines(text, start, block_end).any(|(_, l)| is_content(l));
    let scalar_len = scalar_token(first, &[]).map_or(0, |(_, n)| n);
    if has_block && scalar_len == 0 {
        return Ok(Container::Block { start, end: block_end, indent: Some(k.indent) });
    }
    Ok(Container::Scalar { start: k.value_at + lead, end: k.value_at + lead + scalar_len })
}

/// Where the block of a key at `indent` ends: the first content line indented no deeper
/// (a `- ` item at the key's own indent still belongs to it).
fn block_end(text: &str, start: usize, end: usize, indent: usize) -> usize {
    for (offset, line) in lines(text, start, end) {
        if is_content(line)
            && indent_of(line) <= indent
            && !(indent_of(line) == indent && line.trim_start().starts_with('-'))
        {
            return offset;
        }
    }
    end
}

/// The byte just after the last content line of a block (where a new entry goes).
fn after_last_content(text: &str, start: usize, end: usize) -> Option<usize> {
    lines(text, start, end).filter(|(_, l)| is_content(l)).last().map(|(o, l)| {
        let after = o + l.len();
        text[after..].find('\n').map_or(text.len(), |i| after + i + 1)
    })
}

/// One entry of a flow collection: its key (maps) and value.
struct FlowEntry {
    key: Option<String>,
    value: Container,
}

/// The entries of the flow collection opening at `open`, and checks it closes.
fn flow_entries(text: &str, open: usize) -> Result<Vec<FlowEntry>> {
    let is_map = text[open..].starts_with('{');
    let close = flow_close(text, open)?;
    let mut out = Vec::new();
    let mut i = open + 1;
    while i < close {
        i = skip_space(text, i, close);
        if i >= close {
            break;
        }
        let key = if is_map {
            let (key, n) = scalar_token(&text[i..close], &[',', '}']).ok_or_else(|| anyhow!("unreadable key"))?;
            i = skip_space(text, i + n, close);
            i += usize::from(text[i..].starts_with(':'));
            i = skip_space(text, i, close);
            Some(key)
        } else {
            None
        };
        let value = if text[i..].starts_with(['[', '{']) {
            let v = Container::Flow(i);
            i = flow_close(text, i)? + 1;
            v
        } else {
            let (_, n) = scalar_token(&text[i..close], &[',', ']', '}']).unwrap_or_default();
            let v = Container::Scalar { start: i, end: i + n };
            i += n;
            v
        };
        out.push(FlowEntry { key, value });
        i = skip_space(text, i, close);
        i += usize::from(text[i..].starts_with(','));
    }
    Ok(out)
}

/// Spaces, line breaks and comments from `i` on.
fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let c = text.as_bytes()[i];
        if c == b'#' {
            i = text[i..].find('\n').map_or(end, |n| i + n);
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The closing bracket of the flow collection opening at `open` (quotes and comments skipped).
fn flow_close(text: &str, open: usize) -> Result<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' if i > 0 && b"[{, :\t\n".contains(&bytes[i - 1]) => {
                i = quoted_end(text, i).ok_or_else(|| anyhow!("a quote that does not close"))?;
                continue;
            }
            b'#' if i > 0 && b" \t\n".contains(&bytes[i - 1]) => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    bail!("a `[` or `{{` that does not close")
}

/// Adds the leaf to the container the path led to.
fn add_leaf(text: &str, at: Container, leaf: &Leaf) -> Result<String> {
    match (at, leaf) {
        (Container::Flow(open), Leaf::Entry(key, _)) if text[open..].starts_with('{') => {
            match flow_entries(text, open)?.into_iter().find(|e| e.key.as_deref() == Some(key.as_str())) {
                Some(FlowEntry { value: Container::Scalar { start, end }, .. }) => {
                    Ok(splice(text, start, end, &flow(&[], leaf, true)))
                }
                Some(_) => bail!("{key} holds a list or map, not one value"),
                None => flow_append(text, open, &flow(&[], leaf, false)),
            }
        }
        (Container::Flow(open), Leaf::Item(_)) if text[open..].starts_with('[') => {
            flow_append(text, open, &flow(&[], leaf, false))
        }
        (Container::Block { start, end, indent }, _) => block_add(text, start, end, indent, leaf),
        (Container::Scalar { start, end }, Leaf::Entry(..))
            if text[start..end].trim().is_empty() || is_null(&text[start..end]) =>
        {
            Ok(splice(text, start, end, &format!("{{{}}}", flow(&[], leaf, false))))
        }
        (Container::Scalar { start, end }, Leaf::Item(_))
            if text[start..end].trim().is_empty() || is_null(&text[start..end]) =>
        {
            Ok(splice(text, start, end, &format!("[{}]", flow(&[], leaf, false))))
        }
        _ => bail!("the file holds another kind of value there than the desk expects"),
    }
}

fn is_null(s: &str) -> bool {
    matches!(s.trim(), "~" | "null" | "Null" | "NULL")
}

fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let space = if text[..start].ends_with(':') { " " } else { "" };
    format!("{}{space}{with}{}", &text[..start], &text[end..])
}

/// Inserts `item` as the last entry of the flow collection opening at `open`.
fn flow_append(text: &str, open: usize, item: &str) -> Result<String> {
    let close = flow_close(text, open)?;
    let inside = text[open + 1..close].trim_end();
    let at = open + 1 + inside.len();
    let sep = if inside.trim().is_empty() { "" } else { ", " };
    let at = if inside.trim().is_empty() { open + 1 } else { at };
    let end = if inside.trim().is_empty() { close } else { at };
    Ok(format!("{}{sep}{item}{}", &text[..at], &text[end..]))
}

/// A block entry after the last content line of the block (or a replaced value).
fn block_add(text: &str, start: usize, end: usize, indent: Option<usize>, leaf: &Leaf) -> Result<String> {
    let first = lines(text, start, end).find(|(_, l)| is_content(l)).map(|(_, l)| l);
    let child = first.map(indent_of).unwrap_or(indent.map_or(0, |i| i + 2));
    let line = match leaf {
        Leaf::Item(_) => format!("{}- {}\n", " ".repeat(child), flow(&[], leaf, false)),
        Leaf::Entry(key, _) => {
            if let Some(k) = block_children(text, start, end, indent).into_iter().find(|k| &k.key == key) {
                return match value_of(text, &k, end)? {
                    Container::Scalar { start, end } => Ok(splice(text, start, end, &flow(&[], leaf, true))),
                    _ => bail!("{key} holds a list or map, not one value"),
                };
            }
            format!("{}{}\n", " ".repeat(child), flow(&[], leaf, false))
        }
    };
    let at = after_last_content(text, start, end).unwrap_or(start);
    Ok(format!("{}{line}{}", &text[..at], &text[at..]))
}

/// The leaf under `keys` in flow style: `"k": {"a": ["x"]}`; with `value_only`, a map entry's
/// value alone.
fn flow(keys: &[&str], leaf: &Leaf, value_only: bool) -> String {
    match (keys.split_first(), leaf) {
        (Some((k, rest)), _) => format!("{}: {}", quote_key(k), wrap(rest, leaf)),
        (None, Leaf::Item(item)) => quote(item),
        (None, Leaf::Entry(_, v)) if value_only => quote(v),
        (None, Leaf::Entry(k, v)) => format!("{}: {}", quote_key(k), quote(v)),
    }
}

/// The collection that holds `leaf` under `keys`, in flow style.
fn wrap(keys: &[&str], leaf: &Leaf) -> String {
    match (keys.is_empty(), leaf) {
        (true, Leaf::Item(_)) => format!("[{}]", flow(&[], leaf, false)),
        _ => format!("{{{}}}", flow(keys, leaf, false)),
    }
}

/// Creates the missing keys `keys` (with the leaf) inside `at`, in block style in a block.
fn create(text: &str, at: Container, keys: &[&str], leaf: &Leaf, sorted: bool) -> Result<String> {
    let top = matches!(at, Container::Block { indent: None, .. });
    Ok(match at {
        Container::Flow(open) => flow_append(text, open, &flow(keys, leaf, false))?,
        Container::Scalar { start, end } => splice(text, start, end, &wrap(keys, leaf)),
        Container::Block { start, end, indent } => {
            let first = lines(text, start, end).find(|(_, l)| is_content(l)).map(|(_, l)| indent_of(l));
            let child = first.unwrap_or(indent.map_or(0, |i| i + 2));
            let block = block_text(keys, leaf, child);
            let at = if top {
                top_position(text, keys[0])
            } else {
                // Reports are keyed by seed file names: a person keeps them in order.
                let sorted = if sorted { sorted_position(text, start, end, indent, keys[0]) } else { None };
                sorted.or_else(|| after_last_content(text, start, end)).unwrap_or(start)
            };
            if top && at < text.len() {
                return Ok(format!("{}{block}\n{}", &text[..at], &text[at..]));
            }
            let gap = if top && at > 0 && !text[..at].ends_with("\n\n") { "\n" } else { "" };
            format!("{}{gap}{block}{}", &text[..at], &text[at..])
        }
    })
}

/// `keys` and the leaf as block lines at `indent`.
fn block_text(keys: &[&str], leaf: &Leaf, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match keys.split_first() {
        None => match leaf {
            Leaf::Item(_) => format!("{pad}- {}\n", flow(&[], leaf, false)),
            Leaf::Entry(..) => format!("{pad}{}\n", flow(&[], leaf, false)),
        },
        Some((k, rest)) => format!("{pad}{}:\n{}", quote_key(k), block_text(rest, leaf, indent + 2)),
    }
}

/// The file's own keys (`reject`, `people`, `add`) stay plain; names and seed keys are quoted.
fn quote_key(k: &str) -> String {
    const SCHEMA: [&str; 14] = [
        "reject", "merge", "reports", "copies", "counties", "people", "programs", "title", "date", "source", "authors",
        "add", "remove", "skip",
    ];
    if SCHEMA.contains(&k) { k.to_string() } else { quote(k) }
}

/// Where a new top-level key goes: before the first existing key that the usual order puts
/// after it, else at the end.
fn top_position(text: &str, key: &str) -> usize {
    let rank = |k: &str| TOP_ORDER.iter().position(|t| *t == k).unwrap_or(TOP_ORDER.len());
    let later = block_children(text, 0, text.len(), None).into_iter().find(|k| rank(&k.key) > rank(key));
    match later {
        // Before the comments that introduce that key, too.
        Some(k) => comments_above(text, text[..k.value_at].rfind('\n').map_or(0, |i| i + 1)),
        None => text.len(),
    }
}

/// The start of the run of comment lines just above `line_start`.
fn comments_above(text: &str, mut line_start: usize) -> usize {
    while line_start > 0 {
        let prev = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[prev..line_start].trim_start().starts_with('#') {
            break;
        }
        line_start = prev;
    }
    line_start
}

/// Among sorted sibling keys, the start of the first key line after `key`, and of the comments
/// above it (`None` when the keys are not sorted or `key` goes last).
fn sorted_position(text: &str, start: usize, end: usize, indent: Option<usize>, key: &str) -> Option<usize> {
    let children = block_children(text, start, end, indent);
    if !children.windows(2).all(|w| w[0].key <= w[1].key) {
        return None;
    }
    let next = children.into_iter().find(|k| k.key.as_str() > key)?;
    let line_start = text[..next.value_at].rfind('\n').map_or(0, |i| i + 1);
    Some(comments_above(text, line_start))
}

#[cfg(test)]
mod tests;
