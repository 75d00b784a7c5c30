# Shared by bench/ingest.sh and bench/ingest_html.sh: times one ingest of a seeds folder and
# prints its throughput.
# usage: time_ingest LABEL UNIT COUNT SEEDS CONTENT   (BIN: folder of the release binary)
time_ingest() {
  local label=$1 unit=$2 n=$3 seeds=$4 content=$5 bytes start end
  bytes=$(du -sb "$seeds" | cut -f1)
  start=$(date +%s.%N)
  "$BIN/jianbao" ingest --quiet --seeds "$seeds" --content "$content"
  end=$(date +%s.%N)
  python3 - "$label" "$unit" "$n" "$bytes" "$start" "$end" <<'PY'
import sys
label, unit, n = sys.argv[1:4]
b, s, e = int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
t = e - s
print(f"{label}: {n} {unit}, {b/1e6:.1f} MB in {t:.2f} s = {b/1e6/t:.1f} MB/s")
PY
}
