package diff_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/diff"
)

// TestNameStatusQuoting: what git 2.x prints for these names with
// core.quotePath=false (checked by hand against git itself).
func TestNameStatusQuoting(t *testing.T) {
	names := map[string]string{
		"/back\\slash":         `"/back\\slash"`,
		"/bell\a\b\f\v\r":      `"/bell\a\b\f\v\r"`,
		"/café ✓":              `/café ✓`,
		"/ctl\x01\x1b":         `"/ctl\001\033"`,
		"/del\x7f":             `"/del\177"`,
		"/nl\nx":               `"/nl\nx"`,
		"/q\"uote":             `"/q\"uote"`,
		"/tab\there":           `"/tab\there"`,
		"/Program Files (x86)": `/Program Files (x86)`,
	}
	for name, want := range names {
		var b strings.Builder
		require.NoError(t, diff.NameStatus(&b, []diff.Change{{Kind: diff.Added, Path: name}}))
		require.Equal(t, "A\t"+want+"\n", b.String())
	}
	var b strings.Builder
	require.NoError(t, diff.NameStatus(&b, []diff.Change{{Kind: diff.Renamed, OldPath: "/a\tb", Path: "/c"}}))
	require.Equal(t, "R\t\"/a\\tb\"\t/c\n", b.String())
}
