//! Charts drawn at build time: reports and events per year, as inline SVG with its numbers
//! beside it, for the home page and each county, person and program page.
//!
//! Owns counting by year (a report by its publication date, an event by its start date;
//! undated reports are counted apart) and drawing: grouped bars in a `viewBox` that scales to
//! the width of a phone, colours from the theme through CSS classes (`chart-reports`,
//! `chart-events`) over `currentColor`, `role="img"` with a `<title>` and a `<desc>` that says
//! what the chart shows. The template prints the SVG and the numbers as a small table, the
//! text alternative every reader can reach. No script, no chart library in the browser.
//!
//! It reads the graph and returns plain data (`Chart`); it must not know templates or files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::site::graph::Graph;
use crate::site::ids::{EntityId, EventId, ReportId};

/// Drawing units of the `viewBox`; the SVG is as wide as its column and keeps this shape.
/// Small enough that 13-unit text stays about 12 px on a 360 px phone.
const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 24.0;
/// How far apart two year labels must stand (a four-digit year in 13-unit text is about 30
/// units wide): closer, they would overlap.
const LABEL_GAP: f64 = 34.0;

/// One chart, ready for a template.
#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    /// What the chart shows, as its heading and the SVG's `<title>`.
    pub(crate) title: String,
    /// One sentence on what it shows: the span of years and the busiest ones.
    pub(crate) summary: String,
    /// The `<svg>` element, escaped and complete.
    pub(crate) svg: String,
    /// The numbers, for the table beside the chart: every year with a report or an event.
    pub(crate) rows: Vec<YearRow>,
    /// Reports without a date, not in the chart.
    pub(crate) undated: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct YearRow {
    pub(crate) year: u16,
    pub(crate) reports: usize,
    pub(crate) events: usize,
}

/// Reports and events per year over the whole site (the home page).
pub(crate) fn site_chart(site: &Graph) -> Option<Chart> {
    let reports: Vec<ReportId> = (0..site.reports.len()).collect();
    let events: Vec<EventId> = (0..site.events.len()).collect();
    chart(site, "每年的报告和事件", &reports, &events, "chart-site")
}

/// Reports naming the entity and its events, per year (its page).
pub(crate) fn entity_chart(site: &Graph, id: EntityId) -> Option<Chart> {
    let e = &site.entities[id];
    chart(site, &format!("{}：每年的报告和事件", e.name), &e.reports, &e.events, "chart-entity")
}

fn chart(site: &Graph, title: &str, reports: &[ReportId], events: &[EventId], id: &str) -> Option<Chart> {
    let mut years: BTreeMap<u16, (usize, usize)> = BTreeMap::new();
    let mut undated = 0;
    for &r in reports {
        match site.reports[r].date {
            Some(d) => years.entry(d.year).or_default().0 += 1,
            None => undated += 1,
        }
    }
    for &e in events {
        years.entry(site.events[e].date.year).or_default().1 += 1;
    }
    let rows = years.into_iter().map(|(year, (reports, events))| YearRow { year, reports, events }).collect();
    of_rows(title, rows, undated, id)
}

/// The chart of these rows, when there are at least two years to compare.
fn of_rows(title: &str, rows: Vec<YearRow>, undated: usize, id: &str) -> Option<Chart> {
    // One year makes one bar: nothing to compare, and the numbers say it better.
    if rows.len() < 2 {
        return None;
    }
    let summary = summary(&rows, undated);
    let svg = draw(&rows, title, &summary, id);
    Some(Chart { title: title.to_string(), summary, svg, rows, undated })
}

/// `2016年至2021年每年的报告数和事件数。报告最多的是2018年（5 篇），事件最多的是2019年（12 个）。`
fn summary(rows: &[YearRow], undated: usize) -> String {
    let (first, last) = (rows[0].year, rows[rows.len() - 1].year);
    let mut s = if first == last {
        format!("{first}年的报告数和事件数。")
    } else {
        format!("{first}年至{last}年每年的报告数和事件数。")
    };
    // The earliest of the busiest years, so the sentence is the same from build to build.
    let busiest = |n: fn(&YearRow) -> usize| rows.iter().filter(|r| n(r) > 0).max_by_key(|r| (n(r), u16::MAX - r.year));
    let mut parts = Vec::new();
    if let Some(r) = busiest(|r| r.reports) {
        parts.push(format!("报告最多的是{}年（{} 篇）", r.year, r.reports));
    }
    if let Some(r) = busiest(|r| r.events) {
        parts.push(format!("事件最多的是{}年（{} 个）", r.year, r.events));
    }
    if !parts.is_empty() {
        let _ = write!(s, "{}。", parts.join("，"));
    }
    if undated > 0 {
        let _ = write!(s, "另有 {undated} 篇报告未注明日期。");
    }
    s
}

