package bulk_test

import (
	"context"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// BenchmarkVerify is wimlib-imagex verify's job: decode and hash
// everything, in the largest vector of each compression format.
func BenchmarkVerify(b *testing.B) {
	for _, name := range []string{"ntfs-none", "ntfs-xpress-4k", "ntfs-xpress-64k", "ntfs-lzx-2m", "ntfs-lzms", "ntfs-solid"} {
		b.Run(name, func(b *testing.B) {
			a := openVector(b, vector(b, name))
			b.SetBytes(wimlibref.BlobBytes(a))
			for b.Loop() {
				if _, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyFile verifies the WIM named by $WIMLENS_BENCH_WIM, for
// make bench's large generated inputs.
func BenchmarkVerifyFile(b *testing.B) {
	a, _ := wimlibref.BenchFile(b)
	b.SetBytes(wimlibref.BlobBytes(a))
	for b.Loop() {
		rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
		if err != nil || !clean(rep) {
			b.Fatal(err, rep.Faults)
		}
	}
}
