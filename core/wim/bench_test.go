package wim_test

import (
	"context"
	"os"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// benchVectors are the largest vector of each compression format.
var benchVectors = []string{"ntfs-none", "ntfs-xpress-4k", "ntfs-xpress-64k", "ntfs-lzx-2m", "ntfs-lzms", "ntfs-solid"}

func uncompressedBytes(a *wim.Archive) int64 {
	var n int64
	for _, b := range a.Blobs() {
		n += b.Size
	}
	return n
}

// BenchmarkRead decompresses every blob of a vector: decoder throughput
// in uncompressed bytes per second.
func BenchmarkRead(b *testing.B) {
	for _, name := range benchVectors {
		b.Run(name, func(b *testing.B) {
			a := openVector(b, vector(b, name))
			buf := make([]byte, 1<<20)
			b.SetBytes(uncompressedBytes(a))
			b.ReportAllocs()
			for b.Loop() {
				for _, bl := range a.Blobs() {
					for off := int64(0); off < bl.Size; off += int64(len(buf)) {
						if _, err := bl.ReadAt(buf[:min(int64(len(buf)), bl.Size-off)], off); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// BenchmarkVerify is wimlib-imagex verify's job: decode and hash everything.
func BenchmarkVerify(b *testing.B) {
	for _, name := range benchVectors {
		b.Run(name, func(b *testing.B) {
			a := openVector(b, vector(b, name))
			b.SetBytes(uncompressedBytes(a))
			for b.Loop() {
				if _, err := a.Verify(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyFile verifies the WIM named by $WIMLENS_BENCH_WIM, for
// make bench's large generated inputs.
func BenchmarkVerifyFile(b *testing.B) {
	a, _ := benchFile(b)
	b.SetBytes(uncompressedBytes(a))
	for b.Loop() {
		rep, err := a.Verify(context.Background(), nil)
		if err != nil || !rep.OK() {
			b.Fatal(err, rep.Faults)
		}
	}
}

// BenchmarkListFile opens $WIMLENS_BENCH_WIM, parses image 1's metadata
// and builds every path: what listing an image costs.
func BenchmarkListFile(b *testing.B) {
	_, f := benchFile(b)
	st, _ := f.Stat()
	b.ReportAllocs()
	for b.Loop() {
		a, err := wim.Open(f, st.Size())
		if err != nil {
			b.Fatal(err)
		}
		img, err := a.Image(1)
		if err != nil {
			b.Fatal(err)
		}
		_ = img.Walk(func(f *meta.File) error {
			_ = f.Path()
			return nil
		})
	}
}

// benchFile opens $WIMLENS_BENCH_WIM, make bench's large generated input.
func benchFile(b *testing.B) (*wim.Archive, *os.File) {
	path := os.Getenv("WIMLENS_BENCH_WIM")
	if path == "" {
		b.Skip("set WIMLENS_BENCH_WIM to a WIM file")
	}
	a := wimlibref.Open(b, path)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return a, f
}
