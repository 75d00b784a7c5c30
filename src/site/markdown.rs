//! Markdown → HTML for report bodies and entity descriptions.
//!
//! Owns the HTML of the Markdown dialect (`text::options`: pulldown-cmark with tables,
//! footnotes, strikethrough and heading attributes): heading ids and their anchor links, fenced code highlighted by syntect
//! into CSS classes (`syntax_css` generates the stylesheet the theme ships), raw HTML shown as
//! text unless a report opts in with `raw_html: true`, root-relative links moved under the
//! base path, and mention linking (`Linker`: each text searched for the names and aliases of
//! the report's own entities alone) links them where its text names them, only in
//! plain text (never inside links, images, code or headings), leftmost-longest, without losing
//! or repeating a character.
//!
//! It is given plain data (names, links, the base path), never the site graph; it knows
//! nothing of templates or files. The syntect sets are built once per process.

use std::collections::HashSet;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, TextMergeStream};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::site::ids::EntityId;
use crate::site::text::options;
use crate::slug;

/// Class prefix of highlighted code, so syntect's scope names (`meta`, `string` …) never
/// meet the theme's own classes.
const CODE_CLASS: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme the shipped `syntax.css` is generated from.
#[cfg(test)]
const CODE_THEME: &str = "InspiredGitHub";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Ids the theme's layout uses; a heading never takes one.
const LAYOUT_IDS: &[&str] = &["main", "top"];

/// Renders the Markdown of one build: holds every entity's names (for mentions) and link.
pub(crate) struct Markdown {
    linker: Linker,
    /// Link of each entity, by id.
    hrefs: Vec<String>,
    base_path: String,
}

/// What a report or page asks of the renderer.
pub(crate) struct Body<'a> {
    pub(crate) markdown: &'a str,
    /// Raw HTML in the body is rendered as HTML instead of shown as text.
    pub(crate) raw_html: bool,
    /// Entities whose mentions become links, sorted by id (empty: no mention links).
    pub(crate) mentions: &'a [EntityId],
}

impl Markdown {
    /// Gathers every entity name and alias (`names`, by entity id) for mention linking.
    /// `hrefs` holds each entity's link, by id; root-relative links in a body move under
    /// `base_path`.
    pub(crate) fn new<'n>(
        names: impl IntoIterator<Item = (EntityId, &'n str)>,
        hrefs: Vec<String>,
        base_path: &str,
    ) -> Markdown {
        Markdown { linker: Linker::new(names), hrefs, base_path: base_path.to_string() }
    }

    /// What `serve` makes after an edit that changed the names: the same as `new` (which
    /// builds no automaton any more, so it is quick).
    pub(crate) fn quick<'n>(
        names: impl IntoIterator<Item = (EntityId, &'n str)>,
        hrefs: Vec<String>,
        base_path: &str,
    ) -> Markdown {
        Markdown::new(names, hrefs, base_path)
    }

    /// The HTML of a body.
    pub(crate) fn render(&self, body: &Body) -> String {
        let events = self.transform(body);
        let mut html = String::with_capacity(body.markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    fn transform<'a>(&self, body: &Body<'a>) -> Vec<Event<'a>> {
        let input: Vec<Event<'a>> = TextMergeStream::new(Parser::new_ext(body.markdown, options())).collect();
        let mut pass = Pass {
            markdown: self,
            raw_html: body.raw_html,
            mentions: body.mentions,
            shift: input.iter().any(|e| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }))),
            out: Vec::with_capacity(input.len() + 8),
            ids: LAYOUT_IDS.iter().map(|s| s.to_string()).collect(),
            linked: 0,
            heading: None,
            code: None,
            dropped: Vec::new(),
        };
        for event in input {
            pass.event(event);
        }
        pass.out
    }

    /// Splits one text node into text and mention links.
    fn link_mentions<'a>(&self, text: CowStr<'a>, allowed: &[EntityId], out: &mut Vec<Event<'a>>) {
        let pieces = self.linker.split(&text, allowed);
        if pieces.len() == 1 && matches!(pieces[0], Piece::Text(_)) {
            out.push(Event::Text(text));
            return;
        }
        for piece in pieces {
            match piece {
                Piece::Text(s) => out.push(Event::Text(CowStr::from(s.to_string()))),
                Piece::Mention(s, id) => out.push(Event::InlineHtml(
                    format!("<a class=\"mention\" href=\"{}\">{}</a>", escape_attr(&self.hrefs[id]), escape_text(s))
                        .into(),
                )),
            }
        }
    }

    /// Moves a root-relative link (`/counties/x/`) under the base path.
    fn rebase<'a>(&self, dest: CowStr<'a>, link_type: LinkType) -> CowStr<'a> {
        let rooted = dest.starts_with('/') && !dest.starts_with("//");
        if rooted && self.base_path != "/" && !matches!(link_type, LinkType::Email) {
            CowStr::from(format!("{}{}", self.base_path, &dest[1..]))
        } else {
            dest
        }
    }
}

