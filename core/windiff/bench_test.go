package windiff

import (
	"context"
	"os"
	"testing"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/wim"
)

// BenchmarkCompareLargeHives compares the two images bench/windiff.sh
// builds by default (SOFTWARE hives of 63 MB that differ in 3,500 places),
// when it has been run; it is skipped otherwise.
func BenchmarkCompareLargeHives(b *testing.B) {
	f, err := os.Open("/tmp/wimlens-bench/windiff-1600.wim")
	if err != nil {
		b.Skip("run bench/windiff.sh first:", err)
	}
	defer f.Close()
	st, _ := f.Stat()
	for b.Loop() {
		a, err := wim.Open(f, st.Size())
		if err != nil {
			b.Fatal(err)
		}
		o, err := a.Image(1)
		if err != nil {
			b.Fatal(err)
		}
		n, err := a.Image(2)
		if err != nil {
			b.Fatal(err)
		}
		files, err := diff.Images(context.Background(), o, n, diff.Options{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		d, err := Compare(context.Background(), Image{a, 1, o}, Image{a, 2, n}, files, DefaultLimits)
		if err != nil || d.Registry[0].Total == 0 {
			b.Fatal(err, d.Registry)
		}
	}
}
