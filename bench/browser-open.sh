#!/usr/bin/env bash
# Builds the site and times opening a 1 GiB+ WIM in Chromium (see
# browser-open.mjs). The generated WIM is kept in $WIMLENS_BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
exec node bench/browser-open.mjs "$@"
