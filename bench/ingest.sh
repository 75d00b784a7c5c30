#!/usr/bin/env bash
# Ingest throughput: MB of raw text per second on a generated corpus, cold (no content, no
# cache: the recogniser tags every sentence that can hold a name) and warm (a second ingest of
# the unchanged site: every seed's tags come from .jianbao/cache/).
# usage: bench/ingest.sh [REPORTS] [WORKDIR]   (defaults: 1000, /dev/shm/jianbao-bench)
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
