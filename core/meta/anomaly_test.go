package meta_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func open(t *testing.T, b []byte) (*wim.Archive, *meta.Image) {
	t.Helper()
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	img, err := a.Image(1)
	require.NoError(t, err)
	return a, img
}

func kinds(img *meta.Image) map[string]meta.AnomalyKind {
	out := map[string]meta.AnomalyKind{}
	for _, a := range img.Anomalies {
		out[a.Path] = a.Kind
	}
	return out
}

func TestHostileNamesAreKeptAndFlagged(t *testing.T) {
	_, img := open(t, wimtest.Build(
		&wimtest.Entry{Name: "..", Data: []byte("up")},
		&wimtest.Entry{Name: ".", Data: []byte("dot")},
		&wimtest.Entry{Name: "a/b", Data: []byte("slash")},
		&wimtest.Entry{Name: `c\d`, Data: []byte("backslash")},
		&wimtest.Entry{Name: "nul\x00x", Data: []byte("nul")},
		&wimtest.Entry{Name: "<img src=x onerror=alert(1)>", Data: []byte("xss")},
		&wimtest.Entry{Name: "twin", Data: []byte("1")},
		&wimtest.Entry{Name: "twin", Data: []byte("2")},
	))
	k := kinds(img)
	require.Equal(t, meta.AnomalyDotName, k["/.."])
	require.Equal(t, meta.AnomalyDotName, k["/."])
	require.Equal(t, meta.AnomalyBadChar, k["/a/b"])
	require.Equal(t, meta.AnomalyBackslash, k[`/c\d`])
	require.Equal(t, meta.AnomalyBadChar, k["/nul\x00x"])
	require.Equal(t, meta.AnomalyDuplicate, k["/twin"])
	require.Len(t, img.Root.Children(), 8, "every entry stays visible")
	// Details hold names as they are, not in Go's quoted form: the CLI
	// and the page escape what they show, each once.
	details := map[string]string{}
	for _, a := range img.Anomalies {
		details[a.Path] = a.Detail
	}
	require.Equal(t, `name "c\d" holds '\', which Windows reads as a folder separator`, details[`/c\d`])
	require.Equal(t, "name \"nul\x00x\" holds '/' or NUL", details["/nul\x00x"])
	f, err := img.Lookup("<img src=x onerror=alert(1)>")
	require.NoError(t, err)
	require.Empty(t, f.Anomalies(), "an HTML-looking name is legal; escaping is the UI's job")
	r, err := f.Open()
	require.NoError(t, err)
	b, _ := io.ReadAll(r)
	require.Equal(t, "xss", string(b))
}

func TestCycleIsFlaggedNotFollowed(t *testing.T) {
	loop := &wimtest.Entry{Name: "loop", Dir: true}
	top := &wimtest.Entry{Name: "top", Dir: true, Children: []*wimtest.Entry{
		loop, {Name: "f", Data: []byte("x")},
	}}
	loop.SubdirOffsetOf = top // loop lists top's children: loop, f, loop, ...
	_, img := open(t, wimtest.Build(top))
	require.Equal(t, meta.AnomalyCycle, kinds(img)["/top/loop"])
	n := 0
	require.NoError(t, img.Walk(func(*meta.File) error { n++; return nil }))
	require.Equal(t, 4, n) // /, /top, /top/f, /top/loop
}

func TestMissingBlobIsFlagged(t *testing.T) {
	_, img := open(t, wimtest.Build(&wimtest.Entry{Name: "gone", Data: []byte("not stored"), MissingBlob: true}))
	require.Equal(t, meta.AnomalyMissingBlob, kinds(img)["/gone"])
	f, err := img.Lookup("/gone")
	require.NoError(t, err)
	require.True(t, f.Data().Missing)
	_, err = f.Open()
	require.ErrorIs(t, err, wim.ErrMissingBlob)
}
