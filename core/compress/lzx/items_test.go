package lzx

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestItemsMatchLoop decodes valid, truncated and bit-flipped chunks with
// decodeItems first, as decodeBlock does, and with decodeBlock's own loop
// alone: errors, and output when there is no error, must agree. On js/wasm
// decodeItems is assembly (make wasm-check runs this there); elsewhere the
// two are the same code.
func TestItemsMatchLoop(t *testing.T) {
	defer func() { loopOnly = false }()
	decode := func(d *Decompressor, dst, src []byte, fast bool) ([]byte, string) {
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
	rng := rand.New(rand.NewPCG(3, 4))
	chunks := 0
	for _, v := range loadVectors(t) {
		d := newDecompressor(t, v.window)
		dst := make([]byte, len(v.orig))
		inputs := [][]byte{v.comp, v.comp[:len(v.comp)/2], v.comp[:len(v.comp)-3]}
		for range 60 {
			b := append([]byte(nil), v.comp...)
			for range 1 + rng.IntN(4) {
				i := rng.IntN(len(b) * 8)
				b[i/8] ^= 1 << (i % 8)
			}
			inputs = append(inputs, b)
		}
		for i, src := range inputs {
			wantOut, wantErr := decode(d, dst, src, false)
			gotOut, gotErr := decode(d, dst, src, true)
			// After an error dst holds whatever was written: word copies may
			// run past a match where the loop copied bytes.
			if gotErr != wantErr || wantErr == "<nil>" && !bytes.Equal(gotOut, wantOut) {
				t.Fatalf("%s input %d: decodeItems gives %q, the loop %q", v.name, i, gotErr, wantErr)
			}
			chunks++
		}
	}
	if chunks == 0 {
		t.Fatal("no vectors")
	}
}
