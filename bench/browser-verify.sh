#!/usr/bin/env bash
# Builds the binary and the site, then times verifying a big WIM in the
# page against the native command (see browser-verify.mjs): by default
# SRC=/usr captured as LZX (bench/lib.sh), the issue's Windows-sized image;
# a WIM given as the argument is used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build >/dev/null
SRC=${SRC:-/usr}
# shellcheck source=lib.sh
source bench/lib.sh
exec node bench/browser-verify.mjs "${1:-$(bench_input lzx)}"