/// The top of the value axis: the smallest of 1, 2, 5 × 10ⁿ not below `max`.
fn axis_top(max: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// The SVG: one group of two bars per year from the first to the last (years without any
/// are gaps), a legend, the axis top, and under the bars every year that has one, or, when
/// those labels would overlap, none of them and the span of years instead.
fn draw(rows: &[YearRow], title: &str, summary: &str, id: &str) -> String {
    let frame = Frame::of(rows);
    let mut svg = String::with_capacity(600 + rows.len() * 220);
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        super::feeds::xml(title),
        super::feeds::xml(summary)
    );
    legend(&mut svg);
    axes(&mut svg, &frame, rows);
    for r in rows {
        bars(&mut svg, r, &frame);
    }
    svg.push_str("</svg>");
    svg
}

/// Where the years and values fall in the plot.
struct Frame {
    first: u16,
    /// Years from the first to the last, both counted.
    span: usize,
    /// The value at the top of the axis.
    top: usize,
    /// Width of one year.
    slot: f64,
    /// Width of one bar.
    bar: f64,
}

impl Frame {
    fn of(rows: &[YearRow]) -> Frame {
        let (first, last) = (rows[0].year, rows[rows.len() - 1].year);
        let span = usize::from(last - first) + 1;
        let top = axis_top(rows.iter().map(|r| r.reports.max(r.events)).max().unwrap_or(1).max(1));
        let slot = (WIDTH - LEFT - RIGHT) / span as f64;
        // Bars stay slim when there are few years, so one year does not fill the chart.
        Frame { first, span, top, slot, bar: (slot * 0.38).min(20.0) }
    }

    fn y_of(&self, v: usize) -> f64 {
        TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v as f64 / self.top as f64)
    }

    /// The middle of year number `i` (from 0).
    fn x_of(&self, i: f64) -> f64 {
        LEFT + self.slot * (i + 0.5)
    }
}

/// Legend, top left.
fn legend(svg: &mut String) {
    let _ = write!(
        svg,
        r#"<g class="chart-legend" font-size="13" fill="currentColor"><rect class="chart-reports" x="{LEFT}" y="6" width="12" height="12" fill="currentColor"/><text x="{}" y="16">报告</text><rect class="chart-events" x="{}" y="6" width="12" height="12" fill="currentColor" fill-opacity="0.45"/><text x="{}" y="16">事件</text></g>"#,
        LEFT + 16.0,
        LEFT + 56.0,
        LEFT + 72.0
    );
}

/// Value axis (the baseline, the top line and its value) and the year labels.
fn axes(svg: &mut String, f: &Frame, rows: &[YearRow]) {
    let _ = write!(
        svg,
        r#"<g class="chart-axis" font-size="13" fill="currentColor"><line x1="{LEFT}" x2="{}" y1="{}" y2="{}" stroke="currentColor" stroke-opacity="0.5"/><line x1="{LEFT}" x2="{}" y1="{TOP}" y2="{TOP}" stroke="currentColor" stroke-opacity="0.2" stroke-dasharray="3 3"/><text x="{}" y="{}" text-anchor="end">{}</text><text x="{}" y="{}" text-anchor="end">0</text>"#,
        WIDTH - RIGHT,
        f.y_of(0),
        f.y_of(0),
        WIDTH - RIGHT,
        LEFT - 6.0,
        TOP + 4.0,
        f.top,
        LEFT - 6.0,
        f.y_of(0) + 4.0
    );
    let y = HEIGHT - 6.0;
    if labels_fit(rows, f) {
        for r in rows {
            let x = f.x_of(f64::from(r.year - f.first));
            let _ = write!(svg, r#"<text x="{x:.1}" y="{y}" text-anchor="middle">{}</text>"#, r.year);
        }
    } else {
        let (first, last) = (rows[0].year, rows[rows.len() - 1].year);
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{y}" text-anchor="middle">{first}年—{last}年</text>"#,
            f.x_of((f.span as f64 - 1.0) / 2.0)
        );
    }
    svg.push_str("</g>");
}

/// Whether every year with a bar can carry its label without touching its neighbour's.
fn labels_fit(rows: &[YearRow], f: &Frame) -> bool {
    rows.windows(2).all(|w| f64::from(w[1].year - w[0].year) * f.slot >= LABEL_GAP)
}

