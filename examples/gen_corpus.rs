//! Deterministic corpus generator for benchmarks (not a user command).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --reports 10000 --out /dev/shm/corpus
//! ```
//!
//! writes `OUT/seeds/*.txt` (raw pages for `ingest`, with header furniture),
//! `OUT/site/content/reports/*.md` (the equivalent content pages for `build`) and `OUT/hugo/`,
//! the same site for Hugo: the same content files (their `counties`, `people` and `programs`
//! lists are Hugo taxonomies), `hugo.toml` and minimal templates equivalent to jianbao's
//! default theme (home, paginated report list, report page with its entities, events and
//! neighbours, paginated taxonomy lists, term pages with every report and the term's events,
//! sitemap, robots.txt and one feed). Each report has about 4,500 characters of Chinese text,
//! 1–3 counties, 2–8 people, 1–4 programs and 2–5 dated events naming them; entities come from
//! pools of ~300 counties (real names from the gazetteer), ~5,000 people and ~600 programs.
//! The same arguments always give the same bytes. `--copies PERCENT` makes that share of the
//! seeds reprints of others (other furniture, source and date, the last paragraph dropped), for the benchmark of copy detection (`bench/copies.sh`).
//!
//! The integration tests (`tests/it/main.rs`) include this file as a module to generate small corpora.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jianbao::frontmatter::{self, Event, ReportFront};
use jianbao::gazetteer::{self, Level};

