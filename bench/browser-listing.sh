#!/usr/bin/env bash
# Builds the site and times the listing of a Windows-sized WIM in Chromium
# (see browser-listing.mjs): a big folder, Largest files, scrolling and a
# CSV export of every entry; by default OPEN_SRC (/usr) captured as LZX.
#   bench/browser-listing.sh [WIM FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory web >/dev/null
if [ $# -eq 0 ]; then
	SRC=${OPEN_SRC:-/usr}
	# shellcheck source=lib.sh
	. bench/lib.sh
	set -- "$(bench_input lzx)" lib/x86_64-linux-gnu
fi
exec node bench/browser-listing.mjs "$@"
