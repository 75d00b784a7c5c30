#!/usr/bin/env python3
"""Writes data/jieba_dict.tsv from jieba-rs's bundled dictionary (src/data/dict.txt of the crate
the lock file names), for src/segment.rs: one `word<TAB>frequency` line per word, a word listed
twice taking its last frequency (as jieba-rs's loader does), sorted by UTF-8 bytes.

usage: python3 data/tools/make_jieba_dict.py ~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/dict.txt
"""
import sys

freq = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        parts = line.split()
        if parts:
            freq[parts[0]] = int(parts[1]) if len(parts) > 1 else 0
with open("data/jieba_dict.tsv", "w", encoding="utf-8", newline="\n") as out:
    for word in sorted(freq, key=lambda w: w.encode()):
        out.write(f"{word}\t{freq[word]}\n")
