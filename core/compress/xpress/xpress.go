// Package xpress decodes XPRESS chunks as WIM files store them: the
// LZ77+Huffman variant of [MS-XCA], at most 64 KiB of output per chunk.
//
// A chunk is a 256-byte table of 512 4-bit Huffman codeword lengths followed
// by a bitstream of little-endian 16-bit units, read most significant bit
// first. Symbols 0..255 are literals; symbol 256+s is a match whose length
// header is s&15 and whose offset is 2^(s>>4) plus s>>4 raw bits. A length
// header of 15 continues in whole bytes interleaved with the 16-bit units, at
// the input position the decoder has reached after loading just enough units
// to hold 16 bits beyond the match symbol (wimlib and [MS-XCA] agree on it).
//
// Decoding matches wimlib's xpress_decompress on every input whose bits and
// bytes it consumes all lie inside src; where wimlib would read past the end
// and substitute zeros, this decoder reports corrupt input instead. It also
// requires the end-of-data symbol after the last output byte, as Microsoft's
// decoder does and as every compressor writes, so a dst of the wrong size is
// reported rather than silently filled.
package xpress

import (
	"encoding/binary"
	"math/bits"

	"github.com/wimlens/wimlens/core/compress"

	"github.com/wimlens/wimlens/core/compress/internal/huff"
)

const (
	numSymbols = 512
	numChars   = 256
	endOfData  = 256 // the match symbol with length 3, offset 1
	maxCodeLen = 15
	headerSize = numSymbols / 2
	minMatch   = 3

	// MaxChunkSize is the largest output one chunk may have; wimlib refuses
	// larger XPRESS blocks, and offsets cannot reach further back anyway.
	MaxChunkSize = 1 << 16

	rootBits = 11 // 2048 root entries: most codewords resolve in one lookup
	// tableSize is the most entries a complete 512-symbol code limited to
	// 15 bits can need with an 11-bit root table and subtables sized to the
	// longest codeword under their prefix (zlib's "enough 512 11 15").
	tableSize = 2566

	// A table entry is symbol<<4 | codeword length. A root entry that
	// points to a subtable is instead the subtable's index <<4 | the number
	// of bits that index it; subtables follow the root table, so such
	// entries, unlike symbol entries (< 512<<4), are >= subtableMin.
	subtableMin = 1 << rootBits << 4
)

// Decompressor decodes XPRESS chunks. Its tables are rebuilt for every chunk
// but live in the struct, so decoding allocates nothing. It is not safe for
// concurrent use.
type Decompressor struct {
	table  [tableSize]uint16
	lens   [numSymbols]uint8
	sorted [numSymbols]uint16 // symbols by (length, symbol): canonical order
}

// NewDecompressor returns a Decompressor ready for use.
func NewDecompressor() *Decompressor { return new(Decompressor) }

// Decompress decodes the chunk src into a fresh Decompressor; see
// (*Decompressor).Decompress.
func Decompress(dst, src []byte) error { return NewDecompressor().Decompress(dst, src) }

var _ compress.Decompressor = (*Decompressor)(nil)

// loopOnly turns decodeItems off, for tests that compare it with
// Decompress's loop alone.
var loopOnly = false

func corrupt(offset int, reason string) error {
	return compress.Corrupt("xpress", offset, reason)
}

