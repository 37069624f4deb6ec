#!/usr/bin/env bash
# The issue "Speed" asks the wasm build to list in at most 0.5x 7z-wasm's
# time and to verify at 1.5x or more its throughput. Both run under Node here
# (bench/node.mjs): wimlens' CLI built for js/wasm, hashing with Node's
# crypto and reading with Node's synchronous fs (cli/host_js.go), against
# the npm package 7z-wasm, on the
# captures speed.sh uses (bench/lib.sh: SRC, BENCH_DIR). A measurement, not
# a test: a missed target is printed, not failed.
#   RUNS   fresh node processes per tool and measurement, best kept (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
RUNS=${RUNS:-3}

# The CLI for js/wasm, run by the toolchain's Node glue (lib/wasm since Go
# 1.24, misc/wasm before).
wasm=bin/wimlens-node.wasm
mkdir -p bin
GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o "$wasm" ./cli
root=$(go env GOROOT)
exec_node=$root/lib/wasm/wasm_exec_node.js
[ -f "$exec_node" ] || exec_node=$root/misc/wasm/wasm_exec_node.js

# 7z-wasm is the bench's yardstick, not a part of the app: it has its own
# bench/package.json and lock, installed into bench/node_modules (ignored by
# git), so the app's package.json and `npm ci` never see it. npm ci runs only
# when the lock is newer than the install.
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
fi

# row FORMAT JOB FILE: times JOB (list or verify) with both tools and prints
# their rows; the ratio is wimlens' time over 7z-wasm's for list (target
# <= 0.5) and wimlens' throughput over 7z-wasm's for verify (target >= 1.5).
row() {
	local bytes
	bytes=$(uncompressed_bytes "$3") # as speed.sh counts them
	node bench/node.mjs time "$RUNS" "$wasm" "$exec_node" "$2" "$3" |
		awk -v f="$1" -v j="$2" -v b="$bytes" '
			{ tool[NR] = $1; s[NR] = $2; if ($1 == "7z-wasm") ref = $2 }
			END {
				for (i = 1; i <= NR; i++) {
					r = "-"; goal = ""
					if (tool[i] == "wimlens") {
						if (j == "list") { x = s[i] / ref; goal = x <= 0.5 ? "(<= 0.50 met)" : "(<= 0.50 MISSED)" }
						else { x = ref / s[i]; goal = x >= 1.5 ? "(>= 1.50 met)" : "(>= 1.50 MISSED)" }
						r = sprintf("%.2fx", x)
					}
					mbs = j == "list" ? "-" : sprintf("%.1f", b / s[i] / 1e6)
					printf "%-7s %-7s %-8s %8.2f %8s %8s %s\n", f, j, tool[i], s[i], mbs, r, goal
				}
			}'
}

f=$(bench_input lzx)
echo "wasm under Node $(node --version), best of $RUNS; listing $(wimlib-imagex dir "$f" | wc -l) entries of the LZX capture of $SRC"
printf '%-7s %-7s %-8s %8s %8s %8s %s\n' format job tool seconds MB/s vs_7z target
row lzx list "$f"
for fmt in none xpress lzx lzms solid; do
	row "$fmt" verify "$(bench_input "$fmt")"
done
