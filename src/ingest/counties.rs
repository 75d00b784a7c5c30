//! Counties: county-level divisions (县, 区, 县级市, 旗, 自治县 …) named in a text, recognised
//! with the gazetteer and always reported under a full official name.
//!
//! A full name counts where it stands as a word; a name that is also a common word (城区,
//! 郊区) counts only right after its prefecture or province. A short form (利州, 金川) counts
//! only when the context makes it unambiguous: its full form elsewhere in the text, or its
//! prefecture or province right before it, or its prefecture named anywhere when no other
//! county there shares the short form; the full form may also stand in the page's furniture
//! (a county site's line 某某县人民政府). Former names are reported under the current name.
//! Words that merely contain a place name are not
//! places (合作社 is not 合作市). Prefectures and provinces are context, never counties.
//!
//! Owns the reading of place names in text; the data itself belongs to `gazetteer`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::{self, Division, Level};
use crate::segment;

/// How a pattern of the automaton names a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The official name (current or former).
    Full,
    /// The short form plus the generic suffix, as people write it (峨边县 for 峨边彝族自治县).
    Informal,
    /// The short form alone (金川).
    Short,
}

struct Pattern {
    form: Form,
    /// Indices into `gazetteer::get().all()`.
    divisions: Vec<usize>,
}

struct Index {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

static INDEX: LazyLock<Index> = LazyLock::new(build_index);

fn build_index() -> Index {
    let all = gazetteer::get().all();
    let mut forms: BTreeMap<String, (Form, Vec<usize>)> = BTreeMap::new();
    let mut add = |key: String, form: Form, i: usize| {
        let entry = forms.entry(key).or_insert((form, Vec::new()));
        // A string that is some division's full name is read as that, never as a short form.
        if form_rank(form) < form_rank(entry.0) {
            *entry = (form, Vec::new());
        }
        if entry.0 == form && !entry.1.contains(&i) {
            entry.1.push(i);
        }
    };
    for (i, d) in all.iter().enumerate() {
        add(d.name.clone(), Form::Full, i);
        if let Some(short) = &d.short {
            add(short.clone(), Form::Short, i);
            for suffix in informal_suffixes(d) {
                let informal = format!("{short}{suffix}");
                if informal != d.name {
                    add(informal, Form::Informal, i);
                }
            }
        }
    }
    let (keys, patterns): (Vec<String>, Vec<Pattern>) =
        forms.into_iter().map(|(k, (form, divisions))| (k, Pattern { form, divisions })).unzip();
    let automaton =
        AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&keys).expect("place automaton");
    Index { automaton, patterns }
}

fn form_rank(f: Form) -> u8 {
    match f {
        Form::Full => 0,
        Form::Informal => 1,
        Form::Short => 2,
    }
}

/// Suffixes people write after a short form: 县 for 自治县, 州 for 自治州, 市 for cities.
fn informal_suffixes(d: &Division) -> &'static [&'static str] {
    match d.level {
        Level::County if d.name.ends_with("自治县") => &["县"],
        Level::County if d.name.ends_with("自治旗") => &["旗"],
        Level::Prefecture if d.name.ends_with("自治州") => &["州"],
        Level::Prefecture if d.name.ends_with("地区") => &["地区"],
        _ => &[],
    }
}

/// A county found in a text, with what its entity page records.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct County {
    /// Full official name as it is now (a former name the text uses is one of `forms`).
    pub(crate) name: String,
    /// The gazetteer's row (shared, not copied: an article may name several counties, and
    /// a whole ingest keeps every article).
    pub(crate) division: &'static Division,
    /// Every form in which the text names it (for clause matching and aliases).
    pub(crate) forms: BTreeSet<String>,
}

struct Hit<'a> {
    start: usize,
    end: usize,
    form: Form,
    divisions: Vec<&'a Division>,
}

/// Every county-level division the text names, in order of first mention.
#[cfg(test)]
pub(crate) fn find(text: &str) -> Vec<County> {
    find_on_page(text, "")
}

