#!/usr/bin/env bash
# The cost of copy detection (issue 21): one cold ingest of N generated reports, a fifth of
# them reprints of others, with detection on and with it off (JIANBAO_NO_COPIES=1, a switch
# for this benchmark only); prints CPU time (user + system), wall time and peak memory of
# each, and how many printings were folded. Run it on a quiet machine for wall time; CPU time
# is what to compare on a shared one.
# usage: bench/copies.sh [REPORTS] [WORKDIR]   (defaults: 2000, /dev/shm/jianbao-copies)
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
