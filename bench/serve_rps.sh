#!/usr/bin/env bash
# Requests per second `jianbao serve` answers for one static page under concurrent load, on
# loopback only, bounded in time (wrk from Debian's packages; installed when missing).
# usage: bench/serve_rps.sh [SECONDS] [CONNECTIONS]   (defaults: 5, 32)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
conns=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet --bin jianbao
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
./target/release/jianbao serve --quiet --content content --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q Serving "$log" && break; sleep 0.1; done
page=$(ls content/reports | head -1 | sed 's/\.md$//')
echo "serve: GET /reports/$page/ for ${secs}s with $conns connections on 2 threads"
wrk -t2 -c"$conns" -d"${secs}s" "http://127.0.0.1:$port/reports/$page/" | grep -E "Requests/sec|Latency|requests in"
