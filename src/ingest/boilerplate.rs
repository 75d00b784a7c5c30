//! Page furniture: which lines of a scraped page are navigation, controls, comment forms,
//! "related news" and footers rather than article or metadata.
//!
//! Owns the line classification (`Kind`), page controls standing on a metadata line
//! (`来源:某某网 [打印] [关闭]` is read as `来源:某某网`) and the cut of the page's tail. It does not parse
//! metadata values (`metadata`) and does not decide where articles start (`layout`).
//! Every pattern is general web-page furniture; nothing here knows a particular site.

use std::sync::LazyLock;

use crate::lexicon::Words;

/// What a line of the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Navigation, controls, counters, comment forms, footers: dropped.
    Furniture,
    /// A metadata line (来源, 作者, 日期 …): read by `metadata`, not part of the body.
    Meta,
    /// Article text (or a title).
    Text,
}

/// A trimmed, non-empty line with its classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) kind: Kind,
}

/// Keys whose values are the publishing organisation.
pub(crate) const SOURCE_KEYS: Words = Words::new("info_line", "source_key");
/// Keys whose values are credited writers.
pub(crate) const AUTHOR_KEYS: Words = Words::new("info_line", "author_key");
/// Keys whose values are the publication date, the most telling first: a page printing both
/// 成文日期 and 发布日期 was published on the latter.
pub(crate) const DATE_KEYS: Words = Words::new("info_line", "date_key");
/// Keys whose values are editors.
const EDITOR_KEYS: Words = Words::new("info_line", "editor_key");
/// Keys of counters, fonts and a document register.
const PAGE_KEYS: Words = Words::new("info_line", "page_key");

/// Keys that introduce metadata values on a page's header lines: all of the above.
pub(crate) static META_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    SOURCE_KEYS.iter().chain(AUTHOR_KEYS).chain(DATE_KEYS).chain(EDITOR_KEYS).chain(PAGE_KEYS).copied().collect()
});

/// Editors are credited on the info line too (`责任编辑:某某`, `网络编辑:某某`), but they did
/// not write the article: neither author nor source.
pub(crate) static EDITOR_ROLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| EDITOR_KEYS.iter().chain(Words::new("info_line", "editor_role")).copied().collect());

/// Characters of the keys in their traditional forms (發佈時間, 來源, 責任編輯), each above its
/// simplified form: keys are found on a line with these folded. Each pair has the same UTF-8
/// length, so offsets in the folded line are offsets in the line as printed.
const KEY_CHARS_TRADITIONAL: (&str, &str) = (
    "來發佈時間聞單機構報記約訊員責編輯審點擊數瀏覽閱讀訪問體號題類開範圍",
    "来发布时间闻单机构报记约讯员责编辑审点击数浏览阅读访问体号题类开范围",
);

/// The line with the traditional characters of metadata keys in their simplified forms.
pub(crate) fn fold_key_chars(line: &str) -> String {
    let (traditional, simplified) = KEY_CHARS_TRADITIONAL;
    line.chars()
        .map(|c| traditional.chars().position(|t| t == c).and_then(|n| simplified.chars().nth(n)).unwrap_or(c))
        .collect()
}

/// Lines that end the article: whatever follows them is the page's tail.
const TAIL_MARKERS: Words = Words::new("page_furniture", "tail");

/// A bulletin's distribution list (报:… 送:… 发:…) and print note close it.
const DISTRIBUTION: Words = Words::new("page_furniture", "distribution");

/// Short lines containing these are furniture wherever they stand (picture controls too:
/// `点击查看高清原图`).
const FURNITURE: Words = Words::new("page_furniture", "furniture");

/// Exact short lines that are empty labels (a line of nothing but page controls is
/// furniture through `CONTROLS`).
const FURNITURE_EXACT: Words = Words::new("page_furniture", "furniture_exact");

/// Page controls, as words standing on their own (between spaces or brackets) on a toolbar
/// or at the end of an info line: `来源:某某网 [打印] [关闭]`, `某某报 2021-04-12 08:30 大字`.
const CONTROLS: Words = Words::new("page_furniture", "control");
/// Font-size buttons (`大 中 小`, `字号:大中小`): controls when they come in a run.
const SIZES: &[char] = &['大', '中', '小'];

