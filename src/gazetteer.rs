//! China's administrative divisions (GB/T 2260), former and current names, from
//! `data/divisions.tsv` (sources and licence in `data/SOURCES.md`).
//!
//! Owns the data and its look-ups: by full name, by short form, by code, and the lineage from
//! a former name to its successor. It decides nothing about text; `ingest::counties` does.

use std::collections::HashMap;
use std::sync::LazyLock;

const DIVISIONS_TSV: &str = include_str!("../data/divisions.tsv");

/// One-character abbreviations of the provincial-level divisions (鲁 for 山东, 渝 for 重庆,
/// with the second forms 蜀 黔 滇 秦 陇), as reports pair them: 闽宁协作, 沪滇扶贫协作.
pub const PROVINCE_ABBREVIATIONS: &str =
    "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青宁新藏桂蒙港澳台";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

/// One row of the gazetteer: a name a division has or had.
#[derive(Debug, Clone, PartialEq)]
pub struct Division {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub province: String,
    pub prefecture: String,
    /// False for a name absent from the newest snapshot.
    pub current: bool,
    /// For a former name, the code of the unit that replaced it.
    pub successor: Option<String>,
    pub short: Option<String>,
    /// The reading, lowercase syllables separated by spaces.
    pub pinyin: String,
    pub lng: Option<f64>,
    pub lat: Option<f64>,
}

/// National new areas and development zones (两江新区, 某某经开区) carry codes in newer tables
/// but are not divisions: a district that a zone administers still exists under its own name
/// (the newer table drops 渝北区 when it lists 两江新区).
fn is_functional_zone(name: &str) -> bool {
    ["新区", "开发区", "经开区", "高新区", "示范区", "管理区"].iter().any(|s| name.ends_with(s))
}

pub struct Gazetteer {
    divisions: Vec<Division>,
    by_name: HashMap<String, Vec<usize>>,
    by_short: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, Vec<usize>>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(DIVISIONS_TSV));

/// The gazetteer bundled with the binary, parsed on first use.
pub fn get() -> &'static Gazetteer {
    &GAZETTEER
}

fn parse_level(s: &str) -> Option<Level> {
    match s {
        "province" => Some(Level::Province),
        "prefecture" => Some(Level::Prefecture),
        "county" => Some(Level::County),
        _ => None,
    }
}

