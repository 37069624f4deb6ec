package diff_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// line is what a test asserts of a Change.
type line struct {
	Kind          diff.Kind
	OldPath, Path string
	Reasons       []string
}

func lines(r *diff.Result) []line {
	out := []line{}
	for _, c := range r.Changes {
		out = append(out, line{c.Kind, c.OldPath, c.Path, c.Reasons})
	}
	return out
}

// edited is the Base → Edited difference that testvectors/README.md
// describes, with default options: readme.txt's and hosts' new times do
// not show.
var edited = []line{
	{Kind: 'M', Path: "/Program Files/App/app.exe", Reasons: []string{"security"}},
	{Kind: 'D', Path: "/Program Files/App/plugins"},
	{Kind: 'D', Path: "/Program Files/App/plugins/alpha.dll"},
	{Kind: 'D', Path: "/Program Files/App/plugins/beta.dll"},
	{Kind: 'A', Path: "/Program Files/NewApp"},
	{Kind: 'A', Path: "/Program Files/NewApp/config.ini"},
	{Kind: 'A', Path: "/Program Files/NewApp/newapp.exe"},
	{Kind: 'A', Path: "/Users/Public/Documents/new-file.txt"},
	{Kind: 'D', Path: "/Users/Public/Documents/old-notes.txt"},
	{Kind: 'M', Path: "/Users/Public/Documents/readme.txt", Reasons: []string{"stream:summary"}},
	{Kind: 'R', OldPath: "/Users/Public/Documents/report-draft.txt", Path: "/Users/Public/Documents/report-final.txt"},
	{Kind: 'R', OldPath: "/Users/Public/Documents/move-me.txt", Path: "/Users/Public/Pictures/move-me.txt"},
	{Kind: 'M', Path: "/Windows/System32/drivers/etc/hosts", Reasons: []string{"content"}},
}

// withTimes is edited with Options.Times: the two edited files' last write
// and last access changed; the rest kept their times (see make.sh).
func withTimes() []line {
	out := []line{}
	for _, l := range edited {
		l.Reasons = slices.Clone(l.Reasons)
		if l.Path == "/Users/Public/Documents/readme.txt" || l.Path == "/Windows/System32/drivers/etc/hosts" {
			l.Reasons = append(l.Reasons, "last-write-time", "last-access-time")
		}
		out = append(out, l)
	}
	return out
}

func image(t testing.TB, a *wim.Archive, i int) *meta.Image {
	t.Helper()
	img, err := a.Image(i)
	require.NoError(t, err)
	return img
}

func compare(t testing.TB, a, b *meta.Image, opt diff.Options) *diff.Result {
	t.Helper()
	r, err := diff.Images(context.Background(), a, b, opt, nil)
	require.NoError(t, err)
	return r
}

// TestEdited diffs Base and Edited inside ntfs-two.wim and across WIMs
// (Edited alone in an XPRESS file), both ways, with and without times.
func TestEdited(t *testing.T) {
	two := wimlibref.Open(t, "ntfs-two.wim")
	base := image(t, two, 1)
	for name, ed := range map[string]*meta.Image{
		"one WIM":  image(t, two, 2),
		"two WIMs": image(t, wimlibref.Open(t, "ntfs-edited-xpress.wim"), 1),
	} {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, edited, lines(compare(t, base, ed, diff.Options{})))
			require.Equal(t, withTimes(), lines(compare(t, base, ed, diff.Options{Times: true})))
			require.Equal(t, reverse(edited), lines(compare(t, ed, base, diff.Options{})))
			require.Equal(t, reverse(withTimes()), lines(compare(t, ed, base, diff.Options{Times: true})))
		})
	}
}

// reverse is what diffing the other way round must give: additions and
// deletions swap, renames turn round, and the list is sorted again.
func reverse(ls []line) []line {
	out := []line{}
	for _, l := range ls {
		switch l.Kind {
		case 'A':
			l.Kind = 'D'
		case 'D':
			l.Kind = 'A'
		case 'R':
			l.OldPath, l.Path = l.Path, l.OldPath
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b line) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 || a.Kind == b.Kind {
			return c
		}
		if a.Kind == 'D' {
			return -1
		}
		return 1
	})
	return out
}

