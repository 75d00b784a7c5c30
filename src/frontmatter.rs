//! The page file format: YAML front matter between `---` lines, then a Markdown body.
//!
//! This is the only module that knows YAML. It owns the typed front matter of report and
//! entity pages (`ReportFront`, `CountyFront`, `PersonFront`, `ProgramFront`), parses them with
//! errors that name the line and field, and writes them back in the exact layout of
//! `CONTENT.md` (flow lists, dates as quoted strings). serde_yaml is deprecated upstream; to
//! swap it, only this file changes.
//!
//! It must not touch the file system: callers hand it text and a display path.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, anyhow, bail};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Free-form data a page or theme may carry under `extra:`.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// A dated happening stated in a report.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub text: String,
    #[serde(default)]
    pub counties: Vec<String>,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub programs: Vec<String>,
}

/// Another printing of a report: the seed (`file#N` for part N of a bulletin) and, where
/// known, its outlet, date and original address.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Copy {
    pub seed: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Front matter of `content/reports/<slug>.md`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReportFront {
    pub title: String,
    /// The report's address (`/reports/<slug>/`): fixed when ingest first writes the page;
    /// `None` on pages written before it was, whose file name is their slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old addresses of the report (`/reports/old-slug/`), each given a redirect page.
    #[serde(default)]
    pub redirect_from: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub seed: Option<String>,
    /// The original address of a saved web page, when the page records it.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub part: Option<u32>,
    /// The other printings of this report (found by ingest), oldest first.
    #[serde(default)]
    pub copies: Vec<Copy>,
    #[serde(default)]
    pub counties: Vec<String>,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub programs: Vec<String>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Set by an editor: ingest leaves the page alone.
    #[serde(default)]
    pub edited: bool,
    /// The body's raw HTML is rendered as HTML instead of shown as text.
    #[serde(default)]
    pub raw_html: bool,
    #[serde(default)]
    pub extra: Extra,
}

/// Front matter of `content/counties/<slug>.md`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CountyFront {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub prefecture: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// Front matter of `content/people/<slug>.md`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PersonFront {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// Front matter of `content/programs/<slug>.md`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProgramFront {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `site.yaml` at the site root: every key optional, flags override it (CONTENT.md).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteFront {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    /// The licence line of the open data under /data/.
    #[serde(default)]
    pub data_licence: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// A page split into its front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    pub front: T,
    pub body: String,
    /// 1-based line of the file where the body starts (for error messages).
    pub body_line: usize,
    /// The front matter text as written, to locate fields for later validation errors.
    pub yaml: String,
}

/// Splits `text` into the YAML between the opening and closing `---` and the body.
/// Returns `(yaml, body, body_line)`.
fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, i + 3));
        }
        offset += line.len();
    }
    None
}

/// A page's text up to and including the `---` line that closes its front matter (all of
/// it when there is none), for readers that need only the front matter of thousands of
/// pages, whose bodies are most of their bytes. Invalid UTF-8 is an error, as in
/// `std::fs::read_to_string`.
pub fn read_front(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        // Complete lines only: a character cut by the chunk's end comes after the last newline.
        let Some(end) = bytes.iter().rposition(|&b| b == b'\n') else { continue };
        if let Ok(lines) = std::str::from_utf8(&bytes[..=end])
            && let Some((_, body, _)) = split(lines)
        {
            return Ok(lines[..lines.len() - body.len()].to_string());
        }
    }
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Parses a page: `path` is only used in error messages, which have the form
/// `path:line: what is wrong (what to do)`.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<Parsed<T>> {
    let Some((yaml, body, body_line)) = split(text) else {
        bail!("{path}:1: no front matter (a page starts with a `---` line, its YAML, then another `---` line)");
    };
    let front: T = serde_yaml::from_str(yaml).map_err(|e| {
        // The YAML starts on line 2 of the file.
        let line = e.location().map(|l| l.line() + 1).unwrap_or(2);
        let hint = slip_hint(text.lines().nth(line - 1).unwrap_or(""))
            .unwrap_or_else(|| "fix the front matter; free-form data goes under `extra:`".into());
        anyhow!("{path}:{line}: {} ({hint})", yaml_message(&e))
    })?;
    Ok(Parsed { front, body: body.to_string(), body_line, yaml: yaml.to_string() })
}