/// `find_with_page_names` with the names `page` gives.
#[cfg(test)]
pub(crate) fn find_on_page(text: &str, page: &str) -> Vec<County> {
    find_with_page_names(text, &full_names_on(page))
}

/// The divisions `page` names in full, each standing as a word: the page's evidence for
/// short forms, read once per page however many articles it holds.
pub(crate) fn full_names_on(page: &str) -> BTreeSet<&'static str> {
    let mut names = BTreeSet::new();
    for hit in hits_in(page).iter().filter(|h| h.form != Form::Short) {
        // Segmenting around a hit is the cost here; a name already found needs no second look.
        let known = hit.divisions.iter().all(|d| names.contains(d.name.as_str()));
        if !known && stands_as_word(page, hit) {
            names.extend(hit.divisions.iter().map(|d| d.name.as_str()));
        }
    }
    names
}

/// Like `find`, with the whole page as extra evidence for short forms (`page_full`, from
/// `full_names_on`): a county page's site line (某某回族自治县人民政府 www…) names the county in
/// full while its articles write only the short form. Names found only outside `text` are not
/// reported.
pub(crate) fn find_with_page_names(text: &str, page_full: &BTreeSet<&'static str>) -> Vec<County> {
    let hits = hits_in(text);
    let context = context_places(&hits);
    let mut full_in_text: BTreeSet<&str> = page_full.clone();
    full_in_text.extend(
        hits.iter().filter(|h| h.form != Form::Short).flat_map(|h| h.divisions.iter().map(|d| d.name.as_str())),
    );
    let gaz = gazetteer::get();
    let mut found: Vec<County> = Vec::new();
    for (n, hit) in hits.iter().enumerate() {
        let before = n.checked_sub(1).map(|p| &hits[p]).filter(|p| p.end == hit.start);
        let Some(d) = pick_county(hit, before, &context, &full_in_text, text) else { continue };
        // A former name (射洪县) is reported under the unit's current name (射洪市).
        let d = gaz.current_of(d);
        let surface = text[hit.start..hit.end].to_string();
        match found.iter_mut().find(|c| c.division.code == d.code && c.division.name == d.name) {
            Some(c) => {
                c.forms.insert(surface);
            }
            None => found.push(County { name: d.name.clone(), division: d, forms: BTreeSet::from([surface]) }),
        }
    }
    found
}

fn hits_in(text: &str) -> Vec<Hit<'static>> {
    let all = gazetteer::get().all();
    INDEX
        .automaton
        .find_iter(text)
        .map(|m| {
            let p = &INDEX.patterns[m.pattern().as_usize()];
            Hit {
                start: m.start(),
                end: m.end(),
                form: p.form,
                divisions: p.divisions.iter().map(|&i| &all[i]).collect(),
            }
        })
        .collect()
}

/// Codes of the provinces and prefectures the text names (full or short), for disambiguation.
fn context_places(hits: &[Hit]) -> BTreeSet<String> {
    hits.iter()
        .filter(|h| h.form != Form::Short || h.divisions.len() == 1)
        .flat_map(|h| h.divisions.iter())
        .filter(|d| d.level != Level::County)
        .map(|d| d.name.clone())
        .collect()
}

/// Which county a hit names, if it names one at all.
fn pick_county<'a>(
    hit: &Hit<'a>,
    before: Option<&Hit<'a>>,
    context: &BTreeSet<String>,
    full_in_text: &BTreeSet<&str>,
    text: &str,
) -> Option<&'a Division> {
    let counties: Vec<&Division> = hit.divisions.iter().copied().filter(|d| d.level == Level::County).collect();
    if counties.is_empty() {
        return None;
    }
    // Right after its own prefecture or province (广元市利州区, 阿坝州金川): unambiguous.
    let parent_before = |d: &Division| {
        before.is_some_and(|b| b.divisions.iter().any(|p| p.name == d.prefecture || p.name == d.province))
    };
    let in_context = |d: &Division| context.contains(&d.prefecture) || context.contains(&d.province);
    let candidates: Vec<&Division> = match hit.form {
        Form::Full | Form::Informal => {
            let after_parent = counties.iter().any(|d| parent_before(d));
            if !after_parent && !stands_as_word(text, hit) {
                return None;
            }
            counties
        }
        Form::Short => {
            let named_in_full =
                counties.iter().copied().filter(|d| full_in_text.contains(d.name.as_str())).collect::<Vec<_>>();
            let after_parent: Vec<&Division> = counties.iter().copied().filter(|d| parent_before(d)).collect();
            if !after_parent.is_empty() {
                after_parent
            } else if !named_in_full.is_empty() && !continues_word(text, hit) {
                named_in_full
            } else {
                return only_one_in_context(hit, &counties, context, text);
            }
        }
    };
    best(&candidates, in_context, parent_before)
}

