#!/usr/bin/env bash
# What search adds to a build: the same generated site built with and without the index,
# side by side, output on tmpfs; then the bundle's size and how its index is split.
# usage: bench/search.sh [REPORTS] [WORKDIR]   (defaults: 10000, /dev/shm/jianbao-bench-search)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${2:-/dev/shm/jianbao-bench-search}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin="$target/release/jianbao"
if [ ! -d "$work/$n/site/content" ]; then
  rm -rf "$work/$n" && "$target/release/examples/gen_corpus" --reports "$n" --out "$work/$n"
fi
site="$work/$n/site"
run() { # label, build args...
  local label=$1; shift
  rm -rf "$site/out-$label"
  local start end
  start=$(date +%s.%N)
  "$bin" build --content "$site/content" --out "$site/out-$label" "$@" 2> "$work/$n/$label.log"
  end=$(date +%s.%N)
  echo "$label: $(echo "$end - $start" | bc) s"
}
run no-search --no-search
run search
grep -o 'search: .*' "$work/$n/search.log"
bundle="$site/out-search/pagefind"
echo "bundle: $(du -sb "$bundle" | cut -f1) bytes, $(find "$bundle" -type f | wc -l) files"
for dir in index fragment filter; do
  sizes=$(find "$bundle/$dir" -type f -printf '%s\n' | sort -n)
  count=$(echo "$sizes" | wc -l)
  total=$(echo "$sizes" | paste -sd+ | bc)
  echo "$dir: $count files, $total bytes, largest $(echo "$sizes" | tail -1), median $(echo "$sizes" | sed -n "$(( (count + 1) / 2 ))p")"
done
echo "meta (fetched by every first query): $(find "$bundle" -maxdepth 1 -name '*.pf_meta' -printf '%s') bytes"
