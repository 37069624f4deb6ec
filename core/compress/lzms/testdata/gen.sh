#!/bin/sh
# Regenerates the LZMS test chunks with wimlib's own compressor
# (testvectors/chunks.py, which needs libwim) and rewrites manifest.txt.
#
# Cases and where their originals come from:
#   x86-0..3   512 KiB of amd64 code (.text of Go 1.26.8's linux/amd64 gofmt,
#              sha256 b233484f...c597), in 128 KiB chunks: the benchmark's
#              binary half, and real work for the x86 filter.
#   text-0..3  512 KiB of Go source (Go 1.26.8's src/net/http/*.go, not
#              tests, in name order), in 128 KiB chunks.
#   tiny-*     a few small inputs, stored in tiny-*.raw.
#   the rest   built by the generators listed in lzms_test.go ("generated"):
#              zeros, runs, delta tables, small prefixes of x86-0 and text-0
#              (quick fuzzing seeds), and "solid", a 6 MiB chunk like a solid
#              ESD resource built from x86-0 and text-0.
# Only tiny originals are kept: the test checks the others by SHA-256 (and
# rebuilds the generated ones). Run from anywhere; GOROOT defaults to the
# go in PATH.
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
goroot=${GOROOT:-$(go env GOROOT)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name size level: compress $tmp/name.raw into name.lzms, record it.
chunk() {
	python3 "$root/testvectors/chunks.py" lzms "$2" "$tmp/$1.raw" "$here/$1.lzms" "$3"
	printf '%s %s %s\n' "$1" "$(wc -c <"$tmp/$1.raw" | tr -d ' ')" \
		"$(sha256sum "$tmp/$1.raw" | cut -d' ' -f1)" >>"$tmp/manifest"
}

rm -f "$here"/*.lzms
: >"$tmp/manifest"

# The .text section of gofmt starts at file offset 0x1000; take 512 KiB from
# 0x80000 on.
dd if="$goroot/bin/gofmt" of="$tmp/x86" bs=65536 skip=8 count=8 2>/dev/null
for f in "$goroot"/src/net/http/*.go; do
	case $f in *_test.go) ;; *) cat "$f" ;; esac
done | head -c 524288 >"$tmp/text"
for i in 0 1 2 3; do
	dd if="$tmp/x86" of="$tmp/x86-$i.raw" bs=131072 skip=$i count=1 2>/dev/null
	dd if="$tmp/text" of="$tmp/text-$i.raw" bs=131072 skip=$i count=1 2>/dev/null
	chunk "x86-$i" 131072 50
	chunk "text-$i" 131072 50
done

for f in "$here"/tiny-*.raw; do
	n=$(basename "$f" .raw)
	cp "$f" "$tmp/$n.raw"
	chunk "$n" 65536 50
done

# name level: the generated cases.
(cd "$here/.." && go test -count=1 -run '^TestWriteGenerated$' . -args -gendir="$tmp")
while read -r name level; do
	chunk "$name" "$(wc -c <"$tmp/$name.raw")" "$level"
done <"$tmp/generated"

sort "$tmp/manifest" >"$here/manifest.txt"