/// A short form alone (…天水市召开会议。会上,秦安介绍经验) names a county when the text names
/// its prefecture (or, for a municipality's districts, the municipality) and no other county
/// of those places has that short form; it must stand as a word of its own and not also be a
/// prefecture's short form (铁岭 is the city as often as the county).
fn only_one_in_context<'a>(
    hit: &Hit<'a>,
    counties: &[&'a Division],
    context: &BTreeSet<String>,
    text: &str,
) -> Option<&'a Division> {
    let surface = &text[hit.start..hit.end];
    if surface.chars().count() < 2 || hit.divisions.iter().any(|d| d.level != Level::County) {
        return None;
    }
    let parent = |d: &Division| if d.prefecture.is_empty() { d.province.clone() } else { d.prefecture.clone() };
    let mut in_context: Vec<&Division> =
        counties.iter().copied().filter(|d| d.current && context.contains(&parent(d))).collect();
    in_context.dedup_by(|a, b| a.code == b.code);
    match in_context.as_slice() {
        [one] if stands_alone(text, hit) => Some(*one),
        _ => None,
    }
}

/// A word of its own (for two characters, boundaries on both sides), not a common word that
/// is no place (南岸, 江北 are also directions) and not the start of a longer word.
fn stands_alone(text: &str, hit: &Hit) -> bool {
    let surface = &text[hit.start..hit.end];
    let as_name = Hit { form: Form::Full, divisions: Vec::new(), ..*hit };
    !continues_word(text, hit) && !is_common_word(surface) && stands_as_word(text, &as_name)
}

/// Prefers the division whose parent is right before it, then one whose prefecture or province
/// the text names, then a current name, then the lowest code.
fn best<'a>(
    candidates: &[&'a Division],
    in_context: impl Fn(&Division) -> bool,
    parent_before: impl Fn(&Division) -> bool,
) -> Option<&'a Division> {
    candidates.iter().copied().min_by_key(|d| (!parent_before(d), !in_context(d), !d.current, d.code.clone()))
}

/// A short form followed by a character that makes a longer dictionary word with it
/// (合作 + 社) is not a place.
fn continues_word(text: &str, hit: &Hit) -> bool {
    let surface = &text[hit.start..hit.end];
    let next: String = text[hit.end..].chars().take(1).collect();
    !next.is_empty() && segment::jieba().has_word(&format!("{surface}{next}"))
}

/// A full name stands as a word when the segmenter starts a token where it starts (示范县
/// does not hold 范县); a two-character name must also end a token (和县级 does not hold
/// 和县) and not be a common word (城区, 郊区).
fn stands_as_word(text: &str, hit: &Hit) -> bool {
    let surface = &text[hit.start..hit.end];
    let before: String = text[..hit.start].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[hit.end..].chars().take(3).collect();
    let window = format!("{before}{surface}{after}");
    let (start, end) = (before.len(), before.len() + surface.len());
    let mut boundaries = vec![0];
    let mut at = 0;
    for token in segment::words(&window) {
        at += token.len();
        boundaries.push(at);
    }
    if !boundaries.contains(&start) {
        return false;
    }
    if surface.chars().count() <= 2 {
        // 大局和县政协: a name opening with a conjunction right after other text is the conjunction.
        let conjunction_first = surface.starts_with(['和', '与', '及', '在', '对', '为', '从', '向', '同', '跟']);
        let after_text = before.chars().next_back().is_some_and(|c| c.is_alphanumeric());
        return boundaries.contains(&end) && !is_common_word(surface) && !(conjunction_first && after_text);
    }
    true
}

