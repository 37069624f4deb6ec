package bulk_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func vector(t testing.TB, name string) wimlibref.Vector { return wimlibref.Find(t, name) }

func vectors(t testing.TB) []wimlibref.Vector { return wimlibref.All(t) }

func openVector(t testing.TB, v wimlibref.Vector) *wim.Archive {
	return wimlibref.Open(t, v.Files...)
}

func readFile(t *testing.T, v wimlibref.Vector) []byte { return wimlibref.Bytes(t, v) }

func openBytes(t *testing.T, b []byte) *wim.Archive { return wimlibref.OpenBytes(t, b) }

// flip returns a copy of b with one byte inverted at off.
func flip(b []byte, off int64) []byte {
	c := append([]byte(nil), b...)
	c[off] ^= 0xff
	return c
}

func TestVerifyFindsCorruptBlob(t *testing.T) {
	for _, name := range []string{"ntfs-none", "ntfs-lzx-2m", "ntfs-lzms", "ntfs-solid"} {
		t.Run(name, func(t *testing.T) {
			v := vector(t, name)
			orig := readFile(t, v)
			rep, err := bulk.Verify(context.Background(), openBytes(t, orig), bulk.Options{}, nil)
			require.NoError(t, err)
			require.True(t, clean(rep), "%v", rep.Faults)

			// Corrupt the middle of the largest file blob's stored bytes.
			a := openBytes(t, orig)
			var big *wim.Blob
			for _, b := range a.Blobs() {
				if big == nil || b.StoredSize() > big.StoredSize() {
					big = b
				}
			}
			off := int64(big.Resource.Offset) + big.StoredSize()/2
			rep, err = bulk.Verify(context.Background(), openBytes(t, flip(orig, off)), bulk.Options{}, nil)
			require.NoError(t, err)
			require.False(t, clean(rep))
			require.NotEmpty(t, rep.Faults)
			found := false
			for _, f := range rep.Faults {
				found = found || f.Hash == big.Hash || big.Solid()
				var fe *inputerr.Error
				require.True(t, errors.As(f.Err, &fe), "typed: %v", f.Err)
			}
			require.True(t, found, "the corrupted blob is reported")
		})
	}
}

// TestVerifyInSmallSpans cuts resources into many small spans, checked by
// more workers than cores, so that spans wait for earlier ones of their
// resource and for the byte budget. Verify must give the same report as
// with its usual spans, for the archive as it is and with a byte flipped
// at several places.
func TestVerifyInSmallSpans(t *testing.T) {
	for _, name := range []string{"ntfs-none", "ntfs-xpress-4k", "ntfs-lzx-2m", "ntfs-lzms", "ntfs-solid", "ntfs-solid-1m", "ntfs-pipable"} {
		t.Run(name, func(t *testing.T) {
			orig := readFile(t, vector(t, name))
			for i := int64(0); i <= 8; i++ {
				b := orig
				if i > 0 {
					b = flip(orig, int64(len(orig))*i/9)
				}
				want, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
				require.NoError(t, err)
				for _, n := range []int64{4 << 10, 64 << 10} {
					got := verifyInSpans(t, b, n)
					require.Equal(t, want.Blobs, got.Blobs)
					require.Equal(t, want.Bytes, got.Bytes)
					require.Equal(t, faultHashes(want), faultHashes(got), "byte %d flipped, %d-byte spans", int64(len(orig))*i/9, n)
				}
			}
		})
	}
}

// verifyInSpans verifies with spans of n bytes. It also checks that
// progress comes one call at a time (the race detector sees to that),
// never going back.
func verifyInSpans(t *testing.T, b []byte, n int64) *bulk.VerifyReport {
	defer bulk.SetSpanBytes(n)()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	last := int64(0)
	rep, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, func(done, total int64) {
		if done < last || done > total {
			t.Errorf("progress %d of %d after %d", done, total, last)
		}
		last = done
	})
	require.NoError(t, err)
	return rep
}

