package xpress

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
)

// testCase is one wimlib-made chunk from testdata and its original.
type testCase struct {
	name  string
	raw   []byte
	chunk []byte
}

// loadCases reads the chunks that testdata/files.txt lists.
func loadCases(tb testing.TB) []testCase {
	tb.Helper()
	list, err := os.Open(filepath.Join("testdata", "files.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer list.Close()
	var cases []testCase
	sc := bufio.NewScanner(list)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		name := fields[0]
		chunk, err := os.ReadFile(filepath.Join("testdata", name+".xpress"))
		if err != nil {
			tb.Fatal(err)
		}
		gz, err := os.Open(filepath.Join("testdata", name+".raw.gz"))
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(gz)
		if err != nil {
			tb.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		gz.Close()
		if err != nil {
			tb.Fatal(err)
		}
		cases = append(cases, testCase{name, raw, chunk})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(cases) == 0 {
		tb.Fatal("no test cases in testdata/files.txt")
	}
	return cases
}

// wantCorrupt fails unless err is a *inputerr.Error for xpress.
func wantCorrupt(t *testing.T, err error, what string) {
	t.Helper()
	var ce *inputerr.Error
	if !errors.Is(err, compress.ErrCorrupt) || !errors.As(err, &ce) || ce.Style.Prefix != "xpress" {
		t.Fatalf("%s: got %v, want an xpress *inputerr.Error", what, err)
	}
}

func TestTestdata(t *testing.T) {
	cases := loadCases(t)
	shared := NewDecompressor()
	// Both orders, so a table left over from another chunk would show.
	for pass := 0; pass < 2; pass++ {
		for i := range cases {
			c := cases[i]
			if pass == 1 {
				c = cases[len(cases)-1-i]
			}
			dst := make([]byte, len(c.raw))
			if err := shared.Decompress(dst, c.chunk); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !bytes.Equal(dst, c.raw) {
				t.Fatalf("%s: output differs from the original", c.name)
			}
		}
	}
	for _, c := range cases {
		dst := make([]byte, len(c.raw))
		if err := Decompress(dst, c.chunk); err != nil || !bytes.Equal(dst, c.raw) {
			t.Fatalf("%s: Decompress: %v", c.name, err)
		}
	}
}

func TestShortInput(t *testing.T) {
	cases := loadCases(t)
	for n := 0; n <= headerSize; n++ {
		wantCorrupt(t, Decompress(make([]byte, 10), cases[0].chunk[:n]), "short input")
	}
	wantCorrupt(t, Decompress(make([]byte, 10), nil), "nil input")
	wantCorrupt(t, Decompress(nil, nil), "nil input, empty output")
}

func TestTruncated(t *testing.T) {
	d := NewDecompressor()
	for _, c := range loadCases(t) {
		dst := make([]byte, len(c.raw))
		// A cut that still decodes must give the same bytes: every bit the
		// decoder consumed lies before the cut.
		for n := len(c.chunk) - 1; n > headerSize && n >= len(c.chunk)-64; n-- {
			err := d.Decompress(dst, c.chunk[:n])
			if err == nil {
				if !bytes.Equal(dst, c.raw) {
					t.Fatalf("%s cut to %d: wrong output without error", c.name, n)
				}
				continue
			}
			wantCorrupt(t, err, c.name+" truncated")
		}
		// After the unit that ends the end-of-data symbol come only a zero
		// unit and at most 3 length bytes of the last match, which are
		// needed, so cutting 5 bytes or more always loses needed input.
		for _, n := range []int{headerSize + 1, headerSize + 2, (len(c.chunk) + headerSize) / 2, len(c.chunk) - 5} {
			if n > headerSize && n < len(c.chunk) {
				wantCorrupt(t, d.Decompress(dst, c.chunk[:n]), c.name+" truncated")
			}
		}
	}
}

func TestHeaderBitFlips(t *testing.T) {
	// Changing any one codeword length breaks the Kraft equality, so every
	// flip in the table must be caught before decoding starts.
	d := NewDecompressor()
	for _, c := range loadCases(t) {
		if !strings.HasPrefix(c.name, "text-server-4096") && !strings.HasPrefix(c.name, "tiny-25") {
			continue
		}
		dst := make([]byte, len(c.raw))
		src := bytes.Clone(c.chunk)
		for bit := 0; bit < headerSize*8; bit++ {
			src[bit/8] ^= 1 << (bit % 8)
			wantCorrupt(t, d.Decompress(dst, src), c.name+" header flip")
			src[bit/8] ^= 1 << (bit % 8)
		}
	}
}

func TestBodyBitFlips(t *testing.T) {
	// A flipped body bit may still decode (to other bytes); it must never
	// panic, and when it fails it must say corrupt.
	d := NewDecompressor()
	failed := 0
	for _, c := range loadCases(t) {
		dst := make([]byte, len(c.raw))
		src := bytes.Clone(c.chunk)
		step := max(1, (len(src)-headerSize)*8/500)
		for bit := headerSize * 8; bit < len(src)*8; bit += step {
			src[bit/8] ^= 1 << (bit % 8)
			if err := d.Decompress(dst, src); err != nil {
				wantCorrupt(t, err, c.name+" body flip")
				failed++
			}
			src[bit/8] ^= 1 << (bit % 8)
		}
	}
	if failed == 0 {
		t.Fatal("no bit flip was detected")
	}
}

func TestWrongSize(t *testing.T) {
	d := NewDecompressor()
	for _, c := range loadCases(t) {
		n := len(c.raw)
		for _, size := range []int{0, 1, n - 3, n - 1, n + 1, n + 2, n + 3, n + 100, 2 * n} {
			if size < 0 || size == n || size > MaxChunkSize {
				continue
			}
			wantCorrupt(t, d.Decompress(make([]byte, size), c.chunk), c.name+" wrong size")
		}
	}
	wantCorrupt(t, d.Decompress(make([]byte, MaxChunkSize+1), make([]byte, 300)), "oversized output")
}

// chunkWriter builds chunks by hand for cases no compressor emits, with
// the canonical code that lens describes. Units of bits go to two reserved
// slots ahead of any interleaved bytes, the layout the decoder expects.
type chunkWriter struct {
	codes        [numSymbols]uint32
	lens         [numSymbols]uint8
	out          []byte
	acc          uint32
	n            uint
	slot1, slot2 int
}

// newChunkWriter takes a complete code's lengths; nil means 9 bits for
// every symbol, which makes each symbol's codeword the symbol itself.
func newChunkWriter(lens []uint8) *chunkWriter {
	w := &chunkWriter{}
	if lens == nil {
		lens = bytes.Repeat([]byte{9}, numSymbols)
	}
	copy(w.lens[:], lens)
	w.out = make([]byte, headerSize, headerSize+4)
	for s := 0; s < numSymbols; s += 2 {
		w.out[s/2] = w.lens[s] | w.lens[s+1]<<4
	}
	code := uint32(0)
	for l := uint8(1); l <= maxCodeLen; l++ {
		for s, sl := range w.lens {
			if sl == l {
				w.codes[s] = code
				code++
			}
		}
		code <<= 1
	}
	w.out = append(w.out, 0, 0, 0, 0)
	w.slot1, w.slot2 = headerSize, headerSize+2
	return w
}

func (w *chunkWriter) bits(v uint32, n uint) {
	w.acc = w.acc<<n | v
	w.n += n
	if w.n > 16 {
		w.n -= 16
		binary.LittleEndian.PutUint16(w.out[w.slot1:], uint16(w.acc>>w.n))
		w.slot1, w.slot2 = w.slot2, len(w.out)
		w.out = append(w.out, 0, 0)
	}
}

func (w *chunkWriter) symbol(s int) { w.bits(w.codes[s], uint(w.lens[s])) }

func (w *chunkWriter) literal(b byte) { w.symbol(int(b)) }

// match writes a match symbol, the given extra length bytes, and the offset.
func (w *chunkWriter) match(lenHeader int, offset int, extra ...byte) {
	log2 := bits.Len(uint(offset)) - 1
	w.symbol(numChars + log2<<4 + lenHeader)
	w.out = append(w.out, extra...)
	w.bits(uint32(offset-1<<log2), uint(log2))
}

func (w *chunkWriter) finish() []byte {
	w.symbol(endOfData)
	binary.LittleEndian.PutUint16(w.out[w.slot1:], uint16(w.acc<<(16-w.n)))
	return w.out
}

func TestCraftedMatches(t *testing.T) {
	abc := func(w *chunkWriter) { w.literal('a'); w.literal('b'); w.literal('c') }
	for _, tc := range []struct {
		name  string
		write func(w *chunkWriter)
		want  string // "" means corrupt
		size  int    // used when want is ""
	}{
		{"literals", abc, "abc", 0},
		{"overlap", func(w *chunkWriter) { abc(w); w.match(3, 3) }, "abcabcabc", 0},
		{"offset one", func(w *chunkWriter) { w.literal('z'); w.match(0, 1) }, "zzzz", 0},
		{"extra byte 0", func(w *chunkWriter) { w.literal('z'); w.match(15, 1, 0) }, strings.Repeat("z", 19), 0},
		{"extra byte 254", func(w *chunkWriter) { w.literal('z'); w.match(15, 1, 254) }, strings.Repeat("z", 1+15+254+3), 0},
		// 255 then a 16-bit length replaces the header: wimlib takes any
		// value, even one a shorter form could carry.
		{"extra u16", func(w *chunkWriter) { w.literal('z'); w.match(15, 1, 255, 0x10, 0x01) }, strings.Repeat("z", 1+0x110+3), 0},
		{"extra u16 small", func(w *chunkWriter) { w.literal('z'); w.match(15, 1, 255, 5, 0) }, strings.Repeat("z", 1+5+3), 0},
		{"extra then literal", func(w *chunkWriter) { abc(w); w.match(15, 2, 1); w.literal('!') }, "abc" + strings.Repeat("bc", 19)[:19] + "!", 0},
		{"offset before start", func(w *chunkWriter) { abc(w); w.match(0, 4) }, "", 6},
		{"match at start", func(w *chunkWriter) { w.match(0, 1) }, "", 3},
		{"match past end", func(w *chunkWriter) { abc(w); w.match(2, 1) }, "", 7},
		{"no end-of-data", func(w *chunkWriter) { abc(w); w.literal('d') }, "", 3},
	} {
		w := newChunkWriter(nil)
		tc.write(w)
		src := w.finish()
		if tc.want == "" {
			wantCorrupt(t, Decompress(make([]byte, tc.size), src), tc.name)
			continue
		}
		dst := make([]byte, len(tc.want))
		if err := Decompress(dst, src); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(dst) != tc.want {
			t.Fatalf("%s: got %q, want %q", tc.name, dst, tc.want)
		}
	}
}

func TestMissingExtraBytes(t *testing.T) {
	// A length byte or 16-bit length cut off by the end of input is corrupt,
	// where wimlib would read it as zero.
	w := newChunkWriter(nil)
	w.literal('z')
	w.symbol(numChars | 15)
	src := w.finish()
	wantCorrupt(t, Decompress(make([]byte, 19), src), "missing length byte")

	w = newChunkWriter(nil)
	w.literal('z')
	w.symbol(numChars | 15)
	w.out = append(w.out, 255, 7)
	src = w.finish()
	wantCorrupt(t, Decompress(make([]byte, 10), src), "missing 16-bit length")
}

func TestBadCodes(t *testing.T) {
	hdr := make([]byte, 300)
	wantCorrupt(t, Decompress(make([]byte, 4), hdr), "empty code")
	hdr[0] = 0x11 // two 1-bit codewords: complete, decodes symbols 0 and 1
	if err := Decompress(nil, hdr); err != nil {
		wantCorrupt(t, err, "two-symbol code")
	}
	hdr[0] = 0x01 // one 1-bit codeword: incomplete
	wantCorrupt(t, Decompress(make([]byte, 4), hdr), "incomplete code")
	hdr[0], hdr[1] = 0x11, 0x01 // three 1-bit codewords: oversubscribed
	wantCorrupt(t, Decompress(make([]byte, 4), hdr), "oversubscribed code")
}

// randomCode returns the lengths of a random complete code over some of
// the 512 symbols, always including end-of-data, built by splitting random
// leaves of a code tree no deeper than 15.
func randomCode(rng *rand.Rand) []uint8 {
	depths := []uint8{1, 1}
	want := 2 + rng.IntN(numSymbols-1)
	for len(depths) < want {
		i := rng.IntN(len(depths))
		if depths[i] == maxCodeLen {
			if rng.IntN(8) == 0 {
				break // deep trees may run out of splittable leaves
			}
			continue
		}
		depths[i]++
		depths = append(depths, depths[i])
	}
	lens := make([]uint8, numSymbols)
	syms := rng.Perm(numSymbols)
	// Put end-of-data among the used symbols.
	for i, s := range syms {
		if s == endOfData {
			syms[0], syms[i] = syms[i], syms[0]
		}
	}
	for i, d := range depths {
		lens[syms[i]] = d
	}
	return lens
}

// randomChunk encodes up to maxSize bytes of random literals and valid
// matches drawn from a random code, returning the chunk and its output.
func randomChunk(rng *rand.Rand, maxSize int) (src, want []byte) {
	lens := randomCode(rng)
	var lits, matches []int
	for s, l := range lens {
		switch {
		case l == 0 || s == endOfData:
		case s < numChars:
			lits = append(lits, s)
		default:
			matches = append(matches, s)
		}
	}
	w := newChunkWriter(lens)
	size := 1 + rng.IntN(maxSize)
	for len(want) < size {
		if len(want) > 0 && len(matches) > 0 && rng.IntN(3) == 0 {
			s := matches[rng.IntN(len(matches))] - numChars
			hdr, log2 := s&15, s>>4
			offset := min(1<<log2+rng.IntN(1<<log2), len(want))
			if bits.Len(uint(offset))-1 != log2 {
				continue
			}
			length := hdr + minMatch
			var extra []byte
			if hdr == 15 {
				b := rng.IntN(256)
				extra = append(extra, byte(b))
				length += b
				if b == 255 {
					v := rng.IntN(1 << 16)
					extra = binary.LittleEndian.AppendUint16(extra, uint16(v))
					length = v + minMatch
				}
			}
			if length > size-len(want) {
				continue
			}
			w.match(hdr, offset, extra...)
			for i := 0; i < length; i++ {
				want = append(want, want[len(want)-offset])
			}
			continue
		}
		if len(lits) == 0 {
			break // matches alone cannot start the output
		}
		b := byte(lits[rng.IntN(len(lits))])
		w.literal(b)
		want = append(want, b)
	}
	return w.finish(), want
}

func TestRandomCodes(t *testing.T) {
	// Random codes, many with 12- to 15-bit codewords under many root
	// prefixes, and random valid items drawn from each code.
	rng := rand.New(rand.NewPCG(1, 2))
	d := NewDecompressor()
	for iter := 0; iter < 300; iter++ {
		src, want := randomChunk(rng, MaxChunkSize)
		dst := make([]byte, len(want))
		if err := d.Decompress(dst, src); err != nil {
			t.Fatalf("iteration %d (%d bytes): %v", iter, len(want), err)
		}
		if !bytes.Equal(dst, want) {
			t.Fatalf("iteration %d (%d bytes): wrong output", iter, len(want))
		}
	}
}
