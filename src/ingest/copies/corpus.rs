//! A generator of test corpora with known copy groups (tests only): government-style reports
//! made of template sentences filled with invented names, real county names and figures,
//! stock phrases every report shares, and printings of some of them with another kicker,
//! furniture lines, a paragraph dropped at either end, punctuation of the other width and
//! stray spaces. The traps: a report written from the same templates with other names,
//! places and figures; a report on the same event (same names, county, date) written
//! separately; a report that quotes a paragraph of another.
//!
//! The same seed always gives the same corpus. `seed_file` writes an article as a seed file
//! as outlets publish it: text or saved web page, UTF-8 or GBK, with its outlet's furniture;
//! a printing carries its own headline (the same, `转载：` before it, a site's name after it, or
//! shortened), its own date (up to three days later) and source.

/// SplitMix64, as the benchmark's generator.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁";
const GIVEN: &str = "明华国建平志文军伟强海东丽秀英兰芳玉春林成德福庆荣光辉永新中正兴宏学安利清金龙云峰晓红";
const COUNTIES: &[&str] = &[
    "金川县", "小金县", "黑水县", "壤塘县", "若尔盖县", "红原县", "理县", "茂县", "松潘县", "九寨沟县", "汶川县",
    "马尔康市", "丹巴县", "炉霍县", "甘孜县", "新龙县", "德格县", "白玉县", "石渠县", "色达县", "理塘县", "巴塘县",
    "乡城县", "稻城县", "昭觉县", "美姑县", "布拖县", "金阳县", "喜德县", "越西县", "甘洛县", "雷波县", "普格县",
    "盐源县", "木里藏族自治县",
];
const PROGRAMS: &[&str] =
    &["百千万", "千村万户", "五个一", "双推进", "三变改革", "四好村", "一村一品", "雨露", "春风", "连心"];
/// Template sentences: {c} a county, {p} a person, {n} a figure, {g} a program, {v} a village.
const TEMPLATES: &[&str] = &[
    "{c}召开脱贫攻坚工作推进会，{p}出席会议并讲话",
    "会议指出，今年以来全县共实施产业扶贫项目{n}个，带动贫困户{n}户",
    "{p}强调，要把“{g}”行动作为巩固脱贫成果的重要抓手",
    "{v}村第一书记{p}介绍，全村{n}户贫困户已全部脱贫",
    "截至目前，{c}累计投入帮扶资金{n}万元，新建村道{n}公里",
    "{p}一行深入{v}村，实地查看了特色种植基地和易地搬迁安置点",
    "在{v}村，{p}与村民围坐在一起，详细询问家庭收入和就医就学情况",
    "{c}把“{g}”工程与乡村振兴衔接起来，确保政策不断档",
    "据了解，该县今年新增就业岗位{n}个，组织劳务输出{n}人次",
    "{p}要求，各级干部要沉下身子，真正做到帮扶到户、责任到人",
    "座谈会上，{p}听取了{v}村关于集体经济发展情况的汇报",
    "{c}政协组织委员{n}人开展专题调研，形成调研报告{n}篇",
    "该村通过“{g}”模式，发展中药材种植{n}亩，户均增收{n}元",
    "{p}指出，要持续抓好防返贫动态监测，对{n}户监测对象逐户落实帮扶措施",
    "{c}人大常委会组成执法检查组，对扶贫资金使用情况开展检查",
    "{v}村合作社理事长{p}说，去年合作社分红{n}万元，村民的日子越过越红火",
];
/// Stock phrases every report of the genre may carry.
const STOCK: &[&str] = &[
    "坚持把脱贫攻坚作为头等大事和第一民生工程，集中力量攻坚克难",
    "聚焦两不愁三保障目标，扎实推进产业扶贫、就业扶贫和教育扶贫",
    "建立健全帮扶责任体系，压实各级干部帮扶责任，做到精准施策",
    "加强基层党组织建设，发挥党员先锋模范作用，凝聚脱贫合力",
];
const VILLAGES: &[&str] =
    &["石门", "红旗", "新华", "团结", "向阳", "和平", "东风", "光明", "龙泉", "青山", "桃园", "金桥"];

/// One article as the detector sees it: body and names.
#[derive(Debug, Clone)]
pub(crate) struct Generated {
    pub(crate) body: String,
    pub(crate) names: Vec<String>,
    /// The copy group (the original's index); `None` for a report printed once.
    pub(crate) group: Option<usize>,
    /// The headline the report was written under (a printing's own varies it: `seed_file`).
    pub(crate) title: String,
    pub(crate) county: String,
}

