package wim

import (
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// storedShare of a whole solid resource is its chunks' stored bytes, and
// it adds up over any cut of the resource, within a chunk or across many.
func TestStoredShareAddsUp(t *testing.T) {
	for _, name := range []string{"ntfs-solid-1m.esd", "ntfs-solid-lzx.wim"} {
		f, err := os.Open("../../testvectors/" + name)
		require.NoError(t, err)
		defer f.Close()
		st, err := f.Stat()
		require.NoError(t, err)
		a, err := Open(f, st.Size())
		require.NoError(t, err)
		var r *Resource
		for _, b := range a.Blobs() {
			if b.solid && (r == nil || b.res.numChunks() > r.numChunks()) {
				r = b.res
			}
		}
		require.NotNil(t, r, name)
		require.NoError(t, r.loadTable())
		n := r.numChunks()
		require.GreaterOrEqual(t, n, int64(3), name)
		whole := r.storedShare(0, r.size)
		var data int64
		for i := range n {
			_, s := r.chunkSpan(i)
			data += s
		}
		require.InDelta(t, float64(data), whole, 1e-6*whole, name)
		for _, x := range []int64{1, r.chunkSize - 1, r.chunkSize, r.chunkSize + 1, r.size / 2, r.size - 1} {
			for _, y := range []int64{x + 1, x + r.chunkSize, r.size} {
				y = min(y, r.size)
				sum := r.storedShare(0, x) + r.storedShare(x, y-x) + r.storedShare(y, r.size-y)
				require.LessOrEqual(t, math.Abs(sum-whole), 1e-6*whole, "%s: cut at %d and %d", name, x, y)
			}
		}
	}
}
