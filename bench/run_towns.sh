#!/usr/bin/env bash
# One workbook per petite ville of France: munidash on one core and on two, then the floor (the same
# workbooks written by bare C++ and libxlsxwriter, bench/floor) on one and two threads, then the same
# batch written by Python's XlsxWriter (python3-xlsxwriter, when installed) on one and two processes.
# Usage: bash bench/run_towns.sh [BUILD_DIR]   (after bash bench/fetch_data.sh and make)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
[ -f "$here/data/communes-france.csv" ] || { echo "no data: run bash bench/fetch_data.sh first" >&2; exit 2; }
export SOURCE_DATE_EPOCH=0
for jobs in 1 2; do
  rm -rf "$here/data/towns-munidash"
  echo "munidash --jobs $jobs:"
  # -vv without -q: the timing lines are debug messages.
  /usr/bin/time -f "  wall %e s, user %U s, system %S s, peak memory %M KiB" \
    "$build/bin/munidash" -vv run "$here/bench-petites-villes.yaml" --jobs "$jobs" 2>&1 >/dev/null |
    grep -E "wall|timing: writing the town" | sed -e 's/^.*\(timing: \)/  \1/'
done
echo "  $(ls "$here/data/towns-munidash" | wc -l) files, $(du -sh "$here/data/towns-munidash" | cut -f1)"

floor="$build/town_workbook_floor"
[ -x "$floor" ] || bash "$here/floor/build.sh" "$floor" >/dev/null
python3 "$here/floor/prepare_towns.py" "$here/data/communes-france.csv" "$here/data/indicateurs-france.csv" \
  "$here/data/towns-floor.tsv" >/dev/null
for threads in 1 2; do
  rm -rf "$here/data/towns-floor"
  echo "floor (libxlsxwriter alone), $threads thread(s):"
  /usr/bin/time -f "  wall %e s, user %U s, system %S s, peak memory %M KiB" \
    "$floor" "$here/data/towns-floor.tsv" "$here/data/towns-floor" "$threads" >/dev/null
done

if /usr/bin/python3 -c "import xlsxwriter" 2>/dev/null; then
  for processes in 1 2; do
    rm -rf "$here/data/towns-xlsxwriter"
    echo "XlsxWriter, $processes process(es):"
    /usr/bin/time -f "  wall %e s (with reading munidash's workbook), peak memory %M KiB" \
      /usr/bin/python3 "$here/xlsxwriter_towns.py" "$here/data/bench-petites-villes.xlsx" "$here/data/towns-xlsxwriter" "$processes"
  done
else
  echo "XlsxWriter: skipped (python3-xlsxwriter is not installed)"
fi
