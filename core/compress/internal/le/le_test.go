package le

import (
	"encoding/binary"
	"testing"
)

// The words must match encoding/binary's at every alignment, and short
// slices must panic as theirs do rather than read past the end.
func TestMatchesBinary(t *testing.T) {
	b := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	for off := 0; off+8 <= len(b); off++ {
		if got, want := Uint64(b[off:]), binary.LittleEndian.Uint64(b[off:]); got != want {
			t.Errorf("Uint64 at %d: %#x, want %#x", off, got, want)
		}
		if got, want := Uint32(b[off:]), binary.LittleEndian.Uint32(b[off:]); got != want {
			t.Errorf("Uint32 at %d: %#x, want %#x", off, got, want)
		}
		var p, q [8]byte
		PutUint64(p[:], 0x0102030405060708+uint64(off))
		binary.LittleEndian.PutUint64(q[:], 0x0102030405060708+uint64(off))
		if p != q {
			t.Errorf("PutUint64: %x, want %x", p, q)
		}
		PutUint32(p[:], 0x0a0b0c0d+uint32(off))
		binary.LittleEndian.PutUint32(q[:], 0x0a0b0c0d+uint32(off))
		if p != q {
			t.Errorf("PutUint32: %x, want %x", p, q)
		}
	}
	for name, f := range map[string]func(){
		"Uint64":    func() { Uint64(b[5:]) },
		"Uint32":    func() { Uint32(b[9:]) },
		"PutUint64": func() { PutUint64(b[5:], 0) },
		"PutUint32": func() { PutUint32(b[9:], 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s of a short slice did not panic", name)
				}
			}()
			f()
		}()
	}
}
