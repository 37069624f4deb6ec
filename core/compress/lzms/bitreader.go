package lzms

import "github.com/wimlens/wimlens/core/compress/internal/le"

// The backward stream holds 16-bit little-endian units read from the end of
// the chunk toward its start, each unit high bit first. Loaded as one
// little-endian 64-bit word, four units already sit in reading order, highest
// address on top, so a refill is a single load and shift.
//
// The reader's state lives in the decode loop's locals, so that it stays in
// registers: bits holds the unread part of the 8-byte window at in[off:],
// left-aligned, and used counts the window's bits already consumed (< 64
// between refills). Bytes before in[0] read as zeros, as in wimlib, so off
// may go negative; only consuming bits beyond the start is an error (see
// bitsLeft).

// refill moves the window back over the whole units consumed, leaving at
// least 64-15 bits: enough for a Huffman codeword (at most 15 bits) and its
// extra bits (at most 30). in must be at least 8 bytes long.
func refill(in []byte, used uint, off int) (uint64, uint, int) {
	off -= int(used>>4) * 2
	used &= 15
	var w uint64
	if off >= 0 {
		w = le.Uint64(in[off:])
	} else {
		// Shifting the first 8 bytes up puts zeros where bytes before
		// in[0] would be, and a window wholly before it reads 0.
		w = le.Uint64(in) << (uint(-off) * 8)
	}
	return w << used, used, off
}

// bitsLeft is how many bits of the chunk are left to read; negative once the
// reader has consumed more than the chunk holds.
func bitsLeft(used uint, off int) int64 {
	return int64(off)*8 + 64 - int64(used)
}

// take returns the top n bits of bits, 0 <= n <= 32.
func take(bits uint64, n uint) uint32 {
	return uint32(bits >> 1 >> (63 - n))
}
