package inspect_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inspect"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func open(t *testing.T, b []byte) *wim.Archive {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return a
}

func faults(t *testing.T, a *wim.Archive) []inspect.Fault {
	rep, err := a.Verify(context.Background(), nil)
	require.NoError(t, err)
	out, err := inspect.Faults(context.Background(), a, rep, a.Image)
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
	require.Equal(t, inspect.FaultMissing, f[0].Kind)
	require.Equal(t, gone, f[0].Hash)
	require.ErrorIs(t, f[0].Err, wim.ErrMissingBlob)
	require.Len(t, f[0].UsedBy, 1)
	require.Equal(t, "/gone", f[0].UsedBy[0].File.Path())

	b[bytes.Index(b, data)] ^= 1
	f = faults(t, open(t, b))
	require.Len(t, f, 2)
	require.Equal(t, inspect.FaultDamaged, f[0].Kind)
	require.ErrorIs(t, f[0].Err, wim.ErrChecksum)
	var paths []string
	for _, u := range f[0].UsedBy {
		paths = append(paths, u.File.Path())
	}
	require.Equal(t, []string{"/a", "/d/b"}, paths)
	require.Equal(t, inspect.FaultMissing, f[1].Kind)

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
	require.Equal(t, inspect.FaultImage, f[0].Kind)
	require.Equal(t, digest.SHA1(sum), f[0].Hash)
	require.Equal(t, []inspect.Use{{Image: 1, Metadata: true}}, f[0].UsedBy)
}
