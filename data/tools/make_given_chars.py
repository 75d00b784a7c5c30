#!/usr/bin/env python3
"""Regenerate data/given_chars.tsv: how often each character occurs in Chinese given names,
and how often in running text, so ingest can weigh whether a character belongs to a name
(华, 明, 英 are name characters; 为, 到, 说 are running text).

One input, a pinned registry package ingest already depends on:
  * crates.io jieba-rs 0.11.0 (MIT): src/data/dict.txt, the segmenter's word list with
    corpus frequencies and part-of-speech tags.
      - Given names: its person names (tag `nr`) of the form surname + given name, the
        surname from data/surnames.tsv (historical, literary and public figures, e.g.
        朱元璋, 欧阳修). Each name counts once; the filters below drop the entries that are
        not a surname and a given name (see `name_rejection`).
      - Running text: a character's text frequency is the sum of the frequencies of the
        dictionary words holding it.

Usage:
    python3 data/tools/make_given_chars.py                 # writes data/given_chars.tsv
    python3 data/tools/make_given_chars.py --log FILE      # + every entry's decision

`cargo fetch` (run in this repository, which depends on jieba-rs) puts the jieba-rs .crate
into cargo's registry cache, where the script reads it. Only the standard library is needed.
Same package in, byte-identical file out.
"""
from __future__ import annotations

import argparse
import glob
import io
import json
import math
import os
import subprocess
import statistics
import tarfile
from collections import Counter

JIEBA = ("jieba-rs", "0.11.0")
# Added to every character's given-name count: the names are tens of thousands, not
# millions, so a character no listed name uses (淑 in a modern woman's name) is unseen, not
# impossible; its odds then come from how rare it is in text (说 stays far below zero).
GIVEN_PSEUDO_COUNT = 0.5
# A character is a transliteration character when the dictionary's transliterated names
# (tag nrt: 斯特林, 米凯尔) hold it this often relative to its `nr` entries; an `nr` entry
# with two such characters is a foreign name behind a surname-like first character (马克尔).
TRANSLITERATION_SHARE = 0.3
TRANSLITERATION_MIN_NRT = 20
# `nr` entries this frequent are words or titles more often than people (汉白玉 2665,
# 老太太 2000, 维生素 1933); the famous people among them (毛泽东) are few and each name
# counts once anyway.
MAX_NAME_FREQ = 1000
# Tags of a given name that is itself a dictionary word and still a given name: another
# person (nr, nrfg: 志强, 志成) or a proper name (nz: 新华, 国华). Any other tag makes
# surname + word (李博士, 王疯子, 唐朝廷, 宋发兵, 利八世) rather than a person.
NAME_WORD_TAGS = ("nr", "nz")
# The last character of administrative units: 毕节县, 景德镇, 章贡区 are places tagged nr.
ADMIN_SUFFIXES = set("省市县区镇乡村州郡旗")
# A famous two-character name followed by a verb is listed as if it were one name (郭靖 +
# 叹, 骑, 领 …: dozens of entries share the first two characters). A group of at least this
# many entries sharing surname + first given character whose last characters are mostly
# running text (median log odds below zero, from a first count) is such a list.
FRAGMENT_GROUP = 5
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def jieba_crate() -> str:
    name, version = JIEBA
    pattern = os.path.join(os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")),
                           "registry", "cache", "*", f"{name}-{version}.crate")
    found = sorted(glob.glob(pattern))
    if not found:
        subprocess.run(["cargo", "fetch"], cwd=REPO, check=True)
        found = sorted(glob.glob(pattern))
    if not found:
        raise SystemExit(f"{name} {version} not in cargo's cache after `cargo fetch`")
    return found[0]


def dictionary() -> list[tuple[str, int, str]]:
    """(word, frequency, tag) for every line of jieba's dict.txt, in file order."""
    name, version = JIEBA
    entries = []
    with tarfile.open(jieba_crate()) as tar:
        member = tar.extractfile(f"{name}-{version}/src/data/dict.txt")
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            parts = line.split()
            if len(parts) == 3:
                entries.append((parts[0], int(parts[1]), parts[2]))
    return entries


def surnames() -> tuple[set[str], set[str]]:
    """Single-character and compound surnames from data/surnames.tsv."""
    with open(os.path.join(REPO, "data", "surnames.tsv"), encoding="utf-8") as f:
        names = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]
    return {s for s in names if len(s) == 1}, {s for s in names if len(s) == 2}


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def split_name(word: str, single: set[str], compound: set[str]) -> tuple[str, str] | None:
    """Surname + given name, preferring a compound surname, as ingest's names.rs does."""
    if len(word) >= 3 and word[:2] in compound:
        return word[:2], word[2:]
    if word[:1] in single:
        return word[:1], word[1:]
    return None


def transliteration_chars(entries) -> set[str]:
    """Characters used about as much in transliterated foreign names (nrt) as in `nr` ones."""
    nrt: Counter = Counter()
    nr: Counter = Counter()
    for word, _, tag in entries:
        if tag == "nrt":
            nrt.update(set(word))
        elif tag == "nr":
            nr.update(set(word))
    return {c for c, n in nrt.items()
            if n >= TRANSLITERATION_MIN_NRT and n >= TRANSLITERATION_SHARE * nr[c]}


