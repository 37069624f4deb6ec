#!/usr/bin/env python3
"""Hand-built LZX chunks with uncompressed blocks, which wimlib never emits.

Each chunk is written from a small model of the format (fixed Huffman codes,
uncompressed blocks, recent offsets), then decoded with wimlib's own
decompressor through libwim; the script fails unless wimlib's output equals
the model's. Writes NAME.lzx and NAME.raw.gz into the output directory and
prints a line for each: NAME.lzx NAME.raw.gz WINDOW.

usage: handmade.py OUTDIR
"""
import ctypes, ctypes.util, gzip, os, random, sys

LZX = 2


class Bits:
    """LZX bitstream: 16-bit little-endian units filled from the top bit."""

    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.cnt = 0

    def put(self, v, n):
        for i in reversed(range(n)):
            self.acc = self.acc << 1 | (v >> i) & 1
            self.cnt += 1
            if self.cnt == 16:
                self.out += self.acc.to_bytes(2, "little")
                self.acc = self.cnt = 0

    def pad_unit(self):
        """1 to 16 zero bits up to the next unit boundary."""
        self.put(0, 16 - self.cnt)

    def flush(self):
        if self.cnt:
            self.put(0, 16 - self.cnt)


def canonical(lens):
    """Codewords of the canonical code with these lengths."""
    codes, code = {}, 0
    for l in range(1, 17):
        for s, sl in enumerate(lens):
            if sl == l:
                codes[s] = (code, l)
                code += 1
        code <<= 1
    return codes


