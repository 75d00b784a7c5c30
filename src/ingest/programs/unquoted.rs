//! Program names written without quotes whose shape alone says they are names:
//! - a year before an event's name (2021某某县农特产品购物节在…举行, 2019年某县农民丰收节);
//! - the plan or rules a notice issues (关于印发《2021年全县产业帮扶工作要点》的通知, 出台《…办法》,
//!   现将《…》印发给你们);
//! - an east–west pairing named by two province abbreviations (闽宁协作, 沪滇扶贫协作);
//! - the campaign a document launches (《关于开展某某大走访活动的方案》).
//!
//! Owns these four patterns only; quoted names, verbs and lists are `programs`.

use std::sync::LazyLock;

use regex::Regex;

use crate::gazetteer;
use crate::lexicon::Words;

/// Event names end in one of these; the year in front makes it a particular edition. A month
/// counts only as a campaign month (2020年某市消费扶贫月), not as a span (2018年至今每个月).
const EVENT_ENDINGS: &str =
    "节|季|博览会|展销会|交易会|推介会|论坛|大赛|运动会|(?:扶贫|帮扶|消费|宣传|服务|活动|文化|旅游)月";

/// At least four characters between the year and the ending, so holidays (2019年中秋节) and
/// quarters (2019年第一季) are not events of a report.
static YEAR_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"((?:19|20)\d{{2}}年?\p{{Han}}{{4,16}}?(?:{EVENT_ENDINGS}))(?:在|于|举行|开幕|启动|期间|活动|[,,。、;;:: “”(（]|$)"
    ))
    .expect("year event")
});

/// Plans and rules a notice issues (印发 / 出台 / 制定《…》, 将《…》《…》印发), one title or a run
/// of them: the document is the program it sets up. A 《…》 only cited (根据《…办法》, a
/// newspaper, a book) is issued by no one here.
static ISSUED_TITLES: LazyLock<Regex> = LazyLock::new(|| {
    let titles = r"((?:《[^《》\n]{4,40}》[、和及与]?)+)";
    let verb = "(?:印发|出台|制定|制订|下发)";
    Regex::new(&format!(r"{verb}了?{titles}|将{titles}(?:予以)?(?:印发|下发)")).expect("issued titles")
});

/// How the titles of plans and rules end; 意见, 通知 and 决定 are documents, not plans.
const PLAN_ENDINGS: Words = Words::new("program_words", "plan_ending");

static PLAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"《([^《》\n]{{4,40}}?(?:{}))》", PLAN_ENDINGS.join("|"))).expect("plan"));

/// `name` is a document of `program` (“X”活动 and 《X工作实施方案》, 《X资金管理办法》): the plan
/// sets up the program and is no second one.
pub(super) fn document_of(name: &str, program: &str) -> bool {
    let Some(rest) = name.strip_prefix(program) else { return false };
    let rest = rest.strip_prefix("工作").or_else(|| rest.strip_prefix("活动")).unwrap_or(rest);
    rest.chars().count() <= 6 && PLAN_ENDINGS.iter().any(|e| rest.ends_with(e))
}

/// Campaigns launched by a document titled after them: 《关于开展X活动的方案》, 《关于实施X工程
/// 的通知》. The document is not the program; the campaign it launches is.
static LAUNCHED_CAMPAIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"《关于(?:组织|深入|全面|广泛)?(?:开展|实施|启动|推进)(\p{Han}{4,30}?(?:活动|行动|工程|计划))的(?:实施方案|工作方案|方案|通知|意见)》",
    )
    .expect("launched campaign")
});

static PAIRING: LazyLock<Regex> = LazyLock::new(|| {
    let abbr = gazetteer::PROVINCE_ABBREVIATIONS;
    Regex::new(&format!(r"([{abbr}])([{abbr}])((?:东西部)?(?:扶贫|劳务|产业)?协作)")).expect("pairing")
});