/// Characters a metadata key may follow on a header line: a space or separator, a closing
/// bracket, or the square or block a magazine or paper marks its byline with (`□ 本刊记者`,
/// `■记者 某某`).
pub(crate) const KEY_OPENERS: &[char] = &[' ', '|', '丨', '】', ']', '□', '■'];

/// Lines longer than this are article text, whatever words they contain.
const SHORT: usize = 60;

/// Splits normalised page text into trimmed non-empty lines, classifies each and drops the
/// tail after the first tail marker that follows some article text.
pub(crate) fn classify(text: &str) -> Vec<Line> {
    let printed: Vec<String> =
        text.lines().map(|l| l.trim()).filter(|l| !l.is_empty()).flat_map(split_headline_from_meta).collect();
    let mut lines: Vec<Line> = printed.iter().map(|l| classified(l)).collect();
    if let Some(cut) = tail_start(&printed, &lines) {
        lines.truncate(cut);
    }
    lines.retain(|l| l.kind != Kind::Furniture);
    lines
}

/// A line with its kind. Page controls on a metadata line are no part of it: the line is
/// read without them (`来源:某某网 保存 打印 关闭` is `来源:某某网`); a line of nothing but
/// controls is furniture.
fn classified(line: &str) -> Line {
    if let Some(rest) = without_controls(line) {
        if rest.is_empty() {
            return Line { text: line.to_string(), kind: Kind::Furniture };
        }
        if kind_of(&rest) == Kind::Meta {
            return Line { text: rest, kind: Kind::Meta };
        }
    }
    Line { text: line.to_string(), kind: kind_of(line) }
}

/// The line without the page controls standing in it as words of their own, or `None` when
/// it has none. Brackets left empty and a label's colon go with them.
pub(crate) fn without_controls(line: &str) -> Option<String> {
    let is_delimiter = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '【' | '】' | '(' | ')' | '|' | '丨' | ':');
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (is_delimiter(c), start) {
            (true, Some(s)) => {
                words.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let is_size = |w: &str| w.chars().all(|c| SIZES.contains(&c));
    let size_run = |n: usize| {
        let near = |j: usize| words.get(j).is_some_and(|(_, w)| is_size(w) || *w == "字号" || *w == "字体");
        words[n].1.chars().count() > 1 || words.len() == 1 || (n > 0 && near(n - 1)) || near(n + 1)
    };
    let controls: Vec<(usize, usize)> = (0..words.len())
        .filter(|&n| CONTROLS.contains(&words[n].1) || (is_size(words[n].1) && size_run(n)))
        .map(|n| (words[n].0, words[n].0 + words[n].1.len()))
        .collect();
    if controls.is_empty() {
        return None;
    }
    let mut rest = String::with_capacity(line.len());
    let mut at = 0;
    for (s, e) in controls {
        rest.push_str(&line[at..s]);
        // A label's colon (`字号:`) goes with it.
        at = if line[e..].starts_with(':') { e + 1 } else { e };
    }
    rest.push_str(&line[at..]);
    Some(tidy(&rest))
}

/// Folds the spaces a removed control leaves, drops brackets left empty and separators left
/// at either end.
fn tidy(rest: &str) -> String {
    let mut out = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = out.len();
        for pair in ["[]", "[ ]", "【】", "【 】", "()", "( )"] {
            out = out.replace(pair, "");
        }
        out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        if out.len() == before {
            break;
        }
    }
    out.trim_matches(|c: char| c.is_whitespace() || "|丨".contains(c)).to_string()
}

/// Some pages print the headline and its metadata on one line
/// (`某县开展消费扶贫活动 时间:2021-01-25 来源:某某日报`): that is two lines. Only a date key
/// after a space splits, and only after a Chinese headline (a site's name with its address,
/// `某县人民政府 www.example.cn 时间:…`, stays one metadata line).
fn split_headline_from_meta(line: &str) -> Vec<String> {
    // Each date key with the space before it.
    const DATE_KEYS: &[&str] = &[" 时间:", " 发布时间", " 发布日期", " 日期:"];
    let at = DATE_KEYS.iter().filter_map(|k| line.find(k)).min();
    if let Some(at) = at {
        let (head, meta) = (line[..at].trim(), line[at..].trim());
        let han = head.chars().filter(|c| crate::lexicon::is_han(*c)).count();
        let site_name = ["网", "政府", "政协", "人大", "频道", "首页"].iter().any(|e| head.ends_with(e));
        let headline_like = han >= 8 && !head.chars().any(|c| c.is_ascii_alphabetic()) && !site_name;
        if headline_like && !head.contains(['。', ',', ':']) && is_meta(meta) {
            return vec![head.to_string(), meta.to_string()];
        }
    }
    vec![line.to_string()]
}

