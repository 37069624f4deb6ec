package space

import (
	"os"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
)

// BenchmarkMeasure measures /tmp/wimlens-bench/_usr-lzx.wim (152k
// entries) when it is there.
func BenchmarkMeasure(b *testing.B) {
	f, err := os.Open("/tmp/wimlens-bench/_usr-lzx.wim")
	if err != nil {
		b.Skip(err)
	}
	st, _ := f.Stat()
	a, err := wim.Open(f, st.Size())
	if err != nil {
		b.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m := Measure(a, img)
		m.Describe(1, 0, false, DefaultLimits)
	}
}
