package diff_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// build writes entries as a one-image WIM with wimtest and reads it back.
func build(t testing.TB, entries ...*wimtest.Entry) *meta.Image {
	t.Helper()
	b := wimtest.Build(entries...)
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return image(t, a, 1)
}

func dir(name string, kids ...*wimtest.Entry) *wimtest.Entry {
	return &wimtest.Entry{Name: name, Dir: true, Children: kids}
}

func file(name, data string) *wimtest.Entry { return &wimtest.Entry{Name: name, Data: []byte(data)} }

func renamed(from, to string) line { return line{Kind: 'R', OldPath: from, Path: to} }

// TestRenameTieBreaks: with one content under many names, pairs go to the
// same folder first, then to the same name, then to the closest name, then
// in path order.
func TestRenameTieBreaks(t *testing.T) {
	old := build(t,
		dir("a", file("report.txt", "same")),
		dir("b", file("report.txt", "same")),
		dir("c", file("notes-v1.txt", "same"), file("zzz.bin", "same")),
		dir("d"), dir("e"),
		dir("g", file("x1", "tie"), file("x2", "tie")),
		dir("h"),
	)
	cur := build(t,
		dir("a", file("other.bin", "same")), // same folder beats the same name in d
		dir("b"), dir("c"),
		dir("d", file("report.txt", "same")),
		dir("e", file("notes-v2.txt", "same"), file("qqq.txt", "same")),
		dir("g"),
		dir("h", file("y3", "tie"), file("y4", "tie")), // every distance is 2: path order
	)
	want := []line{
		renamed("/a/report.txt", "/a/other.bin"),
		renamed("/b/report.txt", "/d/report.txt"),
		renamed("/c/notes-v1.txt", "/e/notes-v2.txt"),
		renamed("/c/zzz.bin", "/e/qqq.txt"),
		renamed("/g/x1", "/h/y3"),
		renamed("/g/x2", "/h/y4"),
	}
	require.Equal(t, want, lines(compare(t, old, cur, diff.Options{})))
	require.Equal(t, reverse(want), lines(compare(t, cur, old, diff.Options{})))
}

// TestRenameLargeGroup: up to maxScored (256) candidate pairs, names are
// scored; past it, pairs go in path order. Old fNN is new "NN-fMM" with
// MM = n-1-NN: scored, f05 goes to the name ending in f05; in path order,
// to the sixth name, 05-fMM.
func TestRenameLargeGroup(t *testing.T) {
	for _, n := range []int{16, 17} {
		var olds, news []*wimtest.Entry
		for i := range n {
			olds = append(olds, file(fmt.Sprintf("f%02d", i), "same"))
			news = append(news, file(fmt.Sprintf("%02d-f%02d", i, n-1-i), "same"))
		}
		r := compare(t, build(t, dir("p", olds...), dir("q")), build(t, dir("p"), dir("q", news...)), diff.Options{})
		require.Len(t, r.Changes, n)
		for _, c := range r.Changes {
			var from, to, mirror int
			_, err := fmt.Sscanf(c.OldPath+" "+c.Path, "/p/f%d /q/%d-f%d", &from, &to, &mirror)
			require.NoError(t, err)
			if n*n <= 256 {
				require.Equal(t, from, mirror, "scored: %s → %s", c.OldPath, c.Path)
			} else {
				require.Equal(t, from, to, "path order: %s → %s", c.OldPath, c.Path)
			}
		}
	}
}

