package space

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// FuzzMeasure: whatever an image holds (duplicate names, missing or
// shared blobs, damaged solid chunk tables), measuring it and asking for
// any folder neither fails nor breaks the tree's sums.
func FuzzMeasure(f *testing.F) {
	f.Add(wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("hello")},
		&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "b", Data: []byte("hello")}, {Name: "c", Data: []byte("world")}}}))
	paths, _ := filepath.Glob(vectors + "*.[we]s[dm]")
	more, _ := filepath.Glob(vectors + "*.wim")
	for _, p := range append(paths, more...) {
		if st, err := os.Stat(p); err == nil && st.Size() <= 64<<10 {
			b, _ := os.ReadFile(p)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for i := 1; i <= min(a.ImageCount(), 4); i++ {
			img, err := a.Image(i)
			if err != nil {
				continue
			}
			m := Measure(a, img)
			for d := range min(m.Dirs(), 64) {
				checkTree(t, m.Describe(i, d, d%2 == 1, DefaultLimits).Root, DefaultLimits.Depth)
			}
		}
	})
}