def name_rejection(word: str, freq: int, tags: dict[str, str], foreign: set[str],
                   single: set[str], compound: set[str]) -> str | None:
    """Why a three- or four-character `nr` entry is not surname + given name, or None."""
    if not all(is_han(c) for c in word):
        return "not Han"
    split = split_name(word, single, compound)
    if split is None:
        return "no surname"
    surname, given = split
    # Three characters with a compound surname leave a one-character given name (诸葛亮).
    if len(given) != 2 and not (len(surname) == 2 and len(given) == 1):
        return "given name length"
    if freq > MAX_NAME_FREQ:
        return "frequency"
    if sum(c in foreign for c in word) >= 2:
        return "transliteration"
    if word[-1] in ADMIN_SUFFIXES:
        return "place"
    if len(given) == 2 and given in tags and not tags[given].startswith(NAME_WORD_TAGS):
        return "surname + word"
    # A word opens the entry (花生米, 玉米地, 安定路, 黄金周): a compound, not a surname.
    if len(surname) == 1 and word[:2] in tags:
        return "word + character"
    return None


def candidate_names(entries, log: dict | None) -> list[tuple[str, str]]:
    """(name, given name) for every `nr` entry that passes `name_rejection`."""
    tags = {w: t for w, _, t in entries}
    foreign = transliteration_chars(entries)
    single, compound = surnames()
    names = []
    for word, freq, tag in entries:
        if tag != "nr" or len(word) not in (3, 4):
            continue
        why = name_rejection(word, freq, tags, foreign, single, compound)
        if why is not None and log is not None:
            log.setdefault(why, []).append(word)
        if why is None:
            names.append((word, split_name(word, single, compound)[1]))
    return names


def log_odds(given: Counter, text: Counter):
    given_total = sum(given.values()) + GIVEN_PSEUDO_COUNT * len(text)
    text_total = sum(text.values())

    def odds(c: str) -> float:
        given_ppm = (given[c] + GIVEN_PSEUDO_COUNT) * 1e6 / given_total
        return math.log(given_ppm / max(text[c] * 1e6 / text_total, 1.0))
    return odds


def without_fragments(names: list[tuple[str, str]], text: Counter,
                      log: dict | None) -> list[tuple[str, str]]:
    """Drops the groups of `FRAGMENT_GROUP` description: a name plus the verb after it."""
    groups: dict[str, list[str]] = {}
    for word, given in names:
        if len(word) == 3 and len(given) == 2:
            groups.setdefault(word[:2], []).append(word)
    large = {p for p, group in groups.items() if len(group) >= FRAGMENT_GROUP}
    # Large groups are judged by the names outside them: 郭靖, 杨过 and 黄蓉 + a verb share
    # their verbs, so counting any of them would make those verbs look like name characters.
    reference: Counter = Counter()
    for word, given in names:
        if word[:2] not in large:
            reference.update(given)
    odds = log_odds(reference, text)
    fragments = {w for p in large if statistics.median(odds(w[2]) for w in groups[p]) < 0
                 for w in groups[p]}
    if log is not None:
        log["name + verb"] = sorted(fragments)
    return [(w, g) for w, g in names if w not in fragments]


def given_counts(entries, text: Counter, log: dict | None) -> Counter:
    names = without_fragments(candidate_names(entries, log), text, log)
    if log is not None:
        log["kept"] = [w for w, _ in names]
    counts: Counter = Counter()
    for _, given in names:
        counts.update(given)
    return counts


def text_counts(entries) -> Counter:
    counts: Counter = Counter()
    for word, freq, _ in entries:
        for char in word:
            counts[char] += freq
    return counts


def per_million(count: float, total: float) -> str:
    return f"{count * 1e6 / total:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO, "data", "given_chars.tsv"))
    parser.add_argument("--log", help="write each decision (kept or why dropped) as JSON")
    args = parser.parse_args()
    entries = dictionary()
    log: dict | None = {} if args.log else None
    text = text_counts(entries)
    given = given_counts(entries, text, log)
    # Every Han character of the dictionary is listed, seen in names or not (see
    # GIVEN_PSEUDO_COUNT); characters outside it are left to ingest's default.
    chars = {c for c in set(given) | set(text) if is_han(c)}
    smoothed = {c: given[c] + GIVEN_PSEUDO_COUNT for c in chars}
    given_total, text_total = sum(smoothed.values()), sum(text.values())
    rows = sorted(chars, key=lambda c: (-smoothed[c], c))
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("char\tgiven_ppm\ttext_ppm\n")
        for c in rows:
            out.write(f"{c}\t{per_million(smoothed[c], given_total)}\t{per_million(text[c], text_total)}\n")
    if log is not None:
        with open(args.log, "w", encoding="utf-8") as f:
            json.dump({k: {"count": len(v), "entries": v} for k, v in sorted(log.items())}, f,
                      ensure_ascii=False, indent=1)
    kept = len(log["kept"]) if log else "?"
    print(f"wrote {len(rows)} characters ({given_total} given-name characters, {kept} names) "
          f"to {args.out}")


if __name__ == "__main__":
    main()