fn kind_of(line: &str) -> Kind {
    let len = line.chars().count();
    let bare = line.trim_matches(|c: char| c.is_whitespace() || "•·-*".contains(c));
    if FURNITURE_EXACT.contains(&bare) || is_control_row(line) {
        return Kind::Furniture;
    }
    if len <= SHORT && (FURNITURE.iter().any(|f| line.contains(f)) || is_breadcrumb(line)) {
        return Kind::Furniture;
    }
    if (len <= SHORT && is_nav_menu(line)) || (is_link_row(line) && !is_meta(line)) || is_header_chrome(bare) {
        return Kind::Furniture;
    }
    if is_meta(line) || is_dateline(line) || is_edition_header(line) {
        return Kind::Meta;
    }
    Kind::Text
}

/// Words of site navigation menus.
const NAV_WORDS: Words = Words::new("page_furniture", "nav");

/// A row of links separated by `|`: `某省政府网 | 某某网 | 某某文明网` or a toolbar
/// `无障碍 | 关怀版 | 登录`. Headlines carry at most one separator (before a site name).
fn is_link_row(line: &str) -> bool {
    if !line.contains(['|', '丨', '｜']) {
        return false;
    }
    let segments: Vec<&str> = line.split(['|', '丨', '｜']).map(str::trim).filter(|t| !t.is_empty()).collect();
    line.chars().count() <= 200
        && segments.len() >= 3
        && segments.iter().all(|t| t.chars().count() <= 16 && !t.contains(['。', ',', ';']))
}

/// Small pieces of a site's header and media: account promotions (`微信公众号`), greetings with
/// the day's date (`今天是…`), bare view counters (`5034`) and image file names left as text.
fn is_header_chrome(bare: &str) -> bool {
    let n = bare.chars().count();
    if n > 40 {
        return false;
    }
    let one_word = !bare.contains(char::is_whitespace);
    let lower = bare.to_ascii_lowercase();
    (n <= 12 && bare.contains("公众号"))
        || bare.starts_with("今天是")
        || (n <= 8 && bare.chars().all(|c| c.is_ascii_digit()))
        || (one_word && [".jpg", ".jpeg", ".png", ".gif", ".bmp"].iter().any(|e| lower.ends_with(e)))
}

/// E-paper edition headers carry the issue's date: `2019年03月05日 第04版:要闻`, or name the
/// issue by it: `第2021-03-15期`.
fn is_edition_header(line: &str) -> bool {
    static ISSUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"第 ?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日? ?期").expect("issue by date")
    });
    if line.chars().count() <= 40 && ISSUE.is_match(line) {
        return true;
    }
    let Some(i) = line.find('第') else { return false };
    let rest = line[i + '第'.len_utf8()..].trim_start();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ' ').count();
    line.chars().count() <= 40 && digits > 0 && rest.chars().nth(digits) == Some('版')
}

/// A row of short menu entries: `网站首页 | 政协概况 | 新闻中心` or `首页 概况 要闻 专题`.
fn is_nav_menu(line: &str) -> bool {
    let tokens: Vec<&str> =
        line.split(|c: char| c.is_whitespace() || "|丨｜·•/".contains(c)).filter(|t| !t.is_empty()).collect();
    tokens.len() >= 4
        && tokens.iter().all(|t| t.chars().count() <= 6 && t.chars().all(char::is_alphanumeric))
        && tokens.iter().any(|t| NAV_WORDS.iter().any(|w| t.contains(w)))
}

/// A line that is only a date and time: `2018-12-05 14:30`, `2018年12月5日 星期三`, and the
/// day-first form of some content systems, `18.08.2017 22:12`.
fn is_dateline(line: &str) -> bool {
    let len = line.chars().count();
    if is_day_first_date(line) {
        return true;
    }
    let starts_with_year =
        line.chars().take(4).all(|c| c.is_ascii_digit()) && line.chars().nth(4).is_some_and(|c| "-/.年".contains(c));
    starts_with_year
        && len <= 30
        && line.chars().all(|c| c.is_ascii_digit() || " -/.:年月日时分秒星期一二三四五六天".contains(c))
}

