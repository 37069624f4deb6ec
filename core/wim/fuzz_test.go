package wim_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// typed reports whether err is what the core promises of an error from
// input: an *inputerr.Error wrapping one of the kinds.
func typed(err error) bool {
	var ie *inputerr.Error
	if !errors.As(err, &ie) {
		return false
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return true
		}
	}
	return errors.Is(err, meta.ErrSecurityTable) || errors.Is(err, meta.ErrRootNotDir) || errors.Is(err, meta.ErrTooDeep)
}

// exercise does what a user would with an archive: every image, every
// entry, a bounded read of every stream, and a verify.
func exercise(t *testing.T, b []byte) {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if !typed(err) && !errors.Is(err, wim.ErrEncrypted) {
			t.Fatalf("untyped error from Open: %v", err)
		}
		return
	}
	buf := make([]byte, 4096)
	for i := 1; i <= a.ImageCount(); i++ {
		img, err := a.Image(i)
		if err != nil {
			if !typed(err) {
				t.Fatalf("untyped error from Image: %v", err)
			}
			continue
		}
		_ = img.Walk(func(f *meta.File) error {
			for _, s := range f.Streams {
				if s.Type != meta.StreamData {
					continue
				}
				r, err := f.OpenStream(s.Name)
				if err == nil {
					_, err = r.ReadAt(buf, 0)
				}
				if err != nil && err != io.EOF && !typed(err) {
					t.Fatalf("untyped error reading %s: %v", f.Path(), err)
				}
			}
			return nil
		})
	}
	if _, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	for _, err := range a.Inconsistencies() {
		if !typed(err) {
			t.Fatalf("untyped inconsistency: %v", err)
		}
	}
}

// seeds are the small test vectors and a crafted WIM.
func seeds(f *testing.F) {
	f.Add(wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("hello")},
		&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "b", Data: []byte("world")}}}))
	paths, _ := filepath.Glob("../../testvectors/*.[we]s[dm]")
	more, _ := filepath.Glob("../../testvectors/*.wim")
	for _, p := range append(paths, more...) {
		if st, err := os.Stat(p); err == nil && st.Size() <= 256<<10 {
			b, _ := os.ReadFile(p)
			f.Add(b)
		}
	}
}

func FuzzOpen(f *testing.F) {
	seeds(f)
	wim.SetMaxChunk(1 << 20)
	f.Fuzz(exercise)
}

func FuzzReadHeader(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := wim.ReadHeader(bytes.NewReader(b), int64(len(b))); err != nil && !typed(err) {
			t.Fatalf("untyped: %v", err)
		}
	})
}
