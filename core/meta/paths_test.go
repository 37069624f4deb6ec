package meta_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// walkPaths lists an image's paths the long way: Parse, then Walk.
func walkPaths(t testing.TB, buf []byte) ([]string, error) {
	img, err := meta.Parse(buf, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	require.NoError(t, img.Walk(func(f *meta.File) error { out = append(out, f.Path()); return nil }))
	return out, nil
}

func streamPaths(buf []byte) ([]string, error) {
	var out []string
	err := meta.Paths(buf, func(p []byte) error { out = append(out, string(p)); return nil })
	return out, err
}

// metadataOf reads image i's metadata resource from a whole WIM.
func metadataOf(t testing.TB, b []byte, i int) []byte {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	buf, err := a.Metadata(i)
	require.NoError(t, err)
	return buf
}

// Paths must list what Parse and Walk do, in the same order, on every
// image wimlib wrote and on hostile ones: it is what `wimlens dir` prints.
func TestPathsMatchWalk(t *testing.T) {
	loop := &wimtest.Entry{Name: "loop", Dir: true}
	top := &wimtest.Entry{Name: "top", Dir: true, Children: []*wimtest.Entry{loop, {Name: "f", Data: []byte("x")}}}
	loop.SubdirOffsetOf = top
	crafted := map[string][]byte{
		"cycle": wimtest.Build(top),
		"hostile names": wimtest.Build(
			&wimtest.Entry{Name: "..", Data: []byte("up")},
			&wimtest.Entry{Name: "a/b", Data: []byte("slash")},
			&wimtest.Entry{Name: "twin", Data: []byte("1")},
			&wimtest.Entry{Name: "twin", Data: []byte("2")},
			&wimtest.Entry{Name: "b", Dir: true, Children: []*wimtest.Entry{{Name: "z"}, {Name: "a"}}},
		),
	}
	for name, b := range crafted {
		buf := metadataOf(t, b, 1)
		want, err := walkPaths(t, buf)
		require.NoError(t, err, name)
		got, err := streamPaths(buf)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
	vectorImages(t, func(what string, _ *wim.Archive, buf []byte) {
		want, err := walkPaths(t, buf)
		require.NoError(t, err, what)
		got, err := streamPaths(buf)
		require.NoError(t, err, what)
		require.Equal(t, want, got, what)
	})
}

// vectorImages calls fn with each image of every test vector WIM: its
// archive and metadata resource, and what to call it in messages.
func vectorImages(t *testing.T, fn func(what string, a *wim.Archive, buf []byte)) {
	files, err := filepath.Glob("../../testvectors/*.wim")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err, f)
		for i := 1; i <= a.ImageCount(); i++ {
			fn(fmt.Sprintf("%s image %d", f, i), a, metadataOf(t, b, i))
		}
	}
}

func TestPathsStopsAtCallerError(t *testing.T) {
	buf := metadataOf(t, wimtest.Build(&wimtest.Entry{Name: "a"}, &wimtest.Entry{Name: "b"}), 1)
	n := 0
	err := meta.Paths(buf, func([]byte) error {
		if n++; n == 2 {
			return os.ErrClosed
		}
		return nil
	})
	require.ErrorIs(t, err, os.ErrClosed)
	require.Equal(t, 2, n)
}

// A hostile image can nest thousands of levels: Paths keeps state per
// depth, and must not spend a block of entries on each.
func TestPathsDeepTreeStaysSmall(t *testing.T) {
	const depth = 3000
	root := &wimtest.Entry{Name: "d", Dir: true}
	for e, i := root, 1; i < depth; i++ {
		c := &wimtest.Entry{Name: "d", Dir: true}
		e.Children = []*wimtest.Entry{c}
		e = c
	}
	buf := metadataOf(t, wimtest.Build(root), 1)
	allocated := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	n := 0
	paths := allocated(func() { require.NoError(t, meta.Paths(buf, func([]byte) error { n++; return nil })) })
	require.Equal(t, depth+1, n)
	// About 1 KiB a level; a block of entries per level would be 300 KiB.
	require.Less(t, paths, uint64(16*len(buf)), "Paths allocated %d bytes for %d of metadata", paths, len(buf))
}
