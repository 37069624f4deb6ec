package xpress

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/compress/internal/difftest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// FuzzDecompress checks that no input panics, that a success fills exactly
// dst and writes nothing beyond it, that a reused Decompressor agrees with a
// fresh one, and that the result matches refDecompress, a slow model of
// wimlib's decoder.
//
// The seeds are the testdata chunks of up to 4 KiB of output (larger ones
// make the fuzzer spend most of its time minimizing) and hand-made chunks
// with random codes, for codewords of 12 to 15 bits.
func FuzzDecompress(f *testing.F) {
	for _, c := range loadCases(f) {
		if len(c.raw) <= 4096 {
			f.Add(len(c.raw), c.chunk)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 16; i++ {
		src, want := randomChunk(rng, 2000)
		f.Add(len(want), src)
	}
	shared := NewDecompressor()
	f.Fuzz(func(t *testing.T, size int, src []byte) {
		size %= MaxChunkSize + 2 // one past the limit stays reachable
		if size < 0 {
			size = -size
		}
		const guard = 16
		mem := make([]byte, size+guard)
		for i := range mem {
			mem[i] = 0xa5
		}
		dst := mem[:size:size]
		// decodeItems (assembly on amd64 and js/wasm) must do what
		// Decompress's own loop does.
		difftest.Compare(t, shared.Decompress, &loopOnly, []difftest.Input{{Src: src, Size: size}})
		err := shared.Decompress(dst, src)
		if !bytes.Equal(mem[size:], bytes.Repeat([]byte{0xa5}, guard)) {
			t.Fatal("wrote past the end of dst")
		}
		if err != nil {
			var ce *inputerr.Error
			if !errors.Is(err, compress.ErrCorrupt) || !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *inputerr.Error", err)
			}
		}

		fresh := make([]byte, size)
		if err2 := Decompress(fresh, src); (err2 == nil) != (err == nil) || err == nil && !bytes.Equal(fresh, dst) {
			t.Fatalf("reused decompressor: %v, fresh: %v", err, err2)
		}

		want, refErr := refDecompress(size, src)
		if (refErr == nil) != (err == nil) {
			t.Fatalf("got error %v, reference %v", err, refErr)
		}
		if err == nil && !bytes.Equal(dst, want) {
			t.Fatal("output differs from the reference decoder")
		}
	})
}

// refDecompress decodes the way wimlib's xpress_decompress does, written
// for clarity, not speed: a 32-bit bit buffer that loads one 16-bit unit
// only when a read needs more bits, and codewords found by walking the
// canonical code one length at a time. It adds this package's rules: reading
// bits or bytes past the end of src, an empty code, and a missing
// end-of-data symbol are errors.
func refDecompress(size int, src []byte) ([]byte, error) {
	fail := errors.New("reference: corrupt")
	if size > MaxChunkSize || len(src) < headerSize {
		return nil, fail
	}
	var lens [numSymbols]int
	var count [maxCodeLen + 1]int
	for i, b := range src[:headerSize] {
		lens[2*i], lens[2*i+1] = int(b&15), int(b>>4)
	}
	for _, l := range lens {
		count[l]++
	}
	// firstCode[l] is the first codeword of length l, firstIdx[l] the
	// index of its symbol in the canonical list.
	var firstCode, firstIdx [maxCodeLen + 1]int
	var canon []int
	kraft, code := 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		kraft += count[l] << (maxCodeLen - l)
		firstCode[l], firstIdx[l] = code, len(canon)
		for s, sl := range lens {
			if sl == l {
				canon = append(canon, s)
			}
		}
		code = (code + count[l]) << 1
	}
	if kraft != 1<<maxCodeLen {
		return nil, fail
	}

	r := refReader{src: src, next: headerSize}
	out := make([]byte, 0, size)
	for {
		r.ensure(15)
		sym := -1
		for l := 1; l <= maxCodeLen; l++ {
			if v := int(r.buf >> (32 - l)); v-firstCode[l] < count[l] {
				sym = canon[firstIdx[l]+v-firstCode[l]]
				r.pop(l)
				break
			}
		}
		if len(out) == size {
			if sym != endOfData || r.overran {
				return nil, fail
			}
			return out, nil
		}
		if sym < numChars {
			out = append(out, byte(sym))
			continue
		}
		length, log2 := sym&15, (sym>>4)&15
		r.ensure(16)
		offset := 1<<log2 | r.pop(log2)
		if length == 15 {
			if r.next >= len(src) {
				return nil, fail
			}
			length += int(src[r.next])
			r.next++
			if length == 15+255 {
				if r.next+2 > len(src) {
					return nil, fail
				}
				length = int(binary.LittleEndian.Uint16(src[r.next:]))
				r.next += 2
			}
		}
		length += minMatch
		if r.overran || offset > len(out) || length > size-len(out) {
			return nil, fail
		}
		for i := 0; i < length; i++ {
			out = append(out, out[len(out)-offset])
		}
	}
}

// refReader is wimlib's input bitstream: bits left-justified in buf, one
// unit loaded when fewer than the needed bits are left, and zeros once fewer
// than two bytes remain. overran records that a zero past the end was used.
type refReader struct {
	src     []byte
	next    int
	buf     uint32
	left    int // bits in buf, real or zero past the end
	real    int // of those, bits that came from src
	overran bool
}

func (r *refReader) ensure(n int) {
	if r.left >= n {
		return
	}
	if len(r.src)-r.next < 2 {
		r.left = 32
		return
	}
	r.buf |= uint32(binary.LittleEndian.Uint16(r.src[r.next:])) << (16 - r.left)
	r.next += 2
	r.left += 16
	r.real += 16
}

func (r *refReader) pop(n int) int {
	v := int(r.buf >> 1 >> (31 - n))
	r.buf <<= n
	r.left -= n
	r.real -= n
	if r.real < 0 {
		r.overran = true
	}
	return v
}
