# Sourced by the bench scripts so all measure the same inputs (SRC
# captured once per format with wimlib-imagex and cached in BENCH_DIR), and
# time them one way (best).
#   SRC        folder to capture (default /usr/share; make bench-quick uses a small one)
#   BENCH_DIR  where the captured WIMs are kept (default /tmp/wimlens-bench)
# shellcheck shell=bash
SRC=${SRC:-/usr/share}
BENCH_DIR=${BENCH_DIR:-/tmp/wimlens-bench}
mkdir -p "$BENCH_DIR"
tag=$(echo "$SRC" | tr '/' '_')

# bench_input FORMAT prints the capture of SRC in FORMAT (none, xpress, lzx,
# lzms, solid), e.g. $BENCH_DIR/_usr_share-lzx.wim, capturing it if missing.
bench_input() {
	local ext=wim opts
	case $1 in
	none | xpress | lzx | lzms) opts=(--compress="$1") ;;
	solid) opts=(--solid) ext=esd ;;
	*) echo "bench_input: unknown format $1" >&2; return 1 ;;
	esac
	local out="$BENCH_DIR/$tag-$1.$ext"
	[ -s "$out" ] || { echo "capturing $SRC as $1 ..." >&2; wimlib-imagex capture "$SRC" "$out" bench "${opts[@]}" >/dev/null; }
	echo "$out"
}

# uncompressed_bytes FILE: what verify hashes, every blob's uncompressed size
# (each blob once), the numerator of the MB/s columns.
uncompressed_bytes() {
	wimlib-imagex info "$1" --blobs | awk '/^Uncompressed size/ {s += $4} END {print s}'
}

# best TARGET CMD...: best wall seconds and peak KiB over RUNS runs of CMD,
# as "SECONDS KIB". TARGET, what CMD writes, is removed (and the disk
# synced) before each run; "-" when CMD writes nothing.
best() {
	local target=$1 t m bt=999999 bm=0 log
	shift
	log=$(mktemp)
	for _ in $(seq "$RUNS"); do
		if [ "$target" != - ]; then
			rm -rf "$target"
			sync
		fi
		/usr/bin/time -o "$log" -f '%e %M' "$@" >/dev/null 2>&1 || true
		read -r t m < <(tail -1 "$log")
		if awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then bt=$t; bm=$m; fi
	done
	rm -f "$log"
	echo "$bt $bm"
}
