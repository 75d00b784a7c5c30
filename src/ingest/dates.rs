//! The date grammar of Chinese reports: absolute dates (2015年8月7日, 2016年5月, 2016年,
//! 2016-09-09, 2016/9/2, 二〇一六年五月), ranges (2015年8月7日至8日, 2015—2017年), parts of a
//! year (年初, 年底, 上半年, 下半年), relative years (今年, 去年, 明年, 前年) and days (昨日,
//! 前天) resolved against the publication date. Dates without a year (9月11日, 10月下旬, 10月16-18日) take the year of a
//! date written in full earlier in the text, else the narrative's, else the publication's;
//! dates that lost 年 or 月 in scraping (201935日) are `scraped`.
//!
//! Owns only the grammar and `PartialDate` (in `partial`, with `Mention` and `Context`); it
//! knows nothing about sentences or entities (`events` cuts clauses and attaches entities).

use std::sync::LazyLock;

use regex::{Captures, Regex};

mod partial;
mod scraped;

pub(crate) use partial::{Context, Mention, PartialDate};

const RANGE_SEP: &str = r"(?:至|到|—|－|-|~|～|–)";
/// A weekday printed right after the day, where some date lines leave out 日
/// (`2022年5月7星期六`); not part of the date's text.
const WEEKDAY: &str = r"(?P<wd>\x20?(?:星期|礼拜|周)[一二三四五六日天])";

static ABSOLUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<y>(?:19|20)\d{{2}})年\x20?
        (?: (?P<m>\d{{1,2}})(?:{RANGE_SEP}(?P<mr>\d{{1,2}}))?月份?\x20?
            (?: (?P<d>\d{{1,2}})(?:{RANGE_SEP}(?P<dr>\d{{1,2}}))?(?:[日号]|{WEEKDAY}) )?
        )?
        (?P<part>年底|年末|底|末|年初|初|上半年|下半年|全年|年度)?
        (?: {RANGE_SEP}
            (?: (?P<y2>(?:19|20)\d{{2}})年 )?
            (?: (?P<m2>\d{{1,2}})月 )?
            (?: (?P<d2>\d{{1,2}})[日号] )?
        )?"
    ))
    .expect("date grammar")
});

static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<y>(?:19|20)\d{{2}}){RANGE_SEP}(?P<y2>(?:19|20)\d{{2}})年")).expect("year range")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>(?:19|20)\d{2})(?P<sep>[-/.]) ?(?P<m>\d{1,2})(?P<sep2>[-/.]) ?(?P<d>\d{1,2})")
        .expect("numeric date")
});

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<rel>今年|去年|明年|前年|后年)(?:(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})[日号])?)?(?P<part>年底|年末|底|末|年初|初|上半年|下半年)?",
    )
    .expect("relative date")
});

/// 10月15日, 10月15日至11月2日, and 10月16-18日 (a range of days sharing one 日).
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})(?:{RANGE_SEP}(?P<dr>\d{{1,2}}))?(?:[日号]|{WEEKDAY})(?:{RANGE_SEP}(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号])?"
    ))
    .expect("month and day")
});

/// 昨日, 前天 …: days counted back from a publication date known to the day. Not the 前日 of
/// 此前日益 (a word ending in 前 before one starting with 日).
static RELATIVE_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<rel>昨日|昨天|前日|前天)(?P<next>.?)").expect("relative day"));

/// Characters that make 前 the end of a word (此前, 之前, 目前, 提前 …) before 前日.
const BEFORE_QIAN: &str = "此之以目提节会年月当空眼面跟向从生事考赛战";
/// Characters that make 日 the start of a word (日益, 日趋 …) after 前日.
const AFTER_RI: &str = "益趋渐常子";

/// A month without a day (9月, 10月份, 10月下旬, 1—9月): the event is known to the month, so a
/// part of the month (上旬 / 中旬 / 下旬 / 初 / 底) keeps the month.
static BARE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<m>\d{{1,2}})(?:{RANGE_SEP}(?P<mr>\d{{1,2}}))?月份?(?:上旬|中旬|下旬|初|底|末|中)?"))
        .expect("bare month")
});

