//go:build js && wasm

package nodehost

import (
	"bytes"
	"crypto/sha1"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/digest"
)

// Run under Node by `make wasm-check` (go test -exec go_js_wasm_exec):
// the calls the CLI built for js/wasm reads, writes and hashes with.

// pattern is n bytes that differ from any shifted copy of themselves.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>11)
	}
	return b
}

// patternFile opens a file holding pattern(3*nodeBufSize + 1234), which
// it returns too.
func patternFile(t *testing.T) (*File, []byte) {
	data := pattern(3*nodeBufSize + 1234)
	name := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	f, ok, err := Open(name)
	require.True(t, ok, "the tests run under Node")
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f, data
}

func TestNodeFileReadsAtOffsets(t *testing.T) {
	f, want := patternFile(t)
	for _, c := range []struct{ off, n int }{{0, 10}, {5, nodeBufSize}, {nodeBufSize - 1, 2*nodeBufSize + 3}, {0, len(want)}} {
		got := make([]byte, c.n)
		n, err := f.ReadAt(got, int64(c.off))
		require.NoError(t, err)
		require.Equal(t, c.n, n)
		require.True(t, bytes.Equal(want[c.off:c.off+c.n], got), "at %d, %d bytes", c.off, c.n)
	}
	n, err := f.ReadAt(make([]byte, 100), int64(len(want)-10))
	require.Equal(t, 10, n)
	require.ErrorIs(t, err, io.EOF)
}

func TestNodeFileErrorsAreErrors(t *testing.T) {
	_, ok, err := Open(filepath.Join(t.TempDir(), "missing"))
	require.True(t, ok)
	require.ErrorContains(t, err, "ENOENT")
}

func TestNodeWriterWritesEverything(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out")
	out, err := os.Create(name)
	require.NoError(t, err)
	defer out.Close()
	w, ok := Writer(int(out.Fd()))
	require.True(t, ok)
	want := pattern(2*nodeBufSize + 77)
	n, err := w.Write(want)
	require.NoError(t, err)
	require.Equal(t, len(want), n)
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got))
}

func TestNodeSHA1MatchesGo(t *testing.T) {
	x, ok := SHA1()
	require.True(t, ok)
	for _, n := range []int{0, 1, nodeMin - 1, nodeMin, nodeBufSize, 2*nodeBufSize + 5} {
		b := pattern(n)
		want := digest.SHA1(sha1.Sum(b))
		require.Equal(t, want, x.Sum(b), "Sum of %d bytes", n)
		// In pieces, with a Sum midway that must not end the hash.
		h := x.New()
		h.Write(b[:n/3])
		mid := h.Sum(nil)
		require.Equal(t, sha1.Sum(b[:n/3]), [20]byte(mid))
		h.Write(b[n/3:])
		require.Equal(t, want[:], h.Sum(nil), "New of %d bytes", n)
		h.Reset()
		h.Write(b)
		require.Equal(t, want[:], h.Sum(nil), "after Reset, %d bytes", n)
	}
}

// SumAll through Node hashes each piece as Go does, however the pieces lie:
// side by side in one buffer, apart, overlapping, empty, larger than the
// buffer, more than one call takes.
func TestNodeSumAllMatchesGo(t *testing.T) {
	x, ok := SHA1()
	require.True(t, ok)
	one := pattern(3 * nodeBufSize)
	var bufs [][]byte
	for off, n := 0, 1; off+n <= len(one) && len(bufs) < 3*batchMax; off, n = off+n, n*7%500+1 {
		bufs = append(bufs, one[off:off+n]) // side by side, past a whole buffer and batchMax
	}
	bufs = append(bufs,
		nil, one[:0], pattern(10), one[5:20], one[10:30], // empty, apart, overlapping
		pattern(nodeBufSize), pattern(nodeBufSize+1), one[:nodeBufSize-3], pattern(1))
	sums := make([]digest.SHA1, len(bufs))
	x.SumAll(bufs, sums)
	for i, b := range bufs {
		require.Equal(t, digest.SHA1(sha1.Sum(b)), sums[i], "piece %d of %d bytes", i, len(b))
	}
}

// Stat says what os.Stat says of a file and a folder, tells files
// apart as os.SameFile does, and leaves a missing file to os.Stat.
func TestNodeStatMatchesOS(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, os.WriteFile(a, pattern(12345), 0o640))
	require.NoError(t, os.WriteFile(b, nil, 0o644))
	for _, name := range []string{a, b, dir} {
		got, ok := Stat(name)
		require.True(t, ok, "the tests run under Node")
		want, err := os.Stat(name)
		require.NoError(t, err)
		require.Equal(t, want.Name(), got.Name())
		require.Equal(t, want.IsDir(), got.IsDir())
		require.Equal(t, want.Mode().Perm(), got.Mode().Perm())
		if !want.IsDir() {
			require.Equal(t, want.Size(), got.Size())
		}
		require.Equal(t, want.ModTime().UnixMilli(), got.ModTime().UnixMilli())
	}
	a1, _ := Stat(a)
	a2, _ := Stat(filepath.Join(dir, ".", "a"))
	b1, _ := Stat(b)
	require.Equal(t, a1.Sys(), a2.Sys())
	require.NotEqual(t, a1.Sys(), b1.Sys())
	_, ok := Stat(filepath.Join(dir, "missing"))
	require.False(t, ok)

	tty, ok := IsTerminal(int(os.Stderr.Fd()))
	require.True(t, ok)
	st, err := os.Stderr.Stat()
	require.NoError(t, err)
	require.Equal(t, st.Mode()&os.ModeCharDevice != 0, tty)
}

// SumRanges hashes what ReadAt would read: ranges a read apart, ranges
// in one read, one overlapping the next, empty ones, and ranges larger
// than the buffer. A range past the end fails.
func TestNodeFileSumRanges(t *testing.T) {
	f, data := patternFile(t)
	ranges := [][2]int64{{0, 10}, {10, 0}, {10, 1000}, {500, 2000}, {nodeBufSize - 5, 100}, {nodeBufSize, nodeBufSize},
		{nodeBufSize + 1, 2*nodeBufSize + 7}, {2 * nodeBufSize, 3}, {int64(len(data)) - 1234, 1234}}
	offs, sizes := make([]int64, len(ranges)), make([]int64, len(ranges))
	for i, r := range ranges {
		offs[i], sizes[i] = r[0], r[1]
	}
	sums := make([]digest.SHA1, len(ranges))
	require.NoError(t, f.SumRanges(offs, sizes, sums))
	for i, r := range ranges {
		require.Equal(t, digest.SHA1(sha1.Sum(data[r[0]:r[0]+r[1]])), sums[i], "range %d", i)
	}
	for _, r := range [][2]int64{{int64(len(data)) - 10, 11}, {int64(len(data)) - 10, 2 * nodeBufSize}} {
		require.ErrorIs(t, f.SumRanges([]int64{0, r[0]}, []int64{5, r[1]}, sums[:2]), io.ErrUnexpectedEOF)
	}
}
