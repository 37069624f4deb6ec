package bulk_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// collector keeps what a Reader hands over, failing on a piece after
// Done or a second Done.
type collector struct {
	t    *testing.T
	mu   sync.Mutex
	data map[int]*bytes.Buffer
	done map[int]error
}

func (c *collector) Piece(i int, p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.done[i]; ok {
		c.t.Errorf("blob %d: a piece after Done", i)
	}
	if c.data[i] == nil {
		c.data[i] = &bytes.Buffer{}
	}
	c.data[i].Write(p)
}

func (c *collector) Done(i int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.done[i]; ok {
		c.t.Errorf("blob %d: Done twice", i)
	}
	c.done[i] = err
}

// TestReadBlobsMatchesReadingEachBlob reads every blob of every vector
// in one pass, cut in small spans so blobs run across them, with a blob
// named twice and one the archive lacks, and compares each with reading
// it on its own.
func TestReadBlobsMatchesReadingEachBlob(t *testing.T) {
	defer bulk.SetSpanBytes(4 << 10)()
	for _, v := range vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			a := openVector(t, v)
			var hashes []digest.SHA1
			for _, b := range a.Blobs() {
				hashes = append(hashes, b.Hash)
			}
			if len(hashes) == 0 {
				t.Skip("no file blobs")
			}
			hashes = append(hashes, hashes[len(hashes)/2], digest.Sum([]byte("not in the archive")))
			c := &collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}
			var last, total int64
			if err := readAll(context.Background(), a, bulk.Options{}, hashes, c, func(d, all int64) { last, total = d, all }); err != nil {
				t.Fatal(err)
			}
			missing := len(hashes) - 1
			if err := c.done[missing]; !errors.Is(err, wim.ErrMissingBlob) {
				t.Errorf("the missing blob: %v, want ErrMissingBlob", err)
			}
			for i, h := range hashes[:missing] {
				b, _ := a.Blob(h)
				want, err := io.ReadAll(b.Open())
				if err != nil {
					t.Fatal(err)
				}
				err, ok := c.done[i]
				if got := c.data[i]; !ok || err != nil || (got == nil) != (len(want) == 0) || (got != nil && !bytes.Equal(got.Bytes(), want)) {
					t.Errorf("blob %d (%s): done %v, err %v, bytes differ from reading it alone", i, h, ok, err)
				}
			}
			if last != total {
				t.Errorf("progress ended at %d of %d", last, total)
			}
		})
	}
}

func TestReadBlobsStopsWhenCancelled(t *testing.T) {
	a := openVector(t, vectors(t)[0])
	var hashes []digest.SHA1
	for _, b := range a.Blobs() {
		hashes = append(hashes, b.Hash)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := &collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}
	if err := readAll(ctx, a, bulk.Options{}, hashes, c, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Read on a cancelled context: %v", err)
	}
}

// readAll reads hashes through a Reader of its own.
func readAll(ctx context.Context, a *wim.Archive, opts bulk.Options, hashes []digest.SHA1, c bulk.BlobConsumer, progress wim.Progress) error {
	r := bulk.NewReader(a, opts)
	defer r.Close()
	return r.Read(ctx, hashes, c, progress)
}

// countingMemory counts the buffers taken and given back.
type countingMemory struct {
	mu           sync.Mutex
	allocs, free int
}

func (m *countingMemory) Alloc(n int) []byte {
	m.mu.Lock()
	m.allocs++
	m.mu.Unlock()
	return make([]byte, n)
}

func (m *countingMemory) Free([]byte) {
	m.mu.Lock()
	m.free++
	m.mu.Unlock()
}

func TestReaderKeepsItsBuffersUntilClosed(t *testing.T) {
	defer bulk.SetSpanBytes(4 << 10)()
	a := openVector(t, vectors(t)[0])
	var hashes []digest.SHA1
	for _, b := range a.Blobs() {
		hashes = append(hashes, b.Hash)
	}
	mem := &countingMemory{}
	r := bulk.NewReader(a, bulk.Options{Memory: mem})
	var got [2]*collector
	for i := range got {
		got[i] = &collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}
		if err := r.Read(context.Background(), hashes, got[i], nil); err != nil {
			t.Fatal(err)
		}
		if i == 0 && (mem.allocs == 0 || mem.free != 0) {
			t.Fatalf("after the first read: %d buffers taken, %d freed; want some taken, none freed", mem.allocs, mem.free)
		}
	}
	first := mem.allocs
	for i := range hashes {
		if got[0].done[i] != nil || got[1].done[i] != nil || !bytes.Equal(bufBytes(got[0].data[i]), bufBytes(got[1].data[i])) {
			t.Errorf("blob %d read differently the second time: %v, %v", i, got[0].done[i], got[1].done[i])
		}
	}
	r.Close()
	if mem.allocs != first || mem.free != mem.allocs {
		t.Errorf("two reads took %d buffers (the first %d) and Close freed %d", mem.allocs, first, mem.free)
	}
}

func bufBytes(b *bytes.Buffer) []byte {
	if b == nil {
		return nil
	}
	return b.Bytes()
}
