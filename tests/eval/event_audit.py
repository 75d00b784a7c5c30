#!/usr/bin/env python3
"""Audit the events of ingested report pages: what a reader of the timeline would call wrong.

usage: event_audit.py CONTENT_DIR [CONTENT_DIR ...] [--list]

Reads every report page (front matter with `seed:`) under each CONTENT_DIR and prints, per
folder, per 100 report pages:

- qualifying: events whose date only qualifies something else: a comparison (较去年, 比上年同期,
  由去年同期的…), a figure (截至…累计…; 2015年末贫困人口4万人; 1-10月,…完成…亿元) or a
  document's title (《2019年…工作要点》); an event counts when every expression of its year in
  its text is of that kind;
- duplicates: events of one report stating one clause (the same text, or one text holding the
  other, datelines aside) at one date or at a coarser form of the other's date (2019 beside
  2019-06-16); the second of each such pair counts;
- datelines: event texts opening with a news dateline (本报讯(记者 …), 某某网讯, 新华社某地…电).

`--list` prints each finding. The checks are regular expressions written for this audit, not
jianbao's own rules, so that the figures measure the extraction rather than restate it.
"""
import glob
import os
import re
import sys

import yaml

FIGURE = r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:个|户|人|名|元|亩|家|所|项|条|公里|吨|%|百分点|次|座|台|套|件|倍)"
YEAR = r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年|上年|前年|明年))"
COMPARISON = [
    re.compile(r"(?:比|较|较之|相较于?|相比于?|对比|由|与|同|高于|低于|超过)" + YEAR),
    re.compile(YEAR + r"(?:的?同期|相比|相较|持平)"),
]
STATISTIC = [
    re.compile(r"(?:截至|截止|截止到|截止至|到|至)" + YEAR + r"[^。;]{0,40}?" + FIGURE),
    re.compile(YEAR + r"(?:年末|年底|末|底)(?![前以,])[^,。;]{0,20}?" + FIGURE),
]
TITLE = re.compile(r"《[^《》]*》")
ANY_YEAR = re.compile(YEAR)
PERIOD = re.compile(r"(?<!\d)1\s*[-—–~至到]\s*\d{1,2}月份?,?[^。;]{0,30}?" + FIGURE)
DATELINE = re.compile(
    r"^[^,。;:\s]{0,20}?(?:网|报|社|台|频道|客户端|本刊)[^,。;:\s]{0,10}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电|消息)"
    r"|^[^,。;:\s]{0,24}?(?:讯|电|消息)\s*\((?:[^()]{0,10})(?:记者|通讯员|实习生|作者)"
)


def front(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    data = yaml.safe_load(text[3:end]) if end > 0 else None
    return data if isinstance(data, dict) and data.get("seed") else None


def year_of(m, page_year):
    if m.group("y"):
        return int(m.group("y"))
    if page_year is None:
        return None
    return page_year + {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[m.group("rel")]


def qualifying(event, page_year):
    """Whether every expression of the event's year in its text qualifies something else."""
    date = str(event.get("date", ""))
    text = event.get("text", "")
    year = int(date[:4])
    if len(date) == 7 and date.endswith("-01") and event.get("end") and PERIOD.search(text):
        return "statistic"
    spans = [year_span(m) for m in ANY_YEAR.finditer(text) if year_of(m, page_year) == year]
    if len(date) > 4:
        # A month the text states on its own (9月11日) dates the event, whatever its year qualifies.
        month = re.compile(r"(?<![\d年])0?%d月" % int(date[5:7]))
        stated = [m.span() for m in month.finditer(text)]
        if any(not in_title(text, s) for s in stated):
            return None
    if not spans:
        return None
    kinds = {}
    for kind, patterns in (("comparison", COMPARISON), ("statistic", STATISTIC)):
        for p in patterns:
            for m in p.finditer(text):
                if year_of(m, page_year) == year:
                    kinds.setdefault(year_span(m), kind)
    for s in spans:
        if in_title(text, s):
            kinds.setdefault(s, "title")
    found = [kinds.get(s) for s in spans]
    return found[0] if all(found) else None


def year_span(m):
    return m.span("y") if m.group("y") else m.span("rel")


def in_title(text, span):
    return any(t.start() < span[0] < t.end() for t in TITLE.finditer(text))


def strip_dateline(text):
    m = DATELINE.match(text)
    if not m:
        return text
    rest = text[m.end():]
    if rest.startswith("("):
        close = rest.find(")")
        rest = rest[close + 1:] if 0 <= close < 40 else rest
    return rest.strip()


def coarser_or_equal(a, b):
    return a == b or b.startswith(a + "-")


def duplicates(events):
    """Indices of events that restate an earlier or finer event's clause."""
    norm = [strip_dateline(e.get("text", "")).rstrip("。;") for e in events]
    dup = set()
    for i in range(len(events)):
        for j in range(len(events)):
            if i == j or j in dup:
                continue
            a, b = str(events[i].get("date")), str(events[j].get("date"))
            same = norm[i] == norm[j] or norm[i] in norm[j] or norm[j] in norm[i]
            if not same or not norm[i] or not norm[j]:
                continue
            # j restates i: j's date is i's or coarser, and j comes later when they are equal.
            if coarser_or_equal(b, a) and (a != b or j > i):
                dup.add(j)
    return dup


def audit(folder, listing):
    pages = 0
    counts = {"events": 0, "qualifying": 0, "duplicates": 0, "datelines": 0}
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.md"), recursive=True)):
        fm = front(path)
        if fm is None:
            continue
        pages += 1
        page_year = int(str(fm["date"])[:4]) if fm.get("date") else None
        events = fm.get("events") or []
        counts["events"] += len(events)
        name = os.path.basename(path)
        for e in events:
            kind = qualifying(e, page_year)
            if kind:
                counts["qualifying"] += 1
                listing and print(f"  qualifying ({kind}): {name}: {e['date']} {e['text'][:60]}")
            if DATELINE.match(e.get("text", "")):
                counts["datelines"] += 1
                listing and print(f"  dateline: {name}: {e['text'][:60]}")
        for j in sorted(duplicates(events)):
            counts["duplicates"] += 1
            listing and print(f"  duplicate: {name}: {events[j]['date']} {events[j]['text'][:60]}")
    per100 = {k: (100.0 * v / pages if pages else 0.0) for k, v in counts.items()}
    print(
        f"{folder}: {pages} pages, {counts['events']} events; per 100 pages: "
        f"events {per100['events']:.0f}, qualifying {per100['qualifying']:.1f}, "
        f"duplicates {per100['duplicates']:.1f}, datelines {per100['datelines']:.1f} "
        f"(counts {counts['qualifying']}/{counts['duplicates']}/{counts['datelines']})"
    )


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    for folder in args:
        audit(folder, "--list" in sys.argv)


if __name__ == "__main__":
    main()
