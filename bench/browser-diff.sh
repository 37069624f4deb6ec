#!/usr/bin/env bash
# Builds the site and times comparing two 150k-entry images in Chromium
# (see browser-diff.mjs). The generated WIM is kept in $WIMLENS_BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
exec node bench/browser-diff.mjs "$@"
