#!/usr/bin/env bash
# The cost of copy detection (issue 21): one cold ingest of N generated reports, a fifth of
# them reprints of others, with detection on and with it off (JIANBAO_NO_COPIES=1, a switch
# for this benchmark only); prints CPU time (user + system), wall time and peak memory of
# each, and how many printings were folded. Run it on a quiet machine for wall time; CPU time
# is what to compare on a shared one.
# usage: bench/copies.sh [REPORTS] [WORKDIR]   (defaults: 2000, /dev/shm/jianbao-copies)
#
# Measured 2026-12-07 on the shared 2-core machine (release build; CPU = user + system from
# /usr/bin/time; peak = maximum RSS). Before streaming (a7369aa, load 14-19), ingest kept
# every article and page in memory, about 46 KiB a seed:
#
#   seeds     CPU off → on          ratio    peak MiB off → on   folded
#   2,000     13.20 → 13.57 s       +2.8 %   179 → 233           400
#   5,000     27.96 → 29.76 s       +6.4 %   302 → 317           1,000
#   10,000    56.17 → 58.40 s       +4.0 %   528 → 490           2,000
#   20,000   106.65 → 112.46 s      +5.4 %   988 → 912           4,000
#   100,000   the run with detection off was killed by the kernel's OOM killer at 44,000
#             seeds read, 1.31 GiB RSS.
#
# Streaming (`ingest::bodies`: each body goes to a temporary file as its seed is extracted;
# `write` keeps page hashes, not texts), 8db88a3, load 7-7.4:
#
#   20,000   107.00 → 115.99 s      +8.4 %   290 → 361           4,000
#
# Then less per article (a county refers to the gazetteer's row, person_sources only under
# --verbose, articles packed after their seed, band keys instead of signatures), bc3ed48:
# RSS after extraction 252 → 203 MiB at 20,000 seeds (tags cached; 78 MiB at 2,000), so
# about 7.2 KiB a seed; detection adds the 64 MiB sketch and about 1.5 KiB a seed while it
# runs (peak 298 MiB at 20,000 with tags cached). Output byte-identical to a7369aa on the
# seeds, /work/shared/eval/dev and a 2,000-seed corpus with copies. Cold, load 12.7-14:
#
#   20,000   on only: 125.12 s CPU (user 120.01 + sys 5.11; the busier machine costs CPU
#            too), 526.9 s wall, peak 310 MiB (912 before streaming)
#
#   100,000   final code (5dfe7a7), detection on, measured while the test suite and CI ran
#             beside it (load 7): 582.7 user + 24.7 sys = 607.4 s CPU, 1,526 s wall, peak
#             919 MiB (under the 1 GiB bar; before streaming the run was killed at 44,000).
#             Detection off, right after (load 7 falling to 2): 582.2 user + 22.5 sys =
#             604.7 s CPU, 780 s wall, peak 910 MiB. Detection costs +0.4 % of CPU at 100,000
#             (the run with it saw more load), under the 15 % bar; most of the peak is the
#             per-seed facts both runs keep, not the detector.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
work=${2:-/dev/shm/jianbao-copies}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin=${CARGO_TARGET_DIR:-target}/release
rm -rf "$work/$n" && "$bin/examples/gen_corpus" --reports "$n" --copies 20 --out "$work/$n"
run() {
  local label=$1; shift
  rm -rf "$work/$n/ingested" "$work/$n/.jianbao"
  env "$@" /usr/bin/time -o "$work/time.txt" -f "%U %S %e %M" \
    "$bin/jianbao" ingest --seeds "$work/$n/seeds" --content "$work/$n/ingested" 2>"$work/$label.log" >/dev/null
  read -r user sys wall peak < "$work/time.txt"
  local folded
  folded=$(grep -o '[0-9]* printing(s) folded' "$work/$label.log" | cut -d' ' -f1 || true)
  awk -v l="$label" -v u="$user" -v s="$sys" -v w="$wall" -v m="$peak" -v f="${folded:-0}" \
    'BEGIN {printf "%-14s cpu %.2f s, wall %.2f s, peak %.0f MiB, %d printing(s) folded\n", l, u + s, w, m / 1024, f}'
}
echo "$n seeds (20 % reprints):"
run "detection off" JIANBAO_NO_COPIES=1
run "detection on" JIANBAO_NO_COPIES=0
