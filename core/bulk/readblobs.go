package bulk

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// BlobConsumer receives the blobs a Reader reads, named by their index
// in its list. Calls for different blobs come from several goroutines at
// once; those for one blob come one after another, in order.
type BlobConsumer interface {
	// Piece hands over the next bytes of blob i, valid only during the
	// call.
	Piece(i int, p []byte)
	// Done ends blob i, once every piece has been handed over: err is nil
	// when its bytes hashed to its SHA-1, and otherwise says why they did
	// not or could not be read (some pieces may have come before).
	Done(i int, err error)
}

// Reader reads blobs of an archive in bulk (see Read), keeping its
// buffers from one Read to the next until Close: extraction reads each
// file too big to hold in memory in a pass of its own, and fresh buffers
// for each were a pass's worth of garbage per file, the peak of a zip.
type Reader struct {
	a    *wim.Archive
	opts Options
	bufs buffers
}

// NewReader reads a's blobs with opts.
func NewReader(a *wim.Archive, opts Options) *Reader {
	opts = opts.resolved()
	return &Reader{a: a, opts: opts, bufs: buffers{mem: opts.Memory}}
}

// Close frees the buffers; r is not used again.
func (r *Reader) Close() { r.bufs.release() }

// Read reads the blobs named by hashes the way Verify does: in the order
// they lie in the archive, each chunk decoded once, on every core, in
// bounded memory; and it checks each against its SHA-1. Bulk work
// (extraction) uses it; random reads (Blob.ReadAt) go through the chunk
// cache instead. A hash listed twice is read twice. A blob the archive
// lacks is Done with ErrMissingBlob or ErrMissingPart before any other.
// progress, if not nil, counts bytes read out of all the blobs', one call
// at a time. The returned error is only for cancellation, after which
// some blobs may never be Done.
func (r *Reader) Read(ctx context.Context, hashes []digest.SHA1, c BlobConsumer, progress wim.Progress) error {
	type keyed struct {
		l   wim.Location
		key int
	}
	ks := make([]keyed, 0, len(hashes))
	var total int64
	for i, h := range hashes {
		l, err := r.a.Locate(h)
		if err != nil {
			c.Done(i, err)
			continue
		}
		total += l.Size
		ks = append(ks, keyed{l, i})
	}
	slices.SortStableFunc(ks, func(x, y keyed) int { return wim.CompareLocations(x.l, y.l) })
	ls, keys := make([]wim.Location, len(ks)), make([]int, len(ks))
	for i, k := range ks {
		ls[i], keys[i] = k.l, k.key
	}
	tick := counter(progress, total)
	_, err := readBlobs(ctx, r.a, r.opts.Hasher, ls, keys, c, tick, &r.bufs)
	return err
}