// TestEditedMatchesManifest keeps the expected list honest: it must say
// what testvectors/manifest/edit-changes.json says, in our terms.
func TestEditedMatchesManifest(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(wimlibref.Dir(), "manifest", "edit-changes.json"))
	require.NoError(t, err)
	var doc struct {
		Changes []struct {
			Change, Path, From, To string
			Fields                 []string
		}
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	reason := map[string]string{
		"security_descriptor": "security", "sha1": "content", "size": "content", "streams": "stream:summary",
		"last_write_time": "last-write-time", "last_access_time": "last-access-time",
	}
	var want []line
	for _, c := range doc.Changes {
		l := line{Kind: diff.Kind(strings.ToUpper(c.Change[:1])[0]), Path: c.Path}
		if c.Change == "moved" || c.Change == "renamed" {
			l = line{Kind: 'R', OldPath: c.From, Path: c.To}
		}
		for _, f := range c.Fields {
			if r := reason[f]; !slices.Contains(l.Reasons, r) {
				l.Reasons = append(l.Reasons, r)
			}
		}
		want = append(want, l)
	}
	got := withTimes()
	for _, ls := range [][]line{want, got} {
		for i := range ls {
			slices.Sort(ls[i].Reasons)
		}
		slices.SortFunc(ls, func(a, b line) int { return strings.Compare(a.Path, b.Path) })
	}
	require.Equal(t, want, got)
}

func TestEditedSummary(t *testing.T) {
	two := wimlibref.Open(t, "ntfs-two.wim")
	s := compare(t, image(t, two, 1), image(t, two, 2), diff.Options{}).Summary
	// Sizes from the README: 21 + 5120 + 27 bytes added, hosts grew by one
	// 30-byte line; two 1536-byte plugins and the 29-byte notes went.
	require.Equal(t, diff.Counts{Added: 4, Deleted: 4, Modified: 3, Renamed: 2, BytesAdded: 5198, BytesRemoved: 3101}, s.Counts)
	require.Equal(t, map[string]diff.Counts{
		"/Program Files": {Added: 3, Deleted: 3, Modified: 1, BytesAdded: 5141, BytesRemoved: 3072},
		"/Users":         {Added: 1, Deleted: 1, Modified: 1, Renamed: 2, BytesAdded: 27, BytesRemoved: 29},
		"/Windows":       {Modified: 1, BytesAdded: 30},
	}, s.ByFolder)
}

// TestSameVolume: every capture of the Base volume, whatever its format,
// is the same image, timestamps included; so is an image with itself.
func TestSameVolume(t *testing.T) {
	base := image(t, wimlibref.Open(t, "ntfs-two.wim"), 1)
	require.Empty(t, compare(t, base, base, diff.Options{Times: true}).Changes)
	for _, files := range [][]string{
		{"ntfs-none.wim"}, {"ntfs-xpress-4k.wim"}, {"ntfs-lzms.wim"}, {"ntfs-solid.esd"}, {"ntfs-pipable.wim"},
	} {
		t.Run(files[0], func(t *testing.T) {
			other := image(t, wimlibref.Open(t, files...), 1)
			require.Empty(t, compare(t, base, other, diff.Options{Times: true}).Changes)
		})
	}
	edited := image(t, wimlibref.Open(t, "ntfs-two.wim"), 2)
	require.Empty(t, compare(t, edited, image(t, wimlibref.Open(t, "ntfs-edited-xpress.wim"), 1), diff.Options{Times: true}).Changes)
}

func TestCancelAndProgress(t *testing.T) {
	two := wimlibref.Open(t, "ntfs-two.wim")
	a, b := image(t, two, 1), image(t, two, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := diff.Images(ctx, a, b, diff.Options{}, nil)
	require.ErrorIs(t, err, context.Canceled)
	// Cancelled while at work: the first progress report cancels.
	ctx, cancel = context.WithCancel(context.Background())
	_, err = diff.Images(ctx, a, b, diff.Options{}, func(int64, int64) { cancel() })
	require.ErrorIs(t, err, context.Canceled)

	var calls [][2]int64
	_, err = diff.Images(context.Background(), a, b, diff.Options{}, func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
	})
	require.NoError(t, err)
	require.Greater(t, len(calls), 1)
	last := calls[len(calls)-1]
	require.Equal(t, last[0], last[1])
	for i := 1; i < len(calls); i++ {
		require.LessOrEqual(t, calls[i-1][0], calls[i][0])
		require.LessOrEqual(t, calls[i][0], calls[i][1])
	}
	var p wim.Progress = func(int64, int64) {}
	_ = diff.Progress(p) // wim's progress callbacks serve as they are
}
