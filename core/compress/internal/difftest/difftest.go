// Package difftest holds what the decoders' tests of their assembly
// share: each decoder's fast path (decodeItems, assembly on amd64 and
// js/wasm) must do exactly what the Go loop it stands for does.
package difftest

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// Input is a chunk to decode and the size to decode it to.
type Input struct {
	Src  []byte
	Size int
}

// Compare decodes every input twice with decompress: with *loopOnly false,
// as the decoder runs, and true, by the Go loop alone. Errors, and output
// when there is no error, must agree; after an error dst holds whatever was
// written, as word copies may run past a match where the loop copied bytes.
// Each input lies between bytes that are not zeros, so that reading past
// either end changes what decodes. Compare returns how many inputs failed
// to decode.
func Compare(t testing.TB, decompress func(dst, src []byte) error, loopOnly *bool, inputs []Input) (errs int) {
	t.Helper()
	defer func() { *loopOnly = false }()
	decode := func(dst, src []byte, fast bool) ([]byte, string) {
		*loopOnly = !fast
		for i := range dst {
			dst[i] = 0x5A
		}
		msg := "<nil>"
		if err := decompress(dst, src); err != nil {
			msg = err.Error()
		}
		return bytes.Clone(dst), msg
	}
	for i, in := range inputs {
		guarded := bytes.Repeat([]byte{0xA5}, len(in.Src)+64)
		src := guarded[32 : 32+len(in.Src) : 32+len(in.Src)]
		copy(src, in.Src)
		dst := make([]byte, max(in.Size, 0))
		wantOut, wantErr := decode(dst, src, false)
		gotOut, gotErr := decode(dst, src, true)
		if gotErr != wantErr || wantErr == "<nil>" && !bytes.Equal(gotOut, wantOut) {
			t.Fatalf("input %d: decodeItems gives %q, the loop %q", i, gotErr, wantErr)
		}
		if wantErr != "<nil>" {
			errs++
		}
	}
	return errs
}

// Flip returns a copy of b with one to four random bits flipped, none of
// the first from bytes.
func Flip(rng *rand.Rand, b []byte, from int) []byte {
	b = bytes.Clone(b)
	for range 1 + rng.IntN(4) {
		i := from*8 + rng.IntN((len(b)-from)*8)
		b[i/8] ^= 1 << (i % 8)
	}
	return b
}