/// One body's way through the event stream: what is open (a heading, a fenced block, links)
/// decides what each event becomes.
struct Pass<'m, 'a> {
    markdown: &'m Markdown,
    raw_html: bool,
    mentions: &'a [EntityId],
    /// The body has an `h1`: every heading moves one level down (the page's title is the h1).
    shift: bool,
    out: Vec<Event<'a>>,
    ids: HashSet<String>,
    /// Depth of links and images: no mention links inside them.
    linked: usize,
    heading: Option<OpenHeading>,
    /// Open fenced block: its language and code so far.
    code: Option<(String, String)>,
    /// Links dropped for their scheme: their End is dropped too.
    dropped: Vec<bool>,
}

impl<'a> Pass<'_, 'a> {
    fn event(&mut self, event: Event<'a>) {
        if self.code.is_some() {
            return self.in_code(event);
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let level = self.level(level);
                self.heading =
                    Some(OpenHeading { at: self.out.len(), given: id.map(|i| i.to_string()), text: String::new() });
                self.out.push(Event::Start(Tag::Heading { level, id: None, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.start_link(link_type, dest_url, title, id)
            }
            Event::End(TagEnd::Link) => {
                if !self.dropped.pop().unwrap_or(false) {
                    self.linked = self.linked.saturating_sub(1);
                    self.out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                self.linked += 1;
                let dest_url = self.markdown.rebase(dest_url, link_type);
                self.out.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) => {
                self.linked = self.linked.saturating_sub(1);
                self.out.push(Event::End(TagEnd::Image));
            }
            Event::Html(h) | Event::InlineHtml(h) if !self.raw_html => self.out.push(Event::Text(h)),
            Event::Start(Tag::HtmlBlock) if !self.raw_html => self.out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) if !self.raw_html => self.out.push(Event::End(TagEnd::Paragraph)),
            Event::Text(t) => self.text(t),
            Event::Code(t) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&t);
                }
                self.out.push(Event::Code(t));
            }
            other => self.out.push(other),
        }
    }

    /// Inside a fenced block: the code is gathered and highlighted at its end.
    fn in_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, text)) = &mut self.code {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().expect("inside a code block");
                self.out.push(Event::Html(highlight(&lang, &text).into()));
            }
            _ => {}
        }
    }

    fn level(&self, level: HeadingLevel) -> HeadingLevel {
        if self.shift { deeper(level) } else { level }
    }

    /// Closes a heading: its unique id goes on its start, and an anchor link after its text.
    fn end_heading(&mut self, level: HeadingLevel) {
        let level = self.level(level);
        if let Some(OpenHeading { at, given, text }) = self.heading.take() {
            let id = unique_id(&mut self.ids, given.as_deref(), &text, at);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.out[at] {
                *slot = Some(CowStr::from(id.clone()));
            }
            self.out.push(Event::InlineHtml(
                format!("<a class=\"anchor\" href=\"#{}\" aria-label=\"本节链接\">#</a>", escape_attr(&id)).into(),
            ));
        }
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    /// A link keeps its text; one with a scheme that runs code is dropped unless raw HTML is
    /// allowed, and a root-relative one moves under the base path.
    fn start_link(&mut self, link_type: LinkType, dest_url: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>) {
        if !self.raw_html && unsafe_scheme(&dest_url) {
            self.dropped.push(true);
            return;
        }
        self.dropped.push(false);
        self.linked += 1;
        let dest_url = self.markdown.rebase(dest_url, link_type);
        self.out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
    }

    /// Text: part of an open heading's id, or plain text where mentions become links.
    fn text(&mut self, t: CowStr<'a>) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(&t);
            self.out.push(Event::Text(t));
        } else if self.linked > 0 || self.mentions.is_empty() {
            self.out.push(Event::Text(t));
        } else {
            self.markdown.link_mentions(t, self.mentions, &mut self.out);
        }
    }
}

/// The stylesheet for highlighted code, generated from the syntect theme `CODE_THEME`. The
/// default theme ships it as `static/syntax.css` (a test keeps the file current).
#[cfg(test)]
fn syntax_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes[CODE_THEME];
    let css =
        syntect::html::css_for_theme_with_class_style(theme, CODE_CLASS).expect("the bundled theme converts to CSS");
    format!("/* Generated by jianbao from the syntect theme {CODE_THEME}; do not edit. */\n{css}")
}

fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A heading being read: where its start event is in the output, the id written with
/// `{#id}` if any, and its text so far.
struct OpenHeading {
    at: usize,
    given: Option<String>,
    text: String,
}

