package huff

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The three loops must do what these plain ones do, however the lengths
// fall (the assembly on js/wasm; make wasm-check runs this there).
func TestLoopsMatchPlainOnes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for iter := range 2000 {
		rootBits := uint(1 + rng.IntN(12))
		maxLen := rootBits + uint(rng.IntN(5))
		n := 1 + rng.IntN(700)
		// Lengths of a code that is not overfull within the root bits.
		lens := make([]uint8, n)
		room := 1 << rootBits
		for i := range lens {
			l := uint(rng.IntN(int(maxLen) + 1))
			if l != 0 && l <= rootBits {
				if room < 1<<(rootBits-l) {
					l = 0
				} else {
					room -= 1 << (rootBits - l)
				}
			}
			lens[i] = uint8(l)
		}

		count := make([]int, maxLen+1)
		Count(lens, count)
		want := make([]int, maxLen+1)
		for _, l := range lens {
			want[l]++
		}
		if !slices.Equal(count, want) {
			t.Fatalf("%d: Count gives %v, want %v", iter, count, want)
		}

		next := make([]int, maxLen+1)
		for l := 2; l <= int(maxLen); l++ {
			next[l] = next[l-1] + count[l-1]
		}
		sorted := make([]uint16, n)
		Sort(lens, slices.Clone(next), sorted)
		var wantSorted []uint16
		for l := 1; l <= int(maxLen); l++ {
			for s, sl := range lens {
				if int(sl) == l {
					wantSorted = append(wantSorted, uint16(s))
				}
			}
		}
		if !slices.Equal(sorted[:len(wantSorted)], wantSorted) {
			t.Fatalf("%d: Sort gives %v, want %v", iter, sorted, wantSorted)
		}

		table := make([]uint16, 1<<rootBits+4)
		wantTable := slices.Clone(table)
		for i := range table {
			table[i], wantTable[i] = 0xBEEF, 0xBEEF // what is not filled stays
		}
		placed, filled := FillRoot(table, sorted, count, rootBits)
		wp, wf := 0, 0
		for l := uint(1); l <= rootBits; l++ {
			for range count[l] {
				for k := range 1 << (rootBits - l) {
					wantTable[wf+k] = sorted[wp]<<4 | uint16(l)
				}
				wf += 1 << (rootBits - l)
				wp++
			}
		}
		if placed != wp || filled != wf || !slices.Equal(table, wantTable) {
			t.Fatalf("%d: FillRoot placed %d and filled %d, want %d and %d; tables equal: %v",
				iter, placed, filled, wp, wf, slices.Equal(table, wantTable))
		}
	}
}