/// The year a bare month (and day) belongs to: the narrative's year, else the publication's
/// (the year before when it would lie after publication).
fn year_for(ctx: Context, month: u32, day: Option<u32>) -> Option<i32> {
    if let Some(y) = ctx.year {
        return Some(y);
    }
    let p = ctx.published?;
    let pm = p.month?;
    let after = match (day, p.day) {
        (Some(d), Some(pd)) => (month, d) > (pm, pd),
        _ => month > pm,
    };
    Some(if after { p.year - 1 } else { p.year })
}

/// A year for the ranges of a sentence: what a date written in full earlier in the same text
/// says (…2021年人居环境调研的通知》要求,5月20日 → 2021), else the context's.
fn with_year_before(ctx: Context, found: &[Mention], text: &str, at: usize) -> Context {
    let before = found.iter().filter(|m| m.end <= at && text[m.start..m.end].contains('年')).max_by_key(|m| m.end);
    match before {
        Some(m) => Context { year: Some(m.until.unwrap_or(m.date).year), ..ctx },
        None => ctx,
    }
}

fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

/// Applies 上半年 / 下半年 to a year-only date, giving the start and the end. 年底 and 年初
/// say no month (`2015年底` is late in 2015, not its December): the year.
fn apply_part(date: PartialDate, part: Option<&str>) -> (PartialDate, Option<PartialDate>) {
    if date.month.is_some() {
        return (date, None);
    }
    match part {
        Some("上半年") => (date.with_month(1), Some(date.with_month(6))),
        Some("下半年") => (date.with_month(7), Some(date.with_month(12))),
        _ => (date, None),
    }
}

/// The end of a range `至…`: missing parts are taken from the start.
fn range_end(c: &Captures, start: PartialDate) -> Option<PartialDate> {
    let (y2, m2, d2) = (num(c, "y2"), num(c, "m2"), num(c, "d2"));
    if y2.is_none() && m2.is_none() && d2.is_none() {
        return None;
    }
    let year = y2.map(|y| y as i32).unwrap_or(start.year);
    let end = match (start.month, start.day) {
        (Some(m), Some(_)) => PartialDate { year, month: Some(m2.unwrap_or(m)), day: Some(d2?) },
        (Some(_), None) => PartialDate { year, month: Some(m2?), day: None },
        _ if d2.is_none() && m2.is_none() => PartialDate::year(year),
        _ => return None,
    };
    (end.is_valid() && end > start).then_some(end)
}

/// Every date in `text`, in order, without overlaps. `published` resolves 今年 / 去年 ….
pub(crate) fn find(text: &str, published: Option<PartialDate>) -> Vec<Mention> {
    find_in(text, Context { published, year: None })
}

/// Every date in `text`, with `ctx` resolving dates written without their year. The first
/// reading of a stretch of text wins, so the passes run from full forms to partial ones.
pub(crate) fn find_in(text: &str, ctx: Context) -> Vec<Mention> {
    // Every form below holds an ASCII digit, or a relative year (今年) or day (昨日, 前天).
    if !text.bytes().any(|b| b.is_ascii_digit()) && !text.contains(['年', '昨', '前']) {
        return Vec::new();
    }
    let mut found: Vec<Mention> = Vec::new();
    for mention in scraped::find(text, ctx) {
        push(&mut found, mention);
    }
    numeric_dates(text, &mut found);
    year_ranges(text, &mut found);
    absolute_dates(text, &mut found);
    if let Some(published) = ctx.published {
        relative_years(text, published, &mut found);
        relative_days(text, published, &mut found);
    }
    let explicit = found.clone();
    month_days(text, ctx, &explicit, &mut found);
    bare_months(text, ctx, &explicit, &mut found);
    found.sort_by_key(|m| m.start);
    found
}

/// Where a date's text ends: before a weekday printed after it.
fn date_end(c: &Captures) -> usize {
    let whole = c.get(0).expect("match");
    match c.name("wd") {
        Some(wd) if wd.end() == whole.end() => wd.start(),
        _ => whole.end(),
    }
}

/// Keeps `m` when it is a real date and overlaps no reading already found.
fn push(found: &mut Vec<Mention>, m: Mention) {
    if m.date.is_valid() && !found.iter().any(|f| f.start < m.end && m.start < f.end) {
        found.push(m);
    }
}

