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
		hashes := make([]digest.SHA1, n)
		x := newBlobIndex(n, func(id uint32) *digest.SHA1 { return &hashes[id] })
		for i := range hashes {
			for j := range hashes[i] {
				hashes[i][j] = 0xab
			}
			binary.LittleEndian.PutUint32(hashes[i][at:], uint32(i)<<12)
			require.True(t, x.add(uint32(i)))
		}
		hashes = append(hashes, hashes[7])
		require.False(t, x.add(n), "a duplicate is refused")
		longest, run := 0, 0
		for _, s := range x.slots {
			if s == 0 {
				run = 0
				continue
			}
			run++
			longest = max(longest, run)
		}
		require.Less(t, longest, 64, "crafted digests in word at %d pile up", at)
		for i := range n {
			got, ok := x.get(hashes[i])
			require.True(t, ok)
			require.Equal(t, uint32(i), got)
		}
	}
}
