#!/usr/bin/env bash
# Builds the binary and the site, then times extracting a 1 GiB file from
# the page against the native command (see browser-extract.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build >/dev/null
exec node bench/browser-extract.mjs "$@"
