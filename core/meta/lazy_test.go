package meta_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// wholeTreeKinds are the anomalies only the whole tree tells: a children
// list met first deeper in an earlier folder, and hard-link groups.
var wholeTreeKinds = []meta.AnomalyKind{meta.AnomalyCycle, meta.AnomalyLinkMismatch, meta.AnomalyDirHardLink}

// requireTopAgrees checks that the top of an image (its root and the
// root's children) says what the full parse says of them: every field,
// stream size, missing blob, child count and anomaly, but for the
// anomalies only the whole tree tells, which the top leaves out.
func requireTopAgrees(t *testing.T, what string, full, top *meta.Image) {
	t.Helper()
	require.Equal(t, full.Root.Attributes, top.Root.Attributes, what)
	fk, tk := full.Root.Children(), top.Root.Children()
	require.Len(t, tk, len(fk), what)
	for i, f := range fk {
		g := tk[i]
		at := what + " " + f.Path()
		require.Equal(t, f.Path(), g.Path(), at)
		require.Equal(t, f.ShortName, g.ShortName, at)
		require.Equal(t, f.Attributes, g.Attributes, at)
		require.Equal(t, f.SecurityID, g.SecurityID, at)
		require.Equal(t, [3]meta.Filetime{f.Creation, f.LastAccess, f.LastWrite}, [3]meta.Filetime{g.Creation, g.LastAccess, g.LastWrite}, at)
		require.Equal(t, f.LinkGroup, g.LinkGroup, at)
		require.Equal(t, f.Streams, g.Streams, at)
		require.Equal(t, f.Tagged(), g.Tagged(), at)
		require.Equal(t, f.Size(), g.Size(), at)
		var local, gLocal, wholeOnly, ga []meta.AnomalyKind
		for _, a := range f.Anomalies() {
			if slices.Contains(wholeTreeKinds, a.Kind) {
				wholeOnly = append(wholeOnly, a.Kind)
			} else {
				local = append(local, a.Kind)
			}
		}
		for _, a := range g.Anomalies() {
			ga = append(ga, a.Kind)
			if !slices.Contains(wholeTreeKinds, a.Kind) {
				gLocal = append(gLocal, a.Kind)
			}
		}
		require.Equal(t, local, gLocal, at)
		if !slices.Contains(wholeOnly, meta.AnomalyCycle) {
			// A cycle seen by the top is seen by the full parse.
			require.NotContains(t, ga, meta.AnomalyCycle, at)
			require.Len(t, g.Children(), len(f.Children()), at)
		} else if !slices.Contains(ga, meta.AnomalyCycle) {
			t.Logf("%s: a cycle only the whole tree tells", at)
		}
	}
}

// topOf reads image i's top and whole from a WIM's bytes.
func topOf(t *testing.T, b []byte, i int) (full, top *meta.Image, err error) {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	full, err = a.Image(i)
	top, terr := a.ImageTop(i)
	if err == nil {
		require.NoError(t, terr, "the top must read where the whole does")
	}
	return full, top, err
}

func TestTopAgreesWithParseOnVectors(t *testing.T) {
	files, err := filepath.Glob("../../testvectors/*.[we][is][mdw]")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			continue // a part of a split WIM other than the first
		}
		for i := 1; i <= a.ImageCount(); i++ {
			full, err := a.Image(i)
			require.NoError(t, err, f)
			top, err := a.ImageTop(i)
			require.NoError(t, err, f)
			requireTopAgrees(t, f, full, top)
		}
	}
}

func TestTopAgreesWithParseOnHostileImages(t *testing.T) {
	loop := &wimtest.Entry{Name: "loop", Dir: true}
	top := &wimtest.Entry{Name: "top", Dir: true, Children: []*wimtest.Entry{loop, {Name: "f", Data: []byte("x")}}}
	loop.SubdirOffsetOf = top
	rootLoop := &wimtest.Entry{Name: "again", Dir: true}
	first := &wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{{Name: "x", Data: []byte("x")}}}
	twin := &wimtest.Entry{Name: "b", Dir: true}
	twin.SubdirOffsetOf = first
	deepTarget := &wimtest.Entry{Name: "z", Dir: true, Children: []*wimtest.Entry{{Name: "y", Data: []byte("y")}}}
	deep := &wimtest.Entry{Name: "inner", Dir: true}
	deep.SubdirOffsetOf = deepTarget
	fileWithKids := &wimtest.Entry{Name: "file", Data: []byte("f")}
	fileWithKids.SubdirOffsetOf = first
	crafted := map[string][]byte{
		"cycle below the root": wimtest.Build(top),
		"a sibling's list":     wimtest.Build(first, twin),
		// "a" lists z's children before z does: only the whole tree tells.
		"a list read deeper first": wimtest.Build(&wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{deep}}, deepTarget),
		"file with children":       wimtest.Build(first, fileWithKids),
		"hostile names": wimtest.Build(
			&wimtest.Entry{Name: "..", Data: []byte("up")},
			&wimtest.Entry{Name: ".", Data: []byte("dot")},
			&wimtest.Entry{Name: "a/b", Data: []byte("slash")},
			&wimtest.Entry{Name: "nul\x00x", Data: []byte("nul")},
			&wimtest.Entry{Name: "", Data: []byte("unnamed")},
			&wimtest.Entry{Name: "\xed\xa0\x80", Data: []byte("surrogate")},
			&wimtest.Entry{Name: "twin", Data: []byte("1")},
			&wimtest.Entry{Name: "twin", Data: []byte("2")},
			&wimtest.Entry{Name: "b", Dir: true, Children: []*wimtest.Entry{{Name: "z"}, {Name: "a"}}},
			&wimtest.Entry{Name: "unsorted-z"}, &wimtest.Entry{Name: "unsorted-a"},
		),
		"missing blob": wimtest.Build(&wimtest.Entry{Name: "gone", Data: []byte("not stored"), MissingBlob: true}),
		"link groups": wimtest.Build(
			&wimtest.Entry{Name: "l1", Data: []byte("same"), LinkGroup: 7},
			&wimtest.Entry{Name: "l2", Data: []byte("same"), LinkGroup: 7},
			&wimtest.Entry{Name: "m1", Data: []byte("one"), LinkGroup: 9},
			&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "m2", Data: []byte("two"), LinkGroup: 9}}},
		),
	}
	rootLoop.SubdirOffsetOf = first
	crafted["the root's list again"] = wimtest.Build(first, rootLoop)
	for name, b := range crafted {
		full, top, err := topOf(t, b, 1)
		require.NoError(t, err, name)
		requireTopAgrees(t, name, full, top)
	}
}

