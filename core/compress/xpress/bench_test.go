package xpress

import (
	"strings"
	"testing"
)

// BenchmarkDecompress decodes the realistic testdata chunks (text and
// binary), each set repeated to at least 1 MiB of output per operation.
// Throughput is of uncompressed bytes.
func BenchmarkDecompress(b *testing.B) {
	cases := loadCases(b)
	for _, set := range []struct{ name, prefixes string }{
		{"mixed", "text- bin-"},
		{"text", "text-"},
		{"binary", "bin-"},
	} {
		var picked []testCase
		for _, c := range cases {
			for _, p := range strings.Fields(set.prefixes) {
				if strings.HasPrefix(c.name, p) {
					picked = append(picked, c)
				}
			}
		}
		var work []testCase
		total := 0
		for total < 1<<20 {
			work = append(work, picked...)
			for _, c := range picked {
				total += len(c.raw)
			}
		}
		b.Run(set.name, func(b *testing.B) {
			d := NewDecompressor()
			dst := make([]byte, MaxChunkSize)
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range work {
					if err := d.Decompress(dst[:len(c.raw)], c.chunk); err != nil {
						b.Fatal(c.name, err)
					}
				}
			}
		})
	}
}
