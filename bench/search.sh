#!/usr/bin/env bash
# What search costs, side by side with Hugo, output on tmpfs, 2 cores:
#   - the same generated site built without and with the index, and by Hugo (which builds no
#     search): wall time and peak memory (/usr/bin/time), median of $RUNS runs, alternating;
#   - the index: shards (count, total and largest, gzipped), fragments, manifest and filters;
#   - what a first query fetches (manifest + the shards of its terms + the 10
#     fragments of the first page of results, an upper bound: no phrase-check misses);
#   - `serve`: seconds to the first page, to the index, and from an edit to the index
#     holding it (a new word, polled in the shard the browser would fetch);
#   - one report holding a 5 MB paragraph: the whole build.
# Index cost at 10,000 reports (x-build, 7 Dec 2026, load 7-8): the index's own busy time
# 4.37 s -> 2.07 s wall in one run each (term cutting streamed: tokens::each_term); by
# samples the index now costs less than rendering the pages it indexes (terms 10 %, fragments
# 4 %, bodies re-read 3 %, against rendering 34 %).
# usage: bench/search.sh [REPORTS] [WORKDIR]   (defaults: 10000, /dev/shm/jianbao-bench-search)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${2:-/dev/shm/jianbao-bench-search}
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin="$(cd "$target/release" && pwd)/jianbao"
source bench/lib.sh
hugo=$(find_hugo)
mkdir -p "$work"
if [ ! -d "$work/$n/site/content" ]; then
  rm -rf "$work/$n" && "$target/release/examples/gen_corpus" --reports "$n" --out "$work/$n" 2>/dev/null
fi
site="$work/$n/site"
: >"$work/no.txt"; : >"$work/yes.txt"; : >"$work/hugo.txt"
for _ in $(seq "$runs"); do
  one_build "$site/out-no" "$bin" build --content "$site/content" --out "$site/out-no" --no-search >>"$work/no.txt"
  one_build "$site/out-yes" "$bin" build --content "$site/content" --out "$site/out-yes" >>"$work/yes.txt"
  cp "$work/last.log" "$work/search.log"
  [ -n "$hugo" ] && one_build "$work/$n/out-hugo" "$hugo" --quiet -s "$work/$n/hugo" -d "$work/$n/out-hugo" >>"$work/hugo.txt"
done
stat() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
mib() { awk '{printf "%.0f", $1/1024}'; }
echo "machine: $(nproc) cores; $n reports; median of $runs runs; output on $work"
printf 'build --no-search: %s s, %s MiB, %s s CPU\n' "$(stat no 1)" "$(stat no 2 | mib)" "$(stat no 3)"
printf 'build (search):    %s s, %s MiB, %s s CPU; the index costs %s s CPU\n' "$(stat yes 1)" "$(stat yes 2 | mib)" \
  "$(stat yes 3)" "$(awk -v a="$(stat yes 3)" -v b="$(stat no 3)" 'BEGIN {printf "%.2f", a - b}')"
if [ -n "$hugo" ]; then
  printf 'hugo (no search):  %s s, %s MiB, %s s CPU; jianbao with search / hugo = %s (wall), %s (CPU)\n' \
    "$(stat hugo 1)" "$(stat hugo 2 | mib)" "$(stat hugo 3)" \
    "$(awk -v a="$(stat yes 1)" -v b="$(stat hugo 1)" 'BEGIN {printf "%.2f", a/b}')" \
    "$(awk -v a="$(stat yes 3)" -v b="$(stat hugo 3)" 'BEGIN {printf "%.2f", a/b}')"
fi
grep -o 'search: .*' "$work/search.log" | head -1
index="$site/out-yes/search-index"
sizes() { find "$index/$1" -type f -printf '%s\n' | sort -n; }
for dir in shards docs; do
  s=$(sizes "$dir"); c=$(echo "$s" | wc -l); t=$(echo "$s" | paste -sd+ | bc)
  echo "$dir: $c files, $t bytes, largest $(echo "$s" | tail -1), median $(echo "$s" | sed -n "$(( (c + 1) / 2 ))p")"
