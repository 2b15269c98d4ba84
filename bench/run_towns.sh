#!/usr/bin/env bash
# One workbook per petite ville of France: munidash on one core and on two, then the same batch
# written by Python's XlsxWriter (python3-xlsxwriter) on one and two processes.
# Usage: bash bench/run_towns.sh [BUILD_DIR]   (after bash bench/fetch_data.sh and make)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
[ -f "$here/data/communes-france.csv" ] || { echo "no data: run bash bench/fetch_data.sh first" >&2; exit 2; }
export SOURCE_DATE_EPOCH=0
for jobs in 1 2; do
  rm -rf "$here/data/towns-munidash"
  echo "munidash --jobs $jobs:"
  /usr/bin/time -f "  wall %e s, peak memory %M KiB" \
    "$build/bin/munidash" -vv -q run "$here/bench-petites-villes.yaml" --jobs "$jobs" 2>&1 >/dev/null | grep -E "wall|timing: writing the town"
done
echo "  $(ls "$here/data/towns-munidash" | wc -l) files, $(du -sh "$here/data/towns-munidash" | cut -f1)"
for processes in 1 2; do
  rm -rf "$here/data/towns-xlsxwriter"
  echo "XlsxWriter, $processes process(es):"
  /usr/bin/time -f "  wall %e s (with reading munidash's workbook), peak memory %M KiB" \
    /usr/bin/python3 "$here/xlsxwriter_towns.py" "$here/data/bench-petites-villes.xlsx" "$here/data/towns-xlsxwriter" "$processes"
done
