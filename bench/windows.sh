#!/usr/bin/env bash
# Times `wimlens windows` on images whose SOFTWARE hive is over 60 MB, and
# counts the bytes of the WIM it reads (strace: every pread64 of the file).
# A measurement, not a test. The images are testvectors/windows-image's
# first, with its SOFTWARE hive grown by python3-hivex: 44,000 keys of
# 1.4 KB values under Classes (a 130 MB hive), and the same plus 2,000
# servicing packages (hivex rewrites a key's list at each new subkey, so
# their cells lie spread through 20 MB of freed lists). Cached in
# BENCH_DIR.
#   bench/windows.sh        RUNS=9 bench/windows.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WIMLENS=${WIMLENS:-bin/wimlens}
BENCH_DIR=${BENCH_DIR:-/tmp/wimlens-bench}
mkdir -p "$BENCH_DIR"
for p in wimlib-imagex:wimtools strace:strace /usr/bin/time:time; do
	command -v "${p%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${p#*:}" >/dev/null
done
/usr/bin/python3 -c 'import hivex' 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hivex >/dev/null

# shellcheck source=windows-input.sh
. bench/windows-input.sh

printf '%-10s %10s %10s %8s %10s %14s %8s\n' image hive_MB wim_MB seconds peak_MiB wim_bytes_read percent
for spec in plain:0 packages:2000; do
	f=$(input "${spec%%:*}" "${spec#*:}")
	hive=$(wimlib-imagex dir "$f" 1 --path /Windows/System32/config/SOFTWARE --detailed | awk '/^Uncompressed size/ {print $4}')
	bt=999 bm=0
	for _ in $(seq "$RUNS"); do
		read -r t m < <(/usr/bin/time -f '%e %M' "$WIMLENS" windows "$f" 1 2>&1 >/dev/null | tail -1)
		if awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then bt=$t bm=$m; fi
	done
	read_bytes=$(strace -f -e trace=pread64 "$WIMLENS" windows "$f" 1 2>&1 >/dev/null |
		awk -F'= ' '/pread64\(/ && $NF+0 > 0 {s += $NF} END {print s+0}')
	size=$(stat -c %s "$f")
	awk -v n="${spec%%:*}" -v h="$hive" -v w="$size" -v t="$bt" -v m="$bm" -v r="$read_bytes" \
		'BEGIN{printf "%-10s %10.1f %10.1f %8s %10.0f %14d %7.2f%%\n", n, h/1e6, w/1e6, t, m/1024, r, 100*r/w}'
done
