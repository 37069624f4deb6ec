package bulk

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// BlobConsumer receives the blobs ReadBlobs reads, named by their index
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

// ReadBlobs reads the blobs of a named by hashes the way Verify does: in
// the order they lie in the archive, each chunk decoded once, on every
// core, in bounded memory; and it checks each against its SHA-1. Bulk work
// (extraction) uses it; random reads (Blob.ReadAt) go through the chunk
// cache instead. A hash listed twice is read twice. A blob the archive
// lacks is Done with ErrMissingBlob or ErrMissingPart before any other.
// progress, if not nil, counts bytes read out of all the blobs', one call
// at a time. The returned error is only for cancellation, after which
// some blobs may never be Done.
func ReadBlobs(ctx context.Context, a *wim.Archive, opts Options, hashes []digest.SHA1, c BlobConsumer, progress wim.Progress) error {
	opts = opts.resolved()
	type keyed struct {
		l   wim.Location
		key int
	}
	ks := make([]keyed, 0, len(hashes))
	var total int64
	for i, h := range hashes {
		l, err := a.Locate(h)
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
	bufs := buffers{mem: opts.Memory}
	defer bufs.release()
	_, err := readBlobs(ctx, a, opts.Hasher, ls, keys, c, tick, &bufs)
	return err
}
