package meta_test

import (
	"bytes"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// FuzzParse feeds raw metadata resources, seeded with crafted images.
func FuzzParse(f *testing.F) {
	for _, b := range [][]byte{
		wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x")}),
		wimtest.Build(&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "..", Data: []byte("y")}}}),
	} {
		a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			f.Fatal(err)
		}
		mb, _ := a.MetadataBlob(1)
		buf := make([]byte, mb.Size)
		if _, err := mb.ReadAt(buf, 0); err != nil {
			f.Fatal(err)
		}
		f.Add(buf)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := meta.Parse(b, nil)
		if err != nil {
			if _, ok := err.(*meta.Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		_ = img.Walk(func(f *meta.File) error {
			_ = f.Path()
			_ = f.SecurityDescriptor()
			return nil
		})
	})
}
