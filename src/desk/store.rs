//! The desk's one writer of `content/corrections.yaml`.
//!
//! Owns: validating what an editor asks for (names, titles, sources, dates), reading the file
//! again before every write (a hand edit between two clicks is kept, never overwritten),
//! refusing to touch a file that is missing, read-only or malformed (the normal reader's
//! `path:line:` error is the message), checking the edited text with the normal reader
//! (`Corrections::parse`) and that it holds exactly the entries it held plus the new one,
//! then writing it through a temporary file and a rename; and the undo of the last action,
//! only while the file is still exactly what the desk wrote.
//!
//! Must not: place text in the file (`edit` does), run ingest or build (serve's watcher sees
//! the new file and re-ingests), or know HTTP.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use super::edit::{self, Leaf};
use crate::entity::Kind;
use crate::ingest::Scope;
use crate::ingest::corrections::{Corrections, FILE};

/// What an editor asks the desk for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    /// Not an entity of this kind anywhere (`reject: kind: [name]`).
    Reject { kind: String, name: String },
    /// Not named by this report (`reports: key: remove: kind: [name]`).
    Remove { report: String, kind: String, name: String },
    /// A missed name of this report (`reports: key: add: kind: [name]`).
    Add { report: String, kind: String, name: String },
    /// `variant` is `target` (`merge: kind: {variant: target}`).
    Merge { kind: String, variant: String, target: String },
    /// The report's title, date or source (`reports: key: field: value`).
    Fix { report: String, field: String, value: String },
}

impl Action {
    /// The key path and the entry, after checking every value.
    fn place(&self) -> Result<(Vec<String>, Leaf)> {
        Ok(match self {
            Action::Reject { kind, name } => (vec!["reject".into(), kind_key(kind)?], Leaf::Item(name_ok(name)?)),
            Action::Remove { report, kind, name } => {
                (vec!["reports".into(), key_ok(report)?, "remove".into(), kind_key(kind)?], Leaf::Item(name_ok(name)?))
            }
            Action::Add { report, kind, name } => {
                (vec!["reports".into(), key_ok(report)?, "add".into(), kind_key(kind)?], Leaf::Item(name_ok(name)?))
            }
            Action::Merge { kind, variant, target } => {
                let (variant, target) = (name_ok(variant)?, name_ok(target)?);
                if variant == target {
                    bail!("合并的两个名称相同 (a name merged into itself)");
                }
                (vec!["merge".into(), kind_key(kind)?], Leaf::Entry(variant, target))
            }
            Action::Fix { report, field, value } => {
                (vec!["reports".into(), key_ok(report)?], Leaf::Entry(field_ok(field)?, value_ok(field, value)?))
            }
        })
    }

    /// One line for the editor: what was written.
    pub(crate) fn describe(&self) -> String {
        match self {
            Action::Reject { kind, name } => format!("已排除 {name}（{}）", kind_label(kind)),
            Action::Remove { report, name, .. } => format!("已从 {report} 移除 {name}"),
            Action::Add { report, name, .. } => format!("已为 {report} 添加 {name}"),
            Action::Merge { variant, target, .. } => format!("已将 {variant} 合并为 {target}"),
            Action::Fix { report, field, value } => format!("已将 {report} 的{}改为 {value}", field_label(field)),
        }
    }
}

pub(crate) fn kind_label(kind: &str) -> &'static str {
    match kind {
        "people" => "人物",
        "counties" => "县",
        _ => "项目",
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "title" => "标题",
        "date" => "日期",
        _ => "来源",
    }
}

fn kind_key(kind: &str) -> Result<String> {
    match Kind::from_dir(kind) {
        Some(kind) => Ok(kind.dir().to_string()),
        None => bail!("unknown kind `{}` (people, counties or programs)", kind.escape_debug()),
    }
}

fn field_ok(field: &str) -> Result<String> {
    match field {
        "title" | "date" | "source" => Ok(field.to_string()),
        _ => bail!("unknown field `{}` (title, date or source)", field.escape_debug()),
    }
}

