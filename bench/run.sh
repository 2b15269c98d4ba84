#!/usr/bin/env bash
# Runs the benchmark spec and prints how long each phase took, and the peak memory.
# Usage: bash bench/run.sh [BUILD_DIR]   (after bash bench/fetch_data.sh and make)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
[ -f "$here/data/communes-france.csv" ] || { echo "no data: run bash bench/fetch_data.sh first" >&2; exit 2; }
export SOURCE_DATE_EPOCH=0
/usr/bin/time -f "peak memory: %M KiB, wall: %e s" \
  "$build/bin/munidash" -vv run "$here/bench-france.yaml" -o "$here/data/bench-france.xlsx" 2>&1 \
  | grep -E "timing|peak memory|selected|scored"