/// What a report is made of: its template sentences per paragraph and the values filling them.
#[derive(Clone)]
struct Plan {
    paragraphs: Vec<Vec<usize>>,
    county: String,
    people: Vec<String>,
    village: String,
    program: String,
}

fn person(rng: &mut Rng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut name = String::new();
    name.push(s[rng.below(s.len())]);
    name.push(g[rng.below(g.len())]);
    if rng.below(3) > 0 {
        name.push(g[rng.below(g.len())]);
    }
    name
}

fn plan(rng: &mut Rng) -> Plan {
    let paragraphs =
        (0..4 + rng.below(6)).map(|_| (0..2 + rng.below(3)).map(|_| rng.below(TEMPLATES.len())).collect()).collect();
    let people = (0..2 + rng.below(3)).map(|_| person(rng)).collect();
    Plan {
        paragraphs,
        county: rng.pick(COUNTIES).to_string(),
        people,
        village: rng.pick(VILLAGES).to_string(),
        program: rng.pick(PROGRAMS).to_string(),
    }
}

/// The same templates with other names, places and figures.
fn refill(p: &Plan, rng: &mut Rng) -> Plan {
    let mut other = plan(rng);
    other.paragraphs = p.paragraphs.clone();
    other
}

/// The report's paragraphs: each template filled (figures drawn afresh), a stock phrase now
/// and then.
fn write(p: &Plan, rng: &mut Rng) -> Vec<String> {
    p.paragraphs
        .iter()
        .map(|sentences| {
            let mut para = String::new();
            for &t in sentences {
                let mut s =
                    TEMPLATES[t].replace("{c}", &p.county).replace("{v}", &p.village).replace("{g}", &p.program);
                s = s.replace("{p}", &p.people[rng.below(p.people.len())]);
                while let Some(i) = s.find("{n}") {
                    s.replace_range(i..i + 3, &(10 + rng.below(5000)).to_string());
                }
                para.push_str(&s);
                para.push('。');
                if rng.below(4) == 0 {
                    para.push_str(rng.pick(STOCK));
                    para.push('。');
                }
            }
            para
        })
        .collect()
}

/// A printing of `paragraphs` by another outlet.
fn reprint(paragraphs: &[String], rng: &mut Rng) -> Vec<String> {
    let mut out = paragraphs.to_vec();
    match rng.below(4) {
        0 if out.len() > 3 => {
            out.remove(0);
        }
        1 if out.len() > 3 => {
            out.pop();
        }
        _ => {}
    }
    if rng.below(2) == 0 {
        let reporter = person(rng);
        out[0] = format!("本网讯（记者 {reporter}）{}", out[0]);
    }
    if rng.below(2) == 0 {
        out.push(format!("（责任编辑：{}）", person(rng)));
    }
    if rng.below(2) == 0 {
        out = out
            .iter()
            .map(|p| p.replace('，', ",").replace('。', ". ").replace(['“', '”'], "\""))
            .collect();
    }
    out
}

/// The names of `plan` that `paragraphs` give.
fn names_in(p: &Plan, paragraphs: &[String]) -> Vec<String> {
    let text = paragraphs.concat();
    std::iter::once(&p.county).chain(&p.people).filter(|n| text.contains(n.as_str())).cloned().collect()
}

fn article(p: &Plan, paragraphs: Vec<String>, group: Option<usize>) -> Generated {
    let names = names_in(p, &paragraphs);
    let what = HEADLINES[p.people[0].chars().map(|c| c as usize).sum::<usize>() % HEADLINES.len()];
    let title = format!("{}{}村{what}", p.county, p.village);
    Generated { body: paragraphs.join("\n\n") + "\n", names, group, title, county: p.county.clone() }
}

/// What a headline says after its county and village.
const HEADLINES: &[&str] =
    &["扎实推进脱贫攻坚", "召开产业帮扶推进会", "巩固拓展脱贫成果", "开展专题调研", "产业帮扶见实效", "群众增收有门路"];
/// Outlets that print others' reports.
const OUTLETS: &[&str] = &["州日报", "省新闻网", "四川农村日报", "州人民政府网", "县融媒体中心"];