/// `DD.MM.YYYY`, optionally followed by a time.
pub(crate) fn is_day_first_date(line: &str) -> bool {
    let date = line.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = date.split('.').collect();
    parts.len() == 3
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && parts[2].len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && line.chars().all(|c| c.is_ascii_digit() || " .:".contains(c))
}

/// News portals print the outlet and the time stamp as one run under the headline, with no
/// key (`某某日报网2020-05-06 10:12:30`, `某某在线 2019-03-02 08:00`, `某某日报 2018年2月13日`,
/// an e-paper's `某某报 第2021-03-15期`): the outlet, when the line is nothing else. Without
/// a time or an issue, a name ending like a document (`…情况通报 2018-02-13`) is no outlet.
pub(crate) fn outlet_timestamp(line: &str) -> Option<&str> {
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?P<outlet>\p{Han}[\p{Han}A-Za-z·]{1,19}?) ?(?P<issue>第 ?)?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)期?(?P<time> ?\d{1,2}:\d{2}(:\d{2})?)?$",
        )
        .expect("outlet time stamp")
    });
    let caps = STAMP.captures(line.trim())?;
    let outlet = caps.name("outlet")?.as_str();
    let stamped = caps.name("time").is_some() || caps.name("issue").is_some();
    let document = DOCUMENT_ENDINGS.iter().any(|e| outlet.ends_with(e));
    (OUTLET_ENDINGS.iter().any(|e| outlet.ends_with(e)) && (stamped || !document)).then_some(outlet)
}

/// How the names of news outlets end.
const OUTLET_ENDINGS: Words = Words::new("page_furniture", "outlet_ending");
/// Documents whose names end like an outlet's (…通报, …简报).
const DOCUMENT_ENDINGS: Words = Words::new("page_furniture", "document_ending");

/// `首页 > 热点专题 > …`, `新闻中心 > 头条 > 正文`, `首页 >> 栏目`: navigation trails.
fn is_breadcrumb(line: &str) -> bool {
    let arrows = line.matches(['>', '»', '→']).count();
    let named = line.contains("首页") || line.ends_with("正文") || line.contains("位置");
    arrows >= 1 && (named || (arrows >= 2 && line.split(['>', '»', '→']).all(|s| s.trim().chars().count() <= 12)))
}

/// Rows made only of bracketed controls like `[ 字号大小:]` or `【打印】【关闭】`.
fn is_control_row(line: &str) -> bool {
    let bracketed = line.starts_with('[') || line.starts_with('【');
    if !bracketed || !line.ends_with([']', '】']) {
        return false;
    }
    let inner: String = line.chars().filter(|c| !"[]【】 :: ".contains(*c)).collect();
    inner.chars().count() <= 8 && !inner.chars().any(|c| c.is_ascii_digit())
}

/// A header line carrying metadata: a meta key followed by a separator, on a short line; or
/// a byline `记者 某某` / `通讯员 某某`.
pub(crate) fn is_meta(line: &str) -> bool {
    let len = line.chars().count();
    if len > 120 {
        return false;
    }
    let line = fold_key_chars(line);
    let line = line.as_str();
    let keyed = META_KEYS.iter().any(|k| {
        line.match_indices(k).any(|(i, _)| {
            let after = &line[i + k.len()..];
            // `2021-05-11 09:15:30来源:某某报`: a time stamp run into the next key.
            let after_time = after.starts_with(':') && line[..i].ends_with(|c: char| c.is_ascii_digit());
            let before_ok = i == 0 || line[..i].ends_with(KEY_OPENERS) || after_time;
            before_ok && after.starts_with([':', ' ', '】'])
        })
    });
    (keyed && (len <= SHORT || line.matches(':').count() >= 2))
        || is_credit_line(line)
        || outlet_timestamp(line).is_some()
        || is_reporter_line(line)
}

