package lzms

import (
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/compress/internal/difftest"
)

// TestItemsMatchLoop decodes valid, truncated, bit-flipped and wrongly
// sized chunks with decodeItems first, as decode does, and with decode's
// own loop alone (see difftest.Compare). On amd64 and js/wasm decodeItems is
// assembly (make wasm-check runs this there); elsewhere the two are the
// same code.
func TestItemsMatchLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var inputs []difftest.Input
	for _, c := range loadCases(t) {
		inputs = append(inputs, difftest.Input{Src: c.comp, Size: c.size},
			difftest.Input{Src: c.comp[:len(c.comp)/4*2], Size: c.size},
			difftest.Input{Src: c.comp, Size: c.size - 1}, difftest.Input{Src: c.comp, Size: c.size + 100},
			difftest.Input{Src: c.comp, Size: 4*c.size + 64})
		flips := 40
		if c.size > 1<<20 {
			flips = 4
		}
		for range flips {
			inputs = append(inputs, difftest.Input{Src: difftest.Flip(rng, c.comp, 0), Size: c.size})
		}
		// The first items come from both ends of the chunk, and only
		// they can reach before its start.
		for range 100 {
			b := append([]byte(nil), c.comp...)
			i := rng.IntN(min(len(b), 16) * 8)
			if rng.IntN(2) == 0 {
				i = len(b)*8 - 1 - i
			}
			b[i/8] ^= 1 << (i % 8)
			inputs = append(inputs, difftest.Input{Src: b, Size: c.size})
		}
	}
	// Both paths must be compared on errors as well as on good chunks.
	errs := difftest.Compare(t, NewDecompressor().Decompress, &loopOnly, inputs)
	if errs < len(inputs)/10 || errs > len(inputs)*9/10 {
		t.Fatalf("%d errors in %d inputs", errs, len(inputs))
	}
}
