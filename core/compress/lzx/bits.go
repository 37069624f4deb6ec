package lzx

import (
	"encoding/binary"

	"github.com/wimlens/wimlens/core/compress"
)

// bitReader reads LZX's bitstream: 16-bit little-endian units, each read
// from its most significant bit down. The next bit is always bit 63 of bits.
//
// Bits below the n valid ones are either zero or the stream's real next
// bits, so a refill may OR a unit over bits it already holds.
type bitReader struct {
	src  []byte
	pos  int    // offset in src of the next unit to load
	bits uint64 // next bits of the stream, left-aligned
	n    uint   // number of valid bits in bits
}

// swapUnits turns 8 little-endian bytes, loaded as v, into four 16-bit
// units in stream order, the first unit in the top 16 bits. The load is
// the caller's: with it inside, swapUnits cost too much for the inliner on
// js/wasm (whose loads are not intrinsics), and a call per refill took a
// tenth of decoding there.
func swapUnits(v uint64) uint64 {
	v = v>>32 | v<<32
	return (v>>16)&0x0000ffff0000ffff | (v&0x0000ffff0000ffff)<<16
}

// refill makes n at least 49; it needs n <= 48. Past the end of src it
// feeds zero units, as wimlib does; overrun reports whether they were used.
func (br *bitReader) refill() {
	if br.pos+8 <= len(br.src) {
		br.bits |= swapUnits(binary.LittleEndian.Uint64(br.src[br.pos:])) >> br.n
		t := (64 - br.n) &^ 15 // whole units that fit
		br.pos += int(t >> 3)
		br.n += t
		return
	}
	br.refillTail()
}

// refillTail loads one unit at a time near the end of src.
func (br *bitReader) refillTail() {
	for br.n <= 48 {
		if br.pos+2 <= len(br.src) {
			br.bits |= uint64(binary.LittleEndian.Uint16(br.src[br.pos:])) << (48 - br.n)
		}
		br.pos += 2
		br.n += 16
	}
}

// read returns the next k bits, k <= 32.
func (br *bitReader) read(k uint) uint32 {
	if br.n < k {
		br.refill()
	}
	v := uint32(br.bits >> 32 >> (32 - k))
	br.bits <<= k
	br.n -= k
	return v
}

// decode reads one symbol with a table built by buildTable. The caller has
// made sure n covers the code's longest codeword.
func (br *bitReader) decode(table []uint16, rootBits uint) uint {
	e := table[br.bits>>(64-rootBits)]
	if e >= 1<<(rootBits+4) {
		br.bits <<= rootBits
		br.n -= rootBits
		e = table[uint(e>>4)+uint(br.bits>>(64-uint(e&15)))]
	}
	k := uint(e & 15)
	br.bits <<= k
	br.n -= k
	return uint(e >> 4)
}

// consumed is how many bits of src have been used.
func (br *bitReader) consumed() int { return br.pos*8 - int(br.n) }

// overrun reports whether decoding used bits beyond the last whole unit of
// src. Units lie every 2 bytes from pos, so a byte left over at the end is
// not part of the bitstream.
func (br *bitReader) overrun() bool {
	return br.consumed() > (len(br.src)-(len(br.src)-br.pos)&1)*8
}

// corrupt builds the error for bad input at the current position.
func (br *bitReader) corrupt(reason string) error {
	return compress.Corrupt("lzx", min(br.consumed()/8, len(br.src)), reason)
}
