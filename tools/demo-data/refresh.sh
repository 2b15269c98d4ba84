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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/extract_communes.mjs" "$work/"
(cd "$work" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)

mkdir -p "$out"
node "$work/extract_communes.mjs" "$out/communes.csv"
/usr/bin/python3 "$here/generate_indicators.py" --communes "$out/communes.csv" --out-dir "$out"
