#!/bin/sh
# Regenerates the XPRESS test chunks in this directory.
#
# Each case NAME has NAME.raw.gz (the original, at most 64 KiB, gzipped to
# save space) and NAME.xpress (the chunk as wimlib compresses it); files.txt
# lists them as: name, original size, chunk size, wimlib compression level
# ("literal" for a hand-made literal-only chunk). Inputs:
#   text-*     Go's net/http/server.go (from the Go 1.26 tree at /usr/local/go)
#              and /usr/share/common-licenses/GPL-3 (Debian base-files)
#   bin-*      slices of /usr/local/go/bin/gofmt, /usr/bin/git, /usr/bin/python3.11
#   zeros-*    zero bytes: one literal, then a match of maximal length
#   runs-*     runs of one byte and short repeated patterns (offsets 1..8)
#   lengths-*  copies of earlier data with lengths around each length-encoding
#              boundary (17/18, 272/273) and offsets up to 2^15..65533
#   tiny-*     1..100 bytes
#   random-*   incompressible bytes: a literal-only chunk
# The system files differ between machines, so a rerun may change the bytes;
# the committed chunks are the reference.
#
# Chunks come from testvectors/chunks.py (wimlib's compressor). It will not
# output a chunk that is not smaller than its input, as a WIM would store such
# a chunk raw; tiny and random inputs therefore go through the same compressor
# with room for a larger output (wimlib refuses inputs under 25 bytes, so those
# few are encoded here as literal-only chunks). Every chunk is then checked by
# decompressing it with wimlib.
#
# usage: sh gen.sh   (from any directory; needs python3, gzip, libwim.so.15)
set -eu
cd "$(dirname "$0")"
chunks=../../../../testvectors/chunks.py
rm -f ./*.raw ./*.raw.gz ./*.xpress files.txt

# slice NAME FILE OFFSET SIZE: NAME.raw = SIZE bytes of FILE from OFFSET
slice() {
	tail -c +$(($3 + 1)) "$2" | head -c "$4" >"$1.raw"
	[ "$(wc -c <"$1.raw")" -eq "$4" ] || { echo "$2 too short for $1" >&2; exit 1; }
}

# pack NAME [LEVEL]: NAME.xpress from NAME.raw with chunks.py
pack() {
	python3 "$chunks" xpress 65536 "$1.raw" "$1.xpress" "${2:-50}"
	echo "$1 $(wc -c <"$1.raw") $(wc -c <"$1.xpress") ${2:-50}" >>files.txt
}

server=/usr/local/go/src/net/http/server.go
slice text-server-65536 $server 0 65536 && pack text-server-65536
slice text-server-32768 $server 65536 32768 && pack text-server-32768 100
slice text-server-4096 $server 98304 4096 && pack text-server-4096
slice text-gpl3-32768 /usr/share/common-licenses/GPL-3 0 32768 && pack text-gpl3-32768 10
slice bin-gofmt-65536 /usr/local/go/bin/gofmt 1048576 65536 && pack bin-gofmt-65536
slice bin-gofmt-32768 /usr/local/go/bin/gofmt 2097152 32768 && pack bin-gofmt-32768
slice bin-gofmt-4096 /usr/local/go/bin/gofmt 4096 4096 && pack bin-gofmt-4096
slice bin-git-65536 /usr/bin/git 524288 65536 && pack bin-git-65536 100
slice bin-python-32768 /usr/bin/python3.11 2097152 32768 && pack bin-python-32768 10

# Synthetic inputs, then the cases chunks.py cannot produce, then the check.
python3 - <<'EOF'
import ctypes, random, sys

lib = ctypes.CDLL("libwim.so.15")
lib.wimlib_compress.restype = ctypes.c_size_t
rng = random.Random(20240601)

def write(name, data):
    open(name + ".raw", "wb").write(data)

write("zeros-65536", bytes(65536))

runs = bytearray()
while len(runs) < 32768:
    b = rng.randrange(256)
    n = rng.choice([1, 2, 3, 5, 17, 18, 100, 272, 273, 274, 1000, 4000])
    period = rng.randrange(1, 9)
    pat = bytes(rng.randrange(256) for _ in range(period))
    runs += bytes([b]) * n if rng.random() < 0.5 else (pat * (n // period + 1))[:n]
write("runs-32768", bytes(runs[:32768]))

# Fresh random bytes, each followed by a copy of an earlier span whose length
# sits on either side of an encoding boundary. After zeros, the tail repeats
# earlier bytes from beyond 2^15 back and from as far back as 64 KiB allows.
lengths = bytearray()
for n in [3, 4, 17, 18, 19, 270, 271, 272, 273, 274, 275, 1000, 4095]:
    lengths += rng.randbytes(64)
    start = rng.randrange(0, len(lengths) - 16)
    for i in range(n):
        lengths.append(lengths[start + i])
lengths += bytes(65536 - 3 - 6900 - len(lengths))
lengths += lengths[100:7000]  # offset > 2^15
lengths += lengths[:3]         # offset 65533
assert len(lengths) == 65536
write("lengths-65536", bytes(lengths))

def compress(data, level=50):
    comp = ctypes.c_void_p()
    assert lib.wimlib_create_compressor(1, ctypes.c_size_t(65536), level,
                                        ctypes.byref(comp)) == 0
    out = ctypes.create_string_buffer(len(data) + 1024)
    n = lib.wimlib_compress(data, len(data), out, len(out), comp)
    lib.wimlib_free_compressor(comp)
    return out.raw[:n]

def literal_chunk(data):
    # All 512 symbols get 9-bit codewords, a complete code whose canonical
    # codeword for symbol s is s itself; then the literals, end-of-data
    # (symbol 256) and the padding unit. Bits go into 16-bit little-endian
    # units, most significant first; with no matches nothing is interleaved.
    bitstr = "".join(format(s, "09b") for s in list(data) + [256])
    bitstr += "0" * (-len(bitstr) % 16) + "0" * 16
    units = [int(bitstr[i:i + 16], 2) for i in range(0, len(bitstr), 16)]
    return bytes([0x99] * 256) + b"".join(u.to_bytes(2, "little") for u in units)

cases = []
for n in [1, 2, 3, 4, 7, 16, 24]:
    cases.append(("tiny-%d" % n, rng.randbytes(n), None))
cases.append(("tiny-24-zeros", bytes(24), None))
for n in [25, 40, 64, 100]:
    cases.append(("tiny-%d" % n, (b"wimlens " * 13)[:n], 50))
cases.append(("tiny-100-random", rng.randbytes(100), 50))
cases.append(("random-4096", rng.randbytes(4096), 50))
for name, data, level in cases:
    write(name, data)
    chunk = literal_chunk(data) if level is None else compress(data, level)
    assert chunk, name
    open(name + ".xpress", "wb").write(chunk)
    with open("files.txt", "a") as f:
        f.write("%s %d %d %s\n" % (name, len(data), len(chunk),
                                  "literal" if level is None else level))
EOF
pack zeros-65536
pack runs-32768
pack lengths-65536 100

python3 - <<'EOF'
import ctypes
lib = ctypes.CDLL("libwim.so.15")
for line in open("files.txt"):
    name = line.split()[0]
    raw = open(name + ".raw", "rb").read()
    chunk = open(name + ".xpress", "rb").read()
    d = ctypes.c_void_p()
    assert lib.wimlib_create_decompressor(1, ctypes.c_size_t(65536), ctypes.byref(d)) == 0
    out = ctypes.create_string_buffer(len(raw))
    rc = lib.wimlib_decompress(chunk, len(chunk), out, len(raw), d)
    lib.wimlib_free_decompressor(d)
    assert rc == 0 and out.raw == raw, name
EOF
sort -o files.txt files.txt
gzip -9n ./*.raw