/// Parses a whole file of YAML (no `---` fences), such as `site.yaml`. An empty file is
/// the type's default. Errors read `path:line: what is wrong (what to do)`.
pub fn parse_yaml<T: DeserializeOwned + Default>(path: &str, text: &str) -> Result<T> {
    parse_yaml_with_hint(path, text, "fix the YAML; free-form data goes under `extra:`")
}

/// [`parse_yaml`] with the file's own advice in errors (`path:line: what is wrong (hint)`).
pub fn parse_yaml_with_hint<T: DeserializeOwned + Default>(path: &str, text: &str, hint: &str) -> Result<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|e| {
        let message = yaml_message(&e);
        // serde_yaml puts a duplicate key at the start of its mapping; the second one is
        // the line to fix.
        let duplicate = message.strip_prefix("duplicate field `").and_then(|k| k.split('`').next());
        let second = duplicate.and_then(|key| text.lines().enumerate().filter(|(_, l)| is_key_line(l, key)).nth(1));
        let line = second.map(|(i, _)| i + 1).or_else(|| e.location().map(|l| l.line())).unwrap_or(1);
        let slip = second.is_none().then(|| slip_hint(text.lines().nth(line - 1).unwrap_or(""))).flatten();
        anyhow!("{path}:{line}: {message} ({})", slip.as_deref().unwrap_or(hint))
    })
}

/// What to do about the YAML slips people make most, read from the line the parser stopped
/// at: a tab used for indentation, or an unquoted value holding what YAML reads as syntax (a
/// colon and a space, a `#` at its start, a quote that ends before the value does, a `[…]` or
/// `{…}` followed by more text, a leading `@`, `&`, `*`, `!`, `|`, `>`, `%` or backtick).
/// `None` when the line shows none of these.
fn slip_hint(line: &str) -> Option<String> {
    let body = line.trim_start_matches(' ');
    if body.starts_with('\t') {
        return Some("indent with spaces, not tabs".into());
    }
    let (dash, item) = body.strip_prefix("- ").map_or(("", body), |rest| ("- ", rest));
    let (key, value) = match item.split_once(": ") {
        // A list item that reads as `名称: value` is one string holding a colon.
        Some((key, _)) if !dash.is_empty() && !key.is_ascii() => (None, item),
        Some((key, value)) => (Some(key), value.trim()),
        None if !dash.is_empty() => (None, item.trim()),
        None => return None,
    };
    let first = value.chars().next()?;
    let closes = |open: char, close: char| first == open && value.contains(close) && !value.ends_with(close);
    let why = if first == '#' {
        "`#` starts a comment in YAML"
    } else if matches!(first, '"' | '\'') {
        if value.len() > 1 && value.ends_with(first) {
            return None;
        }
        "a value that starts with a quote must end with it"
    } else if value.contains(": ") || value.ends_with(':') || key.is_none() && item.contains(": ") {
        "a colon followed by a space ends a key in YAML"
    } else if closes('[', ']') || closes('{', '}') {
        "a value that starts with a bracket is read as a list or a mapping"
    } else if "@&*!|>%`".contains(first) {
        "that character has a meaning at the start of a YAML value"
    } else {
        return None;
    };
    let fixed = match key {
        Some(key) => format!("{dash}{key}: {}", in_quotes(value)),
        None => format!("{dash}{}", in_quotes(value)),
    };
    Some(format!("{why}: put the value in quotes, `{fixed}`"))
}

/// The advice [`parse`] gives for a slip on front matter line `line` (1-based, counting the
/// file's opening `---`), for errors found after parsing: `title: #1` parses, as an empty title.
pub fn slip_on_line(yaml: &str, line: usize) -> Option<String> {
    slip_hint(yaml.lines().nth(line.checked_sub(2)?)?)
}

/// `value` as a YAML string in double quotes, or single quotes when it holds `"` or `\`.
fn in_quotes(value: &str) -> String {
    if value.contains(['"', '\\']) { format!("'{}'", value.replace('\'', "''")) } else { format!("\"{value}\"") }
}

/// serde_yaml appends " at line X column Y" to its messages; the caller already says where.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// The 1-based file line on which top-level `key:` is written, for validation errors.
pub fn line_of_key(yaml: &str, key: &str) -> usize {
    let prefix = format!("{key}:");
    yaml.lines().position(|l| l.starts_with(&prefix)).map(|i| i + 2).unwrap_or(1)
}

