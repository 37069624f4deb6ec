package xpress

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestItemsMatchLoop decodes valid, truncated and bit-flipped chunks, and
// random codes with long matches, with decodeItems first, as Decompress
// does, and with Decompress's own loop alone: errors, and output when
// there is no error, must agree. On js/wasm decodeItems is assembly (make
// wasm-check runs this there); elsewhere the two are the same code.
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
	rng := rand.New(rand.NewPCG(5, 6))
	type input struct {
		src  []byte
		size int
	}
	var inputs []input
	for _, c := range loadCases(t) {
		inputs = append(inputs, input{c.chunk, len(c.raw)}, input{c.chunk[:len(c.chunk)*2/3], len(c.raw)},
			input{c.chunk, len(c.raw) - 1})
		for range 30 {
			b := append([]byte(nil), c.chunk...)
			for range 1 + rng.IntN(4) {
				i := headerSize*8 + rng.IntN((len(b)-headerSize)*8)
				b[i/8] ^= 1 << (i % 8)
			}
			inputs = append(inputs, input{b, len(c.raw)})
		}
	}
	for range 100 {
		src, want := randomChunk(rng, MaxChunkSize)
		inputs = append(inputs, input{src, len(want)})
	}
	for i, in := range inputs {
		dst := make([]byte, in.size)
		wantOut, wantErr := decode(dst, in.src, false)
		gotOut, gotErr := decode(dst, in.src, true)
		// After an error dst holds whatever was written: word copies may
		// run past a match where the loop copied bytes.
		if gotErr != wantErr || wantErr == "<nil>" && !bytes.Equal(gotOut, wantOut) {
			t.Fatalf("input %d: decodeItems gives %q, the loop %q", i, gotErr, wantErr)
		}
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d inputs", len(inputs))
	}
}
