#!/usr/bin/env bash
# Builds the floor of the town-workbook benchmark: bare C++ and libxlsxwriter, no munidash code.
# Usage: bash bench/floor/build.sh [OUT]   (default: bench/floor/town_workbook_floor; not part of make test)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/town_workbook_floor}"
g++ -O2 -std=c++20 -Wall -Wextra -pthread -o "$out" "$here/town_workbook_floor.cpp" -lxlsxwriter
echo "built $out"
