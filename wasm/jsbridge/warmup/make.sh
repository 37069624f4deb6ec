#!/usr/bin/env bash
# Writes the WIMs the browser engine warms up on (see ../warmup.go): one
# image of 30 folders × 100 empty files, captured with each codec. Their
# metadata is what gets decoded and parsed; there is no file data.
set -euo pipefail
cd "$(dirname "$0")"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
for d in $(seq -w 0 29); do
	dir="$src/Windows/WinSxS/x86_component_${d}_31bf3856ad364e35"
	mkdir -p "$dir"
	for f in $(seq -w 0 99); do : >"$dir/file_0$f.dll"; done
done
for c in XPRESS LZX LZMS; do
	rm -f "$c.wim"
	wimlib-imagex capture "$src" "$c.wim" warmup --compress="$c" >/dev/null
done
