package wim

import (
	"context"
	"crypto/sha1"
	"fmt"
	"hash"
	"runtime"
	"sort"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
)

// span is a run of one resource's uncompressed bytes that one worker
// produces: a chunk of a compressed resource or a slice of a raw one.
type span struct {
	g     *resGroup
	chunk int64 // chunk index; -1 for a raw slice
	off   int64 // in the resource's uncompressed bytes
	n     int64
	data  []byte
	err   error
	ready chan struct{}
	// whole holds the SHA-1s of the blobs lying entirely inside the span,
	// hashed by the worker so hashing runs on every core too.
	whole []blobSum
}

type blobSum struct {
	j   int // index in g.blobs
	sum digest.SHA1
}

// resGroup is a resource with the blobs to hash in it, by offset.
type resGroup struct {
	res   *resource
	blobs []*Blob
	sums  []hash.Hash // per blob, created when its first bytes arrive
	bad   []error     // per blob, the first error that spoiled it
	next  int         // blobs before next are finished
}

// rawSpan is how much of an uncompressed resource one worker reads.
const rawSpan = 1 << 20

// inflightBytes bounds decoded data waiting to be hashed: two 64 MiB solid
// chunks, one per core on a 2-core machine; small chunks never reach it.
const inflightBytes = 128 << 20

// groupByResource keeps the location order of blobs sorted by location.
func groupByResource(blobs []*Blob) []*resGroup {
	var out []*resGroup
	at := map[*resource]*resGroup{}
	for _, b := range blobs {
		g, ok := at[b.res]
		if !ok {
			g = &resGroup{res: b.res}
			at[b.res] = g
			out = append(out, g)
		}
		g.blobs = append(g.blobs, b)
		g.sums = append(g.sums, nil)
		g.bad = append(g.bad, nil)
	}
	return out
}

// spans lists the pieces covering every blob of g, in order.
func (g *resGroup) spans(yield func(*span) bool) {
	lo, hi := g.blobs[0].off, int64(0)
	for _, b := range g.blobs {
		lo, hi = min(lo, b.off), max(hi, b.off+b.Size)
	}
	r := g.res
	if !r.compressed() {
		for off := lo; off < hi; off += rawSpan {
			if !yield(&span{g: g, chunk: -1, off: off, n: min(rawSpan, hi-off)}) {
				return
			}
		}
		return
	}
	for i := lo / r.chunkSize; i*r.chunkSize < hi; i++ {
		if !yield(&span{g: g, chunk: i, off: i * r.chunkSize, n: r.chunkLen(i)}) {
			return
		}
	}
}

// decode fills s.data; scratch holds compressed bytes between calls.
func (a *Archive) decode(s *span, scratch []byte) []byte {
	r := s.g.res
	s.data = getBuf(s.n)
	if s.chunk < 0 {
		s.err = r.part.readFull(s.data, r.offset+s.off, "resource")
		return scratch
	}
	if s.err = r.loadTable(); s.err == nil {
		scratch, s.err = r.readChunk(a, s.chunk, s.data, scratch)
	}
	return scratch
}

// hashWhole hashes, on the worker, each blob entirely inside s.
func (s *span) hashWhole() {
	if s.err != nil {
		return
	}
	bs, end := s.g.blobs, s.off+s.n
	for j := sort.Search(len(bs), func(j int) bool { return bs[j].off >= s.off }); j < len(bs) && bs[j].off < end; j++ {
		if b := bs[j]; b.off+b.Size <= end {
			s.whole = append(s.whole, blobSum{j, digest.Sum(s.data[b.off-s.off : b.off-s.off+b.Size])})
		}
	}
}

// feed hashes what s holds of each blob and finishes the blobs it ends.
func (g *resGroup) feed(s *span, rep *VerifyReport, tick func(int64)) {
	end := s.off + s.n
	whole := s.whole
	for j := g.next; j < len(g.blobs) && g.blobs[j].off < end; j++ {
		b := g.blobs[j]
		var pre *digest.SHA1
		if len(whole) > 0 && whole[0].j == j {
			// Usable only if the blob finishes now; a blob still waiting on
			// an overlapping one (a malformed solid run) hashes as usual.
			if j == g.next {
				pre = &whole[0].sum
			}
			whole = whole[1:]
		}
		lo, hi := max(b.off, s.off), min(b.off+b.Size, end)
		if lo < hi {
			switch {
			case g.bad[j] != nil || pre != nil:
			case s.err != nil:
				g.bad[j] = s.err
			default:
				if g.sums[j] == nil {
					g.sums[j] = sha1.New()
				}
				g.sums[j].Write(s.data[lo-s.off : hi-s.off])
			}
			tick(hi - lo)
		}
		if b.off+b.Size <= end && j == g.next {
			g.finish(j, pre, rep)
			g.next++
		}
	}
}

