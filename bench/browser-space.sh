#!/usr/bin/env bash
# Builds the site and times the Space tab's treemap of a Windows-sized WIM
# in Chromium (see browser-space.mjs): by default OPEN_SRC (/usr) captured
# as LZX, cached in BENCH_DIR as bench/lib.sh does; or the WIM given.
#   bench/browser-space.sh [WIM]     WIMLENS_BENCH_RUNS=5 bench/browser-space.sh
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
if [ $# -eq 0 ]; then
	SRC=${OPEN_SRC:-/usr}
	# shellcheck source=lib.sh
	. bench/lib.sh
	set -- "$(bench_input lzx)"
fi
exec node bench/browser-space.mjs "$@"