/// SplitMix64: a tiny, well-known generator; enough for reproducible test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct items.
    fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = Vec::new();
        while idx.len() < k.min(items.len()) {
            let i = self.below(items.len());
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        idx.into_iter().map(|i| &items[i]).collect()
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "明华国建平志文军伟强海东丽秀英兰芳玉春林成德福庆荣光辉永新中正兴宏学安明利清金龙云峰晓红";
const PROGRAM_HEADS: &[&str] = &[
    "百千万", "千村万户", "五个一", "双推进", "三变改革", "四好村", "一村一品", "双带", "雨露", "春风", "连心", "同心",
    "暖心", "富民", "强基",
];
const PROGRAM_KINDS: &[&str] = &["工程", "行动", "计划", "活动", "项目"];
const ROLES: &[&str] = &["县委书记", "县长", "政协委员", "村民", "驻村第一书记", "乡长", "人大代表", "合作社理事长"];
const FILLER: &[&str] = &[
    "坚持把脱贫攻坚作为头等大事和第一民生工程,集中力量攻坚克难",
    "聚焦两不愁三保障目标,扎实推进产业扶贫、就业扶贫和教育扶贫",
    "建立健全帮扶责任体系,压实各级干部帮扶责任,做到精准施策",
    "加大财政投入力度,整合涉农资金用于贫困村基础设施建设",
    "发展特色种养殖业,带动贫困群众稳定增收,巩固脱贫成果",
    "组织干部深入村组农户,宣讲政策、理清思路、解决实际困难",
    "完善利益联结机制,让贫困户更多分享产业发展的增值收益",
    "加强基层党组织建设,发挥党员先锋模范作用,凝聚脱贫合力",
];

struct Pools {
    counties: Vec<String>,
    people: Vec<String>,
    programs: Vec<(String, &'static str)>,
}

fn pools(rng: &mut Rng) -> Pools {
    let counties: Vec<String> = gazetteer::get()
        .all()
        .iter()
        .filter(|d| d.level == Level::County && d.current && d.name.ends_with('县') && d.name.chars().count() == 3)
        .take(300)
        .map(|d| d.name.clone())
        .collect();
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut people: Vec<String> = Vec::new();
    while people.len() < 5000 {
        let name = format!("{}{}{}", rng.pick(&surnames), rng.pick(&given), rng.pick(&given));
        if !people.contains(&name) {
            people.push(name);
        }
    }
    let mut programs = Vec::new();
    for i in 0..600 {
        // 300 places × 15 heads: the second round takes the next head, so all 600 differ.
        let head = PROGRAM_HEADS[(i + i / counties.len()) % PROGRAM_HEADS.len()];
        let place = &counties[i % counties.len()];
        let short: String = place.chars().take(2).collect();
        programs.push((format!("{short}{head}"), PROGRAM_KINDS[i % PROGRAM_KINDS.len()]));
    }
    Pools { counties, people, programs }
}

struct Report {
    title: String,
    date: String,
    source: String,
    paragraphs: Vec<String>,
    counties: Vec<String>,
    people: Vec<String>,
    programs: Vec<String>,
    events: Vec<Event>,
}

fn report(i: usize, rng: &mut Rng, pools: &Pools) -> Report {
    let (n_counties, n_people, n_programs) = (rng.range(1, 3), rng.range(2, 8), rng.range(1, 4));
    let counties: Vec<String> = rng.sample(&pools.counties, n_counties).into_iter().cloned().collect();
    let people: Vec<String> = rng.sample(&pools.people, n_people).into_iter().cloned().collect();
    let programs: Vec<&(String, &str)> = rng.sample(&pools.programs, n_programs);
    let year = 2015 + rng.below(6);
    let date = format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
    let mut paragraphs = Vec::new();
    let mut events = Vec::new();
    let n_events = rng.range(2, 5);
    for (k, person) in people.iter().enumerate() {
        let county = &counties[k % counties.len()];
        let (program, kind) = programs[k % programs.len()];
        let role = rng.pick(ROLES);
        let mut p = format!("{county}{role}{person}带领工作组深入开展“{program}”{kind},");
        if events.len() < n_events {
            let (m, d) = (rng.range(1, 12), rng.range(1, 28));
            let clause = format!("{year}年{m}月{d}日,{person}到{county}调研“{program}”{kind}推进情况");
            write!(p, "{clause}。").unwrap();
            events.push(Event {
                date: format!("{year}-{m:02}-{d:02}"),
                end: None,
                text: clause,
                counties: vec![county.clone()],
                people: vec![person.clone()],
                programs: vec![program.clone()],
            });
        }
        paragraphs.push(p);
    }
    // Every county and program of the front matter is named in the text.
    paragraphs.push(format!(
        "本报告涉及{},重点推进{}。",
        counties.join("、"),
        programs.iter().map(|(p, k)| format!("“{p}”{k}")).collect::<Vec<_>>().join("、")
    ));
    // Filler up to about 4,500 characters.
    while paragraphs.iter().map(|p| p.chars().count()).sum::<usize>() < 4500 {
        let mut p = String::new();
        for _ in 0..6 {
            write!(p, "{}。", rng.pick(FILLER)).unwrap();
        }
        paragraphs.push(p);
    }
    Report {
        title: format!("{}扶贫工作情况报告(第{i}号)", counties[0]),
        date,
        source: format!("{}人民政府", counties[0]),
        paragraphs,
        counties,
        people,
        programs: programs.iter().map(|(p, _)| p.clone()).collect(),
        events,
    }
}

fn raw_page(r: &Report) -> String {
    let mut s = format!(
        "您现在的位置:首页 > 工作动态\n{}\n来源:{} 发布时间:{} 点击数:12\n【字体:大 中 小】【打印】\n",
        r.title, r.source, r.date
    );
    for p in &r.paragraphs {
        writeln!(s, "  {p}").unwrap();
    }
    s.push_str("分享到\n相关新闻\n版权所有 某县人民政府\n");
    s
}

fn content_page(r: &Report, seed: &str) -> String {
    let front = ReportFront {
        title: r.title.clone(),
        date: Some(r.date.clone()),
        source: Some(r.source.clone()),
        seed: Some(seed.to_string()),
        counties: r.counties.clone(),
        people: r.people.clone(),
        programs: r.programs.clone(),
        events: r.events.clone(),
        ..Default::default()
    };
    frontmatter::write_report(&front, &(r.paragraphs.join("\n\n") + "\n"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes the corpus of `n` reports under `out` (see the module documentation).
pub fn generate(n: usize, out: &Path) {
    generate_with_copies(n, out, 0);
}

/// A reprint of `r` by another outlet: other furniture and source, dated the 2nd of the
/// report's month, its last paragraph dropped.
fn reprint_page(r: &Report) -> String {
    let mut s = format!("当前位置:首页 > 转载新闻\n{}\n时间:{}-02 来源:{}网\n", r.title, &r.date[..7], r.source);
    for p in &r.paragraphs[..r.paragraphs.len() - 1] {
        writeln!(s, "{p}").unwrap();
    }
    s.push_str("【打印本页】【关闭窗口】\n主办:某州人民政府\n");
    s
}

/// As `generate`, with `copy_percent` of the `n` seeds reprints of other seeds (written to
/// `seeds/` only, as `<i>-copy.txt`; the content pages are the originals'): the benchmark's
/// corpus for the cost of copy detection.
pub fn generate_with_copies(n: usize, out: &Path, copy_percent: usize) {
    let mut rng = Rng(0x6a69616e62616f);
    let pools = pools(&mut rng);
    let copies = n * copy_percent / 100;
    let originals = n - copies;
    for i in 0..originals {
        let r = report(i, &mut rng, &pools);
        if i < copies {
            write(&out.join("seeds").join(format!("{i:06}-copy.txt")), &reprint_page(&r));
        }
        let seed = format!("{i:06}.txt");
        let page = content_page(&r, &seed);
        let name = format!("r{i:06}.md");
        write(&out.join("seeds").join(&seed), &raw_page(&r));
        write(&out.join("site/content/reports").join(&name), &page);
        write(&out.join("hugo/content/reports").join(&name), &page);
    }
    for (path, text) in HUGO_FILES {
        write(&out.join("hugo").join(path), text);
    }
}

/// The Hugo site around the content: configuration and templates doing what jianbao's
/// default theme does, minimally. Feeds: one for the home page (jianbao writes one Atom feed).
const HUGO_FILES: &[(&str, &str)] = &[
    (
        "hugo.toml",
        r#"baseURL = "https://example.org/"
locale = "zh-CN"
title = "简报"
enableRobotsTXT = true
hasCJKLanguage = true
summaryLength = 120
[taxonomies]
county = "counties"
person = "people"
program = "programs"
[pagination]
pagerSize = 50
[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]
"#,
    ),
    (
        "layouts/baseof.html",
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "reports/" | relURL }}">报告</a> <a href="{{ "counties/" | relURL }}">县区</a> <a href="{{ "people/" | relURL }}">人物</a> <a href="{{ "programs/" | relURL }}">项目</a></nav>
</header>
{{ if not .IsHome }}<nav class="breadcrumbs"><a href="{{ "" | relURL }}">首页</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} › {{ .Title }}</nav>{{ end }}
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ "index.xml" | relURL }}">订阅</a> · <a href="{{ "sitemap.xml" | relURL }}">网站地图</a></footer>
</body>
</html>
"#,
    ),
    (
        "layouts/_partials/card.html",
        r#"<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time> · {{ .Params.source }}</p>
<p>{{ .Summary | plainify }}</p></li>
"#,
    ),
    (
        "layouts/home.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $reports := where site.RegularPages "Section" "reports" }}
<p>{{ len $reports }} 篇报告</p>
<ol>{{ range first 10 $reports.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}</ol>
{{ range $name, $terms := site.Taxonomies }}<h2>{{ $name }}</h2>
<ul>{{ range first 12 $terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
{{ end }}
"#,
    ),
    (
        "layouts/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ol>{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ol>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
    (
        "layouts/single.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time> · {{ .Params.source }}</p>
{{ .Content }}</article>
{{ range $taxonomy, $label := dict "counties" "县区" "people" "人物" "programs" "项目" }}{{ with $.GetTerms $taxonomy }}<h3>{{ $label }}</h3>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
{{ with .Params.events }}<h2>大事记</h2><ol>{{ range $i, $e := . }}<li id="event-{{ add $i 1 }}"><time>{{ $e.date }}</time> {{ $e.text }}
{{ range $e.people }}<a href="{{ printf "people/%s/" (. | urlize) | relURL }}">{{ . }}</a> {{ end }}</li>{{ end }}</ol>{{ end }}
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"#,
    ),
    (
        "layouts/taxonomy.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages 200 }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ len .Pages }} 篇报告</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
    (
        "layouts/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $name := .Title }}{{ $kind := .Data.Plural }}
<h2>相关报告 {{ len .Pages }} 篇</h2>
<ol>{{ range .Pages.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}</ol>
<h2>大事记</h2>
<ol>{{ range .Pages.ByDate }}{{ $report := . }}{{ range .Params.events }}{{ if in (index . $kind) $name }}<li><time>{{ .date }}</time> {{ .text }} 见<a href="{{ $report.RelPermalink }}">《{{ $report.Title }}》</a></li>{{ end }}{{ end }}{{ end }}</ol>
{{ end }}
"#,
    ),
    ("static/style.css", "body { font-family: sans-serif; max-width: 50rem; margin: auto; }\n"),
];

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let mut n = 1000usize;
    let mut copies = 0usize;
    let mut out = PathBuf::from("corpus");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--reports" => n = args.next().and_then(|v| v.parse().ok()).expect("--reports N"),
            "--out" => out = args.next().map(PathBuf::from).expect("--out DIR"),
            "--copies" => copies = args.next().and_then(|v| v.parse().ok()).expect("--copies PERCENT"),
            other => panic!("unknown argument {other}; usage: gen_corpus --reports N --out DIR [--copies PERCENT]"),
        }
    }
    generate_with_copies(n, &out, copies);
    eprintln!("gen_corpus: {n} reports in {}", out.display());
}