func faultHashes(r *bulk.VerifyReport) []string {
	var out []string
	for _, f := range r.Faults {
		out = append(out, f.Hash.String())
	}
	return out
}

func TestVerifyIntegrityTable(t *testing.T) {
	v := vector(t, "ntfs-xpress-integrity")
	orig := readFile(t, v)
	var calls atomic.Int64
	rep, err := bulk.Verify(context.Background(), openBytes(t, orig), bulk.Options{}, func(done, total int64) {
		calls.Add(1)
		require.LessOrEqual(t, done, total)
	})
	require.NoError(t, err)
	require.True(t, rep.HasIntegrity)
	require.NoError(t, rep.Integrity)
	require.Positive(t, calls.Load())

	// A flipped byte in the XML is outside every blob but inside nothing the
	// table covers; one in the blob table is covered.
	a := openBytes(t, orig)
	bt := a.Header.BlobTable
	rep, err = bulk.Verify(context.Background(), openBytes(t, flip(orig, int64(bt.Offset)+int64(bt.StoredSize)-1)), bulk.Options{}, nil)
	if err == nil {
		require.ErrorIs(t, rep.Integrity, wim.ErrChecksum)
	}
}

func TestVerifyCancels(t *testing.T) {
	a := openVector(t, vector(t, "ntfs-lzx-2m"))
	ctx, cancel := context.WithCancel(context.Background())
	_, err := bulk.Verify(ctx, a, bulk.Options{}, func(done, total int64) { cancel() })
	require.ErrorIs(t, err, context.Canceled)
}

// junkMemory hands out buffers full of junk, as a host's Memory may, and
// counts what is not given back.
type junkMemory struct {
	mu     sync.Mutex
	live   map[*byte]bool
	allocs int
}

func (m *junkMemory) Alloc(n int) []byte {
	b := bytes.Repeat([]byte{0xa5}, n)
	m.mu.Lock()
	m.live[&b[0]] = true
	m.allocs++
	m.mu.Unlock()
	return b
}

func (m *junkMemory) Free(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.live[&b[0]] {
		panic("freed a buffer Alloc did not hand out, or twice")
	}
	delete(m.live, &b[0])
}

// Verify takes its buffers from the host's Memory, needs nothing of their
// content, and gives every one back, spans parked or not.
func TestVerifyGivesBackItsMemory(t *testing.T) {
	m := &junkMemory{live: map[*byte]bool{}}
	for _, span := range []int64{4 << 10, 1 << 20} {
		restore := bulk.SetSpanBytes(span)
		for _, v := range vectors(t) {
			rep, err := bulk.Verify(context.Background(), openVector(t, v), bulk.Options{Memory: m}, nil)
			require.NoError(t, err)
			require.True(t, clean(rep), "%s: %v", v.Name, rep.Faults)
		}
		restore()
	}
	require.Positive(t, m.allocs)
	require.Empty(t, m.live)
}

// Shards verified by engines that share nothing but a counter, merged,
// give Verify's report, for the archive as it is and with a byte flipped
// at several places (blobs, tables, the integrity table's cover).
func TestVerifyShardsMergeToVerify(t *testing.T) {
	for _, name := range []string{"ntfs-xpress-integrity", "ntfs-lzx-2m", "ntfs-solid", "ntfs-solid-1m", "ntfs-split"} {
		t.Run(name, func(t *testing.T) {
			orig := readFile(t, vector(t, name))
			faulty, badTable := 0, 0
			for i := int64(0); i <= 6; i++ {
				b := orig
				if i > 0 {
					b = flip(orig, int64(len(orig))*i/7)
				}
				want, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
				require.NoError(t, err)
				faulty += len(want.Faults)
				if want.Integrity != nil {
					badTable++
				}
				for _, n := range []int{2, 3, 7} {
					got := verifyByEngines(t, b, n)
					where := fmt.Sprintf("byte %d flipped, %d shards", int64(len(orig))*i/7, n)
					require.Equal(t, want.Blobs, got.Blobs, where)
					require.Equal(t, want.Bytes, got.Bytes, where)
					require.Equal(t, faultHashes(want), faultHashes(got), where)
					require.Equal(t, want.HasIntegrity, got.HasIntegrity, where)
					require.Equal(t, fmt.Sprint(want.Integrity), fmt.Sprint(got.Integrity), where)
				}
			}
			require.Positive(t, faulty, "some flip damaged a blob")
			if name == "ntfs-xpress-integrity" {
				require.Positive(t, badTable, "some flip broke the integrity check")
			}
		})
	}
}

