//! The architecture test: the one-way order of modules written in ARCHITECTURE.md's
//! `## Layers` section, and the size limits of issue 15, checked against `src/`.
//!
//! It fails listing every offender as `src/path.rs:LINE: what` when
//! - a module imports a module that is not on an earlier layer (the same layer counts, so the
//!   order is strict and no cycle can exist);
//! - a module file is missing from the layer list, or the list names one that does not exist;
//! - a function outside tests is longer than `MAX_FN_LINES` (its `fn` line to its closing
//!   brace);
//! - a file is longer than `MAX_FILE_LINES`, not counting its `#[cfg(test)]` items.
//!
//! Imports are `use` declarations (groups expanded) and paths in code starting with `crate`,
//! `super`, `self` or the name of a child module; each resolves to the longest prefix that is
//! a module file. Comments, string and character literals and `#[cfg(test)]` items (with the
//! `tests.rs` files they declare) are blanked out first. The parser is small and made for
//! this crate's style; the unit tests at the bottom pin each part on tiny inline sources, so
//! a parser that sees nothing cannot pass silently.

use std::collections::BTreeMap;
use std::path::Path;

const MAX_FN_LINES: usize = 80;
const MAX_FILE_LINES: usize = 700;

#[test]
fn the_modules_keep_the_layers_and_the_size_limits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = read_sources(&root.join("src"));
    let layers_md = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let offences = check(&files, &layers_md);
    assert!(
        offences.is_empty(),
        "{} offence(s) against ARCHITECTURE.md's layers or the size limits:\n{}",
        offences.len(),
        offences.join("\n")
    );
}

