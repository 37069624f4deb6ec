package bulk_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// Verify hashes small blobs a batch at a time, the decoded ones side by
// side in a worker's buffer until it fills. On a capture of small files,
// some compressing to a fraction of their size and some stored raw, cut
// in batches of a few KiB that decode to many times as much, Verify must
// fault exactly the blobs that do not read back to their hash one by one,
// for the file as it is and with a byte flipped in each of its resources.
func TestVerifyBatchesMatchReadingEachBlob(t *testing.T) {
	if !wimlibref.Available() {
		t.Skip("wimlib-imagex is not installed; `make test` installs it")
	}
	src := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 120 {
		var b []byte
		if i%3 == 0 {
			b = make([]byte, 300+rng.IntN(900)) // random: stored raw
			for k := range b {
				b[k] = byte(rng.Uint32())
			}
		} else {
			b = []byte(strings.Repeat(fmt.Sprintf("file %d says hello. ", i), 100+rng.IntN(150)))
		}
		require.NoError(t, os.WriteFile(filepath.Join(src, fmt.Sprintf("f%03d", i)), b, 0o644))
	}
	w := filepath.Join(t.TempDir(), "small.wim")
	_, err := wimlibref.Run("capture", src, w, "--compress=XPRESS", "--chunk-size=4K")
	require.NoError(t, err)
	orig, err := os.ReadFile(w)
	require.NoError(t, err)
	defer bulk.SetSpanBytes(4 << 10)()

	check := func(b []byte, what string) {
		a := openBytes(t, b)
		rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
		require.NoError(t, err)
		var want []string
		for _, bl := range a.Blobs() {
			h := sha1.New()
			if _, err := io.Copy(h, bl.Open()); err != nil || digest.SHA1(h.Sum(nil)) != bl.Hash {
				want = append(want, bl.Hash.String())
			}
		}
		got := faultHashes(rep)
		slices.Sort(want)
		slices.Sort(got)
		require.Equal(t, want, got, what)
	}
	check(orig, "as captured")
	a := openBytes(t, orig)

	raw, compressed := 0, 0
	for _, bl := range a.Blobs() {
		if bl.Compression() == wim.None {
			raw++
		} else {
			compressed++
		}
		check(flip(orig, int64(bl.Resource.Offset)+bl.StoredSize()/2), "flipped in "+bl.Hash.String())
	}
	require.Greater(t, raw, 20)
	require.Greater(t, compressed, 20)
}

// summer is a part's reader that hashes ranges of itself, as the CLI's
// files do under Node; with fail set, every call fails, as a read would.
type summer struct {
	*bytes.Reader
	t      *testing.T
	fail   bool
	calls  atomic.Int32 // Verify's workers call at once
	ranges atomic.Int32
}

func (s *summer) SumRanges(offs, sizes []int64, sums []digest.SHA1) error {
	s.calls.Add(1)
	if s.fail {
		return errors.New("unreadable")
	}
	for i := range offs {
		if i > 0 && offs[i] < offs[i-1] {
			s.t.Errorf("offsets descend: %d after %d", offs[i], offs[i-1])
		}
		b := make([]byte, sizes[i])
		if _, err := s.ReadAt(b, offs[i]); err != nil {
			return err
		}
		sums[i] = digest.Sum(b)
		s.ranges.Add(1)
	}
	return nil
}

// Verify has a RangeSummer hash the blobs stored raw, small ones a batch
// a call and larger ones whole, and reads them itself when it fails. On
// an uncompressed capture of small and larger files, cut in spans of a
// few KiB, it must fault the same blobs either way, for the file as it
// is and with a byte flipped in each of its resources.
func TestVerifyAsksRangeSummers(t *testing.T) {
	if !wimlibref.Available() {
		t.Skip("wimlib-imagex is not installed; `make test` installs it")
	}
	src := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 60 {
		b := make([]byte, 100+rng.IntN(3000))
		if i%10 == 0 {
			b = make([]byte, 10<<10+rng.IntN(30<<10)) // more than a span
		}
		for k := range b {
			b[k] = byte(rng.Uint32())
		}
		require.NoError(t, os.WriteFile(filepath.Join(src, fmt.Sprintf("f%02d", i)), b, 0o644))
	}
	w := filepath.Join(t.TempDir(), "raw.wim")
	_, err := wimlibref.Run("capture", src, w, "--compress=none")
	require.NoError(t, err)
	orig, err := os.ReadFile(w)
	require.NoError(t, err)
	defer bulk.SetSpanBytes(4 << 10)()

	faults := func(b []byte, r io.ReaderAt) []string {
		a, err := wim.Open(r, int64(len(b)))
		require.NoError(t, err)
		rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
		require.NoError(t, err)
		return faultHashes(rep)
	}
	check := func(b []byte, what string) {
		want := faults(b, bytes.NewReader(b))
		s := &summer{Reader: bytes.NewReader(b), t: t}
		require.Equal(t, want, faults(b, s), what)
		require.EqualValues(t, 60, s.ranges.Load(), what) // every file's blob (metadata is read whole: checkImage)
		s = &summer{Reader: bytes.NewReader(b), t: t, fail: true}
		require.Equal(t, want, faults(b, s), what+", the summer failing")
		require.NotZero(t, s.calls.Load(), what)
	}
	check(orig, "as captured")
	a := openBytes(t, orig)

	for _, bl := range a.Blobs() {
		check(flip(orig, int64(bl.Resource.Offset)+bl.StoredSize()/2), "flipped in "+bl.Hash.String())
	}
}
