//! Publication and event dates as the content contract writes them: `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD`, always a real calendar date.
//!
//! Owns parsing, ordering and the three ways a date is shown (the written form, the Chinese
//! label, the Atom timestamp). It never reads the clock: every timestamp the site prints is
//! derived from a date in the content, so two builds of the same content are identical.

use std::fmt;

/// A date with optional month and day. Ordering is chronological, and a year alone sorts
/// before any month of that year (0 stands for "not given").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    pub(crate) year: u16,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else or a day that
    /// does not exist (2019-02-29).
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let year = digits(parts.next()?, 4).filter(|&y| y > 0)? as u16;
        let month = match parts.next() {
            Some(m) => digits(m, 2).filter(|m| (1..=12).contains(m))? as u8,
            None => 0,
        };
        let day = match parts.next() {
            Some(d) => digits(d, 2).filter(|&d| d >= 1 && d <= u32::from(days_in_month(year, month)))? as u8,
            None => 0,
        };
        parts.next().is_none().then_some(Date { year, month, day })
    }

    /// The Chinese label: 2018年12月5日, 2018年12月, 2018年.
    pub(crate) fn label(&self) -> String {
        match (self.month, self.day) {
            (0, _) => format!("{}年", self.year),
            (m, 0) => format!("{}年{}月", self.year, m),
            (m, d) => format!("{}年{}月{}日", self.year, m, d),
        }
    }

    /// RFC 3339 midnight UTC, missing parts taken as the first (for Atom `<updated>`).
    pub(crate) fn timestamp(&self) -> String {
        format!("{:04}-{:02}-{:02}T00:00:00Z", self.year, self.month.max(1), self.day.max(1))
    }
}

/// The written form, as in the content: `2018`, `2018-12`, `2018-12-05`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

fn digits(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_forms() {
        for s in ["2018", "2018-12", "2018-12-05", "2016-02-29", "2000-02-29"] {
            let d = Date::parse(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn rejects_what_is_not_a_real_date() {
        for s in [
            "", "18", "2018-1", "2018-13", "2018-00", "2018-02-30", "2019-02-29", "1900-02-29", "2018-12-05-01",
            "2018/12/05", "二〇一八", "2018-12-5", "0000",
        ] {
            assert!(Date::parse(s).is_none(), "{s} must be rejected");
        }
    }

    #[test]
    fn orders_chronologically_and_labels_in_chinese() {
        let mut ds: Vec<Date> =
            ["2018-12-05", "2018", "2017-03", "2018-12"].iter().map(|s| Date::parse(s).unwrap()).collect();
        ds.sort();
        let written: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
        assert_eq!(written, ["2017-03", "2018", "2018-12", "2018-12-05"]);
        assert_eq!(Date::parse("2018-12-05").unwrap().label(), "2018年12月5日");
        assert_eq!(Date::parse("2018-03").unwrap().label(), "2018年3月");
        assert_eq!(Date::parse("2018").unwrap().timestamp(), "2018-01-01T00:00:00Z");
    }
}
