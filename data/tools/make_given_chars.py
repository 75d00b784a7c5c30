#!/usr/bin/env python3
"""Regenerate data/given_chars.tsv: how often each character occurs in Chinese given names,
and how often in running text, so ingest can weigh whether a character belongs to a name
(华, 明, 英 are name characters; 为, 到, 说 are running text).

Inputs, both pinned registry packages:
  * PyPI ngender 0.1.1 (MIT): ngender/charfreq.csv, counts of each character in the given
    names (surname removed) of about 20 million records, split by sex.
  * crates.io jieba-rs 0.11.0 (MIT; the crate ingest already uses): src/data/dict.txt, the
    segmenter's word list with corpus frequencies; a character's text frequency is the sum
    of the frequencies of the words holding it.

Usage:
    python3 data/tools/make_given_chars.py                # cache in a temp dir
    python3 data/tools/make_given_chars.py --cache DIR    # keep/reuse downloads

`pip download` fetches the ngender sdist; `cargo fetch` (run in this repository, which
depends on jieba-rs) puts the jieba-rs .crate into cargo's registry cache, where the script
reads it. Only the standard library is needed. Same packages in, byte-identical file out.
"""
from __future__ import annotations

import argparse
import glob
import io
import os
import subprocess
import tarfile
import tempfile
from collections import Counter

NGENDER = ("ngender", "0.1.1")
JIEBA = ("jieba-rs", "0.11.0")
# Characters seen fewer times than this in given names are left out: at 32 million
# characters they are noise (typos, rare variants) and keep the file small.
MIN_GIVEN_COUNT = 20
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ngender_counts(cache: str) -> Counter:
    name, version = NGENDER
    sdist = os.path.join(cache, f"{name}-{version}.tar.gz")
    if not os.path.exists(sdist):
        subprocess.run(["pip", "download", "--no-deps", "--no-binary", ":all:", "-d", cache,
                        f"{name}=={version}"], check=True)
    counts: Counter = Counter()
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(f"{name}-{version}/ngender/charfreq.csv")
        lines = io.TextIOWrapper(member, encoding="utf-8").read().splitlines()
    for line in lines[1:]:
        char, male, female = line.split(",")
        counts[char] += int(male) + int(female)
    return counts


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


def text_counts() -> Counter:
    name, version = JIEBA
    counts: Counter = Counter()
    with tarfile.open(jieba_crate()) as tar:
        member = tar.extractfile(f"{name}-{version}/src/data/dict.txt")
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            parts = line.split()
            if len(parts) < 2:
                continue
            for char in parts[0]:
                counts[char] += int(parts[1])
    return counts


def per_million(count: int, total: int) -> str:
    return f"{count * 1e6 / total:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", help="download folder to keep and reuse")
    parser.add_argument("--out", default=os.path.join(REPO, "data", "given_chars.tsv"))
    args = parser.parse_args()
    cache = args.cache or tempfile.mkdtemp(prefix="jianbao-names-")
    os.makedirs(cache, exist_ok=True)
    given, text = ngender_counts(cache), text_counts()
    given_total, text_total = sum(given.values()), sum(text.values())
    rows = sorted((c for c, n in given.items() if n >= MIN_GIVEN_COUNT),
                  key=lambda c: (-given[c], c))
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("char\tgiven_ppm\ttext_ppm\n")
        for c in rows:
            out.write(f"{c}\t{per_million(given[c], given_total)}\t{per_million(text[c], text_total)}\n")
    print(f"wrote {len(rows)} characters to {args.out}")


if __name__ == "__main__":
    main()
