package meta_test

import (
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// blobSet is a meta.Blobs holding the blobs has says it holds.
type blobSet func(digest.SHA1) bool

func (s blobSet) BlobSize(h digest.SHA1) (int64, bool) { return 1, s(h) }

func (s blobSet) OpenBlob(digest.SHA1) (*io.SectionReader, error) { return nil, os.ErrNotExist }

func (s blobSet) Parts() (int, []int) { return 1, nil }

// parsedSound is what Sound stands for, asked of Parse: it succeeds and
// flags no entry with a fault (a missing blob and a shared children list
// among them).
func parsedSound(buf []byte, has func(digest.SHA1) bool) bool {
	img, err := meta.Parse(buf, blobSet(has))
	if err != nil {
		return false
	}
	for _, a := range img.Anomalies {
		if a.Kind.Fault() {
			return false
		}
	}
	return true
}

// Sound must say what Parse says, on every image wimlib wrote (with all
// blobs, and with each one missing in turn) and on crafted ones.
func TestSoundAnswersForParse(t *testing.T) {
	vectorImages(t, func(what string, a *wim.Archive, buf []byte) {
		has := func(h digest.SHA1) bool { _, ok := a.BlobSize(h); return ok }
		require.Equal(t, parsedSound(buf, has), meta.Sound(buf, has), what)
		img, err := meta.Parse(buf, a)
		require.NoError(t, err)
		n := 0
		require.NoError(t, img.Walk(func(file *meta.File) error {
			for _, s := range file.Streams {
				if s.Hash.IsZero() || n >= 20 {
					continue
				}
				n++
				gone := s.Hash
				lacks := func(h digest.SHA1) bool { return h != gone && has(h) }
				require.False(t, meta.Sound(buf, lacks), "%s without %s's blob", what, file.Path())
			}
			return nil
		}))
	})

	loop := &wimtest.Entry{Name: "loop", Dir: true}
	top := &wimtest.Entry{Name: "top", Dir: true, Children: []*wimtest.Entry{loop, {Name: "f", Data: []byte("x")}}}
	loop.SubdirOffsetOf = top
	all := func(digest.SHA1) bool { return true }
	for name, c := range map[string]struct {
		image []byte
		sound bool
	}{
		"plain":         {wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x")}, &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "b", Data: []byte("y")}}}), true},
		"a shared list": {wimtest.Build(top), false},
		// Each kind of entry verify counts as a fault, and '\', which is not.
		"..":          {wimtest.Build(&wimtest.Entry{Name: "..", Data: []byte("up")}), false},
		".":           {wimtest.Build(&wimtest.Entry{Name: ".", Dir: true}), false},
		"unnamed":     {wimtest.Build(&wimtest.Entry{Name: "", Data: []byte("x")}), false},
		"slash":       {wimtest.Build(&wimtest.Entry{Name: "a/b", Data: []byte("x")}), false},
		"NUL":         {wimtest.Build(&wimtest.Entry{Name: "a\x00b", Data: []byte("x")}), false},
		"backslash":   {wimtest.Build(&wimtest.Entry{Name: `a\b`, Data: []byte("x")}), true},
		"twins":       {wimtest.Build(&wimtest.Entry{Name: "twin"}, &wimtest.Entry{Name: "twin"}), false},
		"deep twins":  {wimtest.Build(&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "t", Dir: true, Children: []*wimtest.Entry{{Name: "x"}}}, {Name: "t"}}}), false},
		"cousins":     {wimtest.Build(&wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{{Name: "x"}}}, &wimtest.Entry{Name: "b", Dir: true, Children: []*wimtest.Entry{{Name: "x"}}}), true},
		"file's kids": {wimtest.Build(&wimtest.Entry{Name: "f", Data: []byte("x"), SubdirOffsetOf: top}, top), false},
		"links":       {wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x"), LinkGroup: 7}, &wimtest.Entry{Name: "b", Data: []byte("x"), LinkGroup: 7}), true},
		"odd links":   {wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x"), LinkGroup: 7}, &wimtest.Entry{Name: "b", Data: []byte("y"), LinkGroup: 7}), false},
	} {
		buf := metadataOf(t, c.image, 1)
		require.Equal(t, c.sound, meta.Sound(buf, all), name)
		require.Equal(t, parsedSound(buf, all), meta.Sound(buf, all), name)
	}
	buf := metadataOf(t, wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x")}), 1)
	require.False(t, meta.Sound(buf[:len(buf)-1], all), "cut short")
	require.False(t, meta.Sound(nil, all), "empty")
}
