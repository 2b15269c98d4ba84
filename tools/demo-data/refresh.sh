#!/usr/bin/env bash
# Rebuilds the demo data in configs/data:
#   communes.csv                 real, from @etalab/decoupage-administratif 6.0.0 (MIT)
#   connectivite-illustratif.csv INVENTED, by generate_indicators.py
#   services-illustratif.csv     INVENTED, by generate_indicators.py
# The npm package is installed into a temporary copy of tools/demo-data, so
# no node_modules (nor lock file) lands in the repository.
# Usage: bash tools/demo-data/refresh.sh   (from any directory)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/configs/data"

mkdir -p "$out"
bash "$here/extract.sh" "$out/communes.csv"
/usr/bin/python3 "$here/generate_indicators.py" --communes "$out/communes.csv" --out-dir "$out"
