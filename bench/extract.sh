#!/usr/bin/env bash
# Extraction: wimlens extract --dest, --zip and --zip --store against
# wimlib-imagex apply
# and 7zz x, on SRC captured as a solid ESD, LZMS, LZX and XPRESS (cached,
# bench/lib.sh). Time and peak memory, best of RUNS; ratio is the faster
# peer's time over wimlens' (target >= 1.5). Every output of wimlens is
# checked against wimlib-imagex apply's: a manifest of SHA-1s of every
# regular file (wimlib writes reparse points as symlinks, wimlens as plain
# files: those paths are left out), and the zips are tested by 7zz and
# their entries hashed the same way.
#   RUNS       runs per measurement; the best is reported (default 3)
#   FORMATS    which captures (default "solid lzms lzx xpress")
#   OUT        where outputs go, on the file system being measured
#              (default $BENCH_DIR/extract-out); every run writes a new
#              tree and all are deleted at the end (see settle_deletions):
#              /usr/share takes about 25 GB, SRC=/usr with RUNS=1 about 20 GB
#              a format
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
RUNS=${RUNS:-3}
FORMATS=${FORMATS:-solid lzms lzx xpress}
WIMLENS=${WIMLENS:-bin/wimlens}
OUT=${OUT:-$BENCH_DIR/extract-out}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
settle_deletions
mkdir -p "$OUT"
trap 'cleaned_up "$OUT"' EXIT

# manifest DIR: "sha1  ./path" of every regular file under DIR, sorted,
# leaving out the paths listed in $OUT/links (wimlib's symlinks) and names
# holding a backslash, which wimlens refuses as a path separator on
# Windows and wimlib writes on Linux (/usr has one, a systemd unit).
manifest() {
	(cd "$1" && find . -type f ! -name '*\\*' -print0 | LC_ALL=C sort -z | xargs -0r sha1sum) |
		awk 'NR == FNR { skip["./" $0] = 1; next } !(substr($0, 43) in skip)' "$OUT/links" -
}

printf '%-7s %-26s %9s %10s %8s\n' format tool seconds peak_MiB ratio
for fmt in $FORMATS; do
	f=$(bench_input "$fmt")
	o=$OUT/$fmt
	mkdir -p "$o"
	declare -A secs=() mem=()
	for tool in wimlib-apply 7zz-x wimlens-dest wimlens-zip wimlens-zip-store; do
		case $tool in
		wimlib-apply) target=$o/wimlib cmd=(wimlib-imagex apply "$f" 1 @T@) ;;
		7zz-x) target=$o/7zz cmd=(7zz x -y -o@T@ "$f") ;;
		wimlens-dest) target=$o/wimlens cmd=("$WIMLENS" extract "$f" 1 --dest @T@) ;;
		wimlens-zip) target=$o/wimlens.zip cmd=("$WIMLENS" extract "$f" 1 --zip @T@) ;;
		wimlens-zip-store) target=$o/wimlens-store.zip cmd=("$WIMLENS" extract "$f" 1 --zip @T@ --store) ;;
		esac
		read -r s m < <(WARM=$f best "$target" "${cmd[@]}")
		secs[$tool]=$s mem[$tool]=$m
	done
	# Check: wimlens' outputs hold what wimlib's does.
	(cd "$o/wimlib" && find . -type l) | sed 's|^\./||' >"$OUT/links"
	manifest "$o/wimlib" >"$OUT/want"
	ok=equal
	manifest "$o/wimlens" | cmp -s - "$OUT/want" || ok="DIFFERENT (--dest)"
	for z in wimlens wimlens-store; do
		7zz t "$o/$z.zip" >/dev/null || ok="BROKEN zip ($z)"
		rm -rf "$o/unzipped"
		7zz x -y "-o$o/unzipped" "$o/$z.zip" >/dev/null
		manifest "$o/unzipped" | cmp -s - "$OUT/want" || ok="DIFFERENT ($z.zip)"
	done
	peer=$(awk -v a="${secs[wimlib-apply]}" -v b="${secs[7zz-x]}" 'BEGIN{print (a<b)?a:b}')
	for tool in wimlib-apply 7zz-x wimlens-dest wimlens-zip wimlens-zip-store; do
		ratio=-
		case $tool in wimlens-*) ratio=$(awk -v p="$peer" -v s="${secs[$tool]}" 'BEGIN{printf "%.2f", p/s}') ;; esac
		awk -v f="$fmt" -v t="$tool" -v s="${secs[$tool]}" -v m="${mem[$tool]}" -v r="$ratio" \
			'BEGIN { printf "%-7s %-26s %9.2f %10.1f %8s\n", f, t, s, m / 1024, r }'
	done
	echo "$fmt: wimlens' files against wimlib's: $ok"
done
