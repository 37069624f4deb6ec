#!/usr/bin/env bash
# Builds the site and times opening a Windows-sized WIM in Chromium (see
# browser-open.mjs): by default OPEN_SRC (/usr) captured as LZX, cached in
# BENCH_DIR as bench/lib.sh does; or the WIM given.
#   bench/browser-open.sh [WIM]     OPEN_SRC=/usr/share bench/browser-open.sh
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
if [ $# -eq 0 ]; then
	SRC=${OPEN_SRC:-/usr}
	# shellcheck source=lib.sh
	. bench/lib.sh
	set -- "$(bench_input lzx)"
fi
exec node bench/browser-open.mjs "$@"
