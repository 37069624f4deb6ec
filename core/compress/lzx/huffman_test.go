package lzx

import (
	"math/rand/v2"
	"testing"
)

// randomCode returns lengths of a random complete code for used of the
// numSyms symbols, none longer than maxLen: it splits random leaves of a
// one-leaf tree.
func randomCode(rng *rand.Rand, numSyms, used int, maxLen uint8) []uint8 {
	depths := []uint8{0}
	for len(depths) < used {
		i := rng.IntN(len(depths))
		if depths[i] == maxLen {
			continue
		}
		depths[i]++
		depths = append(depths, depths[i])
	}
	lens := make([]uint8, numSyms)
	for i, s := range rng.Perm(numSyms)[:used] {
		lens[s] = depths[i]
	}
	return lens
}

// canonicalCodes assigns canonical codewords to the lengths.
func canonicalCodes(lens []uint8) []uint32 {
	codes := make([]uint32, len(lens))
	code := uint32(0)
	for l := uint8(1); l <= maxCodeLen; l++ {
		for s, sl := range lens {
			if sl == l {
				codes[s] = code
				code++
			}
		}
		code <<= 1
	}
	return codes
}

func TestBuildTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name     string
		numSyms  int
		rootBits uint
		maxLen   uint
		size     int
	}{
		{"main", maxMainSyms, mainBits, maxCodeLen, mainTableSize},
		{"main 32K", 256 + 30*8, mainBits, maxCodeLen, mainTableSize},
		{"length", numLenSyms, lenBits, maxCodeLen, lenTableSize},
		{"pretree", numPreSyms, preBits, maxPreLen, preTableSize},
		{"aligned", numAlignedSyms, alignedBits, maxAlignedLen, alignedSize},
	} {
		table := make([]uint16, tc.size)
		sorted := make([]uint16, maxMainSyms)
		for iter := range 300 {
			used := 2 + rng.IntN(tc.numSyms-1)
			if iter%3 == 0 {
				used = tc.numSyms // long codes and many subtables
			}
			lens := randomCode(rng, tc.numSyms, used, uint8(tc.maxLen))
			if !buildTable(table, lens, tc.rootBits, tc.maxLen, sorted) {
				t.Fatalf("%s: complete code rejected: %v", tc.name, lens)
			}
			// Every symbol's codeword decodes back to it.
			codes := canonicalCodes(lens)
			w := &bitWriter{}
			var syms []int
			for _, s := range rng.Perm(tc.numSyms) {
				if lens[s] != 0 {
					w.put(codes[s], uint(lens[s]))
					syms = append(syms, s)
				}
			}
			br := bitReader{src: w.bytes()}
			for _, s := range syms {
				if br.n < 48 {
					br.refill()
				}
				if got := br.decode(table, tc.rootBits); got != uint(s) {
					t.Fatalf("%s: decoded %d, want %d", tc.name, got, s)
				}
			}
			if br.overrun() {
				t.Fatalf("%s: decoding used too many bits", tc.name)
			}
		}
	}
}

func TestBuildTableRejects(t *testing.T) {
	sorted := make([]uint16, maxMainSyms)
	table := make([]uint16, preTableSize)
	for _, tc := range []struct {
		name string
		lens []uint8
		ok   bool
	}{
		{"empty", make([]uint8, numPreSyms), true},
		{"one codeword", append([]uint8{1}, make([]uint8, numPreSyms-1)...), false},
		{"incomplete", append([]uint8{1, 2}, make([]uint8, numPreSyms-2)...), false},
		{"oversubscribed", append([]uint8{1, 1, 1}, make([]uint8, numPreSyms-3)...), false},
		{"two codewords", append([]uint8{1, 1}, make([]uint8, numPreSyms-2)...), true},
	} {
		if got := buildTable(table, tc.lens, preBits, maxPreLen, sorted); got != tc.ok {
			t.Errorf("%s: buildTable = %v, want %v", tc.name, got, tc.ok)
		}
	}
	// The empty code decodes symbol 0 and consumes nothing.
	buildTable(table, make([]uint8, numPreSyms), preBits, maxPreLen, sorted)
	br := bitReader{src: []byte{0xff, 0xff}}
	br.refill()
	if sym := br.decode(table, preBits); sym != 0 || br.consumed() != 0 {
		t.Errorf("empty code: symbol %d after %d bits", sym, br.consumed())
	}
}
