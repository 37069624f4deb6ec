package lzms

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
)

// testdata/manifest.txt lists every chunk (name.lzms) with the size and
// SHA-256 of its original. The original is name.raw if kept, else built by
// one of the generators below, else known only by its hash.

type testCase struct {
	name string
	size int
	sum  [32]byte
	comp []byte
}

var (
	casesOnce sync.Once
	cases     []testCase
	casesErr  error
)

func loadCases(tb testing.TB) []testCase {
	tb.Helper()
	casesOnce.Do(func() { cases, casesErr = readManifest() })
	if casesErr != nil {
		tb.Fatal(casesErr)
	}
	return cases
}

func readManifest() ([]testCase, error) {
	f, err := os.Open("testdata/manifest.txt")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cs []testCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			return nil, fmt.Errorf("manifest: bad line %q", sc.Text())
		}
		c := testCase{name: fs[0]}
		if c.size, err = strconv.Atoi(fs[1]); err != nil {
			return nil, err
		}
		if _, err := hex.Decode(c.sum[:], []byte(fs[2])); err != nil {
			return nil, err
		}
		if c.comp, err = os.ReadFile(filepath.Join("testdata", c.name+".lzms")); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, sc.Err()
}

func findCase(tb testing.TB, name string) testCase {
	tb.Helper()
	for _, c := range loadCases(tb) {
		if c.name == name {
			return c
		}
	}
	tb.Fatalf("no test case %q", name)
	return testCase{}
}

// original returns a case's original when it is kept or generated, else nil.
func original(tb testing.TB, c testCase) []byte {
	tb.Helper()
	if raw, err := os.ReadFile(filepath.Join("testdata", c.name+".raw")); err == nil {
		return raw
	}
	for _, g := range generated {
		if g.name == c.name {
			b := g.build(decodedCorpus(tb))
			if sha256.Sum256(b) != c.sum {
				tb.Fatalf("%s: generator no longer matches manifest.txt; rerun testdata/gen.sh", c.name)
			}
			return b
		}
	}
	return nil
}

// decodedCorpus gives generators the real code and text they mix in, from
// decoding (and checking) the kept chunks.
func decodedCorpus(tb testing.TB) corpus {
	get := func(name string) []byte {
		c := findCase(tb, name)
		b := make([]byte, c.size)
		if err := NewDecompressor().Decompress(b, c.comp); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		if sha256.Sum256(b) != c.sum {
			tb.Fatalf("%s: wrong output", name)
		}
		return b
	}
	return corpus{x86: get("x86-0"), text: get("text-0")}
}

type corpus struct{ x86, text []byte }

// generated are the cases whose originals are built here rather than kept.
// gen.sh compresses each at the given level.
var generated = []struct {
	name  string
	level int
	build func(corpus) []byte
}{
	{"zeros", 50, func(corpus) []byte { return make([]byte, 3<<20) }},
	{"runs", 50, func(corpus) []byte { return genRuns(1, 256<<10) }},
	{"delta", 50, func(corpus) []byte { return genDelta(2, 256<<10) }},
	{"delta-l100", 100, func(corpus) []byte { return genDelta(3, 48<<10) }},
	{"solid", 50, func(c corpus) []byte { return genSolid(4, 6<<20, c) }},
	// Small cases of real data, for fuzzing.
	{"text-4k", 50, func(c corpus) []byte { return c.text[:4<<10] }},
	{"x86-16k", 50, func(c corpus) []byte { return c.x86[:16<<10] }},
}

var genDir = flag.String("gendir", "", "TestWriteGenerated writes the generated originals here")