// finish checks blob j against its SHA-1: pre when a worker hashed it
// whole, else what feed accumulated.
func (g *resGroup) finish(j int, pre *digest.SHA1, rep *VerifyReport) {
	b, err := g.blobs[j], g.bad[j]
	rep.Blobs++
	rep.Bytes += b.Size
	if err == nil {
		var got digest.SHA1
		if pre != nil {
			got = *pre
		} else {
			g.sums[j].Sum(got[:0])
		}
		if got != b.Hash {
			err = &FormatError{Part: b.Part(), Offset: int64(b.Resource.Offset), Field: "blob", Resource: b.Hash.String(),
				Err: fmt.Errorf("%w: data hashes to %s", ErrChecksum, got)}
		}
	}
	g.sums[j] = nil
	if err != nil {
		rep.Faults = append(rep.Faults, BlobFault{b.Hash, err})
	}
}

// hashBlobs decodes spans on one worker per core and hashes them here, in
// order, holding at most inflightBytes of decoded data.
func (a *Archive) hashBlobs(ctx context.Context, blobs []*Blob, rep *VerifyReport, tick func(int64)) error {
	if len(blobs) == 0 {
		return nil
	}
	groups := groupByResource(blobs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	budget := newByteBudget(inflightBytes)
	work := make(chan *span)
	// A long queue lets workers run ahead of a slow chunk; the byte budget,
	// not the queue, bounds memory.
	order := make(chan *span, 256)
	go func() {
		defer close(order)
		defer close(work)
		for _, g := range groups {
			for s := range g.spans {
				s.ready = make(chan struct{})
				if !budget.take(ctx, s.n) {
					return
				}
				order <- s
				work <- s
			}
		}
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []byte
			for s := range work {
				scratch = a.decode(s, scratch)
				s.hashWhole()
				close(s.ready)
			}
		}()
	}
	defer wg.Wait()
	for s := range order {
		<-s.ready
		if ctx.Err() == nil {
			s.g.feed(s, rep, tick)
		}
		putBuf(s.data)
		s.data = nil
		budget.give(s.n)
	}
	// Blobs the spans could not reach (a cut-short resource) end here.
	for _, g := range groups {
		for ; g.next < len(g.blobs) && ctx.Err() == nil; g.next++ {
			if g.bad[g.next] == nil && g.sums[g.next] == nil {
				g.sums[g.next] = sha1.New()
			}
			g.finish(g.next, nil, rep)
		}
	}
	return ctx.Err()
}

// byteBudget is a counting semaphore in bytes. A request larger than the
// whole budget is granted when nothing else is held, so it cannot stall.
type byteBudget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int64
	held  int64
}

func newByteBudget(limit int64) *byteBudget {
	b := &byteBudget{limit: limit}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// take waits for n bytes; false when ctx ends first.
func (b *byteBudget) take(ctx context.Context, n int64) bool {
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		b.cond.Broadcast()
		b.mu.Unlock()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.held > 0 && b.held+n > b.limit {
		if ctx.Err() != nil {
			return false
		}
		b.cond.Wait()
	}
	b.held += n
	return ctx.Err() == nil
}

func (b *byteBudget) give(n int64) {
	b.mu.Lock()
	b.held -= n
	b.cond.Broadcast()
	b.mu.Unlock()
}

// bufPools recycles span buffers by power-of-two capacity: verify decodes
// every chunk of the archive, and fresh buffers would keep the GC busy.
var bufPools [31]sync.Pool

func poolIndex(n int64) int {
	i := 0
	for int64(1)<<i < n {
		i++
	}
	return i
}

func getBuf(n int64) []byte {
	i := poolIndex(n)
	if i < len(bufPools) {
		if b, ok := bufPools[i].Get().(*[]byte); ok {
			return (*b)[:n]
		}
		return make([]byte, n, int64(1)<<i)
	}
	return make([]byte, n)
}

func putBuf(b []byte) {
	if i := poolIndex(int64(cap(b))); i < len(bufPools) && int64(1)<<i == int64(cap(b)) {
		bufPools[i].Put(&b)
	}
}
