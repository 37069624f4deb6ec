//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// Under Node (make wasm-check) verify runs this program again as a helper
// engine in a worker thread; in tests the program is the test binary,
// which then does the helper's job instead of testing.
func TestMain(m *testing.M) {
	if code, ok := runHelper(context.Background()); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// A helper left every shard verifies them all, and its reports merge to
// what Verify finds, for vectors as they are and damaged; verify with a
// helper prints what it prints without one. The engines read the files
// with Node's calls, and hash the blobs stored raw (all of ntfs-none's)
// in JavaScript, where Verify here reads from memory.
func TestHelperVerifiesShards(t *testing.T) {
	for _, v := range []string{"ntfs-lzx-2m", "ntfs-none"} {
		t.Run(v, func(t *testing.T) { helperVerifies(t, "../testvectors/"+v+".wim") })
	}
}

func helperVerifies(t *testing.T, vector string) {
	orig, err := os.ReadFile(vector)
	require.NoError(t, err)
	for _, damaged := range []bool{false, true} {
		b := append([]byte(nil), orig...)
		if damaged {
			b[len(b)/3] ^= 0xff
		}
		path := filepath.Join(t.TempDir(), "x.wim")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err)
		want, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
		require.NoError(t, err)
		require.Equal(t, damaged, len(want.Faults) > 0 || want.Integrity != nil)

		h := startShardHelper([]string{path})
		require.NotNil(t, h, "Node starts a helper")
		got, err := h.reports()
		h.stop()
		require.NoError(t, err)
		require.Equal(t, bulk.ShardCount(a), got.N)
		var reps []*bulk.VerifyReport
		for k := range got.N {
			require.Contains(t, got.Reports, k)
			reps = append(reps, got.Reports[k].report())
		}
		require.Equal(t, toShardReport(want), toShardReport(bulk.MergeReports(reps...)))

		code := 0
		if damaged {
			code = 1
		}
		alone := must(t, code, "verify", path, "--json")
		defer func(m int64) { helperMin = m }(helperMin)
		helperMin = 0
		require.Equal(t, alone, must(t, code, "verify", path, "--json"))
	}
}

// verify asks which images are sound while it waits for the helper; on an
// image lacking a blob it lists the files using it, with a helper as
// without.
func TestHelperVerifyListsMissingBlobs(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "here", Data: []byte("x")},
		&wimtest.Entry{Name: "gone", Data: []byte("y"), MissingBlob: true})
	path := filepath.Join(t.TempDir(), "x.wim")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	alone := must(t, 1, "verify", path)
	defer func(m int64) { helperMin = m }(helperMin)
	helperMin = 0
	require.Equal(t, alone, must(t, 1, "verify", path))
	require.Contains(t, alone.stdout, "missing blob ")
	require.Contains(t, alone.stdout, "    image 1: /gone\n")
}

// Under Node the CLI hashes with Node's crypto, the fast path
// bench/wasm-node.sh measures: one Hasher for the whole program, given
// to the archives it opens and to the bulk engine.
func TestHostHashesWithNode(t *testing.T) {
	h := hostHasher()
	require.NotNil(t, h)
	require.NotEqual(t, digest.Hasher(digest.Go{}), h)
	require.Same(t, h, hostHasher())
	require.Same(t, h, engine().Hasher)
}
