#!/usr/bin/env bash
# One table of wimlens against wimlib-imagex and 7zz on the same files:
# verify throughput (uncompressed MB/s) per format, and listing time with
# peak memory. Inputs are captured once with wimlib-imagex and cached
# (bench/lib.sh: SRC, BENCH_DIR).
#   RUNS       runs per measurement; the best is reported (default 3)
#   FORMATS    which captures (default "none xpress lzx lzms solid")
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
RUNS=${RUNS:-3}
FORMATS=${FORMATS:-none xpress lzx lzms solid}
WIMLENS=${WIMLENS:-bin/wimlens}

# toolcmd TOOL JOB FILE sets cmd to TOOL's command for JOB (verify or dir).
toolcmd() {
	case $1 in
	wimlens) cmd=("$WIMLENS" "$2" "$3") ;;
	wimlib-imagex) cmd=(wimlib-imagex "$2" "$3") ;;
	7zz) if [ "$2" = verify ]; then cmd=(7zz t "$3"); else cmd=(7zz l "$3"); fi ;;
	esac
}

command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
printf '%-8s %-22s %10s %10s %12s\n' format tool seconds MB/s peak_MiB
for fmt in $FORMATS; do
	f=$(bench_input $fmt)
	bytes=$(uncompressed_bytes "$f")
	for tool in wimlens wimlib-imagex 7zz; do
		toolcmd $tool verify "$f"
		read -r s m < <(best - "${cmd[@]}")
		awk -v f=$fmt -v t=$tool -v s="$s" -v m="$m" -v b="$bytes" \
			'BEGIN { printf "%-8s %-22s %10.2f %10.1f %12.1f\n", f, t " verify", s, b / s / 1e6, m / 1024 }'
	done
done
f=$(bench_input lzx)
entries=$(wimlib-imagex dir "$f" | wc -l)
echo "listing $entries entries of the LZX capture:"
for tool in wimlens wimlib-imagex 7zz; do
	toolcmd $tool dir "$f"
	read -r s m < <(best - "${cmd[@]}")
	awk -v t=$tool -v s="$s" -v m="$m" 'BEGIN { printf "%-8s %-22s %10.2f %10s %12.1f\n", "lzx", t " dir", s, "-", m / 1024 }'
done
