package wim_test

import (
	"context"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
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