/// One year's two bars, with its numbers as the group's title.
fn bars(svg: &mut String, r: &YearRow, f: &Frame) {
    let x = f.x_of(f64::from(r.year - f.first));
    let _ = write!(svg, r#"<g><title>{}年：{} 篇报告，{} 个事件</title>"#, r.year, r.reports, r.events);
    for (value, class, opacity, dx) in
        [(r.reports, "chart-reports", "", -f.bar), (r.events, "chart-events", r#" fill-opacity="0.45""#, 0.0)]
    {
        if value > 0 {
            let y = f.y_of(value);
            let _ = write!(
                svg,
                r#"<rect class="{class}" x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="currentColor"{opacity}/>"#,
                x + dx,
                f.bar,
                f.y_of(0) - y
            );
        }
    }
    svg.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[(u16, usize, usize)]) -> Vec<YearRow> {
        data.iter().map(|&(year, reports, events)| YearRow { year, reports, events }).collect()
    }

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!([1, 2, 3, 7, 10, 11, 36, 480].map(axis_top), [1, 2, 5, 10, 10, 20, 50, 500]);
    }

    #[test]
    fn the_summary_names_the_span_and_the_busiest_years() {
        let s = summary(&rows(&[(2016, 1, 0), (2018, 5, 2), (2019, 5, 12)]), 2);
        assert_eq!(
            s,
            "2016年至2019年每年的报告数和事件数。报告最多的是2018年（5 篇），事件最多的是2019年（12 个）。另有 2 篇报告未注明日期。"
        );
        assert_eq!(summary(&rows(&[(2020, 0, 3)]), 0), "2020年的报告数和事件数。事件最多的是2020年（3 个）。");
    }

    #[test]
    fn the_svg_is_labelled_scales_and_draws_a_bar_per_non_zero_count() {
        let svg = draw(&rows(&[(2015, 2, 0), (2017, 1, 4)]), "王明远：每年的<报告>", "说明", "c");
        assert!(svg.starts_with(
            r#"<svg class="chart" viewBox="0 0 420 190" width="100%" role="img" aria-labelledby="c-title c-desc""#
        ));
        assert!(svg.contains("<title id=\"c-title\">王明远：每年的&lt;报告&gt;</title>"), "{svg}");
        assert_eq!(svg.matches("<rect class=\"chart-reports\"").count(), 1 + 2, "legend and two years");
        assert_eq!(svg.matches("<rect class=\"chart-events\"").count(), 1 + 1);
        // Every bar has its year; 2016 has none but keeps its place on the axis.
        assert!(svg.contains(">2015</text>") && svg.contains(">2017</text>"), "{svg}");
        assert!(!svg.contains(">2016</text>"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn one_year_is_no_chart() {
        assert!(of_rows("t", rows(&[(2017, 1, 0)]), 0, "c").is_none());
        assert!(of_rows("t", rows(&[(2017, 1, 0)]), 3, "c").is_none());
        let chart = of_rows("t", rows(&[(2017, 1, 0), (2018, 0, 1)]), 0, "c").unwrap();
        assert_eq!(chart.rows.len(), 2);
    }

    #[test]
    fn every_bar_has_its_year_or_none_has() {
        let years =
            |svg: &str, span: std::ops::Range<u16>| span.filter(|y| svg.contains(&format!(">{y}</text>"))).count();
        // Eight years side by side, as on the seed site's home page: every one labelled,
        // the busiest too.
        let data: Vec<(u16, usize, usize)> = (2013..2021).map(|y| (y, 1, if y == 2018 { 9 } else { 1 })).collect();
        let svg = draw(&rows(&data), "t", "s", "c");
        assert_eq!(years(&svg, 2013..2021), 8, "{svg}");
        // Far apart years fit even on a long axis.
        let svg = draw(&rows(&[(1990, 1, 0), (2005, 2, 0), (2023, 1, 1)]), "t", "s", "c");
        assert_eq!(years(&svg, 1990..2024), 3, "{svg}");
        // Thirty-four years side by side would overlap: no year under any bar, the span instead.
        let data: Vec<(u16, usize, usize)> = (1990..2024).map(|y| (y, 1, 1)).collect();
        let svg = draw(&rows(&data), "t", "s", "c");
        assert_eq!(years(&svg, 1990..2024), 0, "{svg}");
        assert!(svg.contains(">1990年—2023年</text>"), "{svg}");
    }
}