/// The 1-based file line of the first line at or after top-level `key:` that contains
/// `needle` (an item of a list, an event's date), for validation errors; the key's own line
/// when no later line has it.
pub fn line_of_item(yaml: &str, key: &str, needle: &str) -> usize {
    let start = line_of_key(yaml, key).saturating_sub(2);
    yaml.lines().enumerate().skip(start).find(|(_, l)| l.contains(needle)).map(|(i, _)| i + 2).unwrap_or(start + 2)
}

/// The 1-based line of a nested entry in a whole YAML file (such as `corrections.yaml`), for
/// messages about one entry: `keys` are the mapping keys from the top (`["reject", "people"]`),
/// and `needle`, when given, the first line within the last key's block that contains it (a
/// list item or a mapping key). serde_yaml keeps no positions of values, so this reads the
/// text by indentation. `None` when the first key is not there.
pub fn line_of_path(text: &str, keys: &[&str], needle: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut range = 0..lines.len();
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for key in keys {
        let hit = range.clone().find(|&i| {
            let line = lines[i];
            indent_of(line).is_some_and(|n| parent_indent.is_none_or(|p| n > p)) && is_key_line(line, key)
        });
        let Some(i) = hit else { break };
        found = Some(i);
        let own = indent_of(lines[i]).unwrap_or(0);
        let end = (i + 1..range.end).find(|&j| indent_of(lines[j]).is_some_and(|n| n <= own)).unwrap_or(range.end);
        range = i..end;
        parent_indent = Some(own);
    }
    let at = found?;
    let item = needle.and_then(|n| range.clone().find(|&i| uncommented(lines[i]).contains(n)));
    Some(item.unwrap_or(at) + 1)
}

/// The indentation of a line holding YAML (`None` for blank and comment-only lines).
fn indent_of(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    (!trimmed.is_empty() && !trimmed.starts_with('#')).then(|| line.len() - trimmed.len())
}

/// True when `line` opens the mapping key `key` (plain or quoted).
fn is_key_line(line: &str, key: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ");
    [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")].iter().any(|k| t.starts_with(k.as_str()))
}

/// A line without its trailing comment (a `#` after a space starts one).
fn uncommented(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Writes a scalar: plain where every YAML reader keeps it as the same string, double-quoted
/// otherwise.
fn scalar(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Every control character (C0, DEL and C1), the two non-characters YAML forbids, the line
/// and paragraph separators (YAML 1.1 breaks lines at them: a plain title holding one was
/// written as two lines that no reader could parse; a fuzz finding) and the byte order mark
/// are written as escapes, so a reader gets back exactly the string.
fn must_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Plain is allowed for text with at least one non-ASCII character and none of the YAML
/// indicators, and for ASCII words that cannot be read as a number, bool or null.
fn is_plain_safe(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return false;
    }
    const SPECIAL: &[char] =
        &[':', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '\\', '?'];
    if s.chars().any(|c| SPECIAL.contains(&c) || must_escape(c))
        || s.starts_with('-')
    {
        return false;
    }
    if !s.is_ascii() {
        return true;
    }
    let word = s.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c));
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"];
    word && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/')
        && !reserved.contains(&s.to_ascii_lowercase().as_str())
        && !looks_numeric(s)
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim_start_matches(['+', '-']);
    t.starts_with("0x") || t.starts_with("0o") || t.parse::<f64>().is_ok() || t.starts_with('.')
}

fn list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        scalar(out, item);
    }
    out.push(']');
}

fn field_str(out: &mut String, indent: &str, key: &str, value: &str) {
    let _ = write!(out, "{indent}{key}: ");
    scalar(out, value);
    out.push('\n');
}

fn field_date(out: &mut String, indent: &str, key: &str, value: &str) {
    let _ = write!(out, "{indent}{key}: ");
    quoted(out, value);
    out.push('\n');
}

fn field_list(out: &mut String, indent: &str, key: &str, items: &[String]) {
    let _ = write!(out, "{indent}{key}: ");
    list(out, items);
    out.push('\n');
}

