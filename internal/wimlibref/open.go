package wimlibref

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
)

// Open opens files as one archive (the parts of a split WIM, or a single
// file), closing them when the test ends. Relative names are in testvectors/.
func Open(t testing.TB, files ...string) *wim.Archive {
	t.Helper()
	var parts []wim.Part
	for _, name := range files {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(Dir(), name)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, wim.Part{R: f, Size: st.Size(), Name: p})
	}
	a, err := wim.OpenParts(parts...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// All is every test vector.
func All(t testing.TB) []Vector {
	t.Helper()
	vs, err := Vectors()
	if err != nil || len(vs) == 0 {
		t.Fatalf("no test vectors: %v", err)
	}
	return vs
}

// Find is the test vector called name.
func Find(t testing.TB, name string) Vector {
	t.Helper()
	for _, v := range All(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no vector %q", name)
	return Vector{}
}

// BenchFile opens $WIMLENS_BENCH_WIM, make bench's large generated
// input, as an archive and as a file.
func BenchFile(b *testing.B) (*wim.Archive, *os.File) {
	path := os.Getenv("WIMLENS_BENCH_WIM")
	if path == "" {
		b.Skip("set WIMLENS_BENCH_WIM to a WIM file")
	}
	a := Open(b, path)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return a, f
}

// BlobBytes is the uncompressed size of a's file blobs, by which the
// benchmarks count throughput.
func BlobBytes(a *wim.Archive) int64 {
	var n int64
	for _, b := range a.Blobs() {
		n += b.Size
	}
	return n
}

// Bytes is the first file of v, read whole.
func Bytes(t testing.TB, v Vector) []byte {
	t.Helper()
	b, err := os.ReadFile(v.Paths()[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// OpenBytes opens b as one WIM file.
func OpenBytes(t testing.TB, b []byte) *wim.Archive {
	t.Helper()
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}