/// A text of one line, without control characters, trimmed, at most `max` characters.
fn line_ok(what: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        bail!("{what}不能为空 (empty {what})");
    }
    if let Some(c) = s.chars().find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')) {
        bail!("{what}含有换行或控制字符 {:?}，请只写一行 (one line, no control characters)", c);
    }
    if s.chars().count() > max {
        bail!("{what}过长（最多 {max} 字）");
    }
    Ok(s.to_string())
}

fn name_ok(name: &str) -> Result<String> {
    line_ok("名称", name, 60)
}

fn key_ok(report: &str) -> Result<String> {
    let key = line_ok("报告", report, 255)?;
    if key.contains(['/', '\\']) {
        bail!("not a seed file name: {}", key.escape_debug());
    }
    Ok(key)
}

fn value_ok(field: &str, value: &str) -> Result<String> {
    let value = line_ok(field_label(field), value, 300)?;
    if field == "date" && crate::date::Date::parse(&value).is_none() {
        bail!("日期写作 YYYY、YYYY-MM 或 YYYY-MM-DD，且须为真实日期: {value}");
    }
    Ok(value)
}

/// What the desk wrote last: the file before and after, for undo.
#[derive(Debug, Clone)]
struct Written {
    before: String,
    after: String,
    what: String,
    /// What the action touches (`scope`), for the re-ingest of its undo.
    scope: Option<Scope>,
}

/// A write of the desk, for serve's re-ingest: the file's text before and after, and what
/// the change touches. Handed over just before the file is replaced.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    pub(crate) before: String,
    pub(crate) after: String,
    pub(crate) scope: Scope,
}

/// The desk's writes not yet taken by serve's re-ingest (shared by both).
pub(crate) type Hints = std::sync::Arc<Mutex<Vec<Hint>>>;

/// The corrections file of one site, and the desk's last writes.
#[derive(Debug)]
pub(crate) struct Store {
    path: PathBuf,
    undo: Mutex<Vec<Written>>,
    hints: Hints,
}

/// What an action did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Done {
    Written(String),
    /// The file already says so: nothing written.
    Already(String),
}

impl Store {
    /// The corrections file of the content folder `content`.
    pub(crate) fn new(content: &Path, hints: Hints) -> Self {
        Store { path: content.join(FILE), undo: Mutex::new(Vec::new()), hints }
    }

    /// Hands serve's re-ingest what is about to be written (nothing when the scope is unknown:
    /// then it ingests everything).
    fn hint(&self, before: &str, after: &str, scope: &Option<Scope>) {
        if let Some(scope) = scope {
            let hint = Hint { before: before.to_string(), after: after.to_string(), scope: scope.clone() };
            self.hints.lock().unwrap_or_else(|e| e.into_inner()).push(hint);
        }
    }

    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Why the desk cannot write the file, if it cannot.
    pub(crate) fn unwritable(&self) -> Option<String> {
        let shown = format!("content/{FILE}");
        match std::fs::metadata(&self.path) {
            Err(_) => Some(format!("{shown} 不存在：新建该文件（jianbao init 会写一份带注释的）后才能使用编辑台")),
            Ok(m)
                if m.permissions().readonly() || std::fs::OpenOptions::new().append(true).open(&self.path).is_err() =>
            {
                Some(format!("{shown} 不可写：编辑台不会修改它"))
            }
            Ok(_) => None,
        }
    }

    /// Writes one action into the file, read again first; `scope` is what it touches.
    pub(crate) fn apply(&self, action: &Action, scope: Option<Scope>) -> Result<Done> {
        let mut undo = self.undo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(why) = self.unwritable() {
            bail!(why);
        }
        let (path, leaf) = action.place()?;
        let before = self.read_checked()?;
        let old = entries(&before)?;
        let new_entry = leaves_of(&path, &leaf);
        if new_entry.iter().all(|e| old.contains(e)) {
            return Ok(Done::Already(format!("corrections.yaml 已有这一条：{}", action.describe())));
        }
        let keys: Vec<&str> = path.iter().map(String::as_str).collect();
        let after = edit::apply(&before, &keys, &leaf)
            .map_err(|e| anyhow!("编辑台无法在 corrections.yaml 中放入这一条（{e}）；请手工编辑"))?;
        self.verify(&after, expected(old, &path, &leaf))?;
        self.hint(&before, &after, &scope);
        self.write(&after)?;
        undo.push(Written { before, after, what: action.describe(), scope });
        Ok(Done::Written(action.describe()))
    }

