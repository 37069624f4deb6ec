#!/usr/bin/env bash
# Builds the binary and the site, then times the page's zip of an image (or
# of a folder: "Download folder as .zip") against `wimlens extract --zip`
# of the same (see browser-zip.mjs).
#   bench/browser-zip.sh [FILE [FOLDER]]
# Without arguments: SRC (default /usr/share) captured as a solid ESD by
# bench/lib.sh, and its folder FOLDER (default /, the whole image: issue
# 18's page zip of /usr/share from the ESD).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build >/dev/null
if [ $# -eq 0 ]; then
	# shellcheck source=bench/lib.sh
	. bench/lib.sh
	set -- "$(bench_input solid)" "${FOLDER:-/}"
fi
exec node bench/browser-zip.mjs "$@"