/// Article `i` of a corpus as a seed file: its name and bytes (see the module documentation).
/// The original of a group is dated by its index; its printings up to three days later.
pub(crate) fn seed_file(i: usize, g: &Generated) -> (String, Vec<u8>) {
    let mut rng = Rng(0x5eed_f11e ^ (i as u64).wrapping_mul(0x9e37_79b9));
    let origin = g.group.unwrap_or(i);
    let mut day = 1 + origin % 25;
    let (mut title, mut source) = (g.title.clone(), format!("{}人民政府", g.county));
    if origin != i {
        day += rng.below(4);
        source = rng.pick(OUTLETS).to_string();
        title = match rng.below(4) {
            0 => title,
            1 => format!("转载：{title}"),
            2 => format!("{title}_{source}"),
            _ => title.trim_start_matches(g.county.as_str()).to_string(),
        };
    }
    let date = format!("{}-{:02}-{day:02}", 2018 + origin % 5, 1 + origin / 5 % 12);
    let paragraphs: Vec<&str> = g.body.split("\n\n").map(str::trim).collect();
    let (html, gbk) = (rng.below(2) == 0, rng.below(2) == 0);
    let text = if html {
        let ps: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"{}\"><title>{title}_{source}</title></head><body>\n\
             <div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xw/\">新闻动态</a></div>\n<div class=\"article\"><h1>{title}</h1>\n\
             <div class=\"info\">发布时间：{date} 来源：{source}</div>\n<div class=\"content\">\n{ps}</div></div>\n\
             <div class=\"footer\">版权所有 {source} 蜀ICP备00000000号</div></body></html>\n",
            if gbk { "gbk" } else { "utf-8" }
        )
    } else {
        let ps: String = paragraphs.iter().map(|p| format!("  {p}\n")).collect();
        format!(
            "您现在的位置：首页 > 工作动态\n{title}\n发布时间：{date} 来源：{source} 点击数：{}\n【字体：大 中 小】【打印】\n{ps}分享到\n版权所有 {source}\n",
            rng.below(900)
        )
    };
    let name = format!("{i:04}.{}", if html { "html" } else { "txt" });
    let bytes = if gbk { encoding_rs::GBK.encode(&text).0.into_owned() } else { text.into_bytes() };
    (name, bytes)
}

/// `n` articles of which `copy_share` (a fraction) are printings of others; a fifth of the
/// rest are traps. Groups are numbered by their original's index.
pub(crate) fn corpus(n: usize, copy_share: f64, seed: u64) -> Vec<Generated> {
    let mut rng = Rng(seed);
    let copies = (n as f64 * copy_share).round() as usize;
    let mut out: Vec<Generated> = Vec::with_capacity(n);
    let mut made: Vec<(Plan, Vec<String>)> = Vec::new();
    while out.len() < n - copies {
        let i = out.len();
        let (p, paragraphs) = match (i % 10, made.len()) {
            (7, m) if m > 0 => trap_template(&made[rng.below(m)].0, &mut rng),
            (8, m) if m > 0 => trap_event(&made[rng.below(m)].0, &mut rng),
            (9, m) if m > 0 => trap_quote(&made[rng.below(m)].1, &mut rng),
            _ => {
                let p = plan(&mut rng);
                let paragraphs = write(&p, &mut rng);
                (p, paragraphs)
            }
        };
        out.push(article(&p, paragraphs.clone(), None));
        made.push((p, paragraphs));
    }
    for _ in 0..copies {
        let original = rng.below(made.len() / 2) * 2;
        let printed = reprint(&made[original].1, &mut rng);
        out.push(article(&made[original].0, printed, Some(original)));
        out[original].group = Some(original);
    }
    out
}

fn trap_template(p: &Plan, rng: &mut Rng) -> (Plan, Vec<String>) {
    let other = refill(p, rng);
    let paragraphs = write(&other, rng);
    (other, paragraphs)
}

fn trap_event(p: &Plan, rng: &mut Rng) -> (Plan, Vec<String>) {
    let mut other = plan(rng);
    other.county = p.county.clone();
    other.people = p.people.clone();
    other.village = p.village.clone();
    let paragraphs = write(&other, rng);
    (other, paragraphs)
}

fn trap_quote(paragraphs: &[String], rng: &mut Rng) -> (Plan, Vec<String>) {
    let own = plan(rng);
    let mut written = write(&own, rng);
    let quoted = &paragraphs[rng.below(paragraphs.len())];
    written.insert(1.min(written.len()), format!("正如报道所说：“{quoted}”"));
    (own, written)
}
