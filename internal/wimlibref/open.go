package wimlibref

import (
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
