#!/usr/bin/env bash
# Builds the site and times a Windows-sized WIM in Chromium: opening it
# (browser-open.mjs), its Space map (browser-space.mjs) or its listing
# (browser-listing.mjs: a big folder, Largest files, scrolling, a CSV of
# every entry). By default OPEN_SRC (/usr) captured as LZX, cached in
# BENCH_DIR as bench/lib.sh does; or the WIM given.
#   bench/browser-open.sh [open|space|listing] [WIM [FOLDER]]
#   OPEN_SRC=/usr/share bench/browser-open.sh     WIMLENS_BENCH_RUNS=5 bench/browser-open.sh space
set -euo pipefail
cd "$(dirname "$0")/.."
what=open
case ${1:-} in open | space | listing) what=$1; shift ;; esac
make --no-print-directory web >/dev/null
if [ $# -eq 0 ]; then
	SRC=${OPEN_SRC:-/usr}
	# shellcheck source=lib.sh
	. bench/lib.sh
	set -- "$(bench_input lzx)"
	[ "$what" != listing ] || set -- "$1" lib/x86_64-linux-gnu
fi
exec node "bench/browser-$what.mjs" "$@"
