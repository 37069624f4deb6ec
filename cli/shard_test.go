package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/digest"
)

// The helper's reports survive their text, whatever their errors say.
func TestHelperReportsText(t *testing.T) {
	h := digest.Sum([]byte("x"))
	in := &helperReports{N: 5, Reports: map[int]*shardReport{
		0: {Blobs: 3, Bytes: 1 << 40},
		3: {Blobs: 1, Bytes: 7, HasIntegrity: true, Integrity: "chunk 2: wrong\nhash 1:2", Unsound: []int{2, 5},
			Faults: []shardFault{{h, "decompressing: 5 bytes:\n short"}, {h, ""}}},
		4: {Faults: []shardFault{{h, "name \xff\xfe"}}},
	}}
	b, err := in.MarshalText()
	require.NoError(t, err)
	var out helperReports
	require.NoError(t, out.UnmarshalText(b))
	in.Reports[4].Faults[0].Err = "name \uFFFD" // as JS strings carry it
	require.Equal(t, in, &out)

	for _, bad := range []string{"", "x", "2\n0 1 2 false 3:ab", "2\n0 1 2 false 0: 0 1\nnothex 0:", "2\n0 1 2 false -1: 0 0", "2\n0 1 2", "2\n0 1 2 false 0: 2 1"} {
		require.Error(t, new(helperReports).UnmarshalText([]byte(bad)), "%q", bad)
	}
}
