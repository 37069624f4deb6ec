package lzx

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/compress/internal/difftest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// FuzzDecompress feeds arbitrary chunks to every window size. A call that
// succeeds must fill dst completely: decoding over two different fillings
// of dst must give the same bytes. A failure must be a corrupt-data error.
func FuzzDecompress(f *testing.F) {
	for _, v := range loadVectors(f) {
		order := uint8(0)
		for 1<<(15+order) < v.window {
			order++
		}
		f.Add(v.comp, order, uint32(len(v.orig)))
	}
	decoders := map[int]*Decompressor{}
	var a, b []byte
	f.Fuzz(func(t *testing.T, src []byte, order uint8, size uint32) {
		window := 1 << (15 + order%7)
		d := decoders[window]
		if d == nil {
			d = newDecompressor(t, window)
			decoders[window] = d
		}
		n := int(size % uint32(window+1))
		if cap(a) < n {
			a, b = make([]byte, window), make([]byte, window)
		}
		a, b = a[:n], b[:n]
		clear(a)
		for i := range b {
			b[i] = 0xA5
		}
		// decodeItems (assembly on amd64 and js/wasm) must do what
		// decodeBlock's own loop does.
		difftest.Compare(t, d.Decompress, &loopOnly, []difftest.Input{{Src: src, Size: n}})
		errA := d.Decompress(a, src)
		errB := d.Decompress(b, src)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("decoding twice disagrees: %v, then %v", errA, errB)
		}
		if errA != nil {
			var ce *inputerr.Error
			if !errors.Is(errA, compress.ErrCorrupt) || !errors.As(errA, &ce) || ce.Style.Prefix != "lzx" {
				t.Fatalf("error %v is not an lzx corrupt-data error", errA)
			}
			if ce.Offset < 0 || ce.Offset > int64(len(src)) {
				t.Fatalf("error offset %d outside the %d-byte input", ce.Offset, len(src))
			}
			return
		}
		if !bytes.Equal(a, b) {
			t.Fatal("success without writing all of dst")
		}
	})
}
