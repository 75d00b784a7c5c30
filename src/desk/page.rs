//! What the desk reads from the content folder, and its review page.
//!
//! Owns: a report page's corrections key (`seed`, or `seed#N` for a part) and the fields the
//! desk shows (title, date, source, people, counties, programs), found from its URL's slug; the
//! names of a kind's entity pages; the `/_desk/` page: the editors' review (`crate::review`:
//! unused pages, likely duplicates) and the corrections that match nothing, as `review::Board`
//! keeps them, with counts and links to the pages where each can be settled. Everything from
//! the content is HTML-escaped.
//!
//! Must not: write anything, extract seeds, or build the site.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::frontmatter::{self, ReportFront};
use crate::review::Review;
use crate::site::markdown::escape_attr as escape;

/// The report whose URL slug is `slug`: `content/reports/<slug>.md` (a report's file name is
/// its slug).
pub(crate) fn report_json(content: &Path, slug: &str) -> Option<Value> {
    if slug.is_empty() || slug.contains(['/', '\\', '\0']) || slug.starts_with('.') {
        return None;
    }
    let text = std::fs::read_to_string(content.join("reports").join(format!("{slug}.md"))).ok()?;
    report_value(slug, &text)
}

/// The report whose corrections key is `key` (a title fixed at the desk can move a report to
/// a new slug; the page follows it there).
pub(crate) fn report_by_key(content: &Path, key: &str) -> Option<Value> {
    let mut paths: Vec<_> = std::fs::read_dir(content.join("reports")).ok()?.flatten().map(|e| e.path()).collect();
    paths.sort();
    // Thousands of pages: only those whose text names the seed are parsed.
    let seed = key.rsplit_once('#').map_or(key, |(seed, _)| seed);
    paths.into_iter().find_map(|path| {
        let slug = path.file_stem()?.to_str()?.to_string();
        let text = crate::ingest::write::stamps::read_front_remembered(&path).ok()?;
        if !seed.contains(['"', '\\', '\'']) && !text.contains(seed) {
            return None;
        }
        let value = report_value(&slug, &text)?;
        (value["key"] == key).then_some(value)
    })
}

fn report_value(slug: &str, text: &str) -> Option<Value> {
    let front = frontmatter::parse::<ReportFront>("report", text).ok()?.front;
    let seed = front.seed.clone()?;
    let key = match front.part {
        Some(n) => format!("{seed}#{n}"),
        None => seed,
    };
    Some(json!({
        "key": key,
        "slug": slug,
        "title": front.title,
        "date": front.date,
        "source": front.source,
        "people": front.people,
        "counties": front.counties,
        "programs": front.programs,
        "edited": front.edited,
    }))
}

/// The names (and aliases) of the entity pages in `folder`, sorted, each once.
pub(crate) fn entity_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|t| frontmatter::entity_names(&t))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The review page, of the lists `review` holds (`review::Board` keeps them).
pub(crate) fn review_html(review: &Review, script_tag: &str) -> String {
    let sections = [
        ("可能重复的名称", "合并两者，或确认它们不同", &review.duplicates),
        ("没有报告提到的页面", "检查后删除或保留", &review.unnamed),
        (
            "没有匹配任何内容的更正",
            "在 corrections.yaml 中删除或修改这一行（上次完整导入时的结果）",
            &review.stale_corrections,
        ),
    ];
    let total: usize = sections.iter().map(|s| s.2.len()).sum();
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>编辑台：待审阅</title><link rel=\"stylesheet\" href=\"/style.css\">\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\n<body><main id=\"main\">\n",
    );
    html.push_str(&format!("<h1>编辑台：待审阅</h1>\n<p id=\"desk-left\">还有 {total} 项待处理。</p>\n"));
    for (title, advice, items) in sections {
        html.push_str(&format!("<section><h2>{title}（{}）</h2>\n<p>{advice}</p>\n<ul>\n", items.len()));
        for item in items.iter() {
            html.push_str(&format!("<li>{}</li>\n", linked(item)));
        }
        html.push_str("</ul></section>\n");
    }
    html.push_str(&format!("<p><a href=\"/\">返回网站首页</a></p>\n</main>{script_tag}</body></html>\n"));
    html
}

/// A review line, escaped, with each entity page it names linked to its URL.
fn linked(line: &str) -> String {
    static PAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^\s()]*?(counties|people|programs)/([^\s()/<>&]+)\.md").unwrap());
    let mut out = String::new();
    let mut last = 0;
    for m in PAGE.captures_iter(line) {
        let whole = m.get(0).unwrap();
        out.push_str(&escape(&line[last..whole.start()]));
        let url = format!("/{}/{}/", &m[1], &m[2]);
        let shown = escape(whole.as_str());
        // The name a screen reader gives says in Chinese where the link goes, and holds its text.
        out.push_str(&format!("<a href=\"{}\" aria-label=\"打开页面 {shown}\">{shown}</a>", escape(&url)));
        last = whole.end();
    }
    out.push_str(&escape(&line[last..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_lines_link_their_pages_and_escape_the_rest() {
        let line = "people: short form: 东升 (people/dong-sheng.md) and <b>张东升</b> (content/people/zhang.md)";
        assert_eq!(
            linked(line),
            "people: short form: 东升 (<a href=\"/people/dong-sheng/\" aria-label=\"打开页面 people/dong-sheng.md\">people/dong-sheng.md</a>) and \
             &lt;b&gt;张东升&lt;/b&gt; (<a href=\"/people/zhang/\" aria-label=\"打开页面 content/people/zhang.md\">content/people/zhang.md</a>)"
        );
    }

    #[test]
    fn a_report_is_found_by_its_slug_and_keyed_by_seed_and_part() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("reports");
        std::fs::create_dir_all(&reports).unwrap();
        let page = |extra: &str| format!("---\ntitle: 标题\n{extra}seed: a.txt\npeople: [甲]\n---\n正文\n");
        std::fs::write(reports.join("one.md"), page("")).unwrap();
        std::fs::write(reports.join("two.md"), page("part: 2\n")).unwrap();
        let one = report_json(dir.path(), "one").unwrap();
        assert_eq!((one["key"].as_str(), one["people"][0].as_str()), (Some("a.txt"), Some("甲")));
        assert_eq!(report_json(dir.path(), "two").unwrap()["key"], "a.txt#2");
        assert!(report_json(dir.path(), "three").is_none());
        assert_eq!(report_by_key(dir.path(), "a.txt#2").unwrap()["slug"], "two");
        assert!(report_json(dir.path(), "../x").is_none());
    }
}
