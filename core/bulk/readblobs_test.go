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

// collector keeps what ReadBlobs hands over, failing on a piece after
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
			if err := bulk.ReadBlobs(context.Background(), a, bulk.Options{}, hashes, c, func(d, all int64) { last, total = d, all }); err != nil {
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
	if err := bulk.ReadBlobs(ctx, a, bulk.Options{}, hashes, c, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadBlobs on a cancelled context: %v", err)
	}
}
