//! Properties of the page format on generated values: whatever ingest or an editor puts in a
//! field, a page written and read again holds the same values.

use proptest::prelude::*;

use super::*;

/// Any text a field may hold: Chinese, Latin, YAML's special characters, quotes, tabs and
/// line breaks, leading and trailing spaces.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\PC\t\n]{0,24}",
        "[ -~]{0,24}",
        "[金川县王明远“”《》,:#&*!|>'\"%@`{}\\[\\]-]{0,12}",
        "[\\x00-\\x1f\\x7f-\\u{9f}\\u{fffe}\\u{ffff}\\u{feff}\\u{2028}\\u{2029}a金]{1,8}",
        Just(String::new()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("2019".to_string()),
        Just(" ~ ".to_string()),
    ]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..4)
}

fn event() -> impl Strategy<Value = Event> {
    (text(), prop::option::of(text()), text(), texts(), texts(), texts()).prop_map(
        |(date, end, text, counties, people, programs)| Event { date, end, text, counties, people, programs },
    )
}

fn report() -> impl Strategy<Value = ReportFront> {
    (
        (text(), prop::option::of(text()), prop::option::of(text()), texts(), prop::option::of(text())),
        (prop::option::of(text()), prop::option::of(any::<u32>()), texts(), texts(), texts()),
        (prop::collection::vec(event(), 0..3), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((title, date, source, authors, seed), (url, part, counties, people, programs), (events, edited, raw_html))| {
            ReportFront {
                title,
                date,
                source,
                authors,
                seed,
                url,
                part,
                counties,
                people,
                programs,
                events,
                edited,
                raw_html,
                ..Default::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_report_page_written_and_read_again_holds_the_same_values(front in report(), body in "[\\PC\n]{0,40}") {
        let page = write_report(&front, &body);
        let parsed = parse::<ReportFront>("p.md", &page).map_err(|e| TestCaseError::fail(format!("{e}\n{page}")))?;
        prop_assert_eq!(&parsed.front, &front, "{}", page);
        prop_assert_eq!(parsed.body, body);
    }

    #[test]
    fn entity_pages_written_and_read_again_hold_the_same_values(name in text(), aliases in texts(), slug in prop::option::of("[a-z0-9-]{1,12}")) {
        let front = PersonFront { name, slug, aliases, ..Default::default() };
        let page = write_person(&front, "");
        let parsed = parse::<PersonFront>("p.md", &page).map_err(|e| TestCaseError::fail(format!("{e}\n{page}")))?;
        prop_assert_eq!(&parsed.front, &front, "{}", page);
    }
}