done
echo "index total (gzipped, all files): $(du -sb "$index" | cut -f1) bytes"
python3 - "$index" <<'EOF'
import json, os, sys
root = sys.argv[1]
m = json.load(open(os.path.join(root, "manifest.json")))
size = lambda p: os.path.getsize(os.path.join(root, p))
def fnv(t):
    h = 0x811C9DC5
    for b in t.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h
frag = sorted(size("docs/" + f) for f in os.listdir(os.path.join(root, "docs")))
median = frag[len(frag) // 2]
# The pairs and the whole name (`=…`); a year adds the number and `@year`; with fewer than ten
# exact pages the client adds the characters' shards, when the query's shards stay <= 7.
for q, year in [(m["counties"][0], None), ("脱贫攻坚", None), ("合作社", None), ("产业", None), ("王主任", None),
                ("脱贫攻坚", "2019")]:
    terms = ([q] if len(q) == 1 else [q[i:i + 2] for i in range(len(q) - 1)]) + ["=" + q]
    terms += [year, "@" + year] if year else []
    shards = {fnv(t) % m["shards"] for t in terms}
    wide = shards | {fnv(c) % m["shards"] for c in q}
    wide = wide if len(wide) <= 7 else shards
    cost = lambda ss: (size("manifest.json") + sum(size(f"shards/{s}.bin") for s in ss) + 10 * median) // 1000
    name = q + (" " + year if year else "")
    print(f"first query {name}: {len(shards)} shards, about {cost(shards)} KB with 10 fragments; "
          f"with partial matches {len(wide)} shards, {cost(wide)} KB")
EOF

# serve: first page, index, and an edit reaching the index.
port=$((20000 + RANDOM % 20000))
cp -r "$site" "$work/$n/live"
start=$(date +%s.%N)
TMPDIR=$work "$bin" serve --content "$work/$n/live/content" --port "$port" 2>"$work/serve.log" &
serve=$!
trap 'kill $serve 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.05; done
first=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$port/search-index/manifest.json" >/dev/null; do sleep 0.05; done
indexed=$(date +%s.%N)
echo "serve: first page after $(echo "$first - $start" | bc) s, index after $(echo "$indexed - $start" | bc) s"
report=$(find "$work/$n/live/content/reports" -name '*.md' | sort | sed -n 1p)
printf '\n新增一句：葡萄干加工厂投产。\n' >>"$report"
edited=$(date +%s.%N)
term_in_index() {
  python3 - "$port" <<'EOF'
import gzip, json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}/search-index/"
m = json.load(urllib.request.urlopen(base + "manifest.json"))
def fnv(t):
    h = 0x811C9DC5
    for b in t.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h
term = "萄干"
raw = gzip.decompress(urllib.request.urlopen(base + f"shards/{fnv(term) % m['shards']}.bin").read())
sys.exit(0 if term.encode() in raw else 1)
EOF
}
until term_in_index; do sleep 0.05; done
echo "serve: edit in the index after $(echo "$(date +%s.%N) - $edited" | bc) s"
kill $serve; wait $serve 2>/dev/null || true
trap - EXIT
grep -o 'search: indexed.*' "$work/serve.log" | tail -1
rm -rf "$work/$n/live"

# One report of a single 5 MB paragraph (the generated text, joined).
big="$work/big"
rm -rf "$big" && mkdir -p "$big/content/reports"
python3 - "$site/content/reports" "$big/content/reports/big.md" <<'EOF'
import os, sys
src, out = sys.argv[1], sys.argv[2]
text = ""
for name in sorted(os.listdir(src)):
    body = open(os.path.join(src, name), encoding="utf-8").read().split("\n---\n", 1)[1]
    text += "".join(l for l in body.splitlines() if l and not l.startswith("#"))
    if len(text.encode()) > 5_000_000:
        break
while len(text.encode()) > 5_000_000:
    text = text[:-1000]
head = '---\ntitle: 一段很长的报告\ndate: "2020-01-01"\ncounties: []\npeople: []\nprograms: []\n---\n'
open(out, "w", encoding="utf-8").write(head + text + "\n")
EOF
echo "5 MB paragraph: build $(one_build "$big/out" "$bin" build --content "$big/content" --out "$big/out") (s KiB)"
