package lzx

import (
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/compress/internal/difftest"
)

// TestItemsMatchLoop decodes valid, truncated and bit-flipped chunks with
// decodeItems first, as decodeBlock does, and with decodeBlock's own loop
// alone (see difftest.Compare). On amd64 and js/wasm decodeItems is
// assembly (make wasm-check runs this there); elsewhere the two are the
// same code.
func TestItemsMatchLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vs := loadVectors(t)
	if len(vs) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vs {
		inputs := []difftest.Input{{Src: v.comp, Size: len(v.orig)}, {Src: v.comp[:len(v.comp)/2], Size: len(v.orig)},
			{Src: v.comp[:len(v.comp)-3], Size: len(v.orig)}}
		for range 60 {
			inputs = append(inputs, difftest.Input{Src: difftest.Flip(rng, v.comp, 0), Size: len(v.orig)})
		}
		difftest.Compare(t, newDecompressor(t, v.window).Decompress, &loopOnly, inputs)
	}
}
