#!/usr/bin/env bash
# Installs the pinned @etalab/decoupage-administratif into a temporary folder (so no node_modules
# nor lock file lands in the repository) and runs extract_communes.mjs with the given arguments.
# Usage: bash tools/demo-data/extract.sh [--all] OUT.csv
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/extract_communes.mjs" "$work/"
(cd "$work" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
node "$work/extract_communes.mjs" "$@"