// TestWriteGenerated is gen.sh's hook: it writes each generated original to
// -gendir as name.raw, reading x86-0.raw and text-0.raw from there, and lists
// name and level in -gendir/generated.
func TestWriteGenerated(t *testing.T) {
	if *genDir == "" {
		t.Skip("no -gendir")
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(*genDir, name+".raw"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c := corpus{x86: read("x86-0"), text: read("text-0")}
	var list strings.Builder
	for _, g := range generated {
		if err := os.WriteFile(filepath.Join(*genDir, g.name+".raw"), g.build(c), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&list, "%s %d\n", g.name, g.level)
	}
	if err := os.WriteFile(filepath.Join(*genDir, "generated"), []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// rng is splitmix64: tiny, and fixed forever, unlike math/rand's streams.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// genRuns makes runs of repeated bytes, mostly short, some very long.
func genRuns(seed uint64, n int) []byte {
	r := rng(seed)
	var b []byte
	for len(b) < n {
		b = appendRun(b, &r)
	}
	return b[:n]
}

func appendRun(b []byte, r *rng) []byte {
	var l int
	switch k := r.intn(20); {
	case k < 14:
		l = 1 + r.intn(16)
	case k < 19:
		l = 17 + r.intn(1008)
	default:
		l = 1025 + r.intn(64<<10)
	}
	c := byte(r.next())
	if r.intn(2) == 0 {
		c &= 3 // a small alphabet, so values recur
	}
	for range l {
		b = append(b, c)
	}
	return b
}

// genDelta makes data for delta matches: arithmetic sequences of 8- to
// 64-bit integers, records of several fields, and gradients with rows of
// up to 128 bytes.
func genDelta(seed uint64, n int) []byte {
	r := rng(seed)
	var b []byte
	for len(b) < n {
		b = appendDelta(b, &r)
	}
	return b[:n]
}

func appendDelta(b []byte, r *rng) []byte {
	count := 64 + r.intn(2048)
	step := uint64(1 + r.intn(8))
	if r.intn(4) == 0 {
		step = r.next() >> 40
	}
	v := r.next()
	switch r.intn(6) {
	case 0:
		for range count {
			b = append(b, byte(v))
			v += step
		}
	case 1:
		for range count {
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
			v += step
		}
	case 2:
		for range count {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
			v += step
		}
	case 3:
		for range count {
			b = binary.LittleEndian.AppendUint64(b, v)
			v += step
		}
	case 4: // records: an increasing id, a constant, a decreasing count
		k := uint32(r.next())
		for i := range uint32(count) {
			b = binary.LittleEndian.AppendUint32(b, uint32(v)+i)
			b = binary.LittleEndian.AppendUint32(b, k)
			b = binary.LittleEndian.AppendUint32(b, 100000-i*uint32(step))
			b = binary.LittleEndian.AppendUint32(b, 0)
		}
	default: // an image: width 2^k bytes, each row a shifted copy of the last
		w := 1 << (4 + r.intn(4))
		a, c := byte(r.next()), byte(r.intn(5))
		for y := range count / 8 {
			for x := range w {
				b = append(b, a+byte(x)*c+byte(y))
			}
		}
	}
	return b
}

// genSolid makes a chunk like a solid resource: pieces of real code and text,
// near copies of earlier pieces, tables, runs and a little noise.
func genSolid(seed uint64, n int, c corpus) []byte {
	r := rng(seed)
	b := make([]byte, 0, n+128<<10)
	piece := func(src []byte) {
		l := 1024 + r.intn(32<<10)
		at := r.intn(len(src) - l)
		start := len(b)
		b = append(b, src[at:at+l]...)
		for i := start + r.intn(4096); i < len(b); i += 1024 + r.intn(4096) {
			b[i] ^= byte(1 + r.intn(255))
		}
	}
	for len(b) < n {
		switch k := r.intn(20); {
		case k < 6:
			piece(c.x86)
		case k < 12:
			piece(c.text)
		case k < 15:
			if len(b) > 64<<10 {
				piece(b)
			}
		case k < 17:
			b = appendDelta(b, &r)
		case k < 19:
			b = appendRun(b, &r)
		default:
			for range 16 + r.intn(240) {
				b = append(b, byte(r.next()))
			}
		}
	}
	return b[:n]
}

func TestSlotTables(t *testing.T) {
	// Values from wimlib's lzms_common.c.
	for _, c := range []struct {
		got, want uint32
	}{
		{offsetSlots[9].base, 0xd},
		{offsetSlots[100].base, 0x20a5},
		{offsetSlots[798].base, 0x065be4a5},
		{offsetSlots[798].extra, 30},
		{offsetSlots[799].base, 0x465be4a5},
		{lengthSlots[27].base, 0x1d},
		{lengthSlots[52].base, 0x8ab},
		{lengthSlots[53].base, 0x108ab},
		{lengthSlots[53].extra, 30},
		{lengthSlots[54].base, 0x400108ab},
	} {
		if c.got != c.want {
			t.Errorf("got %#x, want %#x", c.got, c.want)
		}
	}
	for _, c := range []struct{ n, want int }{
		{0, 0}, {1, 0}, {2, 1}, {9, 8}, {10, 9}, {131072, 203}, {64 << 20, 729}, {1 << 30, 799},
	} {
		if got := numOffsetSlots(c.n); got != c.want {
			t.Errorf("numOffsetSlots(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

func TestDecompress(t *testing.T) {
	cs := loadCases(t)
	d := NewDecompressor()
	check := func(c testCase) {
		t.Helper()
		dst := make([]byte, c.size)
		if err := d.Decompress(dst, c.comp); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sha256.Sum256(dst) != c.sum {
			if want := original(t, c); want != nil {
				i := 0
				for i < len(dst) && dst[i] == want[i] {
					i++
				}
				t.Fatalf("%s: output differs from byte %d", c.name, i)
			}
			t.Fatalf("%s: wrong output", c.name)
		}
	}
	// Forward then backward, reusing d: no state may leak between chunks.
	for _, c := range cs {
		check(c)
	}
	for i := len(cs) - 1; i >= 0; i-- {
		check(cs[i])
	}
}

// The generated cases must still be what the manifest says, and the kept
// tiny originals must match too.
func TestOriginals(t *testing.T) {
	for _, c := range loadCases(t) {
		if b := original(t, c); b != nil && (len(b) != c.size || sha256.Sum256(b) != c.sum) {
			t.Errorf("%s: original does not match manifest.txt", c.name)
		}
	}
}

// The x86 cases must really exercise the filter: undoing it on their
// originals changes bytes (so the encoder changed them too).
func TestX86FilterUsed(t *testing.T) {
	var lt x86Seen
	for _, name := range []string{"x86-0", "tiny-x86", "solid"} {
		c := findCase(t, name)
		b := make([]byte, c.size)
		if err := NewDecompressor().Decompress(b, c.comp); err != nil {
			t.Fatal(err)
		}
		orig := bytes.Clone(b)
		undoX86(b, &lt)
		diff := 0
		for i := range b {
			if b[i] != orig[i] {
				diff++
			}
		}
		t.Logf("%s: the filter changes %d bytes", name, diff)
		if diff == 0 {
			t.Errorf("%s: the x86 filter does nothing here", name)
		}
	}
}

func checkCorrupt(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	var ce *inputerr.Error
	if !errors.Is(err, compress.ErrCorrupt) || !errors.As(err, &ce) || ce.Style.Prefix != "lzms" {
		t.Errorf("%s: error %v (%T) is not an lzms *inputerr.Error", what, err, err)
	}
}

func TestCorruptShape(t *testing.T) {
	d := NewDecompressor()
	dst := make([]byte, 100)
	for _, src := range [][]byte{nil, {}, {1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4, 5}, make([]byte, 1001)} {
		checkCorrupt(t, fmt.Sprintf("%d-byte input", len(src)), d.Decompress(dst, src))
	}
	// The words a support engineer reads, word for word.
	if err, want := d.Decompress(dst, []byte{1}), "lzms: corrupt data at input byte 0: chunk shorter than 4 bytes"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// Every decoding error is a corrupt-data error; whether damage is noticed at all
// depends on the damage (LZMS has no checksum and no end marker), so this
// asserts errors only where the data cannot decode, and counts the rest.
func TestCorruptInputs(t *testing.T) {
	d := NewDecompressor()
	var tried, failed int
	try := func(what string, dst, src []byte) {
		t.Helper()
		tried++
		if err := d.Decompress(dst, src); err != nil {
			failed++
			checkCorrupt(t, what, err)
		}
	}
	r := rng(5)
	for _, c := range loadCases(t) {
		if c.size > 1<<20 {
			continue
		}
		dst := make([]byte, c.size)
		for _, cut := range []int{2, 4, 10, len(c.comp) / 2, len(c.comp) - 4} {
			if cut > 0 && cut < len(c.comp) {
				try(fmt.Sprintf("%s cut by %d", c.name, cut), dst, c.comp[:len(c.comp)-cut&^1])
				try(fmt.Sprintf("%s without %d leading bytes", c.name, cut), dst, c.comp[cut&^1:])
			}
		}
		for range 20 {
			src := bytes.Clone(c.comp)
			i := r.intn(len(src))
			src[i] ^= 1 << r.intn(8)
			try(fmt.Sprintf("%s bit flipped at %d", c.name, i), dst, src)
		}
		for _, n := range []int{0, 1, 2, 3, c.size / 2, c.size - 1, c.size + 1, c.size * 2} {
			try(fmt.Sprintf("%s into %d bytes", c.name, n), make([]byte, n), c.comp)
		}
	}
	t.Logf("%d of %d damaged inputs rejected", failed, tried)
	// Cutting the end of a chunk shifts the whole backward stream, and
	// decoding twice the data needs about twice the bits: on anything
	// bigger than a few items, that must be noticed.
	for _, name := range []string{"text-0", "x86-1", "runs", "delta"} {
		c := findCase(t, name)
		dst := make([]byte, c.size)
		for _, cut := range []int{2, 4, 6, 100} {
			checkCorrupt(t, fmt.Sprintf("%s cut by %d", name, cut), d.Decompress(dst, c.comp[:len(c.comp)-cut]))
		}
		checkCorrupt(t, name+" into twice its size", d.Decompress(make([]byte, 2*c.size), c.comp))
	}
}

// A damaged chunk must not disturb the next one.
func TestRecoverAfterError(t *testing.T) {
	d := NewDecompressor()
	c := findCase(t, "text-1")
	dst := make([]byte, c.size)
	if err := d.Decompress(dst, c.comp[:len(c.comp)-2]); err == nil {
		t.Fatal("no error")
	}
	if err := d.Decompress(dst, c.comp); err != nil || sha256.Sum256(dst) != c.sum {
		t.Fatalf("after an error: %v", err)
	}
}

func TestShortOutputs(t *testing.T) {
	d := NewDecompressor()
	src := []byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}
	for n := range 20 {
		dst := make([]byte, n)
		if err := d.Decompress(dst, src); err != nil {
			checkCorrupt(t, fmt.Sprintf("%d bytes", n), err)
		}
		if err := d.Decompress(dst, src[:4]); err != nil {
			checkCorrupt(t, fmt.Sprintf("%d bytes from 4", n), err)
		}
	}
}
