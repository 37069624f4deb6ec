package lzms

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestItemsMatchLoop decodes valid, truncated, bit-flipped and wrongly
// sized chunks with decodeItems first, as decode does, and with decode's
// own loop alone: errors, and output when there is no error, must agree.
// On js/wasm decodeItems is assembly (make wasm-check runs this there);
// elsewhere the two are the same code.
func TestItemsMatchLoop(t *testing.T) {
	defer func() { loopOnly = false }()
	d := NewDecompressor()
	decode := func(dst, src []byte, fast bool) ([]byte, string) {
		loopOnly = !fast
		for i := range dst {
			dst[i] = 0x5A
		}
		msg := "<nil>"
		if err := d.Decompress(dst, src); err != nil {
			msg = err.Error()
		}
		return append([]byte(nil), dst...), msg
	}
	rng := rand.New(rand.NewPCG(7, 8))
	type input struct {
		src  []byte
		size int
	}
	var inputs []input
	for _, c := range loadCases(t) {
		inputs = append(inputs, input{c.comp, c.size}, input{c.comp[:len(c.comp)/4*2], c.size},
			input{c.comp, c.size - 1}, input{c.comp, c.size + 100},
			input{c.comp, 4*c.size + 64})
		flips := 40
		if c.size > 1<<20 {
			flips = 4
		}
		for range flips {
			b := append([]byte(nil), c.comp...)
			for range 1 + rng.IntN(4) {
				i := rng.IntN(len(b) * 8)
				b[i/8] ^= 1 << (i % 8)
			}
			inputs = append(inputs, input{b, c.size})
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
			inputs = append(inputs, input{b, c.size})
		}
	}
	errs := 0
	for i, in := range inputs {
		// Bytes around the chunk that are not zeros, so that reading
		// them where the loop reads zeros changes what decodes.
		guarded := bytes.Repeat([]byte{0xA5}, len(in.src)+64)
		src := guarded[32 : 32+len(in.src) : 32+len(in.src)]
		copy(src, in.src)
		dst := make([]byte, max(in.size, 0))
		wantOut, wantErr := decode(dst, src, false)
		gotOut, gotErr := decode(dst, src, true)
		// After an error dst holds whatever was written: word copies may
		// run past a match where the loop copied bytes.
		if gotErr != wantErr || wantErr == "<nil>" && !bytes.Equal(gotOut, wantOut) {
			t.Fatalf("input %d: decodeItems gives %q, the loop %q", i, gotErr, wantErr)
		}
		if wantErr != "<nil>" {
			errs++
		}
	}
	// Both paths must be compared on errors as well as on good chunks.
	if errs < len(inputs)/10 || errs > len(inputs)*9/10 {
		t.Fatalf("%d errors in %d inputs", errs, len(inputs))
	}
}
