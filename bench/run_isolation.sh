#!/usr/bin/env bash
# The cost of isolation: runs bench-france-isolation.yaml RUNS times in munidash's process and
# RUNS times with --isolate-plugins (and once more with a seccomp filter and limits on every
# indicator), and prints each run's "computing the indicators" phase, its wall time and the medians.
# Usage: bash bench/run_isolation.sh [BUILD_DIR] [RUNS]   (after bash bench/fetch_data.sh and make)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
runs="${2:-3}"
[ -f "$here/data/communes-france.csv" ] || { echo "no data: run bash bench/fetch_data.sh first" >&2; exit 2; }
export SOURCE_DATE_EPOCH=0
sandboxed="$here/data/bench-france-sandboxed.yaml"
printf 'extends: ../bench-france-isolation.yaml\nplugins: {isolation: process, seccomp: true, limits: {time: 60s, memory: 2GB}}\n' \
  > "$sandboxed"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {  # label, spec, munidash options...
  local label="$1" spec="$2"
  shift 2
  local phases=() walls=()
  for _ in $(seq "$runs"); do
    local start end log
    start=$(date +%s.%N)
    log=$("$build/bin/munidash" -v "$@" run "$spec" -o "$here/data/bench-isolation.xlsx" 2>&1 >/dev/null)
    end=$(date +%s.%N)
    phases+=("$(grep -o 'timing: computing the indicators: [0-9]* ms' <<<"$log" | grep -o '[0-9]* ms' | cut -d' ' -f1)")
    walls+=("$(echo "$end - $start" | bc)")
  done
  printf '%-36s computing the indicators: %s ms (median of %s: %s ms); whole run: median %.2f s\n' \
    "$label" "${phases[*]}" "$runs" "$(printf '%s\n' "${phases[@]}" | median)" "$(printf '%s\n' "${walls[@]}" | median)"
}

measure "in munidash's process" "$here/bench-france-isolation.yaml"
measure "--isolate-plugins" "$here/bench-france-isolation.yaml" --isolate-plugins
measure "isolated, seccomp and limits" "$sandboxed"
