package lzms

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/compress/internal/difftest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// Fuzzed output sizes stay within this so that each input runs quickly
// (minimizing an input runs it thousands of times).
const maxFuzzSize = 64 << 10

func FuzzDecompress(f *testing.F) {
	for _, c := range loadCases(f) {
		if c.size <= maxFuzzSize {
			f.Add(c.comp, uint32(c.size))
		}
	}
	d := NewDecompressor()
	fresh := NewDecompressor()
	f.Fuzz(func(t *testing.T, src []byte, size uint32) {
		n := int(size % (maxFuzzSize + 1))
		// Guard bytes around dst catch writes outside it.
		buf := bytes.Repeat([]byte{0xA5}, n+32)
		dst := buf[16 : 16+n : 16+n]
		err := d.Decompress(dst, src)
		if err != nil {
			var ce *inputerr.Error
			if !errors.Is(err, compress.ErrCorrupt) || !errors.As(err, &ce) || ce.Style.Prefix != "lzms" {
				t.Fatalf("error %v (%T) is not an lzms corrupt-data error", err, err)
			}
			if ce.Offset < 0 || ce.Offset > int64(len(src)) {
				t.Fatalf("error offset %d outside the %d-byte input", ce.Offset, len(src))
			}
		}
		for i, b := range buf {
			if (i < 16 || i >= 16+n) && b != 0xA5 {
				t.Fatalf("wrote outside dst at %d", i-16)
			}
		}
		// decodeItems (assembly on amd64 and js/wasm) must do what
		// decode's own loop does.
		difftest.Compare(t, d.Decompress, &loopOnly, []difftest.Input{{Src: src, Size: n}})
		// The same call on a Decompressor with a different history must
		// agree: nothing carries over between chunks.
		again := make([]byte, n)
		err2 := fresh.Decompress(again, src)
		if (err == nil) != (err2 == nil) || err == nil && !bytes.Equal(dst, again) {
			t.Fatalf("results depend on the Decompressor's history: %v vs %v", err, err2)
		}
	})
}
