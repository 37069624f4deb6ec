package main

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// Large buffers are mappings of their own, unmapped when freed; small ones
// come from the heap, and freeing them unmaps nothing.
func TestHugeMemory(t *testing.T) {
	m := &hugeMemory{mapped: map[*byte]int{}}
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

// Release zeroes the whole huge pages inside the bytes given, as the
// kernel hands them back, and leaves every other byte as it was; a buffer
// from the heap it leaves alone.
func TestHugeMemoryRelease(t *testing.T) {
	m := &hugeMemory{mapped: map[*byte]int{}}
	big := m.Alloc(4 * hugeMin)
	defer m.Free(big)
	for i := range big {
		big[i] = 0x55
	}
	lo, hi := hugePage/2+3, len(big)-hugePage/2-5
	m.Release(big[lo:hi])
	base := uintptr(unsafe.Pointer(unsafe.SliceData(big)))
	from := int((base+uintptr(lo)+hugePage-1)&^(hugePage-1) - base)
	to := int((base+uintptr(hi))&^(hugePage-1) - base)
	require.Less(t, from, to)
	for i, b := range big {
		want := byte(0x55)
		if i >= from && i < to {
			want = 0
		}
		if b != want {
			t.Fatalf("byte %d is %#x after release, want %#x (pages released from %d to %d)", i, b, want, from, to)
		}
	}

	small := m.Alloc(hugeMin - 1)
	for i := range small {
		small[i] = 0x55
	}
	m.Release(small)
	require.Equal(t, bytes.Repeat([]byte{0x55}, len(small)), small)
}
