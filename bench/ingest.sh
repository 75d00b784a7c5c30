#!/usr/bin/env bash
# Ingest throughput: MB of raw text per second on a generated corpus, cold (no content, no
# cache: every seed is decoded and extracted, the recogniser tags every sentence that can hold
# a name) and warm (a second ingest of the unchanged site: every seed's articles come from
# .jianbao/cache/articles/, the copy detector's pairs from .jianbao/cache/copies/pairs).
# usage: bench/ingest.sh [REPORTS] [WORKDIR]   (defaults: 1000, /dev/shm/jianbao-bench)
#
# Figures: 1,000 reports, 13.6 MB of seeds, release build on /dev/shm; CPU = user + system of
# one run (`perf stat -e task-clock` agrees), so MB per CPU second; wall and the load beside.
# Before (a6c5b74) and after were measured alternately on 2026-12-07, load 7.7-8.3:
#                 before                          after (article cache + pairs memo)
#   cold   6.34 s CPU = 2.1 MB/CPU-s (8.4 s)      6.62 s CPU = 2.1 MB/CPU-s (10.6 s)  bar ≥ 1: met
#   warm   2.10-2.28 s CPU = 6.0-6.5 MB/CPU-s     0.33-0.37 s CPU = 37-41 MB/CPU-s    bar ≥ 12: met
#          (2.8-4.3 s wall)                        (0.60-0.76 s wall)
# Merged with x-desk (the writer remembers unchanged pages by their stat data), load 5.2:
#   cold 5.80 s CPU (5.95 s wall); warm 0.30-0.35 s CPU (0.37-0.46 s wall) = 39-45 MB/CPU-s.
# Peak memory warm: 34 MiB (was 134-141 MiB); cold 152 MiB (148).
# On a quiet machine (integrator, 2026-12-07 15:13 UTC, main after the merges, load 1.7):
#   cold 3.22 s wall, 5.89 s CPU = 2.3 MB/CPU-s; the second run (first warm) 0.24 s wall,
#   0.33 s CPU = 41 MB/CPU-s; later runs 0.26-0.28 s wall, 0.38-0.42 s CPU = 32-36 MB/CPU-s;
#   peak 36 MiB warm, 157 MiB cold. Both of issue 23's ingest bars are met.
#
# Where the CPU goes (perf record --call-graph dwarf, samples by the stage on their stack):
#   cold:  the recogniser (lac) 55 %, the other extraction rules 26 % (jieba 3.5 % more),
#          writing report pages 5 %, copy detection 3 %, decoding seeds 1 %, writing the
#          article cache 0.8 %, the rest (start-up, kernel) 4 %.
#   warm, before: extraction again for every seed (only the recogniser's tags were cached):
#          dictionary matching 10.6 %, jieba 7.3 %, regex 6.2 %, ... (most of the run).
#   warm, after (with x-desk): the writer's report pages 41 % (punct::restore 22 % of the
#          run: every page is rendered to compare it with what is on disk), entity pages 15 %,
#          reading and decoding the article cache 10 %, the kernel (start, page faults, exit)
#          14 %, the bodies' spill file 2.4 %, the pairs memo's key (blake3 over every body)
#          and the rest 17 %; copy detection 0.1 %, jieba 0.2 % (slugs). Nothing of extraction
#          starts up when no seed is extracted: jieba's dictionary and the counties', people's
#          and lexicon's automatons are lazy (the gazetteer is parsed, for the county rows the
#          cached articles point to: under 1 %).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=${2:-/dev/shm/jianbao-bench}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin=${CARGO_TARGET_DIR:-target}/release
rm -rf "$work/$n" && "$bin/examples/gen_corpus" --reports "$n" --out "$work/$n"
source bench/lib.sh
rm -rf "$work/$n/.jianbao" "$work/$n/ingested"
BIN=$bin time_ingest "ingest, cold" "reports of raw text" "$n" "$work/$n/seeds" "$work/$n/ingested"
BIN=$bin time_ingest "ingest, warm" "reports of raw text" "$n" "$work/$n/seeds" "$work/$n/ingested"
