package lzx

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
)

type vector struct {
	name   string
	window int
	comp   []byte
	orig   []byte
}

// loadVectors reads the chunks listed in testdata/vectors.txt.
func loadVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []vector
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			t.Fatalf("vectors.txt: bad line %q", sc.Text())
		}
		window, err := strconv.Atoi(fields[2])
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, vector{
			name:   strings.TrimSuffix(fields[0], ".lzx"),
			window: window,
			comp:   readFile(t, fields[0]),
			orig:   gunzip(t, readFile(t, fields[1])),
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newDecompressor(t testing.TB, window int) *Decompressor {
	t.Helper()
	d, err := NewDecompressor(window)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// wantCorrupt fails unless err is a *inputerr.Error from lzx.
func wantCorrupt(t *testing.T, err error, what string) {
	t.Helper()
	var ce *inputerr.Error
	switch {
	case err == nil:
		t.Errorf("%s: no error", what)
	case !errors.Is(err, compress.ErrCorrupt) || !errors.As(err, &ce) || ce.Style.Prefix != "lzx":
		t.Errorf("%s: error %v is not an lzx corrupt-data error", what, err)
	}
}

func TestVectors(t *testing.T) {
	decoders := map[int]*Decompressor{}
	for _, v := range loadVectors(t) {
		d := decoders[v.window]
		if d == nil {
			d = newDecompressor(t, v.window)
			decoders[v.window] = d
		}
		// Twice, over different garbage: tables and state are reused and
		// every byte of dst must be written.
		for _, fillByte := range []byte{0x00, 0xE8} {
			dst := bytes.Repeat([]byte{fillByte}, len(v.orig))
			if err := d.Decompress(dst, v.comp); err != nil {
				t.Errorf("%s: %v", v.name, err)
				continue
			}
			if !bytes.Equal(dst, v.orig) {
				t.Errorf("%s: output differs from the original at byte %d", v.name, firstDiff(dst, v.orig))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestBlockTypes proves what the vectors cover: it walks each chunk block
// by block with the decoder's own nextBlock.
func TestBlockTypes(t *testing.T) {
	types := map[int]int{}
	multi, large := 0, 0
	for _, v := range loadVectors(t) {
		d := newDecompressor(t, v.window)
		br := bitReader{src: v.comp}
		dst := make([]byte, len(v.orig))
		d.reset()
		blocks := 0
		var seq []byte
		for out := 0; out < len(dst); blocks++ {
			typ, end, err := d.nextBlock(&br, dst, out)
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			types[typ]++
			seq = append(seq, " VAU"[typ])
			if end-out > 0xFFFF {
				large++
			}
			out = end
		}
		if blocks > 1 {
			multi++
		}
		t.Logf("%s: %s", v.name, seq)
	}
	t.Logf("blocks: %d verbatim, %d aligned, %d uncompressed; %d chunks with several blocks; %d blocks over 64 KiB",
		types[blockVerbatim], types[blockAligned], types[blockUncompressed], multi, large)
	for _, typ := range []int{blockVerbatim, blockAligned, blockUncompressed} {
		if types[typ] == 0 {
			t.Errorf("no block of type %d in the vectors", typ)
		}
	}
	if multi == 0 || large == 0 {
		t.Error("the vectors lack chunks of several blocks or blocks over 64 KiB")
	}
}

func TestNewDecompressor(t *testing.T) {
	for _, tc := range []struct{ window, mainSyms int }{
		{1 << 15, 256 + 30*8},
		{1 << 16, 256 + 32*8},
		{1 << 17, 256 + 34*8},
		{1 << 18, 256 + 36*8},
		{1 << 19, 256 + 38*8},
		{1 << 20, 256 + 42*8},
		{1 << 21, 256 + 50*8},
	} {
		d := newDecompressor(t, tc.window)
		if d.numMainSyms != tc.mainSyms {
			t.Errorf("window %d: %d main symbols, want %d", tc.window, d.numMainSyms, tc.mainSyms)
		}
	}
	for _, w := range []int{-1, 0, 1, 4096, 1<<15 - 1, 1<<15 + 1, 3 << 15, 1 << 22, 1 << 30} {
		d, err := NewDecompressor(w)
		if err == nil || d != nil {
			t.Errorf("window %d: accepted", w)
		} else if errors.Is(err, compress.ErrCorrupt) {
			t.Errorf("window %d: %v is a corrupt-data error", w, err)
		}
	}
}

func TestSlotTables(t *testing.T) {
	// Spot checks against the position base and footer tables of the spec.
	for _, tc := range []struct {
		slot int
		base uint32
		bits uint8
	}{{3, 1, 0}, {4, 2, 1}, {8, 14, 3}, {29, 24574, 13}, {30, 32766, 14}, {36, 262142, 17}, {49, 1966078, 17}} {
		if slotBase[tc.slot] != tc.base || verbatimExtra[tc.slot] != tc.bits {
			t.Errorf("slot %d: base %d, %d bits; want %d, %d",
				tc.slot, slotBase[tc.slot], verbatimExtra[tc.slot], tc.base, tc.bits)
		}
	}
	if alignedExtra[7] != 2 || alignedExtra[8] != 0 || alignedExtra[49] != 14 {
		t.Error("aligned block extra bits wrong")
	}
}

func TestCorpusChunks(t *testing.T) {
	chunks := loadCorpus(t)
	d := newDecompressor(t, 1<<15)
	for i, c := range chunks {
		dst := make([]byte, c.size)
		if err := d.Decompress(dst, c.comp); err != nil {
			t.Fatalf("corpus chunk %d: %v", i, err)
		}
		if !c.matches(dst) {
			t.Fatalf("corpus chunk %d: wrong output", i)
		}
	}
}

func TestEmptyOutput(t *testing.T) {
	d := newDecompressor(t, 1<<15)
	if err := d.Decompress(nil, nil); err != nil {
		t.Errorf("empty chunk: %v", err)
	}
}

func TestTruncated(t *testing.T) {
	for _, v := range loadVectors(t) {
		d := newDecompressor(t, v.window)
		dst := make([]byte, len(v.orig))
		cuts := []int{0, 1, 2, 3, len(v.comp) / 2, len(v.comp) - 2, len(v.comp) - 1}
		for _, n := range cuts {
			if n < 0 || n >= len(v.comp) {
				continue
			}
			err := d.Decompress(dst, v.comp[:n])
			if v.name == "hand-stored-32k" && n == len(v.comp)-1 {
				// Only the pad byte after the odd-sized last block is
				// gone, which wimlib accepts.
				if err != nil || !bytes.Equal(dst, v.orig) {
					t.Errorf("%s without its last pad byte: %v", v.name, err)
				}
				continue
			}
			wantCorrupt(t, err, fmt.Sprintf("%s cut to %d bytes", v.name, n))
		}
	}
}

func TestWrongSize(t *testing.T) {
	for _, v := range loadVectors(t) {
		d := newDecompressor(t, v.window)
		sizes := []int{len(v.orig) - 1, len(v.orig) + 1, v.window + 1}
		if len(v.orig) > 2 {
			sizes = append(sizes, 1)
		}
		for _, n := range sizes {
			if n < 0 || n == len(v.orig) || n > v.window+1 {
				continue
			}
			wantCorrupt(t, d.Decompress(make([]byte, n), v.comp), fmt.Sprintf("%s into %d bytes", v.name, n))
		}
	}
}

// TestBitFlips only checks the contract: flipped bits may still decode
// (LZX has no checksum), but never panic and fail only with corrupt-data error.
func TestBitFlips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 0, 64<<10)
	for _, v := range loadVectors(t) {
		if v.window > 1<<16 {
			continue // large windows are slow; the fuzzer covers them
		}
		d := newDecompressor(t, v.window)
		dst := make([]byte, len(v.orig))
		for range 200 {
			buf = append(buf[:0], v.comp...)
			for range 1 + rng.IntN(3) {
				i := rng.IntN(len(buf) * 8)
				buf[i/8] ^= 1 << (i % 8)
			}
			if err := d.Decompress(dst, buf); err != nil {
				wantCorrupt(t, err, v.name+" with flipped bits")
			}
		}
		// The decoder is still sound after all that.
		if err := d.Decompress(dst, v.comp); err != nil || !bytes.Equal(dst, v.orig) {
			t.Errorf("%s: wrong after corrupt inputs: %v", v.name, err)
		}
	}
}

// bitWriter writes LZX bitstreams for hand-made malformed chunks.
type bitWriter struct {
	out []byte
	acc uint16
	n   uint
}

func (w *bitWriter) put(v uint32, k uint) {
	for i := k; i > 0; i-- {
		w.acc = w.acc<<1 | uint16(v>>(i-1)&1)
		if w.n++; w.n == 16 {
			w.out = binary.LittleEndian.AppendUint16(w.out, w.acc)
			w.acc, w.n = 0, 0
		}
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.put(0, 16-w.n)
	}
	return w.out
}

// The pretree tests use: symbols 0-11 get 4-bit codewords 0-11, symbols
// 12-19 get 5-bit codewords 24-31.
func (w *bitWriter) pretree() {
	for s := range numPreSyms {
		w.put(uint32(4+s/12), 4)
	}
}

func (w *bitWriter) presym(s int) {
	if s < 12 {
		w.put(uint32(s), 4)
	} else {
		w.put(uint32(s+12), 5)
	}
}

// lens writes a code's lengths, all previous lengths being 0, with the
// test pretree.
func (w *bitWriter) lens(lens []uint8) {
	w.pretree()
	for _, l := range lens {
		w.presym(int(17-l) % 17)
	}
}

// verbatimHeader starts a verbatim block for a 32 KiB window whose main
// code has two 1-bit codewords, for symbols a < b, and an empty length code.
func verbatimHeader(size int, a, b int) *bitWriter {
	w := &bitWriter{}
	w.put(blockVerbatim, 3)
	w.put(0, 1)
	w.put(uint32(size), 16)
	main := make([]uint8, 256+30*8)
	main[a], main[b] = 1, 1
	w.lens(main[:256])
	w.lens(main[256:])
	w.lens(make([]uint8, numLenSyms))
	return w
}

func TestMalformed(t *testing.T) {
	header := func(typ, size uint32) *bitWriter {
		w := &bitWriter{}
		w.put(typ, 3)
		w.put(0, 1)
		w.put(size, 16)
		return w
	}
	cases := []struct {
		name string
		dst  int
		src  func() []byte
	}{
		{"empty input", 100, func() []byte { return nil }},
		{"one byte", 100, func() []byte { return []byte{0x30} }},
		{"block type 0", 100, func() []byte { return header(0, 100).bytes() }},
		{"block type 4", 100, func() []byte { return header(4, 100).bytes() }},
		{"block type 7", 100, func() []byte { return header(7, 100).bytes() }},
		{"block size 0", 100, func() []byte { return header(blockVerbatim, 0).bytes() }},
		{"block size past dst", 100, func() []byte { return header(blockVerbatim, 101).bytes() }},
		{"default block size past dst", 100, func() []byte {
			w := &bitWriter{}
			w.put(blockVerbatim, 3)
			w.put(1, 1)
			return w.bytes()
		}},
		{"oversubscribed pretree", 100, func() []byte {
			w := header(blockVerbatim, 100)
			for range numPreSyms {
				w.put(1, 4)
			}
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"incomplete pretree", 100, func() []byte {
			w := header(blockVerbatim, 100)
			w.put(1, 4)
			w.put(0, 19*4)
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"zero run past the code", 100, func() []byte {
			w := header(blockVerbatim, 100)
			w.pretree()
			for range 5 { // 5 runs of 51 zeros, then 20 more for 1 length
				w.presym(18)
				w.put(31, 5)
			}
			w.presym(18)
			w.put(0, 5)
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"same-length run past the code", 100, func() []byte {
			w := header(blockVerbatim, 100)
			w.pretree()
			for range 254 {
				w.presym(0)
			}
			w.presym(19)
			w.put(0, 1)
			w.presym(0)
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"bad delta in a same-length run", 100, func() []byte {
			w := header(blockVerbatim, 100)
			w.pretree()
			w.presym(19)
			w.put(0, 1)
			w.presym(18)
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"incomplete main code", 100, func() []byte {
			w := header(blockVerbatim, 100)
			main := make([]uint8, 256+30*8)
			main['a'] = 1
			w.lens(main[:256])
			w.lens(main[256:])
			w.lens(make([]uint8, numLenSyms))
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"oversubscribed length code", 100, func() []byte {
			w := header(blockVerbatim, 100)
			main := make([]uint8, 256+30*8)
			main['a'], main['b'] = 1, 1
			w.lens(main[:256])
			w.lens(main[256:])
			w.lens([]uint8{1, 1, 1})
			return append(w.bytes(), make([]byte, 64)...)
		}},
		{"match before the start", 100, func() []byte {
			w := verbatimHeader(100, 'a', 256) // 256: length 2 at R0 = 1
			w.put(1, 1)
			return w.bytes()
		}},
		{"match past the block", 2, func() []byte {
			w := verbatimHeader(2, 'a', 256)
			w.put(0, 1) // 'a'
			w.put(1, 1) // 2 more bytes: 3 > 2
			return w.bytes()
		}},
		{"match offset past the start", 100, func() []byte {
			w := verbatimHeader(100, 'a', 256+8*5) // slot 5: offsets 4-5
			w.put(0, 1)
			w.put(0, 1)
			w.put(1, 1)
			w.put(0, 1)
			return w.bytes()
		}},
		{"truncated after header", 100, func() []byte {
			w := verbatimHeader(100, 'a', 'b')
			return w.bytes()
		}},
		{"uncompressed zero R0", 4, func() []byte {
			w := header(blockUncompressed, 4)
			b := w.bytes()
			return append(b, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 'a', 'b', 'c', 'd')
		}},
		{"uncompressed zero R2", 4, func() []byte {
			w := header(blockUncompressed, 4)
			b := w.bytes()
			return append(b, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c', 'd')
		}},
		{"uncompressed truncated data", 4, func() []byte {
			w := header(blockUncompressed, 4)
			b := w.bytes()
			return append(b, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 'a', 'b', 'c')
		}},
		{"uncompressed truncated offsets", 4, func() []byte {
			w := header(blockUncompressed, 4)
			return append(w.bytes(), 1, 0, 0, 0, 1, 0)
		}},
		{"repeat offset from an uncompressed block too far", 8, func() []byte {
			w := header(blockUncompressed, 4)
			b := append(w.bytes(), 9, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 'a', 'b', 'c', 'd')
			v := verbatimHeader(4, 'a', 256) // R0 = 9 > 4
			v.put(1, 1)
			return append(b, v.bytes()...)
		}},
	}
	d := newDecompressor(t, 1<<15)
	for _, tc := range cases {
		wantCorrupt(t, d.Decompress(make([]byte, tc.dst), tc.src()), tc.name)
	}
	if err := d.Decompress(make([]byte, 1<<15+1), nil); err == nil {
		t.Error("output larger than the window: no error")
	} else {
		wantCorrupt(t, err, "output larger than the window")
	}
}

// TestHandmadeValid checks the hand-made streams' conventions on a chunk
// that should decode: literals, a repeat match, and the empty length code.
func TestHandmadeValid(t *testing.T) {
	w := verbatimHeader(7, 'a', 256+8*1+3) // R1 = 1, length 5
	w.put(0, 1)
	w.put(0, 1)
	w.put(1, 1)
	d := newDecompressor(t, 1<<15)
	dst := make([]byte, 7)
	if err := d.Decompress(dst, w.bytes()); err != nil {
		t.Fatal(err)
	}
	if string(dst) != "aaaaaaa" {
		t.Errorf("got %q", dst)
	}
}

// TestE8 checks the call translation against values worked out by hand
// from its definition.
func TestE8(t *testing.T) {
	b := make([]byte, 32)
	want := make([]byte, 32)
	call := func(i int, stored, orig int32) {
		b[i], want[i] = 0xE8, 0xE8
		binary.LittleEndian.PutUint32(b[i+1:], uint32(stored))
		binary.LittleEndian.PutUint32(want[i+1:], uint32(orig))
	}
	call(0, 0x5E8, 0x5E8)        // at 0: unchanged; the E8 at 1 is no call
	call(6, 7, 1)                // 7 - 6
	call(11, -3, 12000000-3)     // negative, >= -11: plus the file size
	call(16, 12000000, 12000000) // not below the file size: left alone
	call(21, 50, 50-21)          // the last position translated: 32 - 11
	undoE8(b)
	if !bytes.Equal(b, want) {
		t.Errorf("got  % x\nwant % x", b, want)
	}

	tail := make([]byte, 20)
	tail[10], tail[11] = 0xE8, 20 // 20 - 10 = 10 bytes from the end
	undoE8(tail)
	if tail[11] != 20 {
		t.Error("translated a call in the last 10 bytes")
	}
	short := []byte{0xE8, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	undoE8(short)
	if short[1] != 1 {
		t.Error("translated in a 10-byte chunk")
	}
}

// TestLongestSymbols decodes matches made of a 16-bit main codeword, a
// 16-bit length codeword and 17 extra offset bits, at every bit alignment:
// the most one symbol can take from the bit buffer.
func TestLongestSymbols(t *testing.T) {
	const window = 1 << 21
	// Block 1: stored bytes for the matches to reach back into.
	prefix := make([]byte, 400000)
	for i := range prefix {
		prefix[i] = byte(i*7 + i>>11)
		if prefix[i] == 0xE8 {
			prefix[i] = 0 // keep the output free of E8 translation
		}
	}
	w := &bitWriter{}
	w.put(blockUncompressed, 3)
	w.put(0, 1)
	w.put(uint32(len(prefix)), 24)
	src := append(w.bytes(), 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0)
	src = append(src, prefix...)

	// Block 2: codes whose lengths run 1, 2, ..., 15, 16, 16. Literals
	// 'a'..'o' take 1 to 15 bits, so the matches meet every alignment.
	const m1, m2 = numChars + 36*8 + 7, numChars + 37*8 + 7 // slots with 17 extra bits
	main := make([]uint8, 256+50*8)
	lens := make([]uint8, numLenSyms)
	for i := range 15 {
		main['a'+i] = uint8(i + 1)
		lens[i] = uint8(i + 1)
	}
	main[m1], main[m2] = 16, 16
	lens[247], lens[248] = 16, 16
	mainCodes, lenCodes := canonicalCodes(main), canonicalCodes(lens)

	want := append([]byte(nil), prefix...)
	v := &bitWriter{}
	type match struct{ lit, sym, lensym, off int }
	var ops []match
	size := 0
	for i := range 200 {
		m := match{lit: 'a' + i%15, sym: m1, lensym: 248, off: 262142 + i*517}
		if i%2 == 1 {
			m.sym, m.lensym, m.off = m2, 247, 393214+i*37
		}
		ops = append(ops, m)
		size += 1 + 2 + 7 + m.lensym
	}
	v.put(blockVerbatim, 3)
	v.put(0, 1)
	v.put(uint32(size), 24)
	v.lens(main[:256])
	v.lens(main[256:])
	v.lens(lens)
	for _, m := range ops {
		v.put(mainCodes[m.lit], uint(main[m.lit]))
		want = append(want, byte(m.lit))
		v.put(mainCodes[m.sym], 16)
		v.put(lenCodes[m.lensym], 16)
		slot := (m.sym - numChars) / 8
		v.put(uint32(m.off)-slotBase[slot], 17)
		for range 2 + 7 + m.lensym {
			want = append(want, want[len(want)-m.off])
		}
	}
	src = append(src, v.bytes()...)

	d := newDecompressor(t, window)
	dst := make([]byte, len(want))
	if err := d.Decompress(dst, src); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dst, want) {
		t.Fatalf("output differs at byte %d", firstDiff(dst, want))
	}
}