fn field_extra(out: &mut String, extra: &Extra) {
    if !extra.is_empty() {
        // JSON is a subset of YAML: one line, every reader keeps it as written.
        let json = serde_json::to_string(extra).unwrap_or_else(|_| "{}".to_string());
        let _ = writeln!(out, "extra: {json}");
    }
}

/// Renders a report page: front matter in the layout of CONTENT.md, then the body.
pub fn write_report(front: &ReportFront, body: &str) -> String {
    let mut out = String::from("---\n");
    field_str(&mut out, "", "title", &front.title);
    if let Some(slug) = &front.slug {
        field_str(&mut out, "", "slug", slug);
    }
    if !front.redirect_from.is_empty() {
        field_list(&mut out, "", "redirect_from", &front.redirect_from);
    }
    if let Some(date) = &front.date {
        field_date(&mut out, "", "date", date);
    }
    if let Some(source) = &front.source {
        field_str(&mut out, "", "source", source);
    }
    field_list(&mut out, "", "authors", &front.authors);
    if let Some(seed) = &front.seed {
        field_str(&mut out, "", "seed", seed);
    }
    if let Some(url) = &front.url {
        field_str(&mut out, "", "url", url);
    }
    if let Some(part) = front.part {
        let _ = writeln!(out, "part: {part}");
    }
    copies(&mut out, &front.copies);
    field_list(&mut out, "", "counties", &front.counties);
    field_list(&mut out, "", "people", &front.people);
    field_list(&mut out, "", "programs", &front.programs);
    if front.events.is_empty() {
        out.push_str("events: []\n");
    } else {
        out.push_str("events:\n");
        for ev in &front.events {
            field_date(&mut out, "  - ", "date", &ev.date);
            if let Some(end) = &ev.end {
                field_date(&mut out, "    ", "end", end);
            }
            field_str(&mut out, "    ", "text", &ev.text);
            field_list(&mut out, "    ", "counties", &ev.counties);
            field_list(&mut out, "    ", "people", &ev.people);
            field_list(&mut out, "    ", "programs", &ev.programs);
        }
    }
    if front.edited {
        out.push_str("edited: true\n");
    }
    if front.raw_html {
        out.push_str("raw_html: true\n");
    }
    field_extra(&mut out, &front.extra);
    out.push_str("---\n");
    out.push_str(body);
    out
}

/// The `copies:` block, when there are copies.
fn copies(out: &mut String, copies: &[Copy]) {
    if copies.is_empty() {
        return;
    }
    out.push_str("copies:\n");
    for c in copies {
        field_str(out, "  - ", "seed", &c.seed);
        if let Some(source) = &c.source {
            field_str(out, "    ", "source", source);
        }
        if let Some(date) = &c.date {
            field_date(out, "    ", "date", date);
        }
        if let Some(url) = &c.url {
            field_str(out, "    ", "url", url);
        }
    }
}

fn entity_head(out: &mut String, name: &str, slug: &Option<String>) {
    out.push_str("---\n");
    field_str(out, "", "name", name);
    if let Some(slug) = slug {
        field_str(out, "", "slug", slug);
    }
}

fn entity_tail(out: &mut String, extra: &Extra, body: &str) {
    field_extra(out, extra);
    out.push_str("---\n");
    out.push_str(body);
}

pub fn write_county(front: &CountyFront, body: &str) -> String {
    let mut out = String::new();
    entity_head(&mut out, &front.name, &front.slug);
    if let Some(code) = &front.code {
        field_date(&mut out, "", "code", code);
    }
    for (key, value) in [("province", &front.province), ("prefecture", &front.prefecture)] {
        if let Some(v) = value {
            field_str(&mut out, "", key, v);
        }
    }
    field_list(&mut out, "", "aliases", &front.aliases);
    entity_tail(&mut out, &front.extra, body);
    out
}

pub fn write_person(front: &PersonFront, body: &str) -> String {
    let mut out = String::new();
    entity_head(&mut out, &front.name, &front.slug);
    field_list(&mut out, "", "aliases", &front.aliases);
    field_list(&mut out, "", "roles", &front.roles);
    entity_tail(&mut out, &front.extra, body);
    out
}

