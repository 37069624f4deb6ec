package wim

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/digest"
)

// Digests a hostile table could choose — alike but for a counter in one
// word — still spread over the slots, and every one is found again.
func TestBlobIndexSpreadsCraftedDigests(t *testing.T) {
	for _, at := range []int{0, 8, 16} {
		const n = 1 << 16
		blobs := make([]Blob, n)
		x := newBlobIndex(n)
		for i := range blobs {
			var h digest.SHA1
			for j := range h {
				h[j] = 0xab
			}
			binary.LittleEndian.PutUint32(h[at:], uint32(i)<<12)
			blobs[i].Hash = h
			require.True(t, x.add(&blobs[i]))
		}
		require.False(t, x.add(&blobs[7]), "a duplicate is refused")
		longest, run := 0, 0
		for _, b := range x.slots {
			if b == nil {
				run = 0
				continue
			}
			run++
			longest = max(longest, run)
		}
		require.Less(t, longest, 64, "crafted digests in word at %d pile up", at)
		for i := range blobs {
			got, ok := x.get(blobs[i].Hash)
			require.True(t, ok)
			require.Same(t, &blobs[i], got)
		}
	}
}