/// A given id (`{#x}`) as written; otherwise the slug of the heading's words; made unique on
/// the page with `-2`, `-3` ….
fn unique_id(ids: &mut HashSet<String>, given: Option<&str>, text: &str, at: usize) -> String {
    let base = if let Some(given) = given {
        given.to_string()
    } else {
        let s = slug::text_slug_limited(text, 48);
        if s.is_empty() { format!("section-{at}") } else { s }
    };
    let mut id = base.clone();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn unsafe_scheme(url: &str) -> bool {
    let lower: String =
        url.trim_start().chars().filter(|c| !c.is_whitespace()).take(12).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
}

fn highlight(lang: &str, code: &str) -> String {
    let syntaxes = &*SYNTAXES;
    let syntax = (!lang.is_empty()).then(|| syntaxes.find_syntax_by_token(lang)).flatten();
    let Some(syntax) = syntax else {
        return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape_text(code));
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CODE_CLASS);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape_text(code));
        }
    }
    format!("<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n", escape_attr(lang), generator.finalize())
}

pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&#39;")
}

/// A piece of a text node after mention linking.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    Text(&'t str),
    Mention(&'t str, EntityId),
}

/// Every entity name and alias, each with a searcher of its own, and the names of each
/// entity. A report mentions a handful of entities, so its text is searched for their names
/// alone (`memchr`'s SIMD substring search), not for the thousands of names of the site.
pub(crate) struct Linker {
    /// Each distinct name, sorted.
    finders: Vec<Finder<'static>>,
    /// For each name, the entities it names (one string may name several).
    targets: Vec<Vec<EntityId>>,
    /// For each entity id, its names' indices.
    names_of: Vec<Vec<usize>>,
}