impl Gazetteer {
    fn parse(tsv: &str) -> Gazetteer {
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let cols =
            ["code", "name", "level", "province", "prefecture", "status", "successor", "short", "pinyin", "lng", "lat"]
                .map(col);
        let mut divisions = Vec::new();
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |i: usize| cols[i].and_then(|c| f.get(c)).map(|s| s.trim()).unwrap_or("");
            let opt = |i: usize| Some(get(i).to_string()).filter(|s| !s.is_empty());
            let Some(level) = parse_level(get(2)) else { continue };
            divisions.push(Division {
                code: get(0).to_string(),
                name: get(1).to_string(),
                level,
                province: get(3).to_string(),
                prefecture: get(4).to_string(),
                current: get(5) != "former",
                successor: opt(6),
                short: opt(7),
                pinyin: get(8).to_string(),
                lng: get(9).parse().ok(),
                lat: get(10).parse().ok(),
            });
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_short: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            by_name.entry(d.name.clone()).or_default().push(i);
            by_code.entry(d.code.clone()).or_default().push(i);
            if let Some(s) = &d.short {
                by_short.entry(s.clone()).or_default().push(i);
            }
        }
        Gazetteer { divisions, by_name, by_short, by_code }
    }

    pub fn all(&self) -> &[Division] {
        &self.divisions
    }

    fn pick(&self, idx: Option<&Vec<usize>>) -> Vec<&Division> {
        idx.map(|v| v.iter().map(|&i| &self.divisions[i]).collect()).unwrap_or_default()
    }

    /// Every division that has or had this full name (several: 朝阳区 is in two cities).
    pub fn by_full_name(&self, name: &str) -> Vec<&Division> {
        self.pick(self.by_name.get(name))
    }

    /// Every division whose short form is `short` (金川 → 金川县).
    pub fn by_short(&self, short: &str) -> Vec<&Division> {
        self.pick(self.by_short.get(short))
    }

    /// Every name recorded under a code (a renamed unit keeps its code).
    pub fn by_code(&self, code: &str) -> Vec<&Division> {
        self.pick(self.by_code.get(code))
    }

    /// The current division a (possibly former) division became.
    pub fn current_of<'a>(&'a self, d: &'a Division) -> &'a Division {
        if d.current {
            return d;
        }
        let code = d.successor.as_deref().unwrap_or(&d.code);
        self.by_code(code)
            .into_iter()
            .find(|x| x.current && x.level == d.level && !is_functional_zone(&x.name))
            .unwrap_or(d)
    }

    /// The short forms readers use for a county-level division, derived by rule from its name
    /// and `short` (none listed by hand), each absent from the gazetteer's full names and
    /// short forms of other units (but the data's own short form, which several units may
    /// share): the short form (金川); for an autonomous county or banner,
    /// the short form with the kind of unit (张家川县, 鄂温克旗); for a Mongolian banner, the
    /// contraction of its parts (察哈尔右翼中旗 → 察右中旗, 科尔沁右翼前旗 → 科右前旗, 乌拉特前旗 →
    /// 乌前旗, 苏尼特左旗 → 苏左旗, 东乌珠穆沁旗 → 东乌旗, 达尔罕茂明安联合旗 → 达茂旗).
    pub fn usual_short_forms(&self, d: &Division) -> Vec<String> {
        let mut forms: Vec<String> = Vec::new();
        if d.level != Level::County {
            return d.short.iter().cloned().collect();
        }
        for (suffix, unit) in [("自治县", "县"), ("自治旗", "旗")] {
            if let (true, Some(short)) = (d.name.ends_with(suffix), &d.short) {
                forms.push(format!("{short}{unit}"));
            }
        }
        forms.extend(banner_contraction(&d.name));
        let taken = |f: &String| {
            self.by_full_name(f).iter().chain(&self.by_short(f)).any(|x| x.code != d.code && x.name != d.name)
        };
        forms.retain(|f| f != &d.name && !taken(f));
        forms.extend(d.short.iter().cloned());
        forms.sort();
        forms.dedup();
        forms
    }

    /// Other names of the same unit: former names that lead to it, and the name it has now.
    pub fn other_names(&self, d: &Division) -> Vec<String> {
        let now = self.current_of(d);
        let mut names: Vec<String> = self
            .divisions
            .iter()
            .filter(|x| x.level == d.level && x.name != d.name)
            .filter(|x| std::ptr::eq(self.current_of(x), now) || std::ptr::eq(*x, now))
            .filter(|x| x.code == now.code || x.successor.as_deref() == Some(now.code.as_str()))
            .map(|x| x.name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// The usual contraction of a Mongolian banner's name: the first character of its base name,
/// then what tells it from its neighbours (右翼 → 右), then 旗. `None` for other names.
fn banner_contraction(name: &str) -> Option<String> {
    let base = name.strip_suffix('旗')?;
    let chars: Vec<char> = base.chars().collect();
    if let Some(parts) = base.strip_suffix("联合") {
        // Two banners joined: the first character of each half (达尔罕 + 茂明安 → 达茂).
        let p: Vec<char> = parts.chars().collect();
        return (p.len() >= 4).then(|| format!("{}{}旗", p[0], p[p.len() / 2]));
    }
    for wing in ["右翼", "左翼"] {
        if let Some((head, side)) = base.split_once(wing) {
            let head: Vec<char> = head.chars().collect();
            let side_ok = matches!(side, "前" | "中" | "后");
            return (head.len() >= 2 && side_ok).then(|| format!("{}{}{side}旗", head[0], &wing[..3]));
        }
    }
    let last = *chars.last()?;
    if matches!(last, '前' | '中' | '后' | '左' | '右') && chars.len() >= 3 {
        return Some(format!("{}{last}旗", chars[0]));
    }
    if matches!(chars[0], '东' | '西') && chars.len() >= 5 {
        return Some(format!("{}{}旗", chars[0], chars[1]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(name: &str) -> Vec<String> {
        let g = get();
        let d = g.by_full_name(name).into_iter().find(|d| d.level == Level::County && d.current).expect(name);
        g.usual_short_forms(d)
    }

    #[test]
    fn usual_short_forms_are_derived_by_rule() {
        // The usual abbreviations of banners and autonomous counties, none of them in the data.
        for (name, short) in [
            ("达尔罕茂明安联合旗", "达茂旗"),
            ("察哈尔右翼中旗", "察右中旗"),
            ("察哈尔右翼后旗", "察右后旗"),
            ("科尔沁右翼前旗", "科右前旗"),
            ("科尔沁左翼中旗", "科左中旗"),
            ("乌拉特前旗", "乌前旗"),
            ("鄂托克前旗", "鄂前旗"),
            ("苏尼特左旗", "苏左旗"),
            ("东乌珠穆沁旗", "东乌旗"),
            ("张家川回族自治县", "张家川县"),
            ("秀山土家族苗族自治县", "秀山县"),
        ] {
            assert!(!DIVISIONS_TSV.contains(&format!("\t{short}\t")), "{short} is listed by hand");
            assert!(forms(name).contains(&short.to_string()), "{name}: {:?}", forms(name));
        }
        assert!(forms("金川县").contains(&"金川".to_string()), "the data's own short form");
        // A form that is another unit's name is not given (鄂伦春旗 is fine, 朝阳 is two units').
        assert!(forms("科尔沁区").iter().all(|f| f != "科区"));
    }

    fn current_name(name: &str) -> String {
        let g = get();
        let d = g.by_full_name(name).into_iter().find(|d| d.level == Level::County).expect(name);
        g.current_of(d).name.clone()
    }

    #[test]
    fn former_names_lead_to_the_current_unit() {
        assert_eq!(current_name("射洪县"), "射洪市");
        assert_eq!(current_name("许昌县"), "建安区");
    }

    #[test]
    fn a_new_area_never_replaces_a_district() {
        assert_eq!(current_name("渝北区"), "渝北区");
    }
}