/// Unquoted program names with their byte offsets.
pub(crate) fn find(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for c in YEAR_EVENT.captures_iter(text) {
        let m = c.get(1).expect("group");
        if !preceded_by_digit(text, m.start()) {
            out.push((m.as_str().to_string(), m.start()));
        }
    }
    for c in ISSUED_TITLES.captures_iter(text) {
        let run = c.get(1).or(c.get(2)).expect("group");
        for plan in PLAN.captures_iter(run.as_str()) {
            let m = plan.get(1).expect("group");
            out.push((m.as_str().to_string(), run.start() + m.start()));
        }
    }
    for c in LAUNCHED_CAMPAIGN.captures_iter(text) {
        let m = c.get(1).expect("group");
        out.push((m.as_str().to_string(), m.start()));
    }
    for c in PAIRING.captures_iter(text) {
        let m = c.get(0).expect("match");
        let pair = format!("{}{}", &c[1], &c[2]);
        if c[1] != c[2] && !starts_a_place_name(&pair) {
            out.push((m.as_str().to_string(), m.start()));
        }
    }
    out
}

fn preceded_by_digit(text: &str, at: usize) -> bool {
    text[..at].ends_with(|c: char| c.is_ascii_digit())
}

/// 辽宁扶贫协作 is Liaoning's, not a pairing of 辽 and 宁.
fn starts_a_place_name(pair: &str) -> bool {
    gazetteer::get().all().iter().any(|d| d.name.starts_with(pair))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_year_before_an_event_name() {
        assert_eq!(names("2021青川山货年货节在县城广场开幕,"), vec!["2021青川山货年货节"]);
        assert_eq!(names("举办2019年某县首届农民丰收节。"), vec!["2019年某县首届农民丰收节"]);
        assert!(names("2019年中秋节前夕,工作队走访贫困户").is_empty(), "a holiday is no event of the report");
        assert!(names("2019年第一季度").is_empty());
        assert!(names("12019年全县消费扶贫展销会在").is_empty());
    }

    #[test]
    fn the_plan_a_notice_issues() {
        assert_eq!(names("关于印发《2020年全县产业扶贫工作要点》的通知"), vec!["2020年全县产业扶贫工作要点"]);
        assert!(names("印发《关于进一步加强驻村帮扶工作的意见》").is_empty(), "an opinion is a document");
    }

    #[test]
    fn rules_a_notice_issues_or_sets_up() {
        assert_eq!(names("县政府出台《青山县扶贫小额信贷管理办法》,明确"), vec!["青山县扶贫小额信贷管理办法"]);
        assert_eq!(names("现将《青山县产业帮扶资金管理办法》印发给你们"), vec!["青山县产业帮扶资金管理办法"]);
        assert_eq!(names("制定了《2021年青山镇人居环境整治工作要点》"), vec!["2021年青山镇人居环境整治工作要点"]);
        assert!(names("根据《青山县扶贫资金管理办法》规定,").is_empty(), "a cited document is issued by no one here");
        assert!(names("《青山日报》刊发了《帮扶路上》一书的书评").is_empty(), "a newspaper or a book is no program");
        assert_eq!(
            names("现将《青山县小额信贷实施方案》《青山县贴息资金管理办法》印发你们"),
            vec!["青山县小额信贷实施方案", "青山县贴息资金管理办法"]
        );
    }

    #[test]
    fn a_campaign_month_with_its_year() {
        assert_eq!(names("9月1日,2021年青山市消费扶贫月活动正式启动。"), vec!["2021年青山市消费扶贫月"]);
        assert!(names("2018年至今每个月,工作队都要走访。").is_empty(), "a span of months is no campaign");
    }

    #[test]
    fn the_campaign_a_document_launches() {
        assert_eq!(names("会议宣读了《关于开展百名干部进百村大走访活动的方案》。"), vec!["百名干部进百村大走访活动"]);
        assert!(names("印发《关于加强驻村干部管理的通知》").is_empty(), "no campaign is launched");
    }

    #[test]
    fn pairings_of_two_provinces() {
        assert_eq!(names("深化闽宁协作,推动产业落地"), vec!["闽宁协作"]);
        assert_eq!(names("调研沪滇扶贫协作项目"), vec!["沪滇扶贫协作"]);
        assert!(names("辽宁扶贫协作办公室").is_empty(), "a province's own name is no pairing");
        assert!(names("加强东西部扶贫协作").is_empty());
    }
}
