#!/usr/bin/env bash
# The editors' desk's round trip under `jianbao serve`: a click (a POST to /_desk/action, as
# the desk's script sends it) until the served report page shows the result (serve re-ingests,
# rebuilds, and the page's HTML no longer names the rejected person), then the undo likewise.
# Prints each round's seconds and the medians. Run on a quiet machine; issue 22 asks for a
# median of 1 s or less at 10,000 reports on two cores.
# usage: bench/desk_round_trip.sh [REPORTS] [ROUNDS] [WORKDIR]   (defaults: 10000, 5, /dev/shm/jianbao-desk)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
rounds=${2:-5}
work=${3:-/dev/shm/jianbao-desk}
cargo build --release --quiet --example gen_corpus --bin jianbao
bin=$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)
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
python3 - "$port" "$site/content" "$rounds" <<'PY' | tee "$work/rounds.txt"
import json, os, re, sys, time, urllib.request
port, content, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
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
    start = time.monotonic()
    post("/_desk/action", {"action": "remove", "report": report["key"], "kind": "people", "name": person})
    until(lambda: not link())
    click = time.monotonic() - start
    start = time.monotonic()
    post("/_desk/undo", {})
    until(link)
    undo = time.monotonic() - start
    print(f"round {i + 1}: {slug}: remove {person} {click:.3f} s, undo {undo:.3f} s", flush=True)
PY
echo "desk round trip at $n reports: median click $(grep -o 'remove [^ ]* [0-9.]*' "$work/rounds.txt" | awk '{print $3}' | median) s," \
  "median undo $(grep -o 'undo [0-9.]*' "$work/rounds.txt" | awk '{print $2}' | median) s"