// TestEmptyNeverPairs: empty files (zero hash, or the SHA-1 of no bytes)
// and empty folders are deleted and added, never renamed.
func TestEmptyNeverPairs(t *testing.T) {
	old := build(t, dir("e1", file("empty.txt", ""), &wimtest.Entry{Name: "nodata"}, dir("emptydir")), dir("e2"))
	cur := build(t, dir("e1"), dir("e2", file("empty.txt", ""), &wimtest.Entry{Name: "nodata"}, dir("emptydir")))
	require.Equal(t, []line{
		{Kind: 'D', Path: "/e1/empty.txt"},
		{Kind: 'D', Path: "/e1/emptydir"},
		{Kind: 'D', Path: "/e1/nodata"},
		{Kind: 'A', Path: "/e2/empty.txt"},
		{Kind: 'A', Path: "/e2/emptydir"},
		{Kind: 'A', Path: "/e2/nodata"},
	}, lines(compare(t, old, cur, diff.Options{})))
}

// pkg is a folder to move around; edit changes what it holds.
func pkg(name string, edit func(map[string]string)) *wimtest.Entry {
	data := map[string]string{"a.txt": "A", "b.txt": "B", "c.txt": "C"}
	if edit != nil {
		edit(data)
	}
	var files []*wimtest.Entry
	for _, n := range []string{"a.txt", "b.txt", "b2.txt"} {
		if d, ok := data[n]; ok {
			files = append(files, file(n, d))
		}
	}
	files = append(files, file("empty.txt", ""), dir("emptydir", dir("deeper")), dir("sub", file("c.txt", data["c.txt"])))
	return dir(name, files...)
}

func TestFolderMove(t *testing.T) {
	old := build(t, dir("old", pkg("pkg", nil)), dir("new"))
	move := func(edit func(map[string]string)) []line {
		return lines(compare(t, old, build(t, dir("old"), dir("new", pkg("pkg2", edit))), diff.Options{}))
	}
	t.Run("whole", func(t *testing.T) {
		require.Equal(t, []line{renamed("/old/pkg", "/new/pkg2")}, move(nil))
	})
	t.Run("renamed inside", func(t *testing.T) {
		got := move(func(m map[string]string) { m["b2.txt"] = m["b.txt"]; delete(m, "b.txt") })
		require.Equal(t, []line{renamed("/old/pkg", "/new/pkg2"), renamed("/old/pkg/b.txt", "/new/pkg2/b2.txt")}, got)
	})
	t.Run("changed inside", func(t *testing.T) {
		// a.txt changed: pkg's files move one by one, sub still moves whole.
		got := move(func(m map[string]string) { m["a.txt"] = "A2" })
		require.Equal(t, []line{
			{Kind: 'A', Path: "/new/pkg2"},
			{Kind: 'A', Path: "/new/pkg2/a.txt"},
			renamed("/old/pkg/b.txt", "/new/pkg2/b.txt"),
			{Kind: 'A', Path: "/new/pkg2/empty.txt"},
			{Kind: 'A', Path: "/new/pkg2/emptydir"},
			{Kind: 'A', Path: "/new/pkg2/emptydir/deeper"},
			renamed("/old/pkg/sub", "/new/pkg2/sub"),
			{Kind: 'D', Path: "/old/pkg"},
			{Kind: 'D', Path: "/old/pkg/a.txt"},
			{Kind: 'D', Path: "/old/pkg/empty.txt"},
			{Kind: 'D', Path: "/old/pkg/emptydir"},
			{Kind: 'D', Path: "/old/pkg/emptydir/deeper"},
		}, got)
	})
	t.Run("added inside", func(t *testing.T) {
		got := move(func(m map[string]string) { m["b2.txt"] = "new" })
		require.Contains(t, got, line{Kind: 'A', Path: "/new/pkg2/b2.txt"})
		require.Contains(t, got, line{Kind: 'D', Path: "/old/pkg"})
	})
	t.Run("reversed", func(t *testing.T) {
		r := compare(t, build(t, dir("old"), dir("new", pkg("pkg2", nil))), old, diff.Options{})
		require.Equal(t, []line{renamed("/new/pkg2", "/old/pkg")}, lines(r))
	})
	t.Run("changed in the move", func(t *testing.T) {
		cur := build(t, dir("old"), dir("new", pkg("pkg2", nil)))
		f, err := cur.Lookup("/new/pkg2/sub/c.txt")
		require.NoError(t, err)
		f.Attributes |= meta.AttrHidden
		require.Equal(t, []line{
			renamed("/old/pkg", "/new/pkg2"),
			{Kind: 'R', OldPath: "/old/pkg/sub/c.txt", Path: "/new/pkg2/sub/c.txt", Reasons: []string{"attributes"}},
		}, lines(compare(t, old, cur, diff.Options{})))
	})
}