impl Linker {
    /// Names shorter than two characters are never linked: too many false mentions.
    fn new<'n>(names: impl IntoIterator<Item = (EntityId, &'n str)>) -> Linker {
        let mut by_name: std::collections::BTreeMap<&str, Vec<EntityId>> = Default::default();
        for (id, name) in names {
            if name.chars().count() >= 2 {
                by_name.entry(name).or_default().push(id);
            }
        }
        let mut names_of: Vec<Vec<usize>> = Vec::new();
        for (n, ids) in by_name.values().enumerate() {
            for &id in ids {
                if names_of.len() <= id {
                    names_of.resize_with(id + 1, Vec::new);
                }
                names_of[id].push(n);
            }
        }
        let finders = by_name.keys().map(|name| Finder::new(name.as_bytes()).into_owned()).collect();
        Linker { finders, targets: by_name.into_values().collect(), names_of }
    }

    /// Splits `text` into plain pieces and mentions of `allowed` entities (sorted ids):
    /// leftmost-longest among the allowed names, so a longer name of another entity never
    /// hides an allowed one. The pieces concatenate back to `text`.
    pub(crate) fn split<'t>(&self, text: &'t str, allowed: &[EntityId]) -> Vec<Piece<'t>> {
        let mut names: Vec<usize> =
            allowed.iter().filter_map(|&id| self.names_of.get(id)).flatten().copied().collect();
        names.sort_unstable();
        names.dedup();
        let mut found: Vec<(usize, usize, EntityId)> = Vec::new();
        for n in names {
            // The first allowed entity the name stands for (as listed when the linker was made).
            let Some(id) = self.targets[n].iter().copied().find(|id| allowed.binary_search(id).is_ok()) else {
                continue;
            };
            let finder = &self.finders[n];
            let mut from = 0;
            // Every occurrence, overlapping ones too: a match of a UTF-8 name can only start
            // on a character boundary, so searching on from the next byte is safe.
            while let Some(at) = finder.find(&text.as_bytes()[from..]) {
                let start = from + at;
                found.push((start, start + finder.needle().len(), id));
                from = start + 1;
            }
        }
        found.sort_by_key(|&(start, end, id)| (start, std::cmp::Reverse(end), id));
        let mut pieces = Vec::new();
        let mut at = 0;
        for (start, end, id) in found {
            if start < at {
                continue;
            }
            if start > at {
                pieces.push(Piece::Text(&text[at..start]));
            }
            pieces.push(Piece::Mention(&text[start..end], id));
            at = end;
        }
        if at < text.len() || pieces.is_empty() {
            pieces.push(Piece::Text(&text[at..]));
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Linker {
        // 0 金川县 (alias 金川), 1 屈礼章, 2 金川县政协 (a program), 3 川县
        Linker::new([(0, "金川县"), (0, "金川"), (1, "屈礼章"), (2, "金川县政协"), (3, "川县"), (4, "屈")])
    }

    fn joined(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Mention(s, _) => *s,
            })
            .collect()
    }

    #[test]
    fn mentions_are_leftmost_longest_among_the_reports_own_entities() {
        let l = linker();
        let text = "金川县政协主席屈礼章到金川调研，屈礼章说";
        let pieces = l.split(text, &[0, 1]);
        assert_eq!(joined(&pieces), text, "nothing lost or repeated");
        let mentions: Vec<(&str, EntityId)> =
            pieces.iter().filter_map(|p| if let Piece::Mention(s, id) = p { Some((*s, *id)) } else { None }).collect();
        assert_eq!(mentions, [("金川县", 0), ("屈礼章", 1), ("金川", 0), ("屈礼章", 1)]);
        let pieces = l.split(text, &[0, 1, 2]);
        assert_eq!(pieces[0], Piece::Mention("金川县政协", 2), "the longest allowed name wins");
    }

    #[test]
    fn a_name_found_again_inside_its_own_last_match_still_counts() {
        // 乙丙乙 occurs at characters 1 and 3 (overlapping); 甲乙丙 covers the first, so only
        // an overlapping search finds the second.
        let l = Linker::new([(0, "甲乙丙"), (1, "乙丙乙")]);
        let pieces = l.split("甲乙丙乙丙乙", &[0, 1]);
        assert_eq!(pieces, [Piece::Mention("甲乙丙", 0), Piece::Mention("乙丙乙", 1)]);
    }

    #[test]
    fn text_without_allowed_names_is_one_piece() {
        assert_eq!(linker().split("金川县", &[1]), [Piece::Text("金川县")]);
        assert_eq!(linker().split("", &[0]), [Piece::Text("")]);
    }

    fn site_markdown() -> Markdown {
        Markdown { linker: linker(), hrefs: (0..5).map(|i| format!("/sub/e{i}/")).collect(), base_path: "/sub/".into() }
    }

    fn render(md: &str, raw_html: bool) -> String {
        site_markdown().render(&Body { markdown: md, raw_html, mentions: &[0, 1] })
    }

    #[test]
    fn mentions_are_linked_in_text_but_never_in_links_code_or_headings() {
        let html = render(
            "## 金川县概况\n\n屈礼章在[金川县](/counties/x/)说：`金川县`\n\n```\n金川县\n```\n\n金川县**屈礼章**\n",
            false,
        );
        let id = slug::text_slug("金川县概况");
        assert!(html.contains(&format!("<h2 id=\"{id}\">金川县概况<a class=\"anchor\" href=\"#{id}\"")), "{html}");
        assert!(html.contains("<a class=\"mention\" href=\"/sub/e1/\">屈礼章</a>在<a href=\"/sub/counties/x/\">金川县</a>说：<code>金川县</code>"), "{html}");
        assert!(html.contains("<pre class=\"code\"><code>金川县\n</code></pre>"), "{html}");
        assert!(html.contains("<a class=\"mention\" href=\"/sub/e0/\">金川县</a><strong><a class=\"mention\" href=\"/sub/e1/\">屈礼章</a></strong>"), "{html}");
    }

    #[test]
    fn raw_html_is_text_unless_the_report_opts_in() {
        let md = "<script>alert(1)</script>\n\n段落<b>粗</b>\n\n[x](javascript:alert(1))\n";
        let html = render(md, false);
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("段落&lt;b&gt;粗&lt;/b&gt;"), "{html}");
        let html = render(md, true);
        assert!(html.contains("<script>alert(1)</script>") && html.contains("<b>粗</b>"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids_and_a_body_h1_moves_down() {
        let html = render("# 概况\n\n## 概况 {#given}\n\n## 概况\n", false);
        assert!(html.contains("<h2 id=\"gaikuang\">"), "{html}");
        assert!(html.contains("<h3 id=\"given\">"), "{html}");
        assert!(html.contains("<h3 id=\"gaikuang-2\">"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes_and_tables_footnotes_strikethrough_work() {
        let html = render("```rust\nfn main() {}\n```\n\n|a|b|\n|-|-|\n|1|2|\n\n~~旧~~脚注[^1]\n\n[^1]: 注释\n", false);
        assert!(
            html.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"),
            "{html}"
        );
        assert!(
            html.contains("<table>") && html.contains("<del>旧</del>") && html.contains("footnote-definition"),
            "{html}"
        );
    }

    #[test]
    fn the_shipped_syntax_css_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/syntax.css");
        let css = syntax_css();
        if std::env::var_os("JIANBAO_BLESS").is_some() {
            std::fs::write(path, &css).unwrap();
        }
        let shipped = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            shipped == css,
            "themes/default/static/syntax.css is stale: run `JIANBAO_BLESS=1 cargo test syntax_css`"
        );
    }
}
