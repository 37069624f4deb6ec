package lzms

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// On amd64 and js/wasm undoX86's loop is assembly (undoX86Loop). It
// must filter as the Go loop does: here on data dense in the instructions
// the filter translates and in near misses of them, with half the calls
// aiming at one target so that places look like code, chunk after chunk
// through one table of targets. (TestItemsMatchLoop compares whole chunks,
// real x86 code among them, the same way.)
func TestX86LoopMatchesGo(t *testing.T) {
	defer func() { loopOnly = false }()
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := [][]byte{
		{0xE9}, {0xFF, 0x15}, {0xFF, 0x14}, {0xF0, 0x83, 0x05}, {0xF0, 0x83, 0x04}, {0xF0, 0x82, 0x05},
		{0x48, 0x8D, 0x05}, {0x4C, 0x8D, 0x0D}, {0x48, 0x8B, 0x05}, {0x4C, 0x8B, 0x05}, {0x48, 0x8B, 0x15},
		{0x48, 0x8B, 0x45}, {0x49, 0x8B, 0x05}, {0x48, 0x8D, 0x25}, {0x00}, {0x12, 0x34, 0x56},
	}
	var fast, slow x86Seen
	for i := range 400 {
		var data []byte
		n := rng.IntN(4000)
		for len(data) < n {
			if rng.IntN(4) == 0 {
				// A call: to the shared target, or anywhere.
				p := len(data)
				data = append(data, 0xE8, 0, 0, 0, 0)
				rel := uint16(rng.Uint32())
				if rng.IntN(2) == 0 {
					rel = 0x1234 - uint16(p)
				}
				binary.LittleEndian.PutUint16(data[p+1:], rel)
				continue
			}
			data = append(data, pieces[rng.IntN(len(pieces))]...)
			for range rng.IntN(5) {
				data = append(data, byte(rng.Uint32()))
			}
		}
		x, y := bytes.Clone(data), bytes.Clone(data)
		loopOnly = false
		undoX86(x, &fast)
		loopOnly = true
		undoX86(y, &slow)
		if !bytes.Equal(x, y) || fast != slow {
			t.Fatalf("chunk %d of %d bytes: the filter's assembly and Go loop differ", i, len(data))
		}
		if i == 0 && bytes.Equal(x, data) {
			t.Fatal("the first chunk was not translated at all")
		}
	}
}