// TestTypeChange: a file that became a folder is deleted, then added.
func TestTypeChange(t *testing.T) {
	r := compare(t, build(t, file("t", "T")), build(t, dir("t", file("inner", "I"))), diff.Options{})
	require.Equal(t, []line{{Kind: 'D', Path: "/t"}, {Kind: 'A', Path: "/t"}, {Kind: 'A', Path: "/t/inner"}}, lines(r))
}

// TestRenameWithChanges: metadata changed in a rename shows as reasons on
// the R line; a new short name does not, when the long name changed too.
func TestRenameWithChanges(t *testing.T) {
	two := wimlibref.Open(t, "ntfs-two.wim")
	base, ed := image(t, two, 1), image(t, two, 2)
	final, err := ed.Lookup("/Users/Public/Documents/report-final.txt")
	require.NoError(t, err)
	final.ShortName = "REPORT~1.TXT"
	moved, err := ed.Lookup("/Users/Public/Pictures/move-me.txt")
	require.NoError(t, err)
	moved.ShortName = "MOVE-ME.TXT"
	moved.Attributes |= meta.AttrReadOnly
	got := lines(compare(t, base, ed, diff.Options{}))
	require.Contains(t, got, renamed("/Users/Public/Documents/report-draft.txt", "/Users/Public/Documents/report-final.txt"))
	require.Contains(t, got, line{Kind: 'R', OldPath: "/Users/Public/Documents/move-me.txt", Path: "/Users/Public/Pictures/move-me.txt",
		Reasons: []string{"attributes", "short-name"}})
}

// TestAnomalies: duplicate names, names holding '/', unnamed entries,
// cycles and missing blobs diff without trouble.
func TestAnomalies(t *testing.T) {
	odd := func() []*wimtest.Entry {
		cycle, loop := dir("cycle", file("in", "c")), dir("loop")
		loop.SubdirOffsetOf = cycle // loop lists cycle's entries, loop among them
		cycle.Children = append(cycle.Children, loop)
		return []*wimtest.Entry{
			dir("d", file("dup", "1"), file("dup", "2"), dir("dup")),
			file("a/b", "slash"), dir("a", file("b", "slash")),
			file("", "unnamed"), dir("", file("", "x")),
			cycle,
			{Name: "missing", Data: []byte("gone"), MissingBlob: true},
		}
	}
	a, b := build(t, odd()...), build(t, odd()...)
	kinds := map[meta.AnomalyKind]bool{}
	for _, an := range a.Anomalies {
		kinds[an.Kind] = true
	}
	for _, k := range []meta.AnomalyKind{meta.AnomalyDuplicate, meta.AnomalyBadChar, meta.AnomalyUnnamed, meta.AnomalyCycle, meta.AnomalyMissingBlob} {
		require.True(t, kinds[k], "the image lacks anomaly %v", k)
	}
	empty := build(t)
	dirs, files := a.Counts()
	entries := dirs + files - 1 // not the root
	for _, opt := range []diff.Options{{}, {Times: true}} {
		require.Empty(t, compare(t, a, b, opt).Changes)
		require.Len(t, compare(t, empty, a, opt).Changes, entries)
		require.Len(t, compare(t, a, empty, opt).Changes, entries)
	}
	fewer := build(t, dir("d", file("dup", "1")))
	require.Contains(t, lines(compare(t, a, fewer, diff.Options{})), line{Kind: 'D', Path: "/d/dup"})
}