/// 2016-09-09, 2016/9/2: one separator throughout, not the head of a longer number.
fn numeric_dates(text: &str, found: &mut Vec<Mention>) {
    for c in NUMERIC.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let followed_by_digit = text[whole.end()..].starts_with(|ch: char| ch.is_ascii_digit());
        if c["sep"] != c["sep2"] || followed_by_digit {
            continue;
        }
        let date = PartialDate { year: c["y"].parse().unwrap_or(0), month: num(&c, "m"), day: num(&c, "d") };
        push(found, Mention { start: whole.start(), end: whole.end(), date, until: None });
    }
}

/// 2015—2017年: a range of whole years.
fn year_ranges(text: &str, found: &mut Vec<Mention>) {
    for c in YEAR_RANGE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let (y, y2): (i32, i32) = (c["y"].parse().unwrap_or(0), c["y2"].parse().unwrap_or(0));
        let until = (y2 > y).then(|| PartialDate::year(y2));
        push(found, Mention { start: whole.start(), end: whole.end(), date: PartialDate::year(y), until });
    }
}

/// 2015年8月7日, 2016年5月, 2016年底, with the ranges they open (至8日, 1—9月, 16-18日).
fn absolute_dates(text: &str, found: &mut Vec<Mention>) {
    for c in ABSOLUTE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        if preceded_by_digit(text, whole.start()) {
            continue;
        }
        let date = PartialDate { year: c["y"].parse().unwrap_or(0), month: num(&c, "m"), day: num(&c, "d") };
        let (date, half_end) = apply_part(date, c.name("part").map(|p| p.as_str()));
        // 2016年1—9月: a range of months inside one year.
        let month_range = num(&c, "mr")
            .map(|m| PartialDate { month: Some(m), day: None, ..date })
            .filter(|u| u.is_valid() && *u > date);
        // 2020年10月16-18日: a range of days inside one month.
        let day_range =
            num(&c, "dr").map(|d| PartialDate { day: Some(d), ..date }).filter(|u| u.is_valid() && *u > date);
        let until = month_range.or(day_range).or_else(|| range_end(&c, date)).or(half_end);
        push(found, Mention { start: whole.start(), end: date_end(&c), date, until });
    }
}

/// 今年, 去年, 前年, 明年 … counted from the publication's year.
fn relative_years(text: &str, published: PartialDate, found: &mut Vec<Mention>) {
    for c in RELATIVE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let offset = match &c["rel"] {
            "今年" => 0,
            "去年" => -1,
            "前年" => -2,
            "明年" => 1,
            _ => 2,
        };
        let base = PartialDate { year: published.year + offset, month: num(&c, "m"), day: num(&c, "d") };
        let (date, until) = apply_part(base, c.name("part").map(|p| p.as_str()));
        push(found, Mention { start: whole.start(), end: whole.end(), date, until });
    }
}

/// 昨日 / 昨天 (the day before publication), 前日 / 前天 (two days before).
fn relative_days(text: &str, published: PartialDate, found: &mut Vec<Mention>) {
    for c in RELATIVE_DAY.captures_iter(text) {
        let rel = c.name("rel").expect("match");
        let qian = rel.as_str().starts_with('前');
        let word_before = text[..rel.start()].chars().next_back().is_some_and(|ch| BEFORE_QIAN.contains(ch));
        let word_after = c["next"].chars().next().is_some_and(|ch| AFTER_RI.contains(ch));
        if qian && (word_before || (rel.as_str() == "前日" && word_after)) {
            continue;
        }
        let Some(date) = published.days_before(if qian { 2 } else { 1 }) else { continue };
        push(found, Mention { start: rel.start(), end: rel.end(), date, until: None });
    }
}

/// 9月11日, 10月16-18日: the year from the dates written in full before (`explicit`) or `ctx`.
fn month_days(text: &str, ctx: Context, explicit: &[Mention], found: &mut Vec<Mention>) {
    for c in MONTH_DAY.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let (Some(m), Some(d)) = (num(&c, "m"), num(&c, "d")) else { continue };
        if !yearless_start(text, whole.start()) {
            continue;
        }
        let ctx = with_year_before(ctx, explicit, text, whole.start());
        let Some(year) = year_for(ctx, m, Some(d)) else { continue };
        let date = PartialDate { year, month: Some(m), day: Some(d) };
        let day_range = num(&c, "dr").map(|dr| PartialDate { day: Some(dr), ..date });
        let until =
            num(&c, "d2").map(|d2| PartialDate { day: Some(d2), month: Some(num(&c, "m2").unwrap_or(m)), ..date });
        let until = day_range.or(until).filter(|u| u.is_valid() && *u > date);
        push(found, Mention { start: whole.start(), end: date_end(&c), date, until });
    }
}

