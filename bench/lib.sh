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
# as "SECONDS KIB". TARGET is what CMD writes, "-" when nothing: each run
# writes a new one, TARGET.1, TARGET.2 ..., put where CMD says @T@, and
# starts from the same memory (see settle_cache; WARM names the input to
# keep cached). Nothing is deleted here (see settle_deletions); the last
# run's output is left in TARGET.
best() {
	local target=$1 t m bt=999999 bm=0 log run arg cmd
	shift
	log=$(mktemp)
	for run in $(seq "$RUNS"); do
		cmd=()
		for arg in "$@"; do cmd+=("${arg//@T@/$target.$run}"); done
		[ "$target" = - ] || settle_cache "${WARM:-}"
		/usr/bin/time -o "$log" -f '%e %M' "${cmd[@]}" >/dev/null 2>&1 || true
		read -r t m < <(tail -1 "$log")
		if awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then bt=$t; bm=$m; fi
	done
	[ "$target" = - ] || mv "$target.$RUNS" "$target"
	rm -f "$log"
	echo "$bt $bm"
}

# settle_cache [FILE]: the disk synced and, where this may (root), the page
# cache emptied but for FILE, read back in. The extraction bench writes
# some 25 GB; with the cache full of earlier runs' trees, every later run
# paid the kernel's reclaim (LZMS --dest to tmpfs 2.7 s instead of 2.0),
# so each tool's runs were slowed by those before them.
settle_cache() {
	sync
	if [ -w /proc/sys/vm/drop_caches ]; then
		echo 1 >/proc/sys/vm/drop_caches
		[ -z "${1:-}" ] || cat "$1" >/dev/null
	fi
}

# A file system without a journal, as this VM's ext4, does not reuse an
# inode for a minute after it is deleted (six while its table block is
# dirty), and every file created meanwhile scans past such inodes
# (recently_deleted in the kernel): right after a tree of 50k files is
# deleted, creating files costs every tool several times the system time.
# So the extraction bench deletes nothing between runs, cleans up at its
# end (cleaned_up), and waits out the six minutes after its last cleanup
# (settle_deletions) before measuring.
settle_deletions() {
	local stamp=$BENCH_DIR/.cleaned-up left
	[ -f "$stamp" ] || return 0
	left=$(($(cat "$stamp") + 360 - $(date +%s)))
	if [ "$left" -gt 0 ]; then
		echo "waiting ${left}s for the inodes deleted by the last cleanup to be reusable" >&2
		sleep "$left"
	fi
}

# cleaned_up DIR...: deletes DIR... and notes when, for settle_deletions.
cleaned_up() {
	rm -rf "$@"
	sync
	date +%s >"$BENCH_DIR/.cleaned-up"
}
