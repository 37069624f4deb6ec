#!/usr/bin/env python3
"""Compress one buffer with wimlib's own compressors (libwim through ctypes).

Writes the raw compressed chunk a WIM would store, so each decoder can be
tested on exactly what wimlib emits, for any chunk size, without parsing a WIM.

usage: chunks.py xpress|lzx|lzms MAX_BLOCK_SIZE INPUT OUTPUT [LEVEL]
Exits 3 when wimlib cannot make the input smaller (WIM would store it raw).
"""
import ctypes, ctypes.util, sys

TYPES = {"xpress": 1, "lzx": 2, "lzms": 3}

def main():
    codec, block, src, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    level = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    lib = ctypes.CDLL(ctypes.util.find_library("wim") or "libwim.so.15")
    data = open(src, "rb").read()
    if len(data) > block:
        sys.exit(f"input of {len(data)} bytes exceeds block size {block}")
    comp = ctypes.c_void_p()
    rc = lib.wimlib_create_compressor(TYPES[codec], ctypes.c_size_t(block),
                                      ctypes.c_uint(level), ctypes.byref(comp))
    if rc:
        sys.exit(f"wimlib_create_compressor: error {rc}")
    out = ctypes.create_string_buffer(len(data))
    lib.wimlib_compress.restype = ctypes.c_size_t
    n = lib.wimlib_compress(data, ctypes.c_size_t(len(data)), out,
                            ctypes.c_size_t(len(data)), comp)
    lib.wimlib_free_compressor(comp)
    if n == 0:
        sys.exit(3)
    open(dst, "wb").write(out.raw[:n])

if __name__ == "__main__":
    main()
