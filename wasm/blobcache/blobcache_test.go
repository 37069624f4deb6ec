package blobcache

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"testing"
)

// source is an in-memory file that records every fetch.
type source struct {
	mu      sync.Mutex // readahead fetches on another goroutine
	data    []byte
	fetches [][2]int64 // offset, length
	fail    bool
}

func (s *source) fetch(p []byte, off int64) error {
	if s.fail {
		return errors.New("read failed")
	}
	s.mu.Lock()
	s.fetches = append(s.fetches, [2]int64{off, int64(len(p))})
	s.mu.Unlock()
	copy(p, s.data[off:])
	return nil
}

func (s *source) wantFetches(t *testing.T, want [][2]int64) {
	t.Helper()
	if !reflect.DeepEqual(s.fetches, want) {
		t.Fatalf("fetches %v, want %v", s.fetches, want)
	}
}

func newSource(n int) *source {
	b := make([]byte, n)
	rand.New(rand.NewSource(1)).Read(b)
	return &source{data: b}
}

func TestReadAtMatchesSource(t *testing.T) {
	src := newSource(10_000)
	r := New(src.fetch, int64(len(src.data)), 1024, 3)
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		off := rng.Int63n(int64(len(src.data)))
		p := make([]byte, rng.Intn(3000))
		n, err := r.ReadAt(p, off)
		want := src.data[off:min(off+int64(len(p)), int64(len(src.data)))]
		if n != len(want) || !bytes.Equal(p[:n], want) {
			t.Fatalf("ReadAt(%d bytes, %d) = %d bytes, want %d", len(p), off, n, len(want))
		}
		if short := len(want) < len(p); short != (err == io.EOF) {
			t.Fatalf("ReadAt(%d bytes, %d): err %v, short read %v", len(p), off, err, short)
		}
		if err != nil && err != io.EOF {
			t.Fatal(err)
		}
	}
	if _, err := r.ReadAt(make([]byte, 1), int64(len(src.data))); err != io.EOF {
		t.Fatalf("read at the end: %v, want EOF", err)
	}
	if _, err := r.ReadAt(make([]byte, 1), -1); err == nil {
		t.Fatal("negative offset accepted")
	}
}

func TestSmallReadsShareAChunk(t *testing.T) {
	src := newSource(4096)
	r := New(src.fetch, 4096, 1024, 2)
	for off := int64(0); off < 1024; off += 50 {
		r.ReadAt(make([]byte, 8), off)
	}
	st := r.Stats()
	if st.Reads != 1 || st.BytesRead != 1024 || st.Hits != 20 {
		t.Fatalf("stats %+v, want one 1024-byte read and 20 hits", st)
	}
}

func TestWholeChunksBypassTheCache(t *testing.T) {
	src := newSource(4096)
	r := New(src.fetch, 4096, 1024, 2)
	r.ReadAt(make([]byte, 2048+10), 1024) // chunks 1 and 2 whole, in one read; 10 bytes of 3
	r.ReadAt(make([]byte, 1), 3072)       // chunk 3 is cached
	r.ReadAt(make([]byte, 1), 1024)       // chunk 1 was not
	src.wantFetches(t, [][2]int64{{1024, 2048}, {3072, 1024}, {1024, 1024}})
}

func TestWholeChunksStopAtACachedOne(t *testing.T) {
	src := newSource(4096)
	r := New(src.fetch, 4096, 1024, 4)
	r.ReadAt(make([]byte, 1), 2048) // caches chunk 2
	p := make([]byte, 4096)
	if n, err := r.ReadAt(p, 0); n != 4096 || err != nil || !bytes.Equal(p, src.data) {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	src.wantFetches(t, [][2]int64{{2048, 1024}, {0, 2048}, {3072, 1024}})
}

func TestEvictsLeastRecent(t *testing.T) {
	src := newSource(4096)
	r := New(src.fetch, 4096, 1024, 2)
	for _, off := range []int64{0, 1024, 0, 2048, 0, 1024} { // 1024 is evicted by 2048
		r.ReadAt(make([]byte, 1), off)
	}
	if st := r.Stats(); st.Reads != 4 || st.Hits != 2 {
		t.Fatalf("stats %+v, want 4 reads and 2 hits", st)
	}
}

func TestShortLastChunk(t *testing.T) {
	src := newSource(1500)
	r := New(src.fetch, 1500, 1024, 2)
	p := make([]byte, 600)
	if n, err := r.ReadAt(p, 1000); n != 500 || err != io.EOF || !bytes.Equal(p[:n], src.data[1000:]) {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	if st := r.Stats(); st.BytesRead != 1500 || st.Reads != 2 {
		t.Fatalf("stats %+v; want 1500 bytes in 2 reads", st)
	}
}

func TestFetchErrorIsReturned(t *testing.T) {
	src := newSource(100)
	src.fail = true
	r := New(src.fetch, 100, 64, 2)
	if _, err := r.ReadAt(make([]byte, 10), 5); err == nil || err.Error() != "read failed" {
		t.Fatalf("err = %v", err)
	}
}

// Reading on in order, each chunk is fetched once, and the one after the
// chunk being read is fetched ahead; reading elsewhere fetches nothing
// ahead. Each read waits for the readahead it started: a chunk still being
// fetched when it is read counts as missed, which fetches the one after it
// too, so which chunks are fetched would otherwise depend on timing.
func TestReadaheadFetchesTheNextChunkOnce(t *testing.T) {
	src := newSource(8 * 1024)
	r := New(src.fetch, int64(len(src.data)), 1024, 4)
	r.SetReadahead(true)
	settle := func() {
		for {
			r.mu.Lock()
			busy := len(r.inflight) > 0
			r.mu.Unlock()
			if !busy {
				return
			}
			runtime.Gosched()
		}
	}
	for off := int64(0); off < 4*1024; off += 100 {
		p := make([]byte, 100)
		if n, err := r.ReadAt(p, off); n != 100 || err != nil || !bytes.Equal(p, src.data[off:off+100]) {
			t.Fatalf("ReadAt(100, %d) = %d, %v", off, n, err)
		}
		settle()
	}
	r.ReadAt(make([]byte, 1), 6*1024) // not in order: no readahead of chunk 7
	settle()
	src.mu.Lock()
	defer src.mu.Unlock()
	sort.Slice(src.fetches, func(i, j int) bool { return src.fetches[i][0] < src.fetches[j][0] })
	// The last in-order read runs into chunk 4, which fetches 5 ahead.
	src.wantFetches(t, [][2]int64{{0, 1024}, {1024, 1024}, {2048, 1024}, {3072, 1024}, {4096, 1024}, {5120, 1024}, {6144, 1024}})
}
