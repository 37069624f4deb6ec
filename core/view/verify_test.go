package view_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func open(t *testing.T, b []byte) *wim.Archive {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return a
}

func faults(t *testing.T, a *wim.Archive) []view.Fault {
	rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
	require.NoError(t, err)
	out, err := view.Faults(context.Background(), a, rep, a.Image)
	require.NoError(t, err)
	return out
}

// A damaged blob and a missing one are listed with the files using them;
// a clean archive has no faults.
func TestFaultsListUsers(t *testing.T) {
	data := []byte("the data of a file, twice over")
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: data},
		&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "b", Data: data}}},
		&wimtest.Entry{Name: "gone", Data: []byte("y"), MissingBlob: true})
	gone := digest.Sum([]byte("y"))
	f := faults(t, open(t, b))
	require.Len(t, f, 1)
	require.Equal(t, view.FaultMissing, f[0].Kind)
	require.Equal(t, gone, f[0].Hash)
	require.ErrorIs(t, f[0].Err, wim.ErrMissingBlob)
	require.Len(t, f[0].UsedBy, 1)
	require.Equal(t, "/gone", f[0].UsedBy[0].File.Path())

	b[bytes.Index(b, data)] ^= 1
	f = faults(t, open(t, b))
	require.Len(t, f, 2)
	require.Equal(t, view.FaultDamaged, f[0].Kind)
	require.ErrorIs(t, f[0].Err, wim.ErrChecksum)
	var paths []string
	for _, u := range f[0].UsedBy {
		paths = append(paths, u.File.Path())
	}
	require.Equal(t, []string{"/a", "/d/b"}, paths)
	require.Equal(t, view.FaultMissing, f[1].Kind)

	require.Empty(t, faults(t, open(t, wimtest.Build(&wimtest.Entry{Name: "a", Data: data}))))
}

// An image whose metadata hashes right but does not parse is a fault of
// its own, naming its metadata.
func TestFaultsListImagesThatDoNotParse(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x")})
	mb, err := open(t, b).MetadataBlob(1)
	require.NoError(t, err)
	// The security table's length runs past the resource; the blob table
	// names the metadata by its new hash.
	start := int(mb.Resource.Offset)
	binary.LittleEndian.PutUint32(b[start:], 0xfffffff0)
	sum := sha1.Sum(b[start : start+int(mb.Size)])
	copy(b[bytes.Index(b, mb.Hash[:]):], sum[:])
	f := faults(t, open(t, b))
	require.Len(t, f, 1)
	require.Equal(t, view.FaultImage, f[0].Kind)
	require.Equal(t, digest.SHA1(sum), f[0].Hash)
	require.Equal(t, []view.Use{{Image: 1, Metadata: true}}, f[0].UsedBy)
}

// Entries no writer makes are faults of their image, one per kind, with
// the path of each entry: wimlib's cyclic.wim and dotdot.wim, crafted.
func TestFaultsListBadEntries(t *testing.T) {
	up := &wimtest.Entry{Name: "..", Dir: true, Children: []*wimtest.Entry{{Name: "..", Dir: true, Children: []*wimtest.Entry{{Name: "passwd", Data: []byte("root")}}}}}
	for _, c := range []struct {
		name  string
		image []byte
		kind  meta.AnomalyKind
		paths []string
	}{
		{"cyclic", wimtest.Cyclic(), meta.AnomalyCycle, []string{"/top/loop"}},
		{"dotdot", wimtest.DotDot(), meta.AnomalyDotName, []string{"/.."}},
		{"dotdot twice", wimtest.Build(up), meta.AnomalyDotName, []string{"/..", "/../.."}},
		{"twins", wimtest.Build(&wimtest.Entry{Name: "t", Data: []byte("1")}, &wimtest.Entry{Name: "t", Data: []byte("2")}), meta.AnomalyDuplicate, []string{"/t"}},
		{"slash", wimtest.Build(&wimtest.Entry{Name: "a/b", Data: []byte("1")}), meta.AnomalyBadChar, []string{"/a/b"}},
	} {
		f := faults(t, open(t, c.image))
		require.Len(t, f, 1, c.name)
		require.Equal(t, view.FaultEntries, f[0].Kind, c.name)
		var ee *view.EntriesError
		require.ErrorAs(t, f[0].Err, &ee, c.name)
		require.Equal(t, c.kind, ee.Kind, c.name)
		require.ErrorIs(t, f[0].Err, wim.ErrFormat)
		var paths []string
		for _, u := range f[0].UsedBy {
			require.Equal(t, 1, u.Image)
			require.NotEmpty(t, u.Detail)
			paths = append(paths, u.File.Path())
		}
		require.Equal(t, c.paths, paths, c.name)
	}
	// A '\' in a name is flagged, but NTFS allows it: no fault.
	require.Empty(t, faults(t, open(t, wimtest.Build(&wimtest.Entry{Name: `back\slash`, Data: []byte("1")}))))
}

// Problems of the archive as a whole are faults.
func TestFaultsListTheArchive(t *testing.T) {
	b := wimtest.BuildXML(`<WIM><IMAGE INDEX="1"></WIM>`, &wimtest.Entry{Name: "a", Data: []byte("x")})
	f := faults(t, open(t, b))
	require.Len(t, f, 1)
	require.Equal(t, view.FaultArchive, f[0].Kind)
	require.ErrorContains(t, f[0].Err, "XML")
	require.True(t, f[0].Hash.IsZero())
}

// A split WIM's missing parts are one fault, with each file whose data
// they hold once, not a fault per blob.
func TestFaultsListMissingPartsOnce(t *testing.T) {
	open := func(names ...string) *wim.Archive {
		var parts []wim.Part
		for _, name := range names {
			b, err := os.ReadFile(filepath.Join("..", "..", "testvectors", name))
			require.NoError(t, err)
			parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: name})
		}
		a, err := wim.OpenParts(parts...)
		require.NoError(t, err)
		return a
	}
	// Without part 1 there is no file to list.
	f := faults(t, open("ntfs-split2.swm", "ntfs-split4.swm"))
	require.Len(t, f, 1)
	require.EqualError(t, f[0].Err, "parts 1 and 3 of 4 are missing (part 1 holds the file tree: no file can be checked)")
	require.Empty(t, f[0].UsedBy)

	f = faults(t, open("ntfs-split.swm", "ntfs-split4.swm"))
	require.Len(t, f, 1)
	require.Equal(t, view.FaultParts, f[0].Kind)
	require.EqualError(t, f[0].Err, "parts 2 and 3 of 4 are missing")
	require.ErrorIs(t, f[0].Err, wim.ErrMissingPart)
	seen := map[string]bool{}
	for _, u := range f[0].UsedBy {
		require.False(t, seen[u.File.Path()], "%s listed twice", u.File.Path())
		seen[u.File.Path()] = true
		require.Empty(t, u.Stream)
	}
	require.NotEmpty(t, seen)
}
