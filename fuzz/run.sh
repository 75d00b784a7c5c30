#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another, on a corpus seeded
# from the shipped seeds, the seed site's pages, the invented inputs in fuzz/invented/ and, when
# ../shared/eval is there, the dev pages (copied at run time, never into the repository).
# Findings land in fuzz/artifacts/<target>/; each one fixed becomes a regression test.
# usage: fuzz/run.sh [SECONDS] [TARGET ...]        needs: rustup nightly, cargo install cargo-fuzz
# FUZZ_TIMEOUT (seconds, default 1) is libFuzzer's hang limit, which is wall time: on a machine
# shared with other work raise it, then time what it reports alone (`perf stat -e task-clock
# target/x86_64-unknown-linux-gnu/release/TARGET INPUT`), since a loaded machine stretches
# an input's wall time several times over.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
timeout=${FUZZ_TIMEOUT:-1}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(seed_text seed_html seed_mhtml report_page corrections search markdown)
shared=../../shared/eval
corpus=corpus
seed_corpus() {
  local t=$1 d=$corpus/$1
  mkdir -p "$d"
  case $t in
    seed_text) cp ../seeds/* invented/report.txt "$d"/; [ -d $shared/dev ] && cp $shared/dev/*.txt "$d"/ || true ;;
    seed_html) cp invented/page.html "$d"/; [ -d $shared/html-dev ] && cp $shared/html-dev/*.html "$d"/ || true ;;
    seed_mhtml) cp invented/page.mhtml "$d"/ ;;
    report_page) cp ../content/reports/*.md invented/report.md "$d"/ ;;
    corrections) cp invented/corrections.yaml ../scaffold/content/corrections.yaml "$d"/ 2>/dev/null || cp invented/corrections.yaml "$d"/ ;;
    search) cp ../seeds/* "$d"/ ;;
    markdown) cp ../content/reports/*.md invented/report.md "$d"/ ;;
  esac
}
# No AddressSanitizer: the code is safe Rust, and under ASAN the recogniser's matrix products
# run so slowly that a 10 KB seed passes the 1 s limit below (it takes milliseconds in a
# release build).
cargo +nightly fuzz build -O -s none
failed=()
mkdir -p logs
for t in "${targets[@]}"; do
  seed_corpus "$t"
  echo "== $t: ${secs}s (log: fuzz/logs/$t.log)"
  # A 100 KB input must finish within a second (on an idle machine); memory stays bounded.
  if ! cargo +nightly fuzz run -O -s none "$t" "$corpus/$t" -- -max_total_time="$secs" -max_len=102400 -timeout="$timeout" \
    -rss_limit_mb=1024 -print_final_stats=1 >"logs/$t.log" 2>&1; then
    failed+=("$t")
    grep -E "panicked at|ERROR|SUMMARY|Test unit written" "logs/$t.log" | head -5
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+ +DONE" "logs/$t.log" || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