// Decompress fills all of dst from the chunk src, or returns
// compress.Corrupt's error. Input after the end-of-data symbol (padding) is
// ignored.
func (d *Decompressor) Decompress(dst, src []byte) error {
	if len(dst) > MaxChunkSize {
		return corrupt(0, "output larger than 64 KiB")
	}
	if len(src) < headerSize {
		return corrupt(len(src), "input shorter than the 256-byte code length table")
	}
	if err := d.buildTable(src[:headerSize]); err != nil {
		return err
	}

	// The bit buffer is left-justified: the next bit is bit 63 and every bit
	// below the nbits valid ones is zero, so peeking past the end of the
	// input sees zeros, as in wimlib. Consuming them drives nbits negative,
	// which the refill and the final check report.
	var (
		buf   uint64
		nbits int
		pos   = headerSize // next input byte not yet in buf
		out   int
		table = &d.table
	)
	for {
		if !loopOnly {
			buf, nbits, pos, out = decodeItems(table, src, dst, buf, nbits, pos, out)
		}
		// One refill per symbol leaves >= 32 bits: a codeword and a match
		// offset take at most 15 each.
		if nbits < 32 {
			if pos+4 <= len(src) {
				w := bits.RotateLeft32(binary.LittleEndian.Uint32(src[pos:]), 16)
				buf |= uint64(w) << (uint(32-nbits) & 63) // nbits < 32; &63 spares a range check
				nbits += 32
				pos += 4
			} else {
				if nbits < 0 {
					return corrupt(len(src), "input ends before the output is complete")
				}
				for nbits <= 48 && pos+2 <= len(src) {
					buf |= uint64(binary.LittleEndian.Uint16(src[pos:])) << uint(48-nbits)
					nbits += 16
					pos += 2
				}
			}
		}

		e := table[buf>>(64-rootBits)]
		if e >= subtableMin {
			e = table[uint(e>>4)+uint(buf<<rootBits>>((64-uint(e&15))&63))]
		}
		n := uint(e & 15)
		buf <<= n
		nbits -= int(n)
		sym := uint(e >> 4)

		if out >= len(dst) {
			// Compressors end every chunk with the end-of-data symbol, and
			// Microsoft's decoder requires it; checking it catches a dst of
			// the wrong size, which wimlib cannot tell.
			if nbits < 0 {
				return corrupt(len(src), "input ends before the end-of-data symbol")
			}
			if sym != endOfData {
				return corrupt(pos-nbits/8, "no end-of-data symbol where the output ends")
			}
			return nil
		}
		if sym < numChars {
			dst[out] = byte(sym)
			out++
			continue
		}

		length := int(sym & 15)
		log2Offset := (sym >> 4) & 15
		if length == 15 {
			if nbits < 0 {
				return corrupt(len(src), "input ends before the output is complete")
			}
			// The extra length bytes sit after the units that hold the next
			// 16 to 31 bits; units loaded beyond those are given back.
			if keep := 16 + nbits&15; nbits > keep {
				pos -= (nbits - keep) >> 3
				buf &= ^uint64(0) << uint(64-keep)
				nbits = keep
			}
			if pos >= len(src) {
				return corrupt(pos, "input ends inside a match length")
			}
			length += int(src[pos])
			pos++
			if length == 15+255 {
				if pos+2 > len(src) {
					return corrupt(pos, "input ends inside a match length")
				}
				length = int(binary.LittleEndian.Uint16(src[pos:]))
				pos += 2
			}
		}
		length += minMatch

		// (buf>>1)>>(63-k) is buf's top k bits, and 0 for k == 0.
		offset := 1<<log2Offset | int(buf>>1>>(63-log2Offset))
		buf <<= log2Offset
		nbits -= int(log2Offset)

		if offset > out || length > len(dst)-out {
			switch {
			case nbits < 0:
				return corrupt(len(src), "input ends before the output is complete")
			case offset > out:
				return corrupt(pos-nbits/8, "match offset reaches before the start of the output")
			}
			return corrupt(pos-nbits/8, "match runs past the end of the output")
		}
		from, end := out-offset, out+length
		if offset >= 8 && length <= 32 && len(dst)-end >= 8 {
			// Most matches are short: copy 8 bytes at a time, which reads
			// only bytes already written since offset >= 8, and may write
			// up to 7 bytes past end, which later output overwrites.
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(dst[out+i:], binary.LittleEndian.Uint64(dst[from+i:]))
			}
			out = end
			continue
		}
		// Copy from the already written bytes; for overlapping matches each
		// round doubles the span available, repeating the pattern.
		for out < end {
			out += copy(dst[out:end], dst[from:out])
		}
	}
}

// buildTable reads the 512 codeword lengths and fills d.table. Like wimlib
// it accepts only a complete prefix code; unlike wimlib it also rejects the
// empty code (all lengths zero), which no compressor emits and which wimlib
// would decode as endless zero bytes consuming no input.
func (d *Decompressor) buildTable(hdr []byte) error {
	var count [maxCodeLen + 1]int
	for i, b := range hdr[:headerSize] {
		lo, hi := b&15, b>>4
		d.lens[2*i], d.lens[2*i+1] = lo, hi
		count[lo]++
		count[hi]++
	}

	// Kraft sum in units of 2^-15: a complete code fills exactly 1<<15.
	space := 0
	var first [maxCodeLen + 2]int // canonical: first index in sorted per length
	for l := 1; l <= maxCodeLen; l++ {
		space += count[l] << (maxCodeLen - l)
		first[l+1] = first[l] + count[l]
	}
	if space != 1<<maxCodeLen {
		if space > 1<<maxCodeLen {
			return corrupt(0, "Huffman code lengths are oversubscribed")
		}
		return corrupt(0, "Huffman code lengths are incomplete")
	}
	next := first
	huff.Sort(d.lens[:], next[:], d.sorted[:])

	// Codewords shorter than rootBits fill consecutive runs of the root
	// table in canonical order, since the bitstream is read MSB first.
	table := &d.table
	i, at := huff.FillRoot(table[:], d.sorted[:], count[:], rootBits) // index into sorted; next root entry

	// Longer codewords come last, in canonical order. Those under one root
	// prefix form a subtable indexed by as many bits as the longest of them
	// needs. A code of 12 or more bits never straddles two prefixes, so,
	// the code being complete, each subtable is filled exactly.
	sub := 1 << rootBits
	for end := first[maxCodeLen+1]; i < end; {
		j, filled, width := i, 0, 0 // filled in units of 2^-maxCodeLen
		for filled < 1<<(maxCodeLen-rootBits) {
			l := int(d.lens[d.sorted[j]])
			filled += 1 << (maxCodeLen - l)
			width = l - rootBits
			j++
		}
		table[at] = uint16(sub)<<4 | uint16(width)
		at++
		for ; i < j; i++ {
			l := int(d.lens[d.sorted[i]])
			run := 1 << (rootBits + width - l)
			e := d.sorted[i]<<4 | uint16(l)
			for k := sub; k < sub+run; k++ {
				table[k] = e
			}
			sub += run
		}
	}
	return nil
}
