//! The planning on tiny graphs built here (`graph::build` on hand-made content): each edit is
//! planned from the two graphs (`affected`) and, when the graph can be patched, from the patch
//! (`patched`); the two plans must agree, and name the pages the views show the edit on.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::*;
use crate::date::Date;
use crate::frontmatter::{Event as FrontEvent, ReportFront};
use crate::site::config::{self, Config};
use crate::site::load::{Content, ReportPage};

fn config() -> Config {
    config::for_tests("/", "/")
}

/// A report to build a graph from: its slug is also its title; `events` are dates.
#[derive(Clone)]
struct R {
    slug: &'static str,
    title: String,
    date: &'static str,
    people: Vec<&'static str>,
    events: Vec<String>,
}

fn r(slug: &'static str, date: &'static str, people: &[&'static str]) -> R {
    R { slug, title: slug.into(), date, people: people.to_vec(), events: Vec::new() }
}

impl R {
    fn with_events(mut self, date: &str, n: usize) -> R {
        self.events.extend(std::iter::repeat_n(date.to_string(), n));
        self
    }

    fn page(&self) -> Arc<ReportPage> {
        let events =
            self.events.iter().map(|d| FrontEvent { date: d.clone(), text: "开会".into(), ..Default::default() });
        let front = ReportFront {
            title: self.title.clone(),
            date: Some(self.date.into()),
            people: self.people.iter().map(|s| s.to_string()).collect(),
            events: events.collect(),
            ..Default::default()
        };
        Arc::new(ReportPage {
            path: format!("content/reports/{}.md", self.slug),
            slug: self.slug.into(),
            redirects: Vec::new(),
            date: Date::parse(self.date),
            event_dates: self.events.iter().map(|d| (Date::parse(d).unwrap(), None)).collect(),
            front,
            body: "".into(),
            excerpt: String::new(),
        })
    }
}

fn site(reports: &[R]) -> Graph {
    let content = Content { reports: reports.iter().map(R::page).collect(), entities: Vec::new() };
    graph::build(config(), &content).unwrap()
}

/// Five reports a month apart, `r1` the oldest; 王明远 and 张桂英 are named in `r3` only,
/// 李秀兰 in `r1` only.
fn five() -> Vec<R> {
    vec![
        r("r1", "2020-01-10", &["李秀兰"]),
        r("r2", "2020-02-10", &[]),
        r("r3", "2020-03-10", &["王明远", "张桂英"]),
        r("r4", "2020-04-10", &[]),
        r("r5", "2020-05-10", &[]),
    ]
}

/// Plans the edit of report `slug` from `before` to `after` both ways, checks that they
/// agree, and returns the site paths of the pages planned, beyond those always rendered.
fn plan_edit(before: &[R], after: &[R], slug: &str) -> BTreeSet<String> {
    let (old, new) = (site(before), site(after));
    let changed: FxHashSet<String> = [slug.to_string()].into_iter().collect();
    let plan = affected(&old, &new, &changed, &[], false);
    assert_eq!(plan.full, None);
    let from_graphs = paths(&new, &plan.pages);
    let page = after.iter().find(|r| r.slug == slug).unwrap().page();
    let mut patched_site = old.clone();
    let patch = patched_site.patch_report(&page, true).expect("a patchable edit");
    assert_eq!(patched_site.fingerprint(), new.fingerprint());
    assert_eq!(paths(&new, &patched(&patched_site, &patch)), from_graphs, "a patch plans what a rebuild does");
    from_graphs
}

fn paths(site: &Graph, pages: &[Page]) -> BTreeSet<String> {
    let always = home_and_indexes();
    pages.iter().filter(|p| !always.contains(p)).map(|&p| views::path_of(site, p)).collect()
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

fn person(site: &Graph, name: &str) -> String {
    site.entities.iter().find(|e| e.name == name).unwrap().path().to_string()
}

#[test]
fn a_title_edit_plans_the_report_its_neighbours_the_list_and_its_entities() {
    let mut after = five();
    after[2].title = "修订后的标题".into();
    let planned = plan_edit(&five(), &after, "r3");
    let new = site(&after);
    let (wang, zhang) = (person(&new, "王明远"), person(&new, "张桂英"));
    let expected = ["reports/r2/", "reports/r3/", "reports/r4/", "reports/", &wang, &zhang];
    assert_eq!(planned, set(&expected), "not r1, r5, 李秀兰 nor the lists of people");
}

#[test]
fn a_new_date_plans_the_old_and_the_new_neighbours() {
    let mut after = five();
    after[0].date = "2020-06-10";
    let planned = plan_edit(&five(), &after, "r1");
    let lee = person(&site(&after), "李秀兰");
    // r1 moves from oldest to newest: r2 loses its older neighbour, r5 gains a newer one;
    // r3 and r4 keep theirs.
    assert_eq!(planned, set(&["reports/r1/", "reports/r2/", "reports/r5/", "reports/", &lee]));
}

#[test]
fn a_count_change_plans_the_report_pages_showing_that_entity() {
    let mut after = five();
    after[4].people.push("李秀兰");
    let planned = plan_edit(&five(), &after, "r5");
    let lee = person(&site(&after), "李秀兰");
    // r1 shows 李秀兰 with her report count, now 2; her row on the people list shows it too.
    let expected = ["reports/r1/", "reports/r4/", "reports/r5/", "reports/", "people/", &lee];
    assert_eq!(planned, set(&expected));
}

#[test]
fn a_moved_slug_or_a_timeline_split_asks_for_a_full_build() {
    // Two names read alike: the second one's arrival gives both a suffix, and every link
    // to the first moves.
    let before = vec![r("a", "2020-01-01", &["张伟"])];
    let mut after = before.clone();
    after.push(r("b", "2020-02-01", &["章伟"]));
    let changed: FxHashSet<String> = ["b".to_string()].into_iter().collect();
    let plan = affected(&site(&before), &site(&after), &changed, &[], false);
    assert!(plan.full.as_deref().is_some_and(|w| w.starts_with("张伟 moved from")), "{plan:?}");
    assert!(plan.pages.is_empty());

    let before = vec![r("a", "2020-01-01", &[]).with_events("2019-05", views::TIMELINE_SPLIT)];
    let after = vec![r("a", "2020-01-01", &[]).with_events("2019-05", views::TIMELINE_SPLIT + 1)];
    let changed: FxHashSet<String> = ["a".to_string()].into_iter().collect();
    let plan = affected(&site(&before), &site(&after), &changed, &[], false);
    assert!(plan.full.as_deref().is_some_and(|w| w.contains("timeline")), "{plan:?}");
}

#[test]
fn a_count_change_is_a_full_build_only_when_templates_beyond_home_may_show_it() {
    let mut after = five();
    after.push(r("r6", "2020-07-10", &[]));
    let changed: FxHashSet<String> = ["r6".to_string()].into_iter().collect();
    let (old, new) = (site(&five()), site(&after));
    assert!(affected(&old, &new, &changed, &[], false).full.is_none());
    assert!(affected(&old, &new, &changed, &[], true).full.is_some());
}

/// A split timeline: 2015 holds 250 events of `big` then one of `small` (two pages of
/// `EVENTS_PER_PAGE`), 2016 the events of `late`.
fn split_timeline() -> Vec<R> {
    vec![
        r("big", "2020-01-01", &[]).with_events("2015-03", 250),
        r("small", "2020-02-01", &[]).with_events("2015-12", 1),
        r("late", "2020-03-01", &[]).with_events("2016-05", 60),
    ]
}

#[test]
fn timeline_year_pages_are_planned_by_slot() {
    assert!(views::timeline_split(&site(&split_timeline())));
    let timeline = |planned: BTreeSet<String>| -> Vec<String> {
        planned.into_iter().filter(|p| p.starts_with("timeline/")).collect()
    };
    let mut after = split_timeline();
    after[1].title = "改过的标题".into();
    assert_eq!(timeline(plan_edit(&split_timeline(), &after, "small")), ["timeline/2015/page/2/"]);
    let mut after = split_timeline();
    after[2].title = "改过的标题".into();
    assert_eq!(timeline(plan_edit(&split_timeline(), &after, "late")), ["timeline/2016/"]);
    let mut after = split_timeline();
    after[0].title = "改过的标题".into();
    assert_eq!(timeline(plan_edit(&split_timeline(), &after, "big")), ["timeline/2015/", "timeline/2015/page/2/"]);
}

#[test]
fn a_new_event_count_plans_every_year_page() {
    let mut after = split_timeline();
    after[2] = after[2].clone().with_events("2016-06", 1);
    let changed: FxHashSet<String> = ["late".to_string()].into_iter().collect();
    let new = site(&after);
    let plan = affected(&site(&split_timeline()), &new, &changed, &[], false);
    let years: Vec<String> = paths(&new, &plan.pages).into_iter().filter(|p| p.starts_with("timeline/")).collect();
    assert_eq!(years, ["timeline/2015/", "timeline/2015/page/2/", "timeline/2016/"], "the year index moved");
}

/// The fact `Theme::counts_beyond_home` rests on: every page of a small site rendered with
/// the built-in templates twice, with `site.counts` as they are and made up, differs only on
/// the home page (which is always planned). A built-in template that starts showing the
/// counts elsewhere fails here instead of leaving pages stale in `serve`.
#[test]
fn the_default_theme_shows_the_counts_on_the_home_page_only() {
    use crate::site::theme::{DEFAULT_COUNTS_TEMPLATE, Theme};
    use crate::site::views::{SiteView, Views};

    let mut reports = split_timeline();
    reports[0].people = vec!["王明远", "李秀兰"];
    let mut content = Content { reports: reports.iter().map(R::page).collect(), entities: Vec::new() };
    let front = Arc::make_mut(&mut content.reports[1]);
    front.front.counties = vec!["金川县".into()];
    front.front.programs = vec!["乡村振兴示范工程".into()];
    let site = graph::build(config(), &content).unwrap();
    assert!(Kind::ALL.iter().all(|&k| !site.of_kind(k).is_empty()), "every kind has a page");

    let theme = Theme::embedded();
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(theme.templates.iter().map(|t| (t.name.as_str(), t.source.as_str()))).unwrap();
    let markdown = crate::site::render::markdown_of(&site, true);
    let views = Views::new(&site, &markdown);
    let render = |page: Page, made_up: bool| {
        let mut shown = views.page(page).unwrap();
        let mut value = SiteView::new(&site, true);
        if made_up {
            let c = &mut value.counts;
            (c.reports, c.counties, c.people, c.programs, c.events) = (90001, 90002, 90003, 90004, 90005);
        }
        shown.context.insert("site", &value);
        (shown.template, tera.render(shown.template, &shown.context).unwrap())
    };
    let mut templates = BTreeSet::new();
    for page in views::pages(&site) {
        let ((template, real), (_, made_up)) = (render(page, false), render(page, true));
        templates.insert(template);
        if template == DEFAULT_COUNTS_TEMPLATE {
            assert!(real != made_up, "the home page shows the counts (else this test sees nothing)");
        } else {
            // Not `assert_eq!`: the two pages would fill the screen.
            assert!(real == made_up, "{template} shows site.counts: Theme::counts_beyond_home must say so");
        }
    }
    // Every template but the base and the partials (`_x.html`) is some page's.
    let pages: BTreeSet<&str> =
        theme.templates.iter().map(|t| t.name.as_str()).filter(|n| !n.starts_with('_') && *n != "base.html").collect();
    assert_eq!(templates, pages, "every page template was rendered");
}