pub fn write_program(front: &ProgramFront, body: &str) -> String {
    let mut out = String::new();
    entity_head(&mut out, &front.name, &front.slug);
    field_list(&mut out, "", "aliases", &front.aliases);
    if let Some(kind) = &front.kind {
        field_str(&mut out, "", "kind", kind);
    }
    entity_tail(&mut out, &front.extra, body);
    out
}

/// What ingest needs to know of a report page already on disk, read leniently (unknown keys
/// and other fields are ignored) so that an editor's page is recognised even when it would
/// fail full validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub seed: Option<String>,
    pub part: Option<u32>,
    pub edited: bool,
    pub slug: Option<String>,
    pub redirect_from: Vec<String>,
}

/// Reads a report page's `seed`, `part`, `edited`, `slug` and `redirect_from` fields.
pub fn identity(text: &str) -> Identity {
    #[derive(Deserialize)]
    struct Lenient {
        #[serde(default)]
        seed: Option<String>,
        #[serde(default)]
        part: Option<u32>,
        #[serde(default)]
        edited: bool,
        #[serde(default)]
        slug: Option<String>,
        #[serde(default)]
        redirect_from: Vec<String>,
    }
    let Some((yaml, _, _)) = split(text) else { return Identity::default() };
    match serde_yaml::from_str::<Lenient>(yaml) {
        Ok(l) => {
            Identity { seed: l.seed, part: l.part, edited: l.edited, slug: l.slug, redirect_from: l.redirect_from }
        }
        // Unreadable YAML: keep the page if it says edited anywhere, erring on the side of the editor.
        Err(_) => Identity {
            edited: yaml.lines().any(|l| l.trim_start().starts_with("edited:") && l.contains("true")),
            ..Identity::default()
        },
    }
}