// verifyByEngines verifies b in n shards by two engines, each with its
// own Archive, claiming shards from one counter, and merges their reports.
func verifyByEngines(t *testing.T, b []byte, n int) *bulk.VerifyReport {
	var next atomic.Int64
	claim := func() int { return int(next.Add(1) - 1) }
	var engines [2]map[int]*bulk.VerifyReport
	var wg sync.WaitGroup
	for e := range engines {
		a := openBytes(t, b)
		wg.Go(func() {
			reps, err := bulk.VerifyShards(context.Background(), a, bulk.Options{}, nil, n, claim)
			assert.NoError(t, err)
			engines[e] = reps
		})
	}
	wg.Wait()
	var all []*bulk.VerifyReport
	for k := range n {
		r, in0 := engines[0][k]
		_, in1 := engines[1][k]
		require.True(t, in0 != in1, "shard %d verified by exactly one engine", k)
		if in1 {
			r = engines[1][k]
		}
		all = append(all, r)
	}
	return bulk.MergeReports(all...)
}

func TestShardCount(t *testing.T) {
	// Small archives: the fewest shards, two.
	require.Equal(t, 2, bulk.ShardCount(openVector(t, vector(t, "ntfs-lzx-2m"))))
	_, err := bulk.VerifyShards(context.Background(), openVector(t, vector(t, "ntfs-none")), bulk.Options{}, nil, 0, func() int { return 0 })
	require.Error(t, err)
}

// Verify asks of each image whether it is sound: one using a blob the
// archive lacks is listed, one whose metadata is damaged is a fault
// instead, and sound ones are not listed.
func TestVerifyListsUnsoundImages(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "here", Data: []byte("x")},
		&wimtest.Entry{Name: "gone", Data: []byte("y"), MissingBlob: true})
	rep, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
	require.NoError(t, err)
	require.Empty(t, rep.Faults)
	require.Equal(t, []int{1}, rep.Unsound)

	v := vector(t, "ntfs-two")
	a := openVector(t, v)
	require.Equal(t, 2, a.ImageCount())
	rep, err = bulk.Verify(context.Background(), a, bulk.Options{}, nil)
	require.NoError(t, err)
	require.True(t, clean(rep))
	require.Empty(t, rep.Unsound)

	orig, err := os.ReadFile(v.Paths()[0])
	require.NoError(t, err)
	mb, err := a.MetadataBlob(2)
	require.NoError(t, err)
	rep, err = bulk.Verify(context.Background(), openBytes(t, flip(orig, int64(mb.Resource.Offset)+mb.StoredSize()/2)), bulk.Options{}, nil)
	require.NoError(t, err)
	require.Equal(t, []string{mb.Hash.String()}, faultHashes(rep))
	require.Empty(t, rep.Unsound)
}

// setImageCount returns a copy of b whose header counts n images.
func setImageCount(b []byte, n uint32) []byte {
	c := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(c[44:], n)
	return c
}

