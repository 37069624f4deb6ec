#!/usr/bin/env bash
# Builds the site and the WIM of bench/windiff.sh, and times the Compare
# tab's Windows view on it in Chromium (see browser-windiff.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
[ -s "${BENCH_DIR:-/tmp/wimlens-bench}/windiff-${KEY_GROUPS:-1600}.wim" ] || RUNS=1 bash bench/windiff.sh >/dev/null
exec node bench/browser-windiff.mjs "$@"