/// The outlet's reporters on a line of their own, without a key: `某某社记者王明远、李秀兰`,
/// `某某日报通讯员 王明远`. Each name opens with a family name.
fn is_reporter_line(line: &str) -> bool {
    static CREDIT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let roles: Vec<String> = Words::new("info_line", "reporter_role").iter().map(|r| regex::escape(r)).collect();
        let credit = r"^(\p{Han}{2,10}?)(?:ROLES) ?(\p{Han}{2,4}(?:[、, ] ?\p{Han}{2,4}){0,7})$";
        regex::Regex::new(&credit.replace("ROLES", &roles.join("|"))).expect("reporters' credit")
    });
    let Some(caps) = CREDIT.captures(line) else { return false };
    let names = caps[2].split(['、', ',', ' ']).filter(|w| !w.is_empty());
    OUTLET_ENDINGS.iter().any(|e| caps[1].ends_with(e))
        && names.into_iter().all(|w| crate::names::split_surname(w).is_some())
}

/// Marks that credit the writer of the text before the name (`文/王明远`, `撰文:李秀兰`, and in
/// a parenthesis `(文 王明远)`).
pub(crate) const WRITER_MARKS: Words = Words::new("info_line", "writer_mark");

/// A closing credit in parentheses: `(记者 王明远 通讯员 李秀兰)`, `(编辑 李秀兰)`; or a
/// writer's credit on a line of its own: `文/王明远`, `撰文:李秀兰` (`文 ` only in brackets:
/// a headline may be spaced out, `文 明 乡 风`).
fn is_credit_line(line: &str) -> bool {
    let writer = |l: &str| WRITER_MARKS.iter().any(|m| l.starts_with(m));
    if line.chars().count() <= 30 && writer(line) && !line.starts_with("文 ") {
        return true;
    }
    let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
        return false;
    };
    let inner = inner.trim_start();
    inner.chars().count() <= 30 && (META_KEYS.iter().any(|k| inner.starts_with(k)) || writer(inner))
}

