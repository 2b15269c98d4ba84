#!/usr/bin/env bash
# Makes the benchmark's data in bench/data/ (ignored by git): every commune of France from the
# pinned npm package @etalab/decoupage-administratif 6.0.0, and INVENTED values for 20 indicators.
# Usage: bash bench/fetch_data.sh   (needs node/npm and /usr/bin/python3; reaches the npm registry)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$here/data"
mkdir -p "$out"
bash "$repo/tools/demo-data/extract.sh" --all "$out/communes-france.csv"
/usr/bin/python3 "$here/generate_bench_data.py" "$out/communes-france.csv" "$out/indicateurs-france.csv"
