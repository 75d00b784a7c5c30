//! The plain data of the date grammar: `PartialDate` (a date known to the year, the month or
//! the day), a `Mention` of one in text, and the `Context` that resolves dates without a
//! year. A leaf under `dates` and `dates::scraped`, which both trade in it (`dates`
//! re-exports it); it reads no text.

use std::fmt;

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartialDate {
    pub(crate) year: i32,
    pub(crate) month: Option<u32>,
    pub(crate) day: Option<u32>,
}

impl PartialDate {
    pub(crate) fn year(year: i32) -> Self {
        PartialDate { year, month: None, day: None }
    }

    pub(super) fn with_month(self, month: u32) -> Self {
        PartialDate { month: Some(month), day: None, ..self }
    }

    /// The day `n` days before this one (at most a month back); `None` unless known to the day.
    pub(crate) fn days_before(self, n: u32) -> Option<PartialDate> {
        let (mut year, mut month, day) = (self.year, self.month?, self.day?);
        if day > n {
            return Some(PartialDate { day: Some(day - n), ..self });
        }
        if month == 1 {
            (year, month) = (year - 1, 12);
        } else {
            month -= 1;
        }
        let back = days_in_month(year, month) + day;
        (back > n).then(|| PartialDate { year, month: Some(month), day: Some(back - n) })
    }

    /// A real calendar date in a plausible range for reports.
    pub(crate) fn is_valid(&self) -> bool {
        if !(1900..=2100).contains(&self.year) {
            return false;
        }
        match (self.month, self.day) {
            (None, None) => true,
            (Some(m), None) => (1..=12).contains(&m),
            (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m),
            (None, Some(_)) => false,
        }
    }

    /// Parses the normalised forms `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, for tests: the build reads
    /// front-matter dates with `site::date`, which owns that format.
    #[cfg(test)]
    pub(crate) fn parse_normalized(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.split('-').collect();
        fn num<T: std::str::FromStr>(parts: &[&str], i: usize, len: usize) -> Option<T> {
            parts
                .get(i)
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse().ok())
        }
        let d = match parts.len() {
            1 => PartialDate { year: num(&parts, 0, 4)?, month: None, day: None },
            2 => PartialDate { year: num(&parts, 0, 4)?, month: Some(num(&parts, 1, 2)?), day: None },
            3 => {
                PartialDate { year: num(&parts, 0, 4)?, month: Some(num(&parts, 1, 2)?), day: Some(num(&parts, 2, 2)?) }
            }
            _ => return None,
        };
        d.is_valid().then_some(d)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date found in text: where (byte offsets into the text given), the start, and the end of
/// a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) date: PartialDate,
    pub(crate) until: Option<PartialDate>,
}

/// What resolves dates that leave out the year.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The publication date: 今年 / 去年 …, and a bare 10月15日 in a news item.
    pub(crate) published: Option<PartialDate>,
    /// The year of the last date written in full before this text (a narrative's 10月12日
    /// continues its 2015年8月7日).
    pub(crate) year: Option<i32>,
}
