#!/usr/bin/env bash
# Ingest throughput: MB of raw text per second on a generated corpus.
# usage: bench/ingest.sh [REPORTS] [WORKDIR]   (defaults: 1000, /dev/shm/jianbao-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=${2:-/dev/shm/jianbao-bench}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin=${CARGO_TARGET_DIR:-target}/release
rm -rf "$work/$n" && "$bin/examples/gen_corpus" --reports "$n" --out "$work/$n"
bytes=$(du -sb "$work/$n/seeds" | cut -f1)
start=$(date +%s.%N)
"$bin/jianbao" ingest --quiet --seeds "$work/$n/seeds" --content "$work/$n/ingested"
end=$(date +%s.%N)
python3 - "$bytes" "$start" "$end" "$n" <<'PY'
import sys
b, s, e, n = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
t = e - s
print(f"ingest: {n} reports, {b/1e6:.1f} MB raw text in {t:.2f} s = {b/1e6/t:.1f} MB/s")
PY