// The top fails only where the whole does, and the whole's answer stands:
// a damaged entry deep in the tree is found by Parse, not by the top, and
// so is a metadata resource that does not hash to its name.
func TestTopLeavesDeepDamageToParse(t *testing.T) {
	deep := &wimtest.Entry{Name: "deep", Dir: true, Children: []*wimtest.Entry{{Name: "last-entry-here", Data: []byte("x")}}}
	b := wimtest.Build(&wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{deep}})
	buf := metadataOf(t, b, 1)
	// Break the length of the last entry written, deep's child, so that it
	// runs past the metadata.
	at := bytes.LastIndex(buf, utf16("last-entry-here")) - 102
	require.Positive(t, at)
	buf[at], buf[at+1] = 0xff, 0xff
	_, err := meta.Parse(buf, nil)
	require.ErrorIs(t, err, meta.ErrBadDentry)
	top, err := meta.ParseTop(bytes.NewReader(buf), int64(len(buf)), nil)
	require.NoError(t, err)
	require.Equal(t, "a", top.Root.Children()[0].Name)
	require.Len(t, top.Root.Children()[0].Children(), 1)

	// The same damage in the WIM: its metadata no longer hashes to its name.
	at = bytes.LastIndex(b, utf16("last-entry-here")) - 102
	b[at], b[at+1] = 0xff, 0xff
	full, tp, err := topOf(t, b, 1)
	require.Nil(t, full)
	require.ErrorIs(t, err, wim.ErrChecksum)
	require.NotNil(t, tp)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r *bytes.Reader
	n int
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.n += len(p)
	return c.r.ReadAt(p, off)
}

// The top of a big image is a small part of its metadata.
func TestTopReadsLittle(t *testing.T) {
	var dirs []*wimtest.Entry
	for d := range 10 {
		dir := &wimtest.Entry{Name: fmt.Sprintf("dir%03d", d), Dir: true}
		for s := range 100 {
			sub := &wimtest.Entry{Name: fmt.Sprintf("sub%03d", s), Dir: true}
			for f := range 20 {
				sub.Children = append(sub.Children, &wimtest.Entry{Name: fmt.Sprintf("file%03d", f)})
			}
			dir.Children = append(dir.Children, sub)
		}
		dirs = append(dirs, dir)
	}
	buf := metadataOf(t, wimtest.Build(dirs...), 1)
	r := &countingReader{r: bytes.NewReader(buf)}
	top, err := meta.ParseTop(r, int64(len(buf)), nil)
	require.NoError(t, err)
	require.Len(t, top.Root.Children(), 10)
	require.Len(t, top.Root.Children()[9].Children(), 100)
	require.Less(t, r.n, len(buf)/8, "read %d of %d bytes", r.n, len(buf))
}

// utf16 is s as UTF-16LE, for ASCII s.
func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// Nesting up to wimlib's limit parses (by Parse, Paths and Sound alike)
// without recursion; one level more is a typed error.
func TestDeepNesting(t *testing.T) {
	nested := func(depth int) []byte {
		root := &wimtest.Entry{Name: "d", Dir: true}
		for e, i := root, 1; i < depth; i++ {
			c := &wimtest.Entry{Name: "d", Dir: true}
			e.Children = []*wimtest.Entry{c}
			e = c
		}
		return metadataOf(t, wimtest.Build(root), 1)
	}
	buf := nested(16384)
	img, err := meta.Parse(buf, nil)
	require.NoError(t, err)
	dirs, _ := img.Counts()
	require.Equal(t, 16385, dirs)
	n := 0
	require.NoError(t, meta.Paths(buf, func(p []byte) error { n++; return nil }))
	require.Equal(t, 16385, n)
	require.True(t, meta.Sound(buf, nil))

	buf = nested(16385)
	_, err = meta.Parse(buf, nil)
	require.ErrorIs(t, err, meta.ErrTooDeep)
	require.Equal(t, "nested deeper than 16384 levels", requireParseError(t, err).Detail)
	require.ErrorIs(t, meta.Paths(buf, func([]byte) error { return nil }), meta.ErrTooDeep)
	require.False(t, meta.Sound(buf, nil))
}