    /// Puts back the file as it was before the desk's last write, if nobody changed it since.
    pub(crate) fn undo(&self) -> Result<String> {
        let mut undo = self.undo.lock().unwrap_or_else(|e| e.into_inner());
        let Some(last) = undo.last().cloned() else { bail!("没有可以撤销的操作") };
        let now =
            std::fs::read_to_string(&self.path).with_context(|| format!("{}: cannot read", self.path.display()))?;
        if now != last.after {
            undo.clear();
            bail!("corrections.yaml 在上次操作后被手工修改过；请手工撤销（{}）", last.what);
        }
        self.parse(&last.before)?;
        self.hint(&last.after, &last.before, &last.scope);
        self.write(&last.before)?;
        undo.pop();
        Ok(format!("已撤销：{}", last.what))
    }

    fn parse(&self, text: &str) -> Result<Corrections> {
        Corrections::parse(&format!("content/{FILE}"), text)
    }

    /// The file's text, which the normal reader must accept.
    fn read_checked(&self) -> Result<String> {
        let text =
            std::fs::read_to_string(&self.path).with_context(|| format!("{}: cannot read", self.path.display()))?;
        self.parse(&text).map_err(|e| anyhow!("{e:#}（编辑台不会改动有错误的文件；请先修正）"))?;
        Ok(text)
    }

    fn verify(&self, after: &str, mut expected: Vec<String>) -> Result<()> {
        self.parse(after).map_err(|e| anyhow!("{e:#}"))?;
        let mut got = entries(after)?;
        got.sort();
        expected.sort();
        if got != expected {
            bail!("编辑后的 corrections.yaml 与预期不符，未写入；请手工编辑");
        }
        Ok(())
    }

    /// Through a temporary file in the same folder (`.tmp`, which serve's watcher ignores)
    /// and a rename; the permissions are kept.
    fn write(&self, text: &str) -> Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile::Builder::new().prefix(".corrections-").suffix(".tmp").tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        if let Ok(meta) = std::fs::metadata(&self.path) {
            std::fs::set_permissions(tmp.path(), meta.permissions())?;
        }
        tmp.persist(&self.path).map_err(|e| anyhow!("{}: cannot write: {}", self.path.display(), e.error))?;
        Ok(())
    }
}

/// Every scalar of the file as `key/key/…=value`, list items without their index (so a list
/// is compared as a multiset).
fn entries(text: &str) -> Result<Vec<String>> {
    let value: Value = crate::frontmatter::parse_yaml(&format!("content/{FILE}"), text)?;
    let mut out = Vec::new();
    flatten(&value, &mut Vec::new(), &mut out);
    Ok(out)
}

fn flatten(value: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                flatten(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => items.iter().for_each(|v| flatten(v, path, out)),
        Value::Null => {}
        Value::String(s) => out.push(format!("{}={s}", path.join("\u{1f}"))),
        other => out.push(format!("{}={other}", path.join("\u{1f}"))),
    }
}

/// The entries the leaf adds.
fn leaves_of(path: &[String], leaf: &Leaf) -> Vec<String> {
    let at = path.join("\u{1f}");
    match leaf {
        Leaf::Item(item) => vec![format!("{at}={item}")],
        Leaf::Entry(k, v) => vec![format!("{at}\u{1f}{k}={v}")],
    }
}

/// The old entries with the leaf's (a map entry replacing what its key held).
fn expected(mut old: Vec<String>, path: &[String], leaf: &Leaf) -> Vec<String> {
    if let Leaf::Entry(k, _) = leaf {
        let prefix = format!("{}\u{1f}{k}=", path.join("\u{1f}"));
        old.retain(|e| !e.starts_with(&prefix));
    }
    old.extend(leaves_of(path, leaf));
    old
}

#[cfg(test)]
mod tests;
