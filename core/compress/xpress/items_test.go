package xpress

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/compress/internal/difftest"
)

// TestItemsMatchLoop decodes valid, truncated and bit-flipped chunks, and
// random codes with long matches, with decodeItems first, as Decompress
// does, and with Decompress's own loop alone (see difftest.Compare). On
// amd64 and js/wasm decodeItems is assembly (make wasm-check runs this
// there); elsewhere the two are the same code.
func TestItemsMatchLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var inputs []difftest.Input
	for _, c := range loadCases(t) {
		inputs = append(inputs, difftest.Input{Src: c.chunk, Size: len(c.raw)},
			difftest.Input{Src: c.chunk[:len(c.chunk)*2/3], Size: len(c.raw)},
			difftest.Input{Src: c.chunk, Size: len(c.raw) - 1})
		for range 30 {
			inputs = append(inputs, difftest.Input{Src: difftest.Flip(rng, c.chunk, headerSize), Size: len(c.raw)})
		}
	}
	for range 100 {
		src, want := randomChunk(rng, MaxChunkSize)
		inputs = append(inputs, difftest.Input{Src: src, Size: len(want)})
	}
	// Small chunks cut short at every length: the items decoded as the
	// input runs out, long matches' length bytes among them, meet each
	// way of running off its end.
	for range 300 {
		src, want := randomChunk(rng, 400)
		for n := headerSize; n <= len(src); n++ {
			inputs = append(inputs, difftest.Input{Src: src[:n], Size: len(want)})
		}
	}
	// A long match right where the input ends, reached with each number
	// of bits left: 32 KiB of output, k literals, a match that takes 24
	// bits, j literals, then the long match, cut around its length byte.
	for k := range 8 {
		for j := range 4 {
			w := newChunkWriter(nil)
			w.literal('a')
			w.match(15, 1, 0xff, 0xfd, 0x7f) // 32765+3 bytes
			for range k {
				w.literal('b')
			}
			w.match(0, 1<<15)
			for range j {
				w.literal('c')
			}
			w.symbol(numChars + 15) // offset 1, a length in bytes
			at := len(w.out)
			w.out = append(w.out, 7)
			src := w.finish()
			size := 1<<15 + 1 + k + 3 + j + 15 + 7 + minMatch
			for n := at - 4; n <= at+2; n++ {
				inputs = append(inputs, difftest.Input{Src: src[:n], Size: size})
			}
		}
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	difftest.Compare(t, NewDecompressor().Decompress, &loopOnly, inputs)
}

// TestItemsStayInSrc starts decodeItems near the end of the input, with
// bits left that a chunk could leave, under a code where half the items
// are long matches, whose length bytes come from src directly. src lies
// between bytes of one value and then of another: what decodeItems
// returns and writes must not depend on which, or it read past src. On
// amd64 and js/wasm decodeItems is assembly; elsewhere it decodes nothing.
func TestItemsStayInSrc(t *testing.T) {
	var lens [numSymbols]uint8
	for s := range numChars {
		lens[s] = 9
	}
	for log2 := range 16 {
		lens[numChars+log2<<4+15] = 5 // every match whose length goes on in bytes
	}
	hdr := make([]byte, headerSize)
	for s := 0; s < numSymbols; s += 2 {
		hdr[s/2] = lens[s] | lens[s+1]<<4
	}
	var d Decompressor
	if err := d.buildTable(hdr); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	const out = 1 << 15 // every offset fits
	dst := make([]byte, out+1024)
	for range 20000 {
		// The bits in buf came from the 8 bytes before pos, at most.
		n := 12 + rng.IntN(12)
		pos := 8 + rng.IntN(n-11) // at most n-4: decodeItems stops before
		nbits := rng.IntN(64)
		buf := rng.Uint64() &^ (^uint64(0) >> nbits)
		body := make([]byte, n)
		for i := range body {
			body[i] = byte(rng.Uint32())
		}
		var got [2]string
		for k, guard := range []byte{0x00, 0xff} {
			mem := bytes.Repeat([]byte{guard}, n+64)
			src := mem[32 : 32+n : 32+n]
			copy(src, body)
			clear(dst[out:])
			b, nb, p, o := decodeItems(&d.table, src, dst, buf, nbits, pos, out)
			got[k] = fmt.Sprint(b, nb, p, o, dst[out:])
		}
		if got[0] != got[1] {
			t.Fatalf("src %x from %d with %d bits %x: results differ with the bytes around src", body, pos, nbits, buf)
		}
	}
}
