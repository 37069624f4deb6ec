#!/bin/sh
# Regenerates the LZX test vectors with wimlib's own compressor
# (testvectors/chunks.py, which needs libwim) and handmade.py.
#
# Inputs come from the local Go toolchain (net/http sources as text, the
# compile tool's machine code as x86) and from fixed synthetic patterns, so
# a different Go or wimlib version gives different but equally valid files:
# the tests only check that each chunk decodes to its original.
#
# Writes, next to this script:
#   NAME.raw.gz            an original chunk
#   NAME-lLEVEL.lzx        it compressed at that wimlib level
#   hand-*.lzx, .raw.gz    chunks with uncompressed blocks (handmade.py)
#   vectors.txt            COMPRESSED ORIGINAL WINDOW, one chunk a line
#   corpus-32k.bin         1 MiB of text and x86 as 32 KiB chunks for the
#                          benchmark: records of raw length (u32le),
#                          compressed length (u32le), SHA-256 of the raw
#                          chunk, compressed bytes
set -eu
cd "$(dirname "$0")"
chunks=../../../../testvectors/chunks.py
goroot=$(go env GOROOT)
tooldir=$(go env GOTOOLDIR)
if [ "$(go env GOHOSTARCH)" != amd64 ]; then
	echo "gen.sh: the x86 inputs come from an amd64 Go toolchain" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -f ./*.lzx ./*.raw.gz vectors.txt corpus-32k.bin

# Write the originals and the plan: NAME WINDOW LEVEL...
python3 - "$goroot" "$tooldir" "$tmp" <<'EOF'
import glob, random, struct, sys

goroot, tooldir, tmp = sys.argv[1:]
text = b"".join(open(f, "rb").read() for f in sorted(glob.glob(goroot + "/src/net/http/*.go")))
x86 = open(tooldir + "/compile", "rb").read()[0x200000:0x300000]  # in .text
rng = random.Random(7)
plan = open(tmp + "/plan", "w")

def vec(name, window, levels, data):
    assert len(data) <= window
    open(f"{tmp}/{name}.raw", "wb").write(data)
    print(name, window, *levels, file=plan)

def runs(n):
    b = bytearray()
    while len(b) < n:
        if rng.random() < 0.5:
            b += bytes([rng.choice(b"\0\xff a")]) * rng.randrange(1, 2000)
        else:
            b += rng.randbytes(rng.randrange(1, 9)) * rng.randrange(2, 300)
    return bytes(b[:n])

def e8_edges(n):
    # x86-like bytes with calls everywhere, including the chunk's last
    # 10 bytes (never translated) and back-to-back E8 bytes.
    b = bytearray(text[200000:200000 + n])
    for i in list(range(0, n, 97)) + list(range(n - 16, n)):
        b[i] = 0xE8
    for i in range(1, n - 5, 389):
        t = rng.choice([rng.randrange(0, 12000000), -rng.randrange(1, i + 2), 12000000 + i, -2**31])
        b[i] = 0xE8
        b[i + 1:i + 5] = (t & 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(b)

def far(n):
    # Machine code, mostly zeros, then the same code n-8192 bytes later: in
    # a window of n bytes that match needs the highest offset slot.
    seg = x86[0x40000:0x42000]
    filler = bytearray(n)
    for i in range(0, n, 32768):
        mark = b"-- %d --" % i
        filler[i:i + len(mark)] = mark
    data = seg + bytes(filler[:n - 2 * len(seg)]) + seg
    assert len(data) == n
    return data

def table(n):
    # 16-byte records of an 8-aligned address and a small number: matches
    # at multiples of 8 make wimlib pick aligned offset blocks.
    return b"".join(struct.pack("<QQ", 0x400000 + 8 * rng.randrange(4096), rng.randrange(64))
                    for _ in range(n // 16))

L = ("20", "50", "100")
vec("text-32k", 32768, ("20",), text[:32768])
# Two blocks at levels 50 and 100: verbatim for the text, aligned for the code.
vec("text-x86-32k", 32768, L, text[300000:316384] + x86[300000:316384])
vec("table-32k", 32768, ("50",), table(32768))
vec("zeros-32k", 32768, ("50",), bytes(32768))
vec("runs-32k", 32768, ("50",), runs(32768))
vec("e8-16381", 32768, ("50",), e8_edges(16381))
vec("tiny-64", 32768, ("50",), bytes(64))
vec("tiny-150", 32768, ("50",), b"abc" * 50)
vec("last-12345", 32768, ("50",), text[40000:46000] + x86[40000:46345])
vec("mix-64k", 65536, ("50",), text[65536:81920] + x86[65536:73728] + runs(40960))
vec("last-9001", 65536, ("100",), x86[100000:104500] + text[100000:104501])
vec("far-1m", 1 << 20, ("50",), far(1 << 20))
vec("far-2m", 1 << 21, ("50",), far(1 << 21))
vec("last-2m", 1 << 21, ("50",), far(700001))

# Benchmark corpus: 16 chunks of text, 16 of x86 code.
bench = open(tmp + "/bench", "w")
for k in range(16):
    for kind, src in (("text", text), ("x86", x86)):
        name = f"bench-{kind}-{k:02d}"
        open(f"{tmp}/{name}.raw", "wb").write(src[(k + 8) * 32768:(k + 9) * 32768])
        print(name, file=bench)
EOF

while read -r name window levels; do
	for level in $levels; do
		if python3 "$chunks" lzx "$window" "$tmp/$name.raw" "$name-l$level.lzx" "$level"; then
			[ -e "$name.raw.gz" ] || gzip -9n <"$tmp/$name.raw" >"$name.raw.gz"
			echo "$name-l$level.lzx $name.raw.gz $window" >>vectors.txt
		else
			echo "gen.sh: wimlib could not shrink $name at level $level; skipped" >&2
		fi
	done
done <"$tmp/plan"

python3 handmade.py . >>vectors.txt

while read -r name; do
	python3 "$chunks" lzx 32768 "$tmp/$name.raw" "$tmp/$name.lzx" 50
done <"$tmp/bench"
python3 - "$tmp" <<'EOF'
import hashlib, struct, sys
tmp = sys.argv[1]
with open("corpus-32k.bin", "wb") as out:
    for name in open(tmp + "/bench").read().split():
        raw = open(f"{tmp}/{name}.raw", "rb").read()
        comp = open(f"{tmp}/{name}.lzx", "rb").read()
        out.write(struct.pack("<II", len(raw), len(comp)) + hashlib.sha256(raw).digest() + comp)
EOF
