//! What the other `html` modules need to know about elements: which are never read (scripts,
//! styles, hidden ones, form controls), which start a new line, and what their class and id
//! say (content containers of the common Chinese government CMSs, or page furniture).
//!
//! Owns element classification only; it walks nothing.

use scraper::node::Element;

/// Elements whose content is never page text.
const UNREAD: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "iframe", "frame", "frameset", "select", "option",
    "textarea", "button", "input", "svg", "math", "object", "embed", "canvas", "audio", "video", "map", "nav",
];

/// Elements that end the line before them and after them.
const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
    "ol", "li", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre",
    "hr", "form", "fieldset", "center", "address", "figure", "figcaption", "details", "summary", "body", "html", "br",
];

/// Class or id fragments of the article containers of common CMSs: TRS (`TRS_Editor`,
/// `TRS_UEDITOR`), Hanweb/大汉 (`zoom`, `Custom_UnionStyle`, `bt_content`), VSB
/// (`vsb_content`), the national platform's `pages_content`, and the usual `article-content`,
/// `artibody`, `content_text` of news CMSs.
const CMS_CONTAINERS: &[&str] = &[
    "trs_editor", "trs_ueditor", "custom_unionstyle", "zoom", "vsb_content", "pages_content", "article-content",
    "article_content", "articlecontent", "artibody", "content_text", "contenttext", "news_content", "newscontent",
    "detail-content", "detail_content", "text_content", "bt_content", "art_content", "main-text", "rich_media_content",
    "article-body", "article_body", "articlebody",
];

/// Generic words that suggest article text.
const CONTENTISH: &[&str] = &["content", "article", "detail", "text", "body", "main", "zw", "cont", "txt"];

/// Words of page furniture: share bars, comments, footers, side columns, related lists.
const FURNITURE: &[&str] = &[
    "share", "comment", "footer", "foot", "sidebar", "side", "related", "relate", "recommend", "breadcrumb", "crumb",
    "copyright", "banner", "menu", "nav", "hot", "rank", "print", "bshare", "advert", "toolbar", "login", "search",
    "qrcode", "ewm", "weixin", "pager", "pagination", "location", "position",
];

pub(crate) fn is_unread(el: &Element) -> bool {
    let name = el.name();
    UNREAD.contains(&name) || el.attr("hidden").is_some() || is_hidden_by_style(el)
}

/// `style="display:none"` (also `display: none;`), and `visibility:hidden`.
fn is_hidden_by_style(el: &Element) -> bool {
    el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

pub(crate) fn is_block(el: &Element) -> bool {
    BLOCKS.contains(&el.name())
}

/// The element's class and id, lower-cased, as one string to look words up in.
fn names_of(el: &Element) -> String {
    let mut names = String::new();
    for class in el.classes() {
        names.push_str(class);
        names.push(' ');
    }
    if let Some(id) = el.id() {
        names.push_str(id);
    }
    names.to_ascii_lowercase()
}

/// How much an element's class and id say it holds the article: above 1 for content
/// containers, below 1 for furniture, 1 when they say nothing.
pub(crate) fn class_weight(el: &Element) -> f64 {
    let names = names_of(el);
    if names.is_empty() {
        return 1.0;
    }
    if CMS_CONTAINERS.iter().any(|c| names.contains(c)) {
        return 2.0;
    }
    if is_furniture_name(&names) {
        return 0.3;
    }
    if CONTENTISH.iter().any(|c| names.contains(c)) {
        return 1.25;
    }
    1.0
}

/// Page furniture by its class or id (a share bar or related list inside the container).
pub(crate) fn is_furniture(el: &Element) -> bool {
    matches!(el.name(), "footer" | "aside") || is_furniture_name(&names_of(el))
}

fn is_furniture_name(names: &str) -> bool {
    // Words are matched at the start of a class word or after a separator, so `shadow`
    // does not read as `ad` and `consider` not as `side`.
    names.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| FURNITURE.iter().any(|f| word.starts_with(f)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first(html: &str, sel: &str) -> Element {
        let doc = Html::parse_document(html);
        let s = Selector::parse(sel).unwrap();
        doc.select(&s).next().unwrap().value().clone()
    }

    #[test]
    fn cms_containers_and_furniture() {
        assert_eq!(class_weight(&first("<div class='TRS_Editor'>x</div>", "div")), 2.0);
        assert_eq!(class_weight(&first("<div id='zoom'>x</div>", "div")), 2.0);
        assert!(class_weight(&first("<div class='share-bar'>x</div>", "div")) < 1.0);
        assert!(class_weight(&first("<div class='main-content'>x</div>", "div")) > 1.0);
        assert_eq!(class_weight(&first("<div class='wrap'>x</div>", "div")), 1.0);
        assert!(is_furniture(&first("<div class='bottom'><div id='footer'>x</div></div>", "#footer")));
        assert!(!is_furniture(&first("<div class='shadowbox'>x</div>", "div")));
    }

    #[test]
    fn hidden_and_unread() {
        assert!(is_unread(&first("<div style='display: none'>x</div>", "div")));
        assert!(is_unread(&first("<script>x</script>", "script")));
        assert!(!is_unread(&first("<div style='color:red'>x</div>", "div")));
    }
}