/// A dictionary word that is not a place name (城区, 郊区, 矿区).
fn is_common_word(s: &str) -> bool {
    if !segment::jieba().has_word(s) {
        return false;
    }
    let tags = segment::jieba().tag(s, false);
    !(tags.len() == 1 && tags[0].tag.starts_with("ns"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(text).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn full_names_with_their_parents() {
        let found = find("联系指导南充市顺庆区及某镇某村精准扶贫工作");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "顺庆区");
        assert_eq!(found[0].division.prefecture, "南充市");
        assert_eq!(found[0].division.province, "四川省");
    }

    #[test]
    fn prefectures_and_provinces_are_not_counties() {
        assert!(names("四川省成都市召开会议").is_empty());
    }

    #[test]
    fn short_forms_need_context() {
        assert_eq!(names("凉山州昭觉坚持全党动员"), vec!["昭觉县"]);
        assert_eq!(names("昭觉县政协组织调研,加快昭觉苦荞资源开发"), vec!["昭觉县"]);
        assert!(names("发展农业专业合作社,带动群众增收").is_empty(), "合作社 is not 合作市");
        assert!(names("昭觉苦荞远近闻名").is_empty(), "a short form alone is not enough");
    }

    #[test]
    fn county_level_cities() {
        assert_eq!(names("帮助前期试点的彭州市某村等10个村"), vec!["彭州市"]);
    }

    #[test]
    fn common_words_are_not_places() {
        assert!(names("组织主城区10个社区").is_empty());
        assert!(names("创建藏区党建示范县为抓手").is_empty(), "示范县 is not 范县");
        assert!(names("乡镇和县级部门").is_empty(), "和县级 is not 和县");
        assert!(names("结合全县工作大局和县政协工作实际").is_empty(), "和 is a conjunction here");
        assert_eq!(names("安徽省和县人民政府"), vec!["和县"]);
    }

    #[test]
    fn a_site_line_names_the_county_the_body_shortens() {
        let page = "环县人民政府 www.example.gov.cn 时间:2020-05-01\n环县:羊产业助农增收";
        let body = "近日,环县羊产业发展大会召开";
        assert_eq!(find_on_page(body, page).into_iter().map(|c| c.name).collect::<Vec<_>>(), vec!["环县"]);
        let page = "化隆回族自治县人民政府 时间:2021-04-12";
        let body = "化隆:青石乡开展拉面产业培训";
        assert_eq!(find_on_page(body, page)[0].name, "化隆回族自治县");
        assert!(find_on_page("青石乡开展拉面产业培训", page).is_empty(), "only what the body names counts");
    }

    #[test]
    fn former_names_report_the_current_name() {
        let found = find("2016年,射洪县引进了加工企业");
        assert_eq!(found[0].name, "射洪市");
        assert!(found[0].forms.contains("射洪县"));
        assert_eq!(names("重庆市渝北区举办展销会"), vec!["渝北区"]);
    }

    #[test]
    fn short_forms_in_a_text_naming_their_prefecture() {
        assert_eq!(names("天水市召开现场会。会上,甘谷介绍了经验。"), vec!["甘谷县"]);
        assert!(names("铁岭市召开会议,铁岭发展势头良好").is_empty(), "铁岭 is the city too");
        assert!(names("甘谷介绍了经验").is_empty(), "no prefecture, no county");
        assert!(names("重庆市召开会议,长江南岸的村庄").is_empty(), "南岸 is a direction here");
    }

    #[test]
    fn districts_of_paired_eastern_cities() {
        assert_eq!(names("青岛市黄岛区与陇南市结对开展对口帮扶"), vec!["黄岛区"]);
        assert_eq!(names("福州市鼓楼区、仓山区对口帮扶定西市"), vec!["鼓楼区", "仓山区"]);
    }

    #[test]
    fn informal_autonomous_county_names() {
        assert_eq!(names("乐山市峨边县开展帮扶"), vec!["峨边彝族自治县"]);
    }
}
