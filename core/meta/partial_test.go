package meta_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// hiding is an archive that lacks one blob more than it does.
type hiding struct {
	*wim.Archive
	gone digest.SHA1
}

func (h hiding) BlobSize(s digest.SHA1) (int64, bool) {
	if s == h.gone {
		return 0, false
	}
	return h.Archive.BlobSize(s)
}

// openSplit opens the given parts of testvectors/ntfs-split (1-based).
func openSplit(t *testing.T, parts ...int) *wim.Archive {
	var files []wim.Part
	for _, n := range parts {
		name := "ntfs-split.swm"
		if n > 1 {
			name = "ntfs-split" + string(rune('0'+n)) + ".swm"
		}
		f, err := os.Open(filepath.Join("../../testvectors", name))
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		st, err := f.Stat()
		require.NoError(t, err)
		files = append(files, wim.Part{R: f, Size: st.Size()})
	}
	a, err := wim.OpenParts(files...)
	require.NoError(t, err)
	return a
}

// A blob that none of the parts given holds, while parts are missing, is
// in a part that isn't open: its stream is Missing, but nothing is wrong
// with the image. Given every part, a blob no table holds is an anomaly.
func TestMissingPartIsNoAnomaly(t *testing.T) {
	a := openSplit(t, 1)
	total, missing := a.Parts()
	require.Equal(t, 4, total)
	require.Equal(t, []int{2, 3, 4}, missing)
	buf, err := a.Metadata(1)
	require.NoError(t, err)
	img, err := meta.Parse(buf, a)
	require.NoError(t, err)
	require.Empty(t, missingBlobs(img))
	var elsewhere *meta.File
	require.NoError(t, img.Walk(func(f *meta.File) error {
		for _, s := range f.Streams {
			if s.Missing && elsewhere == nil {
				elsewhere = f
			}
		}
		return nil
	}))
	require.NotNil(t, elsewhere, "part 1 alone holds every file's data")

	all := openSplit(t, 1, 2, 3, 4)
	_, missing = all.Parts()
	require.Empty(t, missing)
	img, err = meta.Parse(buf, all)
	require.NoError(t, err)
	require.Empty(t, missingBlobs(img))
	f, err := img.Lookup(elsewhere.Path())
	require.NoError(t, err)
	gone := f.Streams[0].Hash
	img, err = meta.Parse(buf, hiding{all, gone})
	require.NoError(t, err)
	require.Equal(t, []string{elsewhere.Path()}, missingBlobs(img))
}

// missingBlobs lists the paths img flags as lacking a blob.
func missingBlobs(img *meta.Image) []string {
	var out []string
	for _, an := range img.Anomalies {
		if an.Kind == meta.AnomalyMissingBlob {
			out = append(out, an.Path)
		}
	}
	return out
}
