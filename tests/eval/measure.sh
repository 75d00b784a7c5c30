#!/usr/bin/env bash
# Scores jianbao on our own evaluation pages (tests/eval/README.md).
# usage: tests/eval/measure.sh PAGES_DIR [tune|test] [BIN]
#   PAGES_DIR holds oNN.txt, fetched again from each gold file's url (the texts are not kept here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pages=$1; half=${2:-tune}; bin=${3:-$here/../../target/release/jianbao}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/raw"
for gold in "$here/gold/$half"/*.yaml; do
  name=$(basename "$gold" .yaml)
  cp "$pages/$name.txt" "$work/raw/" 2>/dev/null || echo "missing: $pages/$name.txt" >&2
done
"$bin" ingest --seeds "$work/raw" --content "$work/content" --quiet
python3 "$here/../../../shared/eval/score.py" --content "$work/content" --gold "$here/gold/$half" "${@:4}"
