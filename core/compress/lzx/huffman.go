package lzx

import "github.com/wimlens/wimlens/core/compress/internal/huff"

// Decode tables. A root table of 1<<rootBits entries is indexed by the next
// rootBits bits of input. An entry is sym<<4 | bits-to-consume. Codewords
// longer than rootBits go through a subtable: their root entry holds
// start<<4 | subBits, and since start >= 1<<rootBits > any symbol, the entry
// value alone tells a pointer from a symbol. A subtable entry holds the
// symbol and the codeword length minus rootBits.
//
// Table sizes are the worst case over all complete codes, as computed by
// zlib's examples/enough.c for (symbols, rootBits, longest codeword).
const (
	mainBits      = 10
	mainTableSize = 1734 // enough 656 10 16
	lenBits       = 9
	lenTableSize  = 878 // enough 249 9 16
	preBits       = 6
	preTableSize  = 582 // enough 20 6 15
	alignedBits   = maxAlignedLen
	alignedSize   = 1 << alignedBits // no subtables

	maxCodeLen    = 16 // main and length codes
	maxPreLen     = 15 // lengths are 4-bit fields
	maxAlignedLen = 7  // lengths are 3-bit fields
)

// buildTable fills table for the canonical code with the given codeword
// lengths (each <= maxLen). It accepts complete codes and, like wimlib, the
// empty code, which decodes symbol 0 without consuming input; a well-formed
// stream only has one for a code it never uses. Any other code is corrupt
// and buildTable returns false. sorted is scratch space of len(lens).
func buildTable(table []uint16, lens []uint8, rootBits, maxLen uint, sorted []uint16) bool {
	var count [maxCodeLen + 1]int
	huff.Count(lens, count[:])
	// Kraft sum: left is the number of unused codewords at each length.
	left := 1
	for l := uint(1); l <= maxLen; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false
		}
	}
	if left != 0 {
		if count[0] != len(lens) {
			return false
		}
		clear(table[:1<<rootBits])
		return true
	}

	// Sort symbols by codeword length, then by value: canonical order.
	var next [maxCodeLen + 1]int
	for l := 2; l <= int(maxLen); l++ {
		next[l] = next[l-1] + count[l-1]
	}
	huff.Sort(lens, next[:], sorted)

	// Canonical codewords of one length are consecutive, so short codes
	// fill the root table from index 0 upwards.
	i, pos := huff.FillRoot(table, sorted, count[:], rootBits)
	l := rootBits + 1
	if count[0]+i == len(lens) {
		return true
	}

	// Long codes: code is the next l-bit codeword. Each root prefix gets a
	// subtable just big enough for the codes that share it.
	code := pos
	free := 1 << rootBits
	prefix, start, subBits := -1, 0, uint(0)
	for ; l <= maxLen; l++ {
		code <<= 1
		for ; count[l] > 0; count[l]-- {
			extra := l - rootBits
			if p := code >> extra; p != prefix {
				prefix, start = p, free
				subBits = extra
				for room := 1 << subBits; ; {
					room -= count[rootBits+subBits]
					if room <= 0 || rootBits+subBits == maxLen {
						break
					}
					subBits++
					room <<= 1
				}
				table[p] = uint16(start<<4) | uint16(subBits)
				free += 1 << subBits
			}
			shift := subBits - extra
			at := start + (code&(1<<extra-1))<<shift
			fill(table[at:at+1<<shift], sorted[i]<<4|uint16(extra))
			i++
			code++
		}
	}
	return true
}

func fill[T uint8 | uint16](s []T, v T) {
	for i := range s {
		s[i] = v
	}
}