// A header that counts fewer images than the blob table holds metadata
// for: the count is a fault, and the uncounted metadata is read and
// hashed all the same, so damage there is found.
func TestUncountedMetadataIsVerified(t *testing.T) {
	orig := readFile(t, vector(t, "ntfs-two"))
	two := openBytes(t, orig)
	require.Empty(t, two.Inconsistencies())
	second, err := two.MetadataBlob(2)
	require.NoError(t, err)
	full, err := bulk.Verify(context.Background(), two, bulk.Options{}, nil)
	require.NoError(t, err)
	for _, n := range []uint32{0, 1} {
		a := openBytes(t, setImageCount(orig, n))
		require.Equal(t, int(n), a.ImageCount())
		require.NotEmpty(t, a.Inconsistencies(), "count %d", n)
		require.ErrorContains(t, a.Inconsistencies()[0], "header's image count is")
		rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
		require.NoError(t, err)
		require.Equal(t, full.Blobs, rep.Blobs, "count %d: every metadata resource is checked", n)

		bad := setImageCount(flip(orig, int64(second.Resource.Offset)+second.StoredSize()/2), n)
		rep, err = bulk.Verify(context.Background(), openBytes(t, bad), bulk.Options{}, nil)
		require.NoError(t, err)
		require.Equal(t, []string{second.Hash.String()}, faultHashes(rep), "count %d", n)
	}
}

// Metadata with a reference count of 0 is no image's, as in wimlib, but
// verify still hashes it.
func TestUnreferencedMetadataIsVerified(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x")})
	a := openBytes(t, b)
	mb, err := a.MetadataBlob(1)
	require.NoError(t, err)
	entry := bytes.Index(b, mb.Hash[:]) - 30 // the entry's hash is at 30
	binary.LittleEndian.PutUint32(b[entry+26:], 0)
	b = setImageCount(b, 0)
	rep, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
	require.NoError(t, err)
	require.Empty(t, rep.Faults)
	require.Equal(t, 2, rep.Blobs)
	rep, err = bulk.Verify(context.Background(), openBytes(t, flip(b, int64(mb.Resource.Offset)+8)), bulk.Options{}, nil)
	require.NoError(t, err)
	require.Equal(t, []string{mb.Hash.String()}, faultHashes(rep))
}

// An integrity table whose offset is set is there, whatever its size
// says: one of 0 bytes is a bad table, as in wimlib.
func TestEmptyIntegrityTableIsBad(t *testing.T) {
	b := readFile(t, vector(t, "ntfs-two"))
	binary.LittleEndian.PutUint64(b[124+8:], 208)
	rep, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
	require.NoError(t, err)
	require.True(t, rep.HasIntegrity)
	require.ErrorContains(t, rep.Integrity, "0 bytes")
	require.False(t, clean(rep))
}

// countingHasher is Go's SHA-1, counting how it is asked.
type countingHasher struct {
	digest.Go
	sums, batches, batched, news atomic.Int64
}

func (h *countingHasher) Sum(b []byte) digest.SHA1 {
	h.sums.Add(1)
	return h.Go.Sum(b)
}

func (h *countingHasher) SumAll(bufs [][]byte, sums []digest.SHA1) {
	h.batches.Add(1)
	h.batched.Add(int64(len(bufs)))
	h.Go.SumAll(bufs, sums)
}

func (h *countingHasher) New() hash.Hash {
	h.news.Add(1)
	return h.Go.New()
}

// Verify hashes with the host's Hasher, and only with it: small blobs a
// batch a call (the fast path of WebCrypto and of Node's crypto), blobs
// running across spans in pieces, images' metadata whole, the integrity
// table by chunks. Its report is the one Go's SHA-1 gives.
func TestVerifyHashesWithTheHostsHasher(t *testing.T) {
	defer bulk.SetSpanBytes(4 << 10)()
	a := openVector(t, vector(t, "ntfs-xpress-integrity"))
	want, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
	require.NoError(t, err)
	h := &countingHasher{}
	got, err := bulk.Verify(context.Background(), a, bulk.Options{Hasher: h}, nil)
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.True(t, got.HasIntegrity)
	require.Equal(t, int64(a.ImageCount()), h.sums.Load(), "each image's metadata in one Sum")
	require.Positive(t, h.batches.Load())
	require.Greater(t, h.batched.Load(), h.batches.Load(), "batches of several blobs")
	require.Positive(t, h.news.Load(), "blobs across spans, and the integrity table")
}

// clean says the engine found nothing wrong; view.Verdict is what that
// means for a user.
func clean(r *bulk.VerifyReport) bool { return len(r.Faults) == 0 && r.Integrity == nil }
