package meta_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
)

// TestFiletimeKeepsEveryDate covers what a time.Duration cannot hold:
// 7zz writes zero FILETIMEs, and NTFS allows dates up to 30828.
func TestFiletimeKeepsEveryDate(t *testing.T) {
	require.Equal(t, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), meta.Filetime(0).Time())
	require.Equal(t, time.Date(1970, 1, 1, 0, 0, 0, 100, time.UTC), meta.Filetime(116444736000000001).Time())
	require.Equal(t, 30828, meta.Filetime(^uint64(0)>>1).Time().Year())
}