def slot_tables():
    base, bits, pos = [], [], 0
    for s in range(50):
        b = 0 if s < 4 else min((s - 2) // 2, 17)
        base.append(pos)
        bits.append(b)
        pos += 1 << b
    return base, bits


BASE, EXTRA = slot_tables()

# Pretree: 12 codewords of 4 bits and 8 of 5 bits.
PRE = [4] * 12 + [5] * 8


class Chunk:
    def __init__(self, window):
        self.window = window
        self.order = window.bit_length() - 1
        slots = 30
        while slots < 50 and window - 3 >= BASE[slots] - 2:
            slots += 1
        self.nmain = 256 + 8 * slots
        self.bw = Bits()
        self.data = bytearray()  # output before E8 translation is undone
        self.r = [1, 1, 1]
        self.prev_main = [0] * self.nmain
        self.prev_len = [0] * 249

    def header(self, btype, size):
        self.bw.put(btype, 3)
        if size == 32768:
            self.bw.put(1, 1)
        else:
            self.bw.put(0, 1)
            if self.order > 15:
                self.bw.put(size >> 16, 8)
            self.bw.put(size & 0xFFFF, 16)

    def lens(self, new, prev):
        pre = canonical(PRE)
        for l in PRE:
            self.bw.put(l, 4)
        for n, p in zip(new, prev):
            self.bw.put(*pre[(p - n) % 17])

    def verbatim(self, ops):
        """ops: ("lit", byte) or ("match", length, offset) or ("rep", length, i)."""
        size = sum(1 if op[0] == "lit" else op[1] for op in ops)
        # Main code: complete, every symbol 8 or 9 bits.
        main = [9] * self.nmain
        for s in range(512 - self.nmain):
            main[(s * 37 + 100) % self.nmain] = 8
        assert sum(2 ** -l for l in main) == 1
        lenlens = [7] * 7 + [8] * 242
        self.header(1, size)
        self.lens(main[:256], self.prev_main[:256])
        self.lens(main[256:], self.prev_main[256:])
        self.lens(lenlens, self.prev_len)
        self.prev_main, self.prev_len = main, lenlens
        mc, lc = canonical(main), canonical(lenlens)
        for op in ops:
            if op[0] == "lit":
                self.bw.put(*mc[op[1]])
                self.data.append(op[1])
                continue
            length = op[1]
            if op[0] == "rep":
                i = op[2]
                off = self.r[i]
                self.r[i] = self.r[0]
                self.r[0] = off
                slot, extra = i, None
            else:
                off = op[2]
                f = off + 2
                slot = max(s for s in range(3, 50) if BASE[s] <= f)
                extra = f - BASE[slot]
                self.r = [off, self.r[0], self.r[1]]
            hdr = min(length - 2, 7)
            self.bw.put(*mc[256 + slot * 8 + hdr])
            if hdr == 7:
                self.bw.put(*lc[length - 9])
            if extra is not None:
                self.bw.put(extra, EXTRA[slot])
            for _ in range(length):
                self.data.append(self.data[-off])
        return self

    def uncompressed(self, raw, r, pad=True):
        self.header(3, len(raw))
        self.bw.pad_unit()
        assert self.bw.cnt == 0
        for v in r:
            self.bw.out += v.to_bytes(4, "little")
        self.bw.out += raw
        if len(raw) % 2 and pad:
            self.bw.out.append(0)
        self.r = list(r)
        self.data += raw
        return self

    def finish(self):
        self.bw.flush()
        return bytes(self.bw.out), undo_e8(bytearray(self.data))


def undo_e8(b):
    i = 0
    while i < len(b) - 10:
        if b[i] != 0xE8:
            i += 1
            continue
        v = int.from_bytes(b[i + 1 : i + 5], "little", signed=True)
        if 0 <= v < 12000000:
            v -= i
        elif -i <= v < 0:
            v += 12000000
        else:
            i += 5
            continue
        b[i + 1 : i + 5] = (v & 0xFFFFFFFF).to_bytes(4, "little")
        i += 5
    return bytes(b)


def wimlib_decode(lib, window, comp, size):
    d = ctypes.c_void_p()
    if lib.wimlib_create_decompressor(LZX, ctypes.c_size_t(window), ctypes.byref(d)):
        sys.exit("wimlib_create_decompressor failed")
    out = ctypes.create_string_buffer(size)
    rc = lib.wimlib_decompress(comp, ctypes.c_size_t(len(comp)), out, ctypes.c_size_t(size), d)
    lib.wimlib_free_decompressor(d)
    return None if rc else out.raw


def e8_bytes(rng, n):
    """Bytes with many E8 calls, with targets for both translation cases."""
    b = bytearray((b"mov eax, [ebx+8]; call target; " * (n // 31 + 1))[:n])
    for i in range(0, n - 5, 23):
        b[i] = 0xE8
        t = rng.choice([rng.randrange(0, 12000000), -rng.randrange(1, 1 + i + 1), rng.randrange(-2**31, 2**31)])
        b[i + 1 : i + 5] = (t & 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(b)


def literals(data):
    return [("lit", c) for c in data]


def chunks(rng):
    text = b"an uncompressed block carries its own recent offsets. "

    # One uncompressed block of odd size, so with a pad byte.
    c = Chunk(32768)
    yield "hand-stored-32k", c.uncompressed(e8_bytes(rng, 1001), [1, 1, 1])

    # Verbatim, uncompressed with new R0..R2, verbatim using them, then an
    # even-sized uncompressed block.
    c = Chunk(32768)
    c.verbatim(literals(text * 3) + [("match", 40, 55), ("match", 257, 1), ("lit", 0xE8)])
    c.uncompressed(e8_bytes(rng, 257), [7, 300, 100])
    c.verbatim([("rep", 5, 0), ("rep", 9, 1), ("rep", 12, 2), ("rep", 3, 0), ("rep", 4, 2)]
               + literals(b"xyz") + [("match", 20, 3), ("rep", 33, 1)])
    c.uncompressed(e8_bytes(rng, 600), [1, 2, 3])
    yield "hand-mixed-32k", c

    # The uncompressed header ends exactly on a unit boundary: the stream
    # then skips a whole 16-bit unit. Literals cost 8 or 9 bits; 16 trailing
    # ones, k of them short, land the header there.
    probe = Chunk(32768)
    probe.verbatim(literals(text * 2))
    short, long_ = short_long(probe)
    tail = next([short[j] for j in range(k)] + [long_[j] for j in range(16 - k)]
                for k in range(17) if (probe.bw.cnt + 8 * k + 9 * (16 - k) + 20) % 16 == 0)
    c = Chunk(32768)
    c.verbatim(literals(text * 2) + literals(bytes(tail)))
    assert (c.bw.cnt + 20) % 16 == 0
    c.uncompressed(b"aligned header" * 9 + b"!", [3, 2, 1])
    c.verbatim([("rep", 14, 0), ("rep", 20, 1), ("lit", 10)])
    yield "hand-align16-32k", c

    # 64 KiB window: 24-bit block sizes, and a chunk that ends after an odd
    # block without its pad byte.
    c = Chunk(65536)
    c.verbatim(literals(text) + [("match", 257, 2)])
    c.uncompressed(e8_bytes(rng, 1001), [1, 1, 1], pad=False)
    yield "hand-big-64k", c


def short_long(chunk):
    """Literal byte values with 8-bit and with 9-bit main codewords."""
    main = chunk.prev_main
    return [s for s in range(256) if main[s] == 8], [s for s in range(256) if main[s] == 9]


def main():
    outdir = sys.argv[1]
    lib = ctypes.CDLL(ctypes.util.find_library("wim") or "libwim.so.15")
    rng = random.Random(1)
    for name, c in chunks(rng):
        comp, want = c.finish()
        got = wimlib_decode(lib, c.window, comp, len(want))
        if got != want:
            sys.exit(f"{name}: wimlib's decoder disagrees with the model")
        open(os.path.join(outdir, name + ".lzx"), "wb").write(comp)
        with gzip.GzipFile(os.path.join(outdir, name + ".raw.gz"), "wb", mtime=0) as f:
            f.write(want)
        print(f"{name}.lzx {name}.raw.gz {c.window}")


if __name__ == "__main__":
    main()
