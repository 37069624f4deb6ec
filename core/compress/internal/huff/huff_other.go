//go:build !wasm

package huff

// Count adds to count[l] one for each length l in lens.
func Count(lens []uint8, count []int) {
	for _, l := range lens {
		count[l]++
	}
}

// Sort puts the symbols of nonzero length in canonical order (by length,
// then symbol) into sorted: those of length l from next[l] on, advancing
// it.
func Sort(lens []uint8, next []int, sorted []uint16) {
	for sym, l := range lens {
		if l != 0 {
			sorted[next[l]] = uint16(sym)
			next[l]++
		}
	}
}

// FillRoot fills the first entries of a root table indexed by rootBits
// bits with the codewords of rootBits bits or fewer: sorted holds the
// symbols in canonical order, count[l] of them of length l, and each takes
// the 2^(rootBits-l) entries its codeword prefixes. It returns how many
// symbols it placed and entries it filled.
func FillRoot(table, sorted []uint16, count []int, rootBits uint) (placed, filled int) {
	for l := uint(1); l <= rootBits; l++ {
		step := 1 << (rootBits - l)
		for range count[l] {
			e := sorted[placed]<<4 | uint16(l)
			for k := filled; k < filled+step; k++ {
				table[k] = e
			}
			filled += step
			placed++
		}
	}
	return placed, filled
}