/// The `name` and `aliases` of an entity page, read leniently; empty when unreadable.
pub fn entity_names(text: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Lenient {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
    }
    let Some((yaml, _, _)) = split(text) else { return Vec::new() };
    match serde_yaml::from_str::<Lenient>(yaml) {
        Ok(l) => l.name.into_iter().chain(l.aliases).collect(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReportFront {
        ReportFront {
            title: "金川县政协“我为脱贫攻坚做件事”调研报告".into(),
            date: Some("2018-12-05".into()),
            source: Some("金川县政协".into()),
            authors: vec!["金川政协办公室".into()],
            slug: Some("jinchuan-xian-zhengxie".into()),
            redirect_from: vec!["/reports/jinchuan-xianzhengxie/".into()],
            seed: Some("000_238f11567c503ece.txt".into()),
            part: Some(2),
            copies: vec![
                Copy {
                    seed: "2018-12-07-aba.html".into(),
                    source: Some("阿坝州政协".into()),
                    date: Some("2018-12-07".into()),
                    url: Some("http://www.example.gov.cn/2018/12/07/1.html".into()),
                },
                Copy { seed: "bulletin.txt#3".into(), ..Default::default() },
            ],
            counties: vec!["金川县".into()],
            people: vec!["屈礼章".into(), "苟华".into()],
            programs: vec!["1+4+7".into(), "领导挂村、委室包组".into()],
            events: vec![Event {
                date: "2015-08-07".into(),
                end: Some("2015-08-08".into()),
                text: "有: 冒号, 逗号 # 和 \"引号\"".into(),
                counties: vec![],
                people: vec!["张东升".into()],
                programs: vec![],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn yaml_slips_get_a_hint_that_says_what_to_write() {
        let error = |text: &str| parse::<ReportFront>("r.md", text).unwrap_err().to_string();
        let colon = error("---\ntitle: 会议纪要: 第一次\n---\n");
        assert_eq!(
            colon,
            "r.md:2: mapping values are not allowed in this context (a colon followed by a space ends a key in \
             YAML: put the value in quotes, `title: \"会议纪要: 第一次\"`)"
        );
        // `title: #1` parses (as an empty title): the check that finds it asks for the hint.
        let yaml = "title: #1 简报\n";
        let hash = slip_on_line(yaml, line_of_key(yaml, "title")).unwrap();
        assert_eq!(hash, "`#` starts a comment in YAML: put the value in quotes, `title: \"#1 简报\"`");
        let quote = error("---\ntitle: \"简报\"第一期\n---\n");
        assert!(quote.contains("must end with it: put the value in quotes, `title: '\"简报\"第一期'`)"), "{quote}");
        let item = error("---\ntitle: t\npeople: [张三]\nevents:\n  - date: \"2019\"\n    text: 开会: 讨论\n---\n");
        assert!(item.starts_with("r.md:6: ") && item.contains("`text: \"开会: 讨论\"`"), "{item}");
        let tab = error("---\ntitle: t\nextra:\n\tkey: v\n---\n");
        assert!(tab.contains("(indent with spaces, not tabs)"), "{tab}");
        // Anything else keeps the general advice.
        let other = error("---\ntitle: t\ncolour: red\n---\n");
        assert!(other.ends_with("(fix the front matter; free-form data goes under `extra:`)"), "{other}");
        // Whole files too.
        let site = parse_yaml::<SiteFront>("site.yaml", "title: 简报: 2019\n").unwrap_err().to_string();
        assert!(site.starts_with("site.yaml:1: ") && site.contains("`title: \"简报: 2019\"`"), "{site}");
    }

    #[test]
    fn report_round_trips_through_yaml() {
        let text = write_report(&sample(), "## 一、主要做法\n\n正文。\n");
        let parsed: Parsed<ReportFront> = parse("r.md", &text).unwrap();
        assert_eq!(parsed.front, sample());
        assert_eq!(parsed.body, "## 一、主要做法\n\n正文。\n");
        assert!(text.contains("date: \"2018-12-05\"\n"), "{text}");
        assert!(text.contains("counties: [金川县]\n"), "{text}");
        assert!(text.contains("seed: 000_238f11567c503ece.txt\n"), "{text}");
        assert!(
            text.contains("slug: jinchuan-xian-zhengxie\nredirect_from: [/reports/jinchuan-xianzhengxie/]\n"),
            "{text}"
        );
        assert!(text.contains("part: 2\ncopies:\n  - seed: 2018-12-07-aba.html\n    source: 阿坝州政协\n    date: \"2018-12-07\"\n    url: \"http://www.example.gov.cn/2018/12/07/1.html\"\n  - seed: \"bulletin.txt#3\"\ncounties:"), "{text}");
    }

    #[test]
    fn numbers_and_bools_are_quoted() {
        for s in ["2015", "1.5", "true", "No", "null", "-x", "a: b", "[x]", " x"] {
            assert!(!is_plain_safe(s), "{s} must be quoted");
        }
        assert!(is_plain_safe("金川县"));
        assert!(is_plain_safe("abc.txt"));
    }

    #[test]
    fn line_and_paragraph_separators_are_escaped_and_read_back() {
        // A fuzz finding (seed_text): a title holding U+2028 was written plain, and YAML 1.1
        // breaks the line there, so the page could not be read back.
        let mut front = sample();
        front.title = "金川县\u{2028}召开会议\u{2029}\u{feff}".to_string();
        let text = write_report(&front, "正文。\n");
        assert!(text.contains("title: \"金川县\\u2028召开会议\\u2029\\ufeff\"\n"), "{text}");
        assert_eq!(parse::<ReportFront>("r.md", &text).unwrap().front, front);
    }

    #[test]
    fn unknown_key_names_its_line() {
        let text = "---\ntitle: x\nfoo: 1\n---\nbody\n";
        let err = parse::<ReportFront>("content/reports/x.md", text).unwrap_err().to_string();
        assert!(err.starts_with("content/reports/x.md:3: unknown field `foo`"), "{err}");
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = parse::<ReportFront>("a.md", "---\ndate: \"2015\"\n---\n").unwrap_err().to_string();
        assert!(err.contains("missing field `title`"), "{err}");
    }

    #[test]
    fn no_front_matter_is_an_error() {
        let err = parse::<ReportFront>("a.md", "# title\n").unwrap_err().to_string();
        assert!(err.starts_with("a.md:1: no front matter"), "{err}");
    }

    #[test]
    fn read_front_stops_at_the_closing_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        let front = format!("---\ntitle: 标题\nevents:\n{}---\n", "  - text: 很长的事件\n".repeat(2000));
        std::fs::write(&path, format!("{front}正文\n---\n{}", "正文".repeat(20_000))).unwrap();
        assert_eq!(read_front(&path).unwrap(), front, "front matter longer than one read, body left unread");
        for whole in ["no front matter\n", "---\ntitle: unclosed\n", "---\r\ntitle: x\r\n---  \r\nbody"] {
            std::fs::write(&path, whole).unwrap();
            let expected = whole.split_inclusive("---  \r\n").next().unwrap();
            assert_eq!(read_front(&path).unwrap(), expected);
        }
        std::fs::write(&path, b"---\ntitle: \xff\n").unwrap();
        assert_eq!(read_front(&path).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
    }

    #[test]
    fn identity_survives_unknown_keys_and_bad_yaml() {
        let id = identity("---\ntitle: x\nslug: x\nseed: a.txt\npart: 2\nedited: true\nnew_key: 1\n---\n");
        let seed = Some("a.txt".into());
        assert_eq!(id, Identity { seed, part: Some(2), edited: true, slug: Some("x".into()), redirect_from: vec![] });
        assert!(!identity("---\ntitle: x\n---\n").edited);
        assert!(identity("---\ntitle: [unclosed\nedited: true\n---\n").edited);
    }

    #[test]
    fn site_yaml_is_optional_and_strict() {
        assert_eq!(parse_yaml::<SiteFront>("site.yaml", "# nothing yet\n").unwrap(), SiteFront::default());
        let s: SiteFront = parse_yaml("site.yaml", "title: 简报\nextra:\n  motto: x\n").unwrap();
        assert_eq!(s.title.as_deref(), Some("简报"));
        let err = parse_yaml::<SiteFront>("site.yaml", "title: x\ncolour: red\n").unwrap_err().to_string();
        assert!(err.starts_with("site.yaml:2: unknown field `colour`"), "{err}");
        let err =
            parse_yaml::<SiteFront>("site.yaml", "# x\ntitle: x\nbase_url: /\ntitle: y\n").unwrap_err().to_string();
        assert!(err.starts_with("site.yaml:4: duplicate field `title`"), "{err}");
    }

    #[test]
    fn items_are_found_below_their_key() {
        let yaml = "title: x\ndate: \"2015\"\nevents:\n  - date: \"2015\"\n    text: y\n";
        assert_eq!(line_of_item(yaml, "events", "\"2015\""), 5);
        assert_eq!(line_of_item(yaml, "date", "\"2015\""), 3);
    }

    #[test]
    fn nested_entries_are_found_by_indentation() {
        let text = "# decisions\nreject:\n  people: [王明远]\n  programs:\n    - 某某工程  # no\nmerge:\n  people: {明远同志: 王明远}\nreports:\n  \"a.txt#2\":\n    title: 标题\n    remove: {people: [李秀兰]}\n  b.txt:\n    remove: {people: [李秀兰]}\n";
        assert_eq!(line_of_path(text, &["reject", "people"], Some("王明远")), Some(3));
        assert_eq!(line_of_path(text, &["reject", "programs"], Some("某某工程")), Some(5));
        assert_eq!(line_of_path(text, &["merge", "people"], Some("明远同志")), Some(7));
        assert_eq!(line_of_path(text, &["reports", "a.txt#2", "title"], None), Some(10));
        assert_eq!(line_of_path(text, &["reports", "b.txt", "remove"], Some("李秀兰")), Some(13));
        assert_eq!(line_of_path(text, &["reports", "c.txt"], None), Some(8));
        assert_eq!(line_of_path(text, &["counties"], None), None);
    }

    #[test]
    fn entity_pages_round_trip() {
        let c = CountyFront {
            name: "金川县".into(),
            code: Some("513222".into()),
            province: Some("四川省".into()),
            prefecture: Some("阿坝藏族羌族自治州".into()),
            aliases: vec!["金川".into()],
            ..Default::default()
        };
        let text = write_county(&c, "");
        assert!(text.contains("code: \"513222\"\n"));
        assert_eq!(parse::<CountyFront>("c.md", &text).unwrap().front, c);
        let p = PersonFront { name: "张东升".into(), aliases: vec!["东升同志".into()], ..Default::default() };
        assert_eq!(parse::<PersonFront>("p.md", &write_person(&p, "")).unwrap().front, p);
        let g = ProgramFront { name: "百千万".into(), kind: Some("工程".into()), ..Default::default() };
        assert_eq!(parse::<ProgramFront>("g.md", &write_program(&g, "x\n")).unwrap().front, g);
    }
}
