//! Where a county is: its province, prefecture, code and coordinates, and the link that opens
//! the national map service (天地图) there.
//!
//! Owns the rule that joins a county entity to the gazetteer: the editor's page wins for
//! code, province and prefecture; what it leaves out comes from the gazetteer, found by the
//! page's code, else by the name when only one unit has (or had) it. Coordinates always come
//! from the gazetteer; a unit renamed since (许昌县 → 建安区) takes those recorded under any of
//! its names. The county page and the `counties` table of /data/ both read this, so they agree.
//!
//! No base map is drawn: a map of China shown on a public site there must be an approved
//! standard map with its review number (审图号), which a publisher adds with their own map.
//! This module decides nothing about pages or files.

use crate::gazetteer::{self, Division, Level};
use crate::site::graph::Entity;
use crate::site::ids::Kind;
use crate::site::load::Facts;

/// The map service's page, centred on the coordinates (longitude, latitude, zoom level).
/// One place to change should the service change its parameters.
const MAP_SERVICE: &str = "https://map.tianditu.gov.cn/";
/// A county fills the screen at about this zoom level.
const MAP_ZOOM: u8 = 11;

/// What the site knows of where a county is.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Place {
    pub(crate) code: Option<String>,
    pub(crate) province: Option<String>,
    pub(crate) prefecture: Option<String>,
    pub(crate) lon: Option<f64>,
    pub(crate) lat: Option<f64>,
}

impl Place {
    /// The place of a county entity; `None` for people and programs.
    pub(crate) fn of(entity: &Entity) -> Option<Place> {
        if entity.kind != Kind::County {
            return None;
        }
        let facts = Facts::of(entity.page.as_ref().map(|p| &p.front));
        let unit = division_of(&entity.name, facts.code, facts.province);
        let from_unit = |get: fn(&Division) -> &str| unit.map(get).filter(|s| !s.is_empty()).map(str::to_string);
        let (lon, lat) = unit.and_then(coordinates).unzip();
        let own = |v: Option<&str>| v.map(str::to_string);
        Some(Place {
            code: own(facts.code).or_else(|| from_unit(|d| &d.code)),
            province: own(facts.province).or_else(|| from_unit(|d| &d.province)),
            prefecture: own(facts.prefecture).or_else(|| from_unit(|d| &d.prefecture)),
            lon,
            lat,
        })
    }

    /// The link opening the national map service at the county, when its coordinates are known.
    pub(crate) fn map_url(&self) -> Option<String> {
        let (lon, lat) = (self.lon?, self.lat?);
        Some(format!("{MAP_SERVICE}?lon={lon}&lat={lat}&zoom={MAP_ZOOM}"))
    }

    /// `东经 102.06°，北纬 31.48°`: two decimals are about a kilometre, enough to read.
    pub(crate) fn coordinates_label(&self) -> Option<String> {
        let (lon, lat) = (self.lon?, self.lat?);
        let east = if lon >= 0.0 { "东经" } else { "西经" };
        let north = if lat >= 0.0 { "北纬" } else { "南纬" };
        Some(format!("{east} {:.2}°，{north} {:.2}°", lon.abs(), lat.abs()))
    }
}

/// The county-level unit an entity stands for: by code when the page gives one (the row with
/// the entity's name if several names share the code), else by name when it is unambiguous,
/// or made so by the page's province (朝阳区 is in Beijing and in Changchun).
fn division_of(name: &str, code: Option<&str>, province: Option<&str>) -> Option<&'static Division> {
    let g = gazetteer::get();
    if let Some(code) = code {
        let rows: Vec<&Division> = g.by_code(code).into_iter().filter(|d| d.level == Level::County).collect();
        if let Some(d) = rows.iter().find(|d| d.name == name).or_else(|| rows.iter().find(|d| d.current)) {
            return Some(*d);
        }
    }
    let mut units: Vec<&Division> = g
        .by_full_name(name)
        .into_iter()
        .filter(|d| d.level == Level::County)
        .filter(|d| province.is_none_or(|p| d.province == p))
        .collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    units.dedup_by(|a, b| std::ptr::eq(g.current_of(a), g.current_of(b)));
    match units[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// The unit's coordinates, or those recorded under another name of the same unit.
fn coordinates(d: &Division) -> Option<(f64, f64)> {
    let own = |d: &Division| d.lng.zip(d.lat);
    if let Some(c) = own(d) {
        return Some(c);
    }
    let g = gazetteer::get();
    let now = g.current_of(d);
    own(now).or_else(|| {
        g.other_names(d)
            .iter()
            .flat_map(|n| g.by_full_name(n))
            .filter(|x| x.level == Level::County && std::ptr::eq(g.current_of(x), now))
            .find_map(own)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::CountyFront;
    use crate::site::load::{EntityFront, EntityPage};

    fn county(name: &str, front: Option<CountyFront>) -> Entity {
        Entity {
            kind: Kind::County,
            name: name.into(),
            slug: "x".into(),
            site_path: "counties/x/".into(),
            aliases: Vec::new(),
            page: front.map(|f| EntityPage {
                path: "content/counties/x.md".into(),
                front: EntityFront::County(f),
                body: String::new(),
                yaml: String::new(),
            }),
            reports: Vec::new(),
            events: Vec::new(),
        }
    }

    #[test]
    fn a_county_without_a_page_is_placed_by_its_name() {
        let p = Place::of(&county("单县", None)).unwrap();
        assert_eq!(p.province.as_deref(), Some("山东省"));
        assert_eq!(p.prefecture.as_deref(), Some("菏泽市"));
        assert_eq!(p.code.as_deref(), Some("371722"));
        let url = p.map_url().unwrap();
        assert!(url.starts_with("https://map.tianditu.gov.cn/?lon=116.") && url.contains("&lat=34."), "{url}");
        assert!(p.coordinates_label().unwrap().starts_with("东经 116."));
    }

    #[test]
    fn the_editors_page_wins_and_an_ambiguous_name_needs_it() {
        // 朝阳区 is a district of two cities: the name alone places it nowhere.
        let p = Place::of(&county("朝阳区", None)).unwrap();
        assert_eq!((p.province, p.lon), (None, None));
        let front = CountyFront { name: "朝阳区".into(), province: Some("吉林省".into()), ..Default::default() };
        let p = Place::of(&county("朝阳区", Some(front))).unwrap();
        assert_eq!(p.prefecture.as_deref(), Some("长春市"));
        assert!(p.lon.unwrap() > 125.0);
    }

    #[test]
    fn a_renamed_unit_takes_the_coordinates_of_its_former_name() {
        // The newer snapshot records no coordinates for 建安区; its former name 许昌县 has them.
        let p = Place::of(&county("建安区", None)).unwrap();
        assert_eq!(p.prefecture.as_deref(), Some("许昌市"));
        assert!(p.lat.is_some_and(|lat| (34.0..34.3).contains(&lat)), "{p:?}");
    }
}
