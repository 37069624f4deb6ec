package wim_test

import (
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// benchVectors are the largest vector of each compression format.
var benchVectors = []string{"ntfs-none", "ntfs-xpress-4k", "ntfs-xpress-64k", "ntfs-lzx-2m", "ntfs-lzms", "ntfs-solid"}

// BenchmarkRead decompresses every blob of a vector: decoder throughput
// in uncompressed bytes per second.
func BenchmarkRead(b *testing.B) {
	for _, name := range benchVectors {
		b.Run(name, func(b *testing.B) {
			a := openVector(b, vector(b, name))
			buf := make([]byte, 1<<20)
			b.SetBytes(wimlibref.BlobBytes(a))
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

// BenchmarkListFile opens $WIMLENS_BENCH_WIM, parses image 1's metadata
// and builds every path: what listing an image costs.
func BenchmarkListFile(b *testing.B) {
	_, f := wimlibref.BenchFile(b)
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
