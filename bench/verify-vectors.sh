#!/usr/bin/env bash
# Decoder throughput on the largest test vector of each format, beside
# wimlib-imagex verify on the same file (issue: core reader, "Done when").
# wimlib's figure includes its process start-up, so it is measured over
# repeated runs and reported as bytes verified per second of wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
vectors=(ntfs-none ntfs-xpress-4k ntfs-xpress-64k ntfs-lzx-2m ntfs-lzms ntfs-solid)
ext() { [ -f "testvectors/$1.esd" ] && echo esd || echo wim; }

echo "== wimlens (go test -bench, uncompressed MB/s)"
go test -run '^$' -bench 'Benchmark(Read|Verify)/' -benchtime "${RUNS}x" ./core/wim ./core/bulk | grep -E '^Benchmark'

echo "== wimlib-imagex verify ($RUNS runs each)"
printf '%-18s %12s %10s %10s\n' vector bytes seconds MB/s
for v in "${vectors[@]}"; do
	f="testvectors/$v.$(ext "$v")"
	# Every blob's uncompressed size, as wimlib lists them.
	bytes=$(wimlib-imagex info "$f" --blobs | awk '/^Uncompressed size/ {s += $4} END {print s}')
	start=$(date +%s.%N)
	for _ in $(seq "$RUNS"); do wimlib-imagex verify "$f" >/dev/null 2>&1; done
	end=$(date +%s.%N)
	awk -v v="$v" -v b="$bytes" -v s="$start" -v e="$end" -v n="$RUNS" \
		'BEGIN { t = (e - s) / n; printf "%-18s %12d %10.4f %10.1f\n", v, b, t, b / t / 1e6 }'
done
