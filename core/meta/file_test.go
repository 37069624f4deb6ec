package meta_test

import (
	"strings"
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

// ParseAttributes reads back what Names writes, in any case and with or
// without the FILE_ATTRIBUTE_ prefix; an unknown name is an error that
// lists the known ones.
func TestParseAttributes(t *testing.T) {
	a := meta.AttrHidden | meta.AttrSystem | meta.AttrNotContentIndexed | meta.AttrRecallOnDataAccess
	got, err := meta.ParseAttributes(a.Names())
	if err != nil || got != a {
		t.Fatalf("meta.ParseAttributes(%v) = %v, %v", a.Names(), got, err)
	}
	if got, err := meta.ParseAttributes([]string{" hidden", "FILE_ATTRIBUTE_SYSTEM"}); err != nil || got != meta.AttrHidden|meta.AttrSystem {
		t.Fatalf("any case, prefixed: %v, %v", got, err)
	}
	for _, bad := range [][]string{{"HIDDEN", "NO_SUCH"}, {""}, {"0x00000008"}} {
		if _, err := meta.ParseAttributes(bad); err == nil || !strings.Contains(err.Error(), "known: READONLY, HIDDEN") {
			t.Fatalf("meta.ParseAttributes(%q): %v", bad, err)
		}
	}
}
