package meta_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/digest"

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
		// Paths reads by Parse's rules: the same paths, or an error both times.
		got, perr := streamPaths(b)
		want, err := walkPaths(t, b)
		if (err == nil) != (perr == nil) {
			t.Fatalf("Parse error %v, Paths error %v", err, perr)
		}
		// Sound answers for Parse, half of all blobs being present.
		has := func(h digest.SHA1) bool { return h[0]&1 == 0 }
		if sound, want := meta.Sound(b, has), parsedSound(b, has); sound != want {
			t.Fatalf("Sound %v, Parse says %v", sound, want)
		}
		// The top reads wherever the whole does, and says the same of the
		// root's children; where the whole fails, it may read or fail too.
		top, terr := meta.ParseTop(bytes.NewReader(b), int64(len(b)), nil)
		if err != nil {
			for _, e := range []error{err, perr, terr} {
				if e != nil {
					requireParseError(t, e)
				}
			}
			return
		}
		require.Equal(t, want, got)
		require.NoError(t, terr)
		img, _ := meta.Parse(b, nil)
		requireTopAgrees(t, "fuzzed", img, top)
		_ = img.Walk(func(f *meta.File) error {
			_ = f.Path()
			_ = f.SecurityDescriptor()
			return nil
		})
	})
}
