package xpress

import (
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/compress/internal/difftest"
)

// TestItemsMatchLoop decodes valid, truncated and bit-flipped chunks, and
// random codes with long matches, with decodeItems first, as Decompress
// does, and with Decompress's own loop alone (see difftest.Compare). On
// js/wasm decodeItems is assembly (make wasm-check runs this there);
// elsewhere the two are the same code.
func TestItemsMatchLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var inputs []difftest.Input
	for _, c := range loadCases(t) {
		inputs = append(inputs, difftest.Input{Src: c.chunk, Size: len(c.raw)},
			difftest.Input{Src: c.chunk[:len(c.chunk)*2/3], Size: len(c.raw)},
			difftest.Input{Src: c.chunk, Size: len(c.raw) - 1})
		for range 30 {
			inputs = append(inputs, difftest.Input{Src: difftest.Flip(rng, c.chunk, headerSize), Size: len(c.raw)})
		}
	}
	for range 100 {
		src, want := randomChunk(rng, MaxChunkSize)
		inputs = append(inputs, difftest.Input{Src: src, Size: len(want)})
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	difftest.Compare(t, NewDecompressor().Decompress, &loopOnly, inputs)
}
