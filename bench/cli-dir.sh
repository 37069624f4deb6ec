#!/usr/bin/env bash
# Times `wimlens dir` against `wimlib-imagex dir` on one LZX WIM of a
# generated folder of over 100,000 entries, and prints the ratio. It is a
# measurement, not a test: it fails only if a tool is missing or the two
# list different paths.
#
#   bench/cli-dir.sh            RUNS=9 bench/cli-dir.sh     COMPRESS=none ...
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
COMPRESS=${COMPRESS:-LZX}
DIRS=300      # folders, each with a readme and a subfolder of FILES files:
FILES=350     # 300 * (350 + 3) + 1 = 105,901 entries

need() { # command, Debian package
	command -v "$1" >/dev/null && return
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
	else
		echo "cli-dir.sh: $1 is missing (apt-get install $2)" >&2
		exit 1
	fi
}
need wimlib-imagex wimtools
need /usr/bin/time time

work=$(mktemp -d /tmp/wimlens-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

go build -o bin/wimlens ./cli

# The tree: empty files with names of a few lengths, and one small file
# per folder so the capture has blobs as well as metadata.
for i in $(seq -w 1 "$DIRS"); do
	d="$work/tree/folder-$i/nested"
	mkdir -p "$d"
	(cd "$d" && touch $(printf "file-%04d.txt " $(seq 1 "$FILES")))
	echo "folder $i" >"$work/tree/folder-$i/readme.txt"
done
wimlib-imagex capture "$work/tree" "$work/bench.wim" bench --compress="$COMPRESS" >/dev/null
wim="$work/bench.wim"

bin/wimlens dir "$wim" | sort >"$work/wimlens.txt"
wimlib-imagex dir "$wim" | sort >"$work/wimlib.txt"
if ! cmp -s "$work/wimlens.txt" "$work/wimlib.txt"; then
	echo "cli-dir.sh: wimlens and wimlib-imagex list different paths" >&2
	exit 1
fi
entries=$(wc -l <"$work/wimlens.txt")

# measure NAME CMD...: median wall seconds and largest peak RSS over RUNS.
measure() {
	local name=$1
	shift
	: >"$work/$name.times"
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -a -o "$work/$name.times" "$@" >/dev/null
	done
	local secs kb
	secs=$(cut -d' ' -f1 "$work/$name.times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	kb=$(cut -d' ' -f2 "$work/$name.times" | sort -n | tail -1)
	printf '%-14s median %6.3f s   peak %7d KB   (%d runs)\n' "$name" "$secs" "$kb" "$RUNS" >&2
	echo "$secs"
}

echo "dir of $entries entries, $(du -k "$wim" | cut -f1) KB $COMPRESS WIM" >&2
ours=$(measure wimlens bin/wimlens dir "$wim")
theirs=$(measure wimlib-imagex wimlib-imagex dir "$wim")
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "wimlens / wimlib-imagex time ratio: %.2f\n", (b > 0 ? a / b : 0) }'
