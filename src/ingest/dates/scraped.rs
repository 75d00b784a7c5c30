//! Dates whose 年 or 月 was lost when the page was scraped: 2019年3月5日 arrives as 201935日,
//! 2019年35日 or 20193月5日 (the characters were images or styled spans on the page).
//!
//! Decoded only when one reading exists and its year lies near the year the text is about
//! (the publication's or the narrative's), so an amount of money or a serial number that
//! happens to end in 日 is never read as a date. Owns this decoding only; the grammar of
//! well-formed dates is `dates`.

use std::sync::LazyLock;

use regex::Regex;

use super::partial::{Context, Mention, PartialDate};

/// A year, digits for month and day with 月 lost, and 日; or a year and month with 年 lost.
static LOST_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>(?:19|20)\d{2})(?:年?(?P<run>\d{2,4})[日号]|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?)")
        .expect("scraped date")
});

/// How far from the reference year a decoded date may lie.
const NEAR: i32 = 1;

/// Dates with a lost unit in `text`.
pub(crate) fn find(text: &str, ctx: Context) -> Vec<Mention> {
    let Some(reference) = ctx.published.map(|p| p.year).or(ctx.year) else { return Vec::new() };
    let mut out = Vec::new();
    for c in LOST_UNIT.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let preceded_by_digit = text[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit());
        let followed_by_digit = text[whole.end()..].starts_with(|ch: char| ch.is_ascii_digit());
        let year: i32 = c["y"].parse().unwrap_or(0);
        if preceded_by_digit || followed_by_digit || (year - reference).abs() > NEAR {
            continue;
        }
        let date = match (c.name("run"), c.name("m")) {
            (Some(run), _) => only_reading(year, run.as_str()),
            (None, Some(m)) => {
                let day = c.name("d").and_then(|d| d.as_str().parse().ok());
                Some(PartialDate { year, month: m.as_str().parse().ok(), day }).filter(PartialDate::is_valid)
            }
            _ => None,
        };
        if let Some(date) = date {
            out.push(Mention { start: whole.start(), end: whole.end(), date, until: None });
        }
    }
    out
}

/// The month and day a run of digits spells, when exactly one split gives a real date
/// (35 → 3月5日; 115 is 1月15日 or 11月5日, so nothing).
fn only_reading(year: i32, run: &str) -> Option<PartialDate> {
    let readings: Vec<PartialDate> = (1..=2)
        .filter(|&k| k < run.len() && run.len() - k <= 2)
        .filter_map(|k| {
            let (m, d) = run.split_at(k);
            let date = PartialDate { year, month: m.parse().ok(), day: d.parse().ok() };
            date.is_valid().then_some(date)
        })
        .collect();
    match readings.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, published: &str) -> Vec<String> {
        let ctx = Context { published: PartialDate::parse_normalized(published), year: None };
        find(text, ctx).iter().map(|m| m.date.to_string()).collect()
    }

    #[test]
    fn lost_units_are_restored_when_only_one_reading_exists() {
        assert_eq!(decoded("201935日,县里召开动员会", "2019-03-08"), vec!["2019-03-05"]);
        assert_eq!(decoded("20191015日上午", "2019-10-20"), vec!["2019-10-15"]);
        assert_eq!(decoded("2019年35日", "2019-03-08"), vec!["2019-03-05"]);
        assert_eq!(decoded("20193月5日", "2019-03-08"), vec!["2019-03-05"]);
        assert_eq!(decoded("20186月", "2019-03-08"), vec!["2018-06"]);
    }

    #[test]
    fn ambiguous_or_distant_runs_stay_unread() {
        assert!(decoded("2019115日", "2019-12-01").is_empty(), "1月15日 or 11月5日");
        assert!(decoded("201535日", "2019-03-08").is_empty(), "too far from the publication year");
        assert!(decoded("编号12019035日", "2019-03-08").is_empty());
        let no_reference = Context::default();
        assert!(find("201935日", no_reference).is_empty());
    }
}
