#!/usr/bin/env bash
# Builds the site and times opening a 130 MB SOFTWARE hive as a registry
# tree in Chromium (see browser-registry.mjs); the image is windows.sh's,
# cached in BENCH_DIR.
#   bench/browser-registry.sh        WIMLENS_BENCH_RUNS=5 bench/browser-registry.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/wimlens-bench}
mkdir -p "$BENCH_DIR"
command -v wimlib-imagex >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wimtools >/dev/null
/usr/bin/python3 -c 'import hivex' 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hivex >/dev/null
# shellcheck source=windows-input.sh
. bench/windows-input.sh
make --no-print-directory web >/dev/null
exec node bench/browser-registry.mjs "$(input plain 0)"
