#!/usr/bin/env bash
# The editors' desk's round trip under `jianbao serve`: a click (a POST to /_desk/action, as
# the desk's script sends it) until the served report page shows the result (serve re-ingests,
# rebuilds, and the page's HTML no longer names the rejected person), then the undo likewise.
# Prints each round's seconds, serve's CPU time for it (user + system, all threads) and the
# load, and the medians. Run on a quiet machine; issue 22 asks for a median of 1 s or less at
# 10,000 reports on two cores.
#
# Measured 2026-12-07 at 10,000 generated reports, 5 rounds, on the shared 2-core machine at a
# load of 13.9-19.3 (not quiet), release build of b607872 (scoped re-ingest; before the
# parallel page reading and the fix below): each desk action re-ingested 8-13 of the 10,000
# seeds, 0.9-4.3 s inside serve (10 runs). Undo, click to page shown: 1.26, 1.81, 2.54 s wall
# (rounds 3-5), serve CPU 1.10, 1.02, 1.17 s. The clicks (26-158 s, CPU 21-34 s) waited for a
# whole re-ingest that a second watcher event for the same save started after each undo; that
# is fixed since (a corrections file equal to the one last ingested, no seed changed: nothing
# to ingest) and not measured again. So at this size the round trip costs about 1.1 s of CPU;
# whether its median is under 1 s on a quiet machine is not shown yet.
# usage: [BIN=dir] bench/desk_round_trip.sh [REPORTS] [ROUNDS] [WORKDIR]   (defaults: 10000, 5, /dev/shm/jianbao-desk)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
rounds=${2:-5}
work=${3:-/dev/shm/jianbao-desk}
# BIN=folder holding jianbao and examples/gen_corpus: use those instead of building
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --example gen_corpus --bin jianbao
fi
bin=${BIN:-$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)}
rm -rf "$work" && mkdir -p "$work"
"$bin/examples/gen_corpus" --reports "$n" --out "$work/corpus"
site=$work/site
"$bin/jianbao" --quiet init "$site"
rmdir "$site/seeds" 2>/dev/null || rm -rf "$site/seeds"
ln -s "$work/corpus/seeds" "$site/seeds"
(cd "$site" && "$bin/jianbao" --quiet ingest)   # the cold ingest fills the recogniser's cache
source bench/lib.sh
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$work/serve.log
"$bin/jianbao" serve --content "$site/content" --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 600); do grep -q Serving "$log" && break; sleep 0.1; done
echo "load before the rounds: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
python3 - "$port" "$site/content" "$rounds" "$pid" <<'PY' | tee "$work/rounds.txt"
import json, os, re, sys, time, urllib.request
port, content, rounds, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
tick = os.sysconf("SC_CLK_TCK")

def cpu():
    # serve's CPU time (user + system, all its threads: ingest, rebuild, HTTP), in seconds
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick

def settle():
    # wait until serve is idle (its background search-index job done) before a round
    last = cpu()
    while True:
        time.sleep(0.5)
        now = cpu()
        if now - last < 0.02:
            return
        last = now
base = f"http://127.0.0.1:{port}"
host = f"127.0.0.1:{port}"
home = urllib.request.urlopen(base + "/").read().decode()
token = re.search(r'data-desk-token="([0-9a-f]{32})"', home).group(1)

def get(path):
    try:
        return urllib.request.urlopen(base + path).read().decode()
    except Exception:
        return ""

def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Host": host, "Origin": "http://" + host, "X-Desk-Token": token, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))

def until(pred, limit=120):
    start = time.monotonic()
    while not pred():
        if time.monotonic() - start > limit:
            return float("nan")
        time.sleep(0.01)
    return time.monotonic() - start

slugs = sorted(f[:-3] for f in os.listdir(os.path.join(content, "reports")))
step = max(1, len(slugs) // rounds)
for i in range(rounds):
    slug = slugs[i * step]
    report = json.loads(get(f"/_desk/report?path=/reports/{slug}/"))
    person = report["people"][0]
    link = lambda: f">{person}<" in get(f"/reports/{slug}/")
    settle()
    load = os.getloadavg()[0]
    start, c0 = time.monotonic(), cpu()
    post("/_desk/action", {"action": "remove", "report": report["key"], "kind": "people", "name": person})
    until(lambda: not link())
    click, click_cpu = time.monotonic() - start, cpu() - c0
    settle()
    start, c0 = time.monotonic(), cpu()
    post("/_desk/undo", {})
    until(link)
    undo, undo_cpu = time.monotonic() - start, cpu() - c0
    print(f"round {i + 1}: {slug}: remove {person} {click:.3f} s (cpu {click_cpu:.2f} s), "
          f"undo {undo:.3f} s (cpu {undo_cpu:.2f} s), load {load:.1f}", flush=True)
PY
echo "desk round trip at $n reports: median click $(grep -o 'remove [^ ]* [0-9.]*' "$work/rounds.txt" | awk '{print $3}' | median) s" \
  "(cpu $(grep -o 'remove [^(]*(cpu [0-9.]*' "$work/rounds.txt" | awk '{print $NF}' | median) s)," \
  "median undo $(grep -o 'undo [0-9.]*' "$work/rounds.txt" | awk '{print $2}' | median) s" \
  "(cpu $(grep -o 'undo [^(]*(cpu [0-9.]*' "$work/rounds.txt" | awk '{print $NF}' | median) s)," \
  "load after: $(cut -d' ' -f1 /proc/loadavg)"
grep -c "of the seeds again" "$log" | xargs echo "scoped re-ingests:"; grep "of the seeds again" "$log" | tail -2