/// Index of the first tail marker line that comes after the first paragraph of text, as
/// printed. A metadata line carrying the marker (`发布日期:2021-03-12 [打印] [关闭]`) is
/// kept: the tail starts after it.
fn tail_start(printed: &[String], lines: &[Line]) -> Option<usize> {
    let first_text = lines
        .iter()
        .position(|l| l.kind == Kind::Text && (l.text.chars().count() > SHORT || l.text.ends_with('。')))?;
    printed.iter().enumerate().skip(first_text + 1).find_map(|(i, l)| {
        let short = l.chars().count() <= 30;
        let distribution = l.chars().count() <= 60 && DISTRIBUTION.iter().any(|d| l.starts_with(d));
        let marker = (short && TAIL_MARKERS.iter().any(|m| l.contains(m))) || distribution;
        marker.then_some(if lines[i].kind == Kind::Meta && lines[i].text != *l { i + 1 } else { i })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line], kind: Kind) -> Vec<&str> {
        lines.iter().filter(|l| l.kind == kind).map(|l| l.text.as_str()).collect()
    }

    const PAGE: &str = "您现在的位置:首页 > 热点专题 > 交流会\n\n标题在这里\n时间 2016-09-09 来源 四川人大网\n[ 字号大小:]\n  正文第一段,这是一个足够长的段落,用来说明文章的正文确实开始了,而且会继续写下去直到超过六十个字为止的长度。\n第二段。\n附件:\n分享到\n[打印关闭]\n相关新闻\n- 2018-02-22 别的新闻\n版权所有 某某网站\n蜀ICP备18017262号-1\n";

    #[test]
    fn drops_navigation_controls_and_tail() {
        let lines = classify(PAGE);
        assert_eq!(
            texts(&lines, Kind::Text),
            vec![
                "标题在这里",
                "正文第一段,这是一个足够长的段落,用来说明文章的正文确实开始了,而且会继续写下去直到超过六十个字为止的长度。",
                "第二段。",
            ]
        );
        assert_eq!(texts(&lines, Kind::Meta), vec!["时间 2016-09-09 来源 四川人大网"]);
    }

    #[test]
    fn bulletin_distribution_list_is_dropped() {
        let page = "简报\n标题\n这是正文的一段话,写得足够长,才能算作正文,而不是标题或者别的什么东西,对吧。\n报:市政协办公室\n送:县委、县政府\n";
        let lines = classify(page);
        assert!(lines.iter().all(|l| !l.text.starts_with("报:") && !l.text.starts_with("送:")));
    }

    #[test]
    fn meta_lines_need_a_key_and_separator() {
        assert!(is_meta("来源:金川县政协   作者:金川政协办公室   点击数:3876   日期:2018-12-05   字体:【"));
        assert!(is_meta("作者:凤庆县委组织部 李恒昌 王强龙 发布时间:2016/9/2 8:51:02 点击率:0"));
        assert!(is_meta("记者 朱婕"));
        assert!(is_meta("青山日报网2019-05-06 10:12:30"));
        assert_eq!(outlet_timestamp("青山在线 2019-05-06 10:12"), Some("青山在线"));
        assert_eq!(outlet_timestamp("全县共有2019-05-06 10:12"), None);
        assert_eq!(outlet_timestamp("青山日报 2018-02-13 07:45"), Some("青山日报"));
        assert_eq!(outlet_timestamp("青山日报 2018年2月13日"), Some("青山日报"));
        assert_eq!(outlet_timestamp("青山日报 第2021-03-15期"), Some("青山日报"));
        assert_eq!(outlet_timestamp("关于春耕生产的情况通报 2018-02-13"), None);
        assert!(!is_meta("记者从县扶贫办了解到,今年全县共有贫困户1200户。"));
        assert!(!is_meta("时间紧、任务重,全县干部加班加点。"));
    }

    #[test]
    fn picture_controls_are_furniture() {
        assert_eq!(kind_of("点击查看高清原图"), Kind::Furniture);
        assert_eq!(kind_of("▲点击查看大图"), Kind::Furniture);
        let page = format!(
            "标题\n{}\n点击查看高清原图\n游客在黄鹤楼前合影。\n",
            "这是正文的一段话,写得足够长,才能算作正文。".repeat(3)
        );
        assert!(classify(&page).iter().all(|l| !l.text.contains("原图")));
    }

    #[test]
    fn menus_and_datelines() {
        assert_eq!(kind_of("网站首页 | 政协概况 | 新闻中心 | 履职动态"), Kind::Furniture);
        assert_eq!(kind_of("首页 概况 要闻 专题 互动"), Kind::Furniture);
        assert_eq!(kind_of("凝心聚力 主动作为 精准施策——省政协开展脱贫攻坚工作纪实"), Kind::Text);
        assert_eq!(kind_of("2018-12-05 14:30:00"), Kind::Meta);
        assert_eq!(kind_of("2018年12月5日 星期三"), Kind::Meta);
        assert_eq!(kind_of("2018年,全县脱贫1200户。"), Kind::Text);
    }

    #[test]
    fn header_chrome_of_many_sites() {
        assert_eq!(kind_of("简体 繁体 无障碍浏览 长者模式"), Kind::Furniture);
        assert_eq!(kind_of("某省人民政府网 | 藏文网 | 某省理论网 | 党的生活 | 某省文明网"), Kind::Furniture);
        assert_eq!(kind_of("政府网 | 某市人民政府网 无障碍 | 关怀版 | 登录 | 注册"), Kind::Furniture);
        assert_eq!(kind_of("新闻中心 > 热点头条 > 正文"), Kind::Furniture);
        assert_eq!(kind_of("当前位置: 首页 >> 今日某县  >> 正文"), Kind::Furniture);
        assert_eq!(kind_of("您当前的位置:首页 > 区县之窗"), Kind::Furniture);
        assert_eq!(kind_of("现在的位置: 某某网扶贫频道"), Kind::Furniture);
        assert_eq!(kind_of("微信公众号"), Kind::Furniture);
        assert_eq!(kind_of("无标题文档"), Kind::Furniture);
        assert_eq!(kind_of("今天是:2021年3月2日 星期二"), Kind::Furniture);
        assert_eq!(kind_of("4021"), Kind::Furniture);
        assert_eq!(kind_of("IMG_2031_副本.jpg"), Kind::Furniture);
        assert_eq!(kind_of("县政协开通微信公众号 搭建委员履职新平台"), Kind::Text);
        assert_eq!(kind_of("县委书记王明远:把产业链建在村里 | 访谈"), Kind::Text);
    }

    #[test]
    fn dates_and_credits_of_other_systems_are_metadata() {
        assert_eq!(kind_of("18.08.2017  22:12"), Kind::Meta);
        assert_eq!(kind_of("2019年03月05日 第04版:要闻"), Kind::Meta);
        assert_eq!(kind_of("第2021-03-15期"), Kind::Meta);
        assert_eq!(kind_of("(记者 王明远 通讯员 李秀兰)"), Kind::Meta);
        assert_eq!(kind_of("(编辑 李秀兰)"), Kind::Meta);
        assert_eq!(kind_of("文/王明远 图/李秀兰"), Kind::Meta);
        assert_eq!(kind_of("撰文:王明远"), Kind::Meta);
        assert_eq!(kind_of("(文 王明远)"), Kind::Meta);
        assert_eq!(kind_of("文 明 乡 风"), Kind::Text);
        assert_eq!(kind_of("发稿时间:2019-12-06 09:20:56 来源: 某某网"), Kind::Meta);
        assert_eq!(kind_of("本报讯(记者 王明远)6月3日,县里召开会议。"), Kind::Text);
        assert_eq!(kind_of("(一)加强组织领导"), Kind::Text);
    }

    #[test]
    fn headline_and_metadata_on_one_line() {
        let lines = classify("青石镇合作社带动贫困户增收致富 时间:2021-01-25 来源:某某日报\n");
        assert_eq!(texts(&lines, Kind::Text), vec!["青石镇合作社带动贫困户增收致富"]);
        assert_eq!(texts(&lines, Kind::Meta), vec!["时间:2021-01-25 来源:某某日报"]);
        let site = classify("某某县人民政府 www.example.cn 时间:2020-06-06 来源:青石镇\n");
        assert_eq!(site.len(), 1);
        assert_eq!(kind_of("发布时间:2017-08-31 | 来源:某某社 | 作者:王明远 | 责任编辑:李秀兰"), Kind::Meta);
        assert_eq!(kind_of("本文来源: 某某网"), Kind::Meta);
        assert_eq!(kind_of("□ 本刊记者 王明远"), Kind::Meta);
        assert_eq!(kind_of("本报记者从县扶贫办了解到,全县已有1200户脱贫。"), Kind::Text);
    }

    #[test]
    fn page_controls_on_a_metadata_line_are_no_part_of_it() {
        let meta = |page: &str| texts(&classify(page), Kind::Meta).iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(meta("青山日报 2021-04-12 08:30 大字\n"), vec!["青山日报 2021-04-12 08:30"]);
        assert_eq!(
            meta("来源:青山网 时间:2020-03-09 16:02 [收藏] [打印] [关闭]\n"),
            vec!["来源:青山网 时间:2020-03-09 16:02"]
        );
        assert_eq!(meta("来源:青山县人民政府网 保存 打印 关闭\n"), vec!["来源:青山县人民政府网"]);
        assert_eq!(meta("发布时间:2020-03-09 【字号:大 中 小】【打印】\n"), vec!["发布时间:2020-03-09"]);
        assert_eq!(meta("日期:2020-03-09 来源: 打印\n"), vec!["日期:2020-03-09 来源:"]);
        for toolbar in ["放大 缩小 关闭", "[收藏][打印][关闭]", "大 中 小", "大"] {
            assert!(classify(toolbar).is_empty(), "{toolbar}");
        }
        // Words of a headline or a paragraph stay, and so do padded names.
        assert_eq!(texts(&classify("县里举办“大手拉小手”活动 分享\n"), Kind::Text).len(), 1);
        assert_eq!(meta("作者:王 大 来源:青山网\n"), vec!["作者:王 大 来源:青山网"]);
    }

    #[test]
    fn a_metadata_line_with_controls_after_the_text_is_kept_and_ends_it() {
        let page = "标题\n正文第一段,这是一个足够长的段落,写得足够长,才能算作正文。\n发布日期:2021-03-12 [打印] [关闭]\n相关新闻\n";
        let lines = classify(page);
        assert_eq!(texts(&lines, Kind::Meta), vec!["发布日期:2021-03-12"]);
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn a_time_stamp_run_into_the_next_key() {
        assert!(is_meta("2021-05-11 09:15:30来源:青山日报"));
        assert!(is_meta("■记者 王明远"));
        assert!(!is_meta("2021年来源于群众的意见有120条,都已办结。"));
    }

    #[test]
    fn long_lines_mentioning_furniture_words_are_text() {
        let para = "该县建立了电话回访制度,邮编、地址等信息都登记在册,便于联系群众,做到了有问必答、有求必应,群众满意度明显提高,这一做法值得推广。";
        assert_eq!(kind_of(para), Kind::Text);
    }
}