/// 10月, 10月下旬, 3—5月 standing alone, not a habit (每年3月).
fn bare_months(text: &str, ctx: Context, explicit: &[Mention], found: &mut Vec<Mention>) {
    for c in BARE_MONTH.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let Some(m) = num(&c, "m") else { continue };
        let followed_by_digit = text[whole.end()..].starts_with(|ch: char| ch.is_ascii_digit());
        if !yearless_start(text, whole.start()) || followed_by_digit || every_year(text, whole.start()) {
            continue;
        }
        let ctx = with_year_before(ctx, explicit, text, whole.start());
        let Some(year) = year_for(ctx, m, None) else { continue };
        let date = PartialDate { year, month: Some(m), day: None };
        let until =
            num(&c, "mr").map(|mr| PartialDate { month: Some(mr), ..date }).filter(|u| u.is_valid() && *u > date);
        push(found, Mention { start: whole.start(), end: whole.end(), date, until });
    }
}

/// A month-first date stands alone: not the tail of 2015年8月 or of a longer number.
fn yearless_start(text: &str, at: usize) -> bool {
    let before = &text[..at];
    !before.ends_with('年') && !preceded_by_digit(text, at) && !before.ends_with(['-', '/', '.'])
}

/// 每年3月 is a habit, not a happening.
fn every_year(text: &str, at: usize) -> bool {
    text[..at].ends_with("每年") || text[..at].ends_with('每')
}

/// 18.08.2017 22:12: some aggregators print the day first.
static DAY_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})\b").expect("day first"));

/// The first date to the day printed in a page's header (its text before `body_start`), for
/// resolving the body's yearless dates when no publication date was read from the page's
/// metadata lines: the header's date line is the publication's.
pub(crate) fn header_date(header: &str) -> Option<PartialDate> {
    let in_grammar = find(&arabic_numerals(header), None).into_iter().map(|m| m.date).find(|d| d.day.is_some());
    let day_first = || {
        DAY_FIRST.captures(header).map(|c| PartialDate {
            year: c["y"].parse().unwrap_or(0),
            month: num(&c, "m"),
            day: num(&c, "d"),
        })
    };
    in_grammar.or_else(day_first).filter(PartialDate::is_valid)
}

fn preceded_by_digit(text: &str, at: usize) -> bool {
    text[..at].ends_with(|c: char| c.is_ascii_digit())
}

