#!/usr/bin/env bash
# Rebuilds data/communes/ (munidash's built-in list of communes and their history) from the pinned
# npm package @etalab/decoupage-administratif: 6.0.0 (the 2026 geography) and the versions of
# earlier years, which date each change. The packages are installed into a temporary folder, so no
# node_modules nor lock file lands in the repository.
# Usage: bash tools/communes/extract.sh [OUT_DIR]   (default: <repo>/data/communes; needs node and npm)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../../data/communes}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/extract_communes.mjs" "$work/"
(cd "$work" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
node "$work/extract_communes.mjs" "$out"