/// Every `.rs` file under `src`, keyed by its path from the repository root (`src/a/b.rs`).
fn read_sources(src: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry.path().strip_prefix(src.parent().unwrap()).unwrap();
            let key = rel.to_string_lossy().replace('\\', "/");
            files.insert(key, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    files
}

/// Every offence, sorted: the layer rule, the list's completeness, the size limits.
fn check(files: &BTreeMap<String, String>, layers_md: &str) -> Vec<String> {
    let modules = module_tree(files);
    let layers = parse_layers(layers_md);
    let mut offences = list_offences(&modules, &layers);
    for module in modules.values() {
        offences.extend(import_offences(module, &modules, &layers));
        offences.extend(size_offences(module));
    }
    offences.sort_by_key(|o| sort_key(o));
    offences.dedup();
    offences
}

/// `file:line: what` sorted by file, then line as a number.
fn sort_key(offence: &str) -> (String, usize, String) {
    let mut parts = offence.splitn(3, ':');
    let file = parts.next().unwrap_or_default().to_string();
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    (file, line, parts.next().unwrap_or_default().to_string())
}

// ---------------------------------------------------------------------------------------
// Source text: comments and literals blanked, then tokens with their lines.

/// `text` with comments, string, byte-string, raw-string and character literals replaced by
/// spaces (newlines kept, so lines stay where they were).
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let end = literal_or_comment_end(&chars, i);
        if end > i {
            out.extend(chars[i..end].iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// Where the comment or literal starting at `i` ends, or `i` when none starts there.
fn literal_or_comment_end(chars: &[char], i: usize) -> usize {
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    let after_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    match (at(i), at(i + 1)) {
        ('/', '/') => (i..chars.len()).find(|&k| chars[k] == '\n').unwrap_or(chars.len()),
        ('/', '*') => block_comment_end(chars, i),
        ('"', _) => quoted_end(chars, i + 1, '"'),
        ('\'', _) => char_literal_end(chars, i),
        ('r', '"' | '#') | ('b', 'r') | ('c', 'r') if !after_ident => raw_string_end(chars, i),
        ('b' | 'c', '"') if !after_ident => quoted_end(chars, i + 2, '"'),
        _ => i,
    }
}

/// Block comments nest in Rust.
fn block_comment_end(chars: &[char], start: usize) -> usize {
    let (mut depth, mut k) = (0usize, start);
    while k + 1 < chars.len() {
        match (chars[k], chars[k + 1]) {
            ('/', '*') => (depth, k) = (depth + 1, k + 2),
            ('*', '/') => {
                depth -= 1;
                k += 2;
                if depth == 0 {
                    return k;
                }
            }
            _ => k += 1,
        }
    }
    chars.len()
}

/// The end of a quoted literal whose text starts at `k`, escapes skipped.
fn quoted_end(chars: &[char], mut k: usize, quote: char) -> usize {
    while k < chars.len() {
        match chars[k] {
            '\\' => k += 2,
            c if c == quote => return k + 1,
            _ => k += 1,
        }
    }
    chars.len()
}

/// `'x'`, `'\n'`, `'中'` are literals; `'a` in `&'a str` is a lifetime and stays.
fn char_literal_end(chars: &[char], i: usize) -> usize {
    match chars.get(i + 1) {
        Some('\\') => quoted_end(chars, i + 1, '\''),
        Some(_) if chars.get(i + 2) == Some(&'\'') => i + 3,
        _ => i,
    }
}

/// `r"…"`, `r#"…"#`, `br"…"`, `cr#"…"#`: the end after the closing quote and hashes.
fn raw_string_end(chars: &[char], i: usize) -> usize {
    let mut k = if chars[i] == 'r' { i + 1 } else { i + 2 };
    let hashes = chars[k..].iter().take_while(|&&c| c == '#').count();
    k += hashes;
    if chars.get(k) != Some(&'"') {
        return i;
    }
    k += 1;
    while k < chars.len() {
        if chars[k] == '"' && chars[k + 1..].iter().take(hashes).filter(|&&c| c == '#').count() == hashes {
            return k + 1 + hashes;
        }
        k += 1;
    }
    chars.len()
}

#[derive(Clone, Debug, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

/// Identifiers (keywords included), `::`, and every other character as a token of its own.
fn tokens(blanked: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = blanked.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_alphabetic() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            out.push(Token { text: word, line });
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push(Token { text: "::".into(), line });
        } else if !c.is_whitespace() {
            out.push(Token { text: c.to_string(), line });
        }
    }
    out
}

/// The end (exclusive) of the item starting at token `i`: a `use` ends at its `;`, any other
/// item at a `;` before any brace, or at the brace that closes its first `{`.
fn item_end(toks: &[Token], i: usize) -> usize {
    let is_use = toks[i..].iter().take_while(|t| t.text != "{" && t.text != ";").any(|t| t.text == "use");
    let (mut depth, mut k) = (0i32, i);
    while k < toks.len() {
        match toks[k].text.as_str() {
            ";" if depth == 0 => return k + 1,
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => {
                depth -= 1;
                if depth == 0 && toks[k].text == "}" && !is_use {
                    return k + 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    toks.len()
}

/// Whether tokens `i..` read `# [ cfg ( test ) ]`.
fn is_cfg_test(toks: &[Token], i: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    toks.len() >= i + want.len() && want.iter().zip(&toks[i..]).all(|(w, t)| t.text == *w)
}

/// The tokens outside `#[cfg(test)]` items, and the line spans those items cover.
fn without_test_items(toks: Vec<Token>) -> (Vec<Token>, Vec<(usize, usize)>) {
    let (mut kept, mut spans) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < toks.len() {
        if is_cfg_test(&toks, i) {
            let end = item_end(&toks, i + 7);
            spans.push((toks[i].line, toks[end.max(i + 7) - 1].line));
            i = end;
        } else {
            kept.push(toks[i].clone());
            i += 1;
        }
    }
    (kept, spans)
}

// ---------------------------------------------------------------------------------------
// Modules: found by following `mod x;` declarations from src/lib.rs.

struct Module {
    /// `ingest::people::shape`; the crate root is the empty path.
    path: Vec<String>,
    file: String,
    /// Tokens outside `#[cfg(test)]` items.
    toks: Vec<Token>,
    lines: usize,
    test_lines: usize,
    children: Vec<String>,
}

impl Module {
    fn name(&self) -> String {
        self.path.join("::")
    }
}

/// Every module file reached from `src/lib.rs` through non-test `mod x;` declarations, by path.
fn module_tree(files: &BTreeMap<String, String>) -> BTreeMap<Vec<String>, Module> {
    let mut modules = BTreeMap::new();
    let mut todo = vec![(Vec::new(), "src/lib.rs".to_string())];
    while let Some((path, file)) = todo.pop() {
        let Some(text) = files.get(&file) else { continue };
        let (toks, spans) = without_test_items(tokens(&blank_comments_and_literals(text)));
        let children = declared_children(&toks);
        let dir = match file.strip_suffix("/mod.rs").or(file.strip_suffix("/lib.rs")) {
            Some(dir) => dir.to_string(),
            None => file.trim_end_matches(".rs").to_string(),
        };
        for child in &children {
            let own = format!("{dir}/{child}.rs");
            let file = if files.contains_key(&own) { own } else { format!("{dir}/{child}/mod.rs") };
            todo.push(([path.clone(), vec![child.clone()]].concat(), file));
        }
        let test_lines = spans.iter().map(|(a, b)| b - a + 1).sum();
        let lines = text.lines().count();
        modules.insert(path.clone(), Module { path, file, toks, lines, test_lines, children });
    }
    modules
}

/// The names of `mod x;` declarations (inline `mod x { … }` blocks are part of their file).
fn declared_children(toks: &[Token]) -> Vec<String> {
    toks.windows(3).filter(|w| w[0].text == "mod" && w[2].text == ";").map(|w| w[1].text.clone()).collect()
}

// ---------------------------------------------------------------------------------------
// Imports.

/// One path a module names: its segments from the crate root, and the line.
struct Import {
    path: Vec<String>,
    line: usize,
}

/// The paths `module` imports through `use` declarations and paths in code.
fn imports(module: &Module) -> Vec<Import> {
    let toks = &module.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if starts_use_declaration(toks, i) {
            let end = item_end(toks, i);
            for (path, line) in use_tree_paths(&toks[i + 1..end]) {
                out.extend(absolute(module, &path).map(|path| Import { path, line }));
            }
            i = end;
        } else if starts_inline_path(toks, i) {
            let mut path = vec![toks[i].text.clone()];
            let mut k = i + 1;
            while k + 1 < toks.len() && toks[k].text == "::" && is_ident(&toks[k + 1].text) {
                path.push(toks[k + 1].text.clone());
                k += 2;
            }
            out.extend(absolute(module, &path).map(|path| Import { path, line: toks[i].line }));
            i = k;
        } else {
            i += 1;
        }
    }
    out
}

/// `use` at the start of an item or statement; not the `use<…>` of `impl Trait + use<'a>`.
fn starts_use_declaration(toks: &[Token], i: usize) -> bool {
    let before = if i > 0 { toks[i - 1].text.as_str() } else { ";" };
    toks[i].text == "use" && matches!(before, ";" | "{" | "}" | "]" | ")" | "pub")
}

fn is_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// A path in code: an identifier followed by `::`, not itself the tail of a path, of a
/// macro's `$crate`, or of `pub(in …)`.
fn starts_inline_path(toks: &[Token], i: usize) -> bool {
    let text = |k: Option<usize>| k.and_then(|k| toks.get(k)).map_or("", |t| t.text.as_str());
    let (before, two_before) = (text(i.checked_sub(1)), text(i.checked_sub(2)));
    is_ident(&toks[i].text)
        && text(Some(i + 1)) == "::"
        && !matches!(before, "::" | "$")
        && !(before == "in" && two_before == "(")
}

/// The paths of a use tree (`a::{b, c::{d, e as f}, self}` → `a::b`, `a::c::d`, `a::c::e`,
/// `a`), each with the line of its last segment. `*` and `as` aliases end a path.
fn use_tree_paths(toks: &[Token]) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    use_subtree(toks, &mut k, &[], &mut out);
    out
}

fn use_subtree(toks: &[Token], k: &mut usize, prefix: &[String], out: &mut Vec<(Vec<String>, usize)>) {
    let mut path = prefix.to_vec();
    let mut line = toks.get(*k).map_or(0, |t| t.line);
    while *k < toks.len() {
        let t = &toks[*k];
        match t.text.as_str() {
            "::" => *k += 1,
            "{" => {
                *k += 1;
                while *k < toks.len() && toks[*k].text != "}" {
                    let at = *k;
                    use_subtree(toks, k, &path, out);
                    // A `,` ends a subtree; anything else unread there is not use syntax.
                    if *k == at || toks.get(*k).is_some_and(|t| t.text == ",") {
                        *k += 1;
                    }
                }
                *k += 1;
                return;
            }
            "," | "}" | ";" => break,
            "as" => *k += 2,
            "*" => *k += 1,
            "self" if !path.is_empty() => *k += 1,
            word if is_ident(word) => {
                path.push(word.to_string());
                line = t.line;
                *k += 1;
            }
            _ => *k += 1,
        }
    }
    if !path.is_empty() {
        out.push((path, line));
    }
}

/// `path` from the crate root, when it names something of this crate: it starts with `crate`,
/// `super`, `self`, or the name of one of `module`'s child modules. `None` for other crates.
fn absolute(module: &Module, path: &[String]) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.path.clone(),
        "super" => module.path[..module.path.len().checked_sub(1)?].to_vec(),
        child if module.children.iter().any(|c| c == child) => [module.path.clone(), vec![child.into()]].concat(),
        _ => return None,
    };
    let mut rest = rest;
    while let Some(("super", tail)) = rest.split_first().map(|(s, t)| (s.as_str(), t)) {
        base.pop();
        rest = tail;
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The longest prefix of `path` that is a module of the tree.
fn resolve<'m>(path: &[String], modules: &'m BTreeMap<Vec<String>, Module>) -> &'m Module {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n])).expect("the crate root is a module")
}

// ---------------------------------------------------------------------------------------
// Layers: ARCHITECTURE.md's `## Layers` section.

/// The layer of each module named in the `## Layers` section, bottom first from 1, with the
/// line of ARCHITECTURE.md that names it. A layer is a line starting with a number or `-`
/// whose module paths are in backticks; an indented line continues the layer above it.
fn parse_layers(md: &str) -> BTreeMap<String, (usize, usize)> {
    let mut layers = BTreeMap::new();
    let (mut in_section, mut layer, mut in_layer) = (false, 0, false);
    for (n, line) in md.lines().enumerate() {
        if line.starts_with("## ") {
            in_section = line.trim_end() == "## Layers";
            continue;
        }
        if !in_section {
            continue;
        }
        let trimmed = line.trim_start();
        let new_layer =
            line == trimmed && (trimmed.starts_with('-') || trimmed.starts_with(|c: char| c.is_ascii_digit()));
        if new_layer {
            layer += 1;
            in_layer = true;
        } else if line == trimmed || trimmed.is_empty() {
            in_layer = false;
        }
        if in_layer {
            for name in line.split('`').skip(1).step_by(2) {
                layers.insert(name.to_string(), (layer, n + 1));
            }
        }
    }
    layers
}

/// Modules missing from the list, names in the list that are no module.
fn list_offences(modules: &BTreeMap<Vec<String>, Module>, layers: &BTreeMap<String, (usize, usize)>) -> Vec<String> {
    let mut out = Vec::new();
    for module in modules.values().filter(|m| !m.path.is_empty()) {
        if !layers.contains_key(&module.name()) {
            out.push(format!("{}:1: module `{}` is not in ARCHITECTURE.md's layer list", module.file, module.name()));
        }
    }
    let names: Vec<String> = modules.values().map(Module::name).collect();
    for (name, (_, line)) in layers {
        if !names.contains(name) {
            out.push(format!("ARCHITECTURE.md:{line}: the layer list names `{name}`, which is no module of src/"));
        }
    }
    out
}

/// Each import of a module that is not on an earlier layer than `module`.
fn import_offences(
    module: &Module,
    modules: &BTreeMap<Vec<String>, Module>,
    layers: &BTreeMap<String, (usize, usize)>,
) -> Vec<String> {
    let Some(&(own, _)) = layers.get(&module.name()) else { return Vec::new() };
    let mut out = Vec::new();
    for import in imports(module) {
        let target = resolve(&import.path, modules);
        if target.path == module.path || target.path.is_empty() && import.path.is_empty() {
            continue;
        }
        let what = match layers.get(&target.name()) {
            _ if target.path.is_empty() => "the crate root (src/lib.rs holds no items)".to_string(),
            Some(&(theirs, _)) if theirs < own => continue,
            Some(&(theirs, _)) => format!("layer {theirs}, not below layer {own}"),
            None => "a module not in the layer list".to_string(),
        };
        out.push(format!("{}:{}: `{}` imports `{}`: {what}", module.file, import.line, module.name(), target.name()));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Sizes.

/// Functions over `MAX_FN_LINES`, and the file over `MAX_FILE_LINES` without its tests.
fn size_offences(module: &Module) -> Vec<String> {
    let mut out = Vec::new();
    let toks = &module.toks;
    for i in 0..toks.len() {
        if toks[i].text != "fn" || !toks.get(i + 1).is_some_and(|t| is_ident(&t.text)) {
            continue;
        }
        if let Some(close) = fn_body_end(toks, i) {
            let lines = toks[close].line - toks[i].line + 1;
            if lines > MAX_FN_LINES {
                let name = &toks[i + 1].text;
                out.push(format!(
                    "{}:{}: fn {name} is {lines} lines (at most {MAX_FN_LINES})",
                    module.file, toks[i].line
                ));
            }
        }
    }
    let lines = module.lines - module.test_lines;
    if lines > MAX_FILE_LINES {
        out.push(format!("{}:1: {lines} lines without tests (at most {MAX_FILE_LINES})", module.file));
    }
    out
}

/// The token closing the body of the `fn` at `i`; `None` for a declaration without a body.
fn fn_body_end(toks: &[Token], i: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut k = i;
    while k < toks.len() {
        match toks[k].text.as_str() {
            "(" | "[" | "<" => depth += 1,
            ")" | "]" | ">" if !(toks[k].text == ">" && k > 0 && toks[k - 1].text == "-") => depth -= 1,
            ";" if depth == 0 => return None,
            "{" if depth == 0 => break,
            _ => {}
        }
        k += 1;
    }
    let mut braces = 0;
    for (j, t) in toks.iter().enumerate().skip(k) {
        match t.text.as_str() {
            "{" => braces += 1,
            "}" => {
                braces -= 1;
                if braces == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// The checker on tiny crates, so that a parser that sees nothing cannot pass.

#[cfg(test)]
mod parser {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
    }

    const TWO_LAYERS: &str = "# A\n\n## Layers\n\nBottom first.\n\n1. `a`\n2. `b`\n\n## Next\n\n1. `c`\n";

    #[test]
    fn a_cycle_is_caught_on_the_lower_side() {
        let files = crate_of(&[
            ("src/lib.rs", "pub mod a;\npub mod b;\n"),
            ("src/a.rs", "use crate::b::Thing;\npub struct Other;\n"),
            ("src/b.rs", "use crate::a::Other;\npub struct Thing;\n"),
        ]);
        assert_eq!(check(&files, TWO_LAYERS), ["src/a.rs:1: `a` imports `b`: layer 2, not below layer 1"]);
    }

    #[test]
    fn the_same_layer_is_a_violation() {
        let md = "## Layers\n\n- `a`, `b`\n";
        let files = crate_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            ("src/a.rs", ""),
            ("src/b.rs", "fn f() { crate::a::g(); }\n"),
        ]);
        assert_eq!(check(&files, md), ["src/b.rs:1: `b` imports `a`: layer 1, not below layer 1"]);
    }

    #[test]
    fn group_uses_are_expanded_to_every_module_they_name() {
        let files = crate_of(&[
            ("src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("src/a.rs", "use crate::{\n    b::X,\n    c::{self, d::Y as Z},\n};\n"),
            ("src/b.rs", ""),
            ("src/c.rs", "pub mod d;\n"),
            ("src/c/d.rs", ""),
        ]);
        let md = "## Layers\n1. `a`\n2. `b`, `c::d`\n3. `c`\n";
        assert_eq!(
            check(&files, md),
            [
                "src/a.rs:2: `a` imports `b`: layer 2, not below layer 1",
                "src/a.rs:3: `a` imports `c::d`: layer 2, not below layer 1",
                "src/a.rs:3: `a` imports `c`: layer 3, not below layer 1",
            ]
        );
    }

    #[test]
    fn super_self_and_bare_child_paths_resolve_from_the_file() {
        let files = crate_of(&[
            ("src/lib.rs", "pub mod p;\n"),
            ("src/p/mod.rs", "mod kid;\nmod other;\npub struct Top;\nfn f() { for x in kid::all() {} }\n"),
            (
                "src/p/kid.rs",
                "use super::Top;\nfn all() { super::other::go(); self::all(); }\npub(in crate::p) fn f() {}\n",
            ),
            ("src/p/other.rs", "fn go() {}\n"),
        ]);
        let kid_lowest = "## Layers\n1. `p::kid`\n2. `p::other`\n3. `p`\n";
        assert_eq!(
            check(&files, kid_lowest),
            [
                "src/p/kid.rs:1: `p::kid` imports `p`: layer 3, not below layer 1",
                "src/p/kid.rs:2: `p::kid` imports `p::other`: layer 2, not below layer 1",
            ]
        );
        let kid_highest = "## Layers\n1. `p`\n2. `p::other`\n3. `p::kid`\n";
        assert_eq!(check(&files, kid_highest), ["src/p/mod.rs:4: `p` imports `p::kid`: layer 3, not below layer 1"]);
    }

    #[test]
    fn test_blocks_comments_strings_and_other_crates_are_not_imports() {
        let files = crate_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            (
                "src/a.rs",
                "use std::fmt;\nuse regex::Regex;\nfn it() -> impl Iterator<Item = u8> + use<> { let x = 1; [x].into_iter() }\n\n// crate::b::x\n/* use crate::b; /* nested */ crate::b */\n\
                 const S: &str = \"crate::b::y\";\nconst R: &str = r#\"crate::b\"#;\nconst C: char = '\"';\n\
                 fn f<'a>(s: &'a str) -> &'a str { s }\n#[cfg(test)]\nmod tests {\n    use crate::b::Z;\n}\n\
                 #[cfg(test)]\nmod more;\n",
            ),
            ("src/a/more.rs", "use crate::b::W;\n"),
            ("src/b.rs", "use crate::a::f;\n"),
        ]);
        let md = "## Layers\n1. `a`\n2. `b`\n";
        assert_eq!(check(&files, md), Vec::<String>::new());
    }

    #[test]
    fn the_list_must_name_every_module_and_nothing_else() {
        let files = crate_of(&[("src/lib.rs", "mod a;\nmod b;\n"), ("src/a.rs", ""), ("src/b.rs", "")]);
        let md = "## Layers\n\n1. `a`,\n   `gone`\n\nProse with `b` is not a layer.\n";
        assert_eq!(
            check(&files, md),
            [
                "ARCHITECTURE.md:4: the layer list names `gone`, which is no module of src/",
                "src/b.rs:1: module `b` is not in ARCHITECTURE.md's layer list",
            ]
        );
    }

    #[test]
    fn long_functions_and_files_are_counted_without_tests() {
        let body = "    let x = 1;\n".repeat(MAX_FN_LINES - 1);
        let long = format!("trait T {{ fn g(&self) -> u8; }}\nfn ok() {{}}\npub fn long() -> Vec<u8> {{\n{body}}}\n");
        let tests = format!("#[cfg(test)]\nmod tests {{\n{}}}\n", "// a test line\n".repeat(MAX_FILE_LINES));
        let files = crate_of(&[("src/lib.rs", "mod a;\n"), ("src/a.rs", &format!("{long}{tests}"))]);
        let md = "## Layers\n1. `a`\n";
        assert_eq!(check(&files, md), [format!("src/a.rs:3: fn long is {} lines (at most 80)", MAX_FN_LINES + 1)]);
        let shorter = long.replacen("    let x = 1;\n", "", 1);
        let big = format!("{shorter}{}", "const X: u8 = 0;\n".repeat(MAX_FILE_LINES));
        let files = crate_of(&[("src/lib.rs", "mod a;\n"), ("src/a.rs", &big)]);
        let lines = big.lines().count();
        assert_eq!(check(&files, md), [format!("src/a.rs:1: {lines} lines without tests (at most 700)")]);
    }
}