/// Rewrites Chinese-numeral dates (二〇一六年五月十二日) with Arabic digits so that `find` reads
/// them. Only numerals directly before 年, 月, 日 or 号 are touched.
pub(crate) fn arabic_numerals(text: &str) -> String {
    if !text.contains(['年', '月', '日', '号']) {
        return text.to_string();
    }
    let is_numeral = |c: char| matches!(c, '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| is_numeral(**c)).count();
        let unit = chars.get(i + run).copied();
        if run > 0 && matches!(unit, Some('年' | '月' | '日' | '号')) {
            let numerals: String = chars[i..i + run].iter().collect();
            if let Some(value) = numeral_value(&numerals, unit == Some('年')) {
                out.push_str(&value);
                i += run;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32).or((c == '零').then_some(0))
}

/// 二〇一六 → 2016 (years digit by digit); 十二 → 12, 二十三 → 23, 十 → 10.
fn numeral_value(s: &str, is_year: bool) -> Option<String> {
    if is_year {
        let digits: Option<String> = s.chars().map(|c| digit(c).map(|d| char::from(b'0' + d as u8))).collect();
        return digits.filter(|d| d.len() == 4);
    }
    let chars: Vec<char> = s.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        [c] => digit(*c)?,
        ['十', c] => 10 + digit(*c)?,
        [c, '十'] => digit(*c)? * 10,
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        let published = published.and_then(PartialDate::parse_normalized);
        find(&arabic_numerals(text), published)
            .into_iter()
            .map(|m| (m.date.to_string(), m.until.map(|u| u.to_string())))
            .collect()
    }

    fn one(s: &str) -> (String, Option<String>) {
        (s.to_string(), None)
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(dates("2015年8月7日,他来到村里", None), vec![one("2015-08-07")]);
        assert_eq!(dates("根据2015年7月省政协下发的意见", None), vec![one("2015-07")]);
        assert_eq!(dates("2016年全年开展专题协商3次", None), vec![one("2016")]);
        assert_eq!(dates("时间 2016-09-09 来源", None), vec![one("2016-09-09")]);
        assert_eq!(dates("发布时间:2016/9/2 8:51:02", None), vec![one("2016-09-02")]);
        assert_eq!(dates("二〇一六年五月十二日召开", None), vec![one("2016-05-12")]);
    }

    #[test]
    fn ranges() {
        assert_eq!(dates("2015年8月7日至8日", None), vec![("2015-08-07".into(), Some("2015-08-08".into()))]);
        assert_eq!(dates("2015年10月30日至11月2日", None), vec![("2015-10-30".into(), Some("2015-11-02".into()))]);
        assert_eq!(dates("2016年5月至6月", None), vec![("2016-05".into(), Some("2016-06".into()))]);
        assert_eq!(dates("纲要(2011-2020年)", None), vec![("2011".into(), Some("2020".into()))]);
        assert_eq!(dates("2015年至2017年", None), vec![("2015".into(), Some("2017".into()))]);
        assert_eq!(dates("2016年1—9月,全县完成搬迁", None), vec![("2016-01".into(), Some("2016-09".into()))]);
    }

    #[test]
    fn parts_of_a_year() {
        assert_eq!(dates("截止2015年底,全区", None), vec![one("2015")]);
        assert_eq!(dates("2016年上半年", None), vec![("2016-01".into(), Some("2016-06".into()))]);
        assert_eq!(dates("2016年下半年", None), vec![("2016-07".into(), Some("2016-12".into()))]);
    }

    #[test]
    fn relative_years_need_a_publication_date() {
        assert_eq!(dates("去年下半年以来", Some("2018-02-20")), vec![("2017-07".into(), Some("2017-12".into()))]);
        assert_eq!(dates("今年5月", Some("2016-09-09")), vec![one("2016-05")]);
        assert_eq!(dates("明年取得初步成效", Some("2016-09-02")), vec![one("2017")]);
        assert!(dates("去年花椒收入7万多元", None).is_empty());
    }

    #[test]
    fn month_and_day_take_the_narrative_or_publication_year() {
        let news = Context { published: PartialDate::parse_normalized("2019-10-16"), year: None };
        let got: Vec<String> = find_in("10月15日,省长深入调研", news).iter().map(|m| m.date.to_string()).collect();
        assert_eq!(got, vec!["2019-10-15"]);
        let got: Vec<String> = find_in("12月30日召开会议", news).iter().map(|m| m.date.to_string()).collect();
        assert_eq!(got, vec!["2018-12-30"], "a day after publication is last year's");
        let story = Context { published: news.published, year: Some(2015) };
        let m = find_in("10月12日至13日,再次检查", story);
        assert_eq!(
            (m[0].date.to_string(), m[0].until.unwrap().to_string()),
            ("2015-10-12".into(), "2015-10-13".into())
        );
        assert!(find_in("10月12日", Context::default()).is_empty());
    }

    fn in_context(text: &str, published: Option<&str>, year: Option<i32>) -> Vec<(String, Option<String>)> {
        let ctx = Context { published: published.and_then(PartialDate::parse_normalized), year };
        find_in(text, ctx).into_iter().map(|m| (m.date.to_string(), m.until.map(|u| u.to_string()))).collect()
    }

    #[test]
    fn ranges_of_days_sharing_one_unit() {
        let festival = ("2021-09-24".to_string(), Some("2021-09-26".to_string()));
        assert_eq!(dates("2021年9月24-26日,展销会在县城举行", None), vec![festival.clone()]);
        assert_eq!(in_context("9月24—26日,展销会在县城举行", Some("2021-10-08"), None), vec![festival]);
    }

    #[test]
    fn months_and_parts_of_months() {
        let autumn = Some("2019-12-01");
        assert_eq!(in_context("10月下旬,工作队走访了全村", autumn, None), vec![one("2019-10")]);
        assert_eq!(in_context("9月份以来,累计销售", autumn, None), vec![one("2019-09")]);
        assert_eq!(in_context("1—9月,全县完成搬迁", autumn, None), vec![("2019-01".into(), Some("2019-09".into()))]);
        assert_eq!(in_context("11月,他来到村里", Some("2019-03-01"), None), vec![one("2018-11")], "after publication");
        assert_eq!(in_context("3月,他回到村里", None, Some(2016)), vec![one("2016-03")], "the narrative's year");
        assert!(in_context("每年3月组织培训", autumn, None).is_empty(), "a habit is no event");
        assert!(in_context("干了3个月", autumn, None).is_empty());
        assert!(in_context("10月", None, None).is_empty(), "no year to give it");
    }

    #[test]
    fn a_full_year_earlier_in_the_text_dates_what_follows() {
        let got = in_context("根据《关于开展2021年人居环境调研的通知》安排,5月20日,调研组到某县", None, None);
        assert_eq!(got, vec![one("2021"), one("2021-05-20")]);
    }

    #[test]
    fn dates_that_lost_a_unit_in_scraping() {
        assert_eq!(in_context("2019年35日,县里召开动员会", Some("2019-03-10"), None), vec![one("2019-03-05")]);
        assert_eq!(in_context("2019年3月5日", Some("2019-03-10"), None), vec![one("2019-03-05")]);
    }

    #[test]
    fn the_header_dates_the_page() {
        let header = "首页 > 要闻\n某县召开推进会\n发布时间:2019-09-12 14:00:20 来源:";
        assert_eq!(header_date(header).unwrap().to_string(), "2019-09-12");
        assert_eq!(header_date("某地调研\n\n18.08.2017  22:12\n").unwrap().to_string(), "2017-08-18");
        assert_eq!(header_date("2019年07月07日21:52  来源:某网").unwrap().to_string(), "2019-07-07");
        assert!(header_date("2019年工作要点").is_none(), "a year is no date line");
    }

    #[test]
    fn dates_as_some_pages_print_them() {
        assert_eq!(dates("发布时间:2021- 06- 18 来源", None), vec![one("2021-06-18")]);
        assert_eq!(dates("2021年 6月 18日", None), vec![one("2021-06-18")]);
        assert_eq!(dates("2022年5月7星期六", None), vec![one("2022-05-07")]);
        assert_eq!(dates("2022年5月7日 星期六", None), vec![one("2022-05-07")]);
        assert_eq!(in_context("5月7周六,调研组来到村里", Some("2022-05-09"), None), vec![one("2022-05-07")]);
        assert_eq!(dates("青山日报 第2021-03-15期", None), vec![one("2021-03-15")]);
        let m = find("2022年5月7星期六", None);
        assert_eq!(&"2022年5月7星期六"[m[0].start..m[0].end], "2022年5月7", "the weekday is no part of the date");
    }

    #[test]
    fn yesterday_and_the_day_before_count_back_from_publication() {
        assert_eq!(dates("昨日,调研组来到青石镇", Some("2021-03-15")), vec![one("2021-03-14")]);
        assert_eq!(dates("记者前日从县扶贫办获悉", Some("2021-03-01")), vec![one("2021-02-27")]);
        assert_eq!(dates("昨天上午,会议召开", Some("2021-01-01")), vec![one("2020-12-31")]);
        assert!(dates("昨日,调研组来到青石镇", Some("2021-03")).is_empty(), "a month is no day to count from");
        assert!(dates("昨日,调研组来到青石镇", None).is_empty());
        assert!(dates("此前日益增多的游客", Some("2021-03-15")).is_empty());
        assert!(dates("群众收入前日益提高", Some("2021-03-15")).is_empty());
    }

    #[test]
    fn not_dates() {
        assert!(dates("规划(2016—2020)", None).is_empty(), "bare years need 年");
        assert!(dates("发放贷款4210万元", None).is_empty());
        assert!(dates("12015年", None).is_empty());
        assert!(dates("2015年13月", None).iter().all(|d| d.0 == "2015"));
        assert!(dates("2015年2月30日", None).iter().all(|d| d.0 != "2015-02-30"));
    }

    #[test]
    fn normalized_forms_parse_back() {
        for s in ["2016", "2016-05", "2016-05-12"] {
            assert_eq!(PartialDate::parse_normalized(s).unwrap().to_string(), s);
        }
        assert!(PartialDate::parse_normalized("2016-13").is_none());
        assert!(PartialDate::parse_normalized("2016-02-30").is_none());
        assert!(PartialDate::parse_normalized("16-02").is_none());
    }
}
