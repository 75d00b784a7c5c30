#!/usr/bin/env bash
# Search quality: the graded reader queries of bench/search_queries.tsv run through the site's
# own /search/?q= page in headless Chromium (tests/it/search_quality.rs), on the seeds plus
# ../shared/eval's dev and html-dev pages. Prints each query's nDCG@10 and top result, then
# nDCG@10, success@1 and the number of queries with no result.
# usage: bench/search_quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test it search_quality_on_graded_queries -- --nocapture 2>&1 | grep '^quality'
