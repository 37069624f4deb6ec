package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Large buffers are mappings of their own, unmapped when freed; small ones
// come from the heap, and freeing them unmaps nothing.
func TestHugeMemory(t *testing.T) {
	m := &hugeMemory{mapped: map[*byte]bool{}}
	small := m.Alloc(hugeMin - 1)
	big := m.Alloc(2 * hugeMin)
	require.Len(t, small, hugeMin-1)
	require.Len(t, big, 2*hugeMin)
	require.Len(t, m.mapped, 1)
	for i := range big {
		big[i] = byte(i)
	}
	require.Equal(t, byte(77), big[hugeMin+77])
	m.Free(small)
	require.Len(t, m.mapped, 1)
	small[0] = 1 // still the heap's, and alive
	m.Free(big)
	require.Empty(t, m.mapped)
}
