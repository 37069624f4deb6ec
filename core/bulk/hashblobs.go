package bulk

import (
	"bytes"
	"context"
	"hash"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// Verify's pipeline. Workers, one per core, take spans of the archive in
// file order and hash everything that needs no order on the spot: each
// blob lying wholly in the span, and the start of each blob that runs on
// past its end. What is left is a span's head, the bytes continuing blobs
// begun in earlier spans; heads of one resource are hashed in order, by
// whichever worker brings the one the resource waits for. No goroutine
// hashes for all the others, so large files and solid resources keep
// every core busy.

// span is a run of one resource's uncompressed bytes that one worker
// decodes: whole chunks of a compressed resource, or a slice of a raw one.
type span struct {
	g     *resGroup
	seq   int   // index among g's spans: the order of their heads
	off   int64 // in the resource's uncompressed bytes
	n     int64
	data  []byte
	err   error
	head  []byte    // data continuing blobs begun in earlier spans
	tails []partial // the blobs that begin in the span and run on

	budget int64  // bytes of the queue's budget the span still holds
	owned  []byte // a worker buffer the span took with it when parked

	// A paced span's (see pace.go): charged and freed under q.mu, the
	// rest the worker's. data[:relFrom] holds the head, data[relFrom:relTo]
	// is released.
	paced          bool
	charged, freed int64 // bytes written, and released of those
	relFrom, relTo int64
}

// newSpan returns span i of g, holding budget bytes of the budget.
func newSpan(g *resGroup, i int, budget int64) *span {
	off, n := g.span(i)
	return &span{g: g, seq: i, off: off, n: n, budget: budget}
}

// partial is a blob hashed across several spans.
type partial struct {
	j   int // index in g.blobs
	h   hash.Hash
	err error // the first error that spoiled it
}

// resGroup is a resource with the blobs to hash in it, by offset.
type resGroup struct {
	q      *spanQueue
	base   int // where blobs[0] is in q.blobs (and its outcome in q.errs)
	res    *wim.Resource
	blobs  []wim.Location
	first  int64 // where span 0 starts
	end    int64 // where the last span ends
	nspans int
	step   int64     // bytes per span
	order  *ordering // nil when one span covers every blob

	// A non-solid blob's resource, made afresh in the group's memory
	// (see wim.Archive.Resource), kept as the group is reused.
	own *wim.Resource
}

// ordering is the state of a group whose heads must be hashed in order.
type ordering struct {
	reach []int64 // reach[j]: where the furthest of blobs[:j+1] ends

	mu     sync.Mutex
	seq    int  // the span whose head is due
	busy   bool // a worker is hashing heads
	parked []*span

	open []partial // blobs begun in spans already through, not ended
}

// spanBytes is how much of a resource one span holds at most, unless a
// single chunk is larger (solid resources use chunks of many MiB). Tests
// make it small to cut small archives into many spans.
var spanBytes int64 = 1 << 20

// parkSpans bounds the decoded heads that wait for an earlier span, in
// spans, over what the workers are decoding. A consumer writes the heads
// as they are hashed (extraction deflates them, for a zip), slower than
// the other worker decodes the spans that follow: heads then pile up to
// the bound, each in a buffer of its own, so it is lower.
const (
	parkSpans         = 32
	parkSpansConsumed = 4
)

// feed hands p, the next bytes of blob j (whose hash the caller keeps),
// to the consumer, if any.
func (g *resGroup) feed(j int, p []byte) {
	if c := g.q.consumer; c != nil {
		c.Piece(g.q.keys[g.base+j], p)
	}
}

// settle records blob j's outcome and tells the consumer.
func (g *resGroup) settle(j int, err error) {
	g.q.errs[g.base+j] = err
	if c := g.q.consumer; c != nil {
		c.Done(g.q.keys[g.base+j], err)
	}
}

// check is blob j's fault when its bytes hash to got, nil if none.
func (g *resGroup) check(j int, got digest.SHA1) error {
	return g.q.a.CheckHash(g.blobs[j], got)
}

// plan sets g's spans. Empty blobs need no bytes: they are checked here.
func (g *resGroup) plan() {
	lo, hi := int64(-1), int64(0)
	for j, b := range g.blobs {
		if b.Size == 0 {
			g.settle(j, g.check(j, digest.Sum(nil)))
			continue
		}
		if lo < 0 {
			lo = b.Off
		}
		hi = max(hi, b.Off+b.Size)
	}
	if lo < 0 {
		return
	}
	g.first, g.end, g.step = lo, hi, spanBytes
	if r := g.res; r.Compressed() {
		c := r.ChunkSize()
		g.first = lo / c * c
		g.end = min((hi+c-1)/c*c, r.Size())
		g.step = max(spanBytes/c, 1) * c
	}
	g.nspans = int((g.end - g.first + g.step - 1) / g.step)
	if g.nspans > 1 && g.res.Compressed() {
		// A chunk table that cannot be read fails every blob at once: a
		// hostile size could otherwise make billions of spans, each to
		// fail on its own.
		if err := g.res.LoadTable(); err != nil {
			for j, b := range g.blobs {
				if b.Size > 0 {
					g.settle(j, err)
				}
			}
			g.nspans = 0
			return
		}
	}
	if g.nspans > 1 {
		o := &ordering{reach: make([]int64, len(g.blobs))}
		far := int64(0)
		for j, b := range g.blobs {
			far = max(far, b.Off+b.Size)
			o.reach[j] = far
		}
		g.order = o
	}
}

// span returns span i's offset and length.
func (g *resGroup) span(i int) (off, n int64) {
	off = g.first + int64(i)*g.step
	return off, min(g.step, g.end-off)
}

// buffers are the buffers Verify's workers decode and read into, kept
// from one hashBlobs to the next: an engine verifying many shards then
// takes a pass's worth of memory once, not once per shard.
type buffers struct {
	mem       Memory
	free      [][]byte // not in use
	allocated [][]byte // every buffer taken from memory
}

// take returns a free buffer of at least n bytes, or else a new one of
// size bytes (at least n).
func (p *buffers) take(n, size int64) []byte {
	for i, b := range p.free {
		if int64(cap(b)) >= n {
			last := len(p.free) - 1
			p.free[i], p.free[last] = p.free[last], nil
			p.free = p.free[:last]
			return b[:cap(b)]
		}
	}
	b := p.mem.Alloc(int(size))
	p.allocated = append(p.allocated, b)
	return b
}

// release gives every buffer back to the Memory.
func (p *buffers) release() {
	for _, b := range p.allocated {
		p.mem.Free(b)
	}
	*p = buffers{mem: p.mem}
}

// hashBlobs checks blobs on workers() goroutines, hashing with h and
// decoding into buffers from bufs, and adds them to rep in location order.
func hashBlobs(ctx context.Context, a *wim.Archive, h digest.Hasher, blobs []wim.Location, rep *VerifyReport, tick func(int64), bufs *buffers) error {
	errs, err := readBlobs(ctx, a, h, blobs, nil, nil, tick, bufs)
	if err != nil {
		return err
	}
	for i, l := range blobs {
		rep.Blobs++
		rep.Bytes += l.Size
		if err := errs[i]; err != nil {
			rep.Faults = append(rep.Faults, BlobFault{l.Hash, err})
		}
	}
	return nil
}

// readBlobs reads and hashes blobs, in location order, on workers()
// goroutines, hashing with h, decoding into buffers from bufs, handing
// their bytes to c when it is not nil; it returns each blob's outcome (see
// BlobConsumer).
func readBlobs(ctx context.Context, a *wim.Archive, h digest.Hasher, blobs []wim.Location, keys []int, c BlobConsumer, tick func(int64), bufs *buffers) ([]error, error) {
	q := &spanQueue{a: a, hasher: h, blobs: blobs, keys: keys, errs: make([]error, len(blobs)), bufSize: spanBytes, bufs: bufs, consumer: c}
	q.cond.L = &q.mu
	if c != nil { // see pace.go
		q.pace.rel, _ = bufs.mem.(Releaser)
	}
	defer context.AfterFunc(ctx, q.stop)()
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			w := &worker{a: a, q: q, tick: tick}
			w.run(ctx)
		})
	}
	wg.Wait()
	// Every worker is done: nothing holds the buffers any more.
	bufs.free = append(bufs.free[:0], bufs.allocated...)
	return q.errs, ctx.Err()
}

// spanQueue groups blobs by resource and hands out their spans in file
// order. Groups are made as the workers get to them, so that they start at
// once: making tens of thousands up front would leave a core idle.
//
// Decoded bytes not yet hashed are bounded: a span is handed out only when
// its bytes fit in the budget, or when nothing else is held, so a span
// larger than the budget cannot stall.
type spanQueue struct {
	mu      sync.Mutex
	cond    sync.Cond
	a       *wim.Archive
	hasher  digest.Hasher
	blobs   []wim.Location
	keys    []int   // what the consumer calls each blob
	errs    []error // per blob: why it failed, nil when it checked out
	made    int     // blobs before made are in groups
	cur     *resGroup
	si      int         // cur's next span
	slab    []resGroup  // room for groups to come
	free    []*resGroup // batched groups done with, to make groups in again
	held    int64
	waiting int
	stopped bool
	bufSize int64    // the largest span yet
	bufs    *buffers // worker buffers, and those left behind by parked spans

	consumer BlobConsumer // nil when only verifying
	pace     pacer
}

// limit is the budget: a span decoding on each core, plus room for parked
// heads.
func (q *spanQueue) limit() int64 {
	park := int64(parkSpans)
	if q.consumer != nil {
		park = parkSpansConsumed
	}
	return int64(workers())*q.bufSize + park*spanBytes
}

// workers is how many goroutines verify: one per core, and at least two,
// so that on one core (js/wasm has one thread) a worker waiting for its
// read or for WebCrypto's hash leaves the thread to the other.
func workers() int { return max(runtime.GOMAXPROCS(0), 2) }

// group returns the group whose spans are being handed out, making the
// next one if there is none; nil once every blob is in a group.
func (q *spanQueue) group() *resGroup {
	if q.cur != nil || q.made == len(q.blobs) {
		return q.cur
	}
	bs := q.blobs
	i, j := q.made, q.made+1
	g := q.newGroup()
	own := g.own
	if own == nil {
		own = new(wim.Resource)
	}
	*g = resGroup{q: q, base: i, own: own, res: q.a.Resource(bs[i], own)}
	if g.res.Solid() {
		for j < len(bs) && q.a.Resource(bs[j], nil) == g.res {
			j++
		}
	}
	g.blobs = bs[i:j]
	g.plan()
	// A span is no longer than the group: a small solid resource with
	// 64 MiB chunks needs no 64 MiB buffers.
	q.bufSize = max(q.bufSize, min(g.step, g.end-g.first))
	q.cur, q.si, q.made = g, 0, j
	return g
}

// newGroup returns a group to fill: one done with, or new memory.
func (q *spanQueue) newGroup() *resGroup {
	if n := len(q.free); n > 0 {
		g := q.free[n-1]
		q.free = q.free[:n-1]
		return g
	}
	if len(q.slab) == 0 {
		q.slab = make([]resGroup, 64)
	}
	g := &q.slab[0]
	q.slab = q.slab[1:]
	return g
}

// done takes back the groups of a batch, which nothing refers to any more.
func (q *spanQueue) done(gs []*resGroup) {
	q.mu.Lock()
	q.free = append(q.free, gs...)
	q.mu.Unlock()
}

func (q *spanQueue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.cond.Broadcast()
	q.mu.Unlock()
}

// job is what a worker takes from the queue: a batch of small groups that
// lie one after another in the file, read at once; a big raw group, read
// through in order; or one span of a compressed group.
type job struct {
	batch []*resGroup
	g     *resGroup
	s     *span
}

// next returns the next job, or an empty one at the end.
func (q *spanQueue) next() job {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !q.stopped {
		g := q.group()
		switch {
		case g == nil:
			return job{}
		case g.nspans == 0:
			q.cur = nil
			continue
		case g.small():
			q.cur = nil
			batch := []*resGroup{g}
			lo, hi := g.extent()
			for h := q.group(); h != nil && h.small() && h.res.Part() == g.res.Part(); h = q.group() {
				l, e := h.extent()
				if l < hi || e-lo > spanBytes {
					break
				}
				batch = append(batch, h)
				q.cur, hi = nil, e
			}
			return job{batch: batch}
		case !g.res.Compressed():
			q.cur = nil
			return job{g: g}
		}
		_, n := g.span(q.si)
		if q.held > 0 && q.held+n > q.limit() {
			q.waiting++
			q.cond.Wait()
			q.waiting--
			continue
		}
		j := job{s: newSpan(g, q.si, n)}
		if q.paced(g) {
			q.pace.take(j.s)
		}
		if q.si++; q.si == g.nspans {
			q.cur = nil
		}
		q.held += n
		return j
	}
	return job{}
}

// give returns n bytes of budget and, if not nil, a worker buffer.
func (q *spanQueue) give(n int64, buf []byte) {
	q.mu.Lock()
	q.held -= n
	if buf != nil {
		q.bufs.free = append(q.bufs.free, buf)
	}
	if q.waiting > 0 {
		q.cond.Broadcast()
	}
	q.mu.Unlock()
}

// buffer returns a worker buffer of at least n bytes for decoded bytes.
func (q *spanQueue) buffer(n int64) []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bufs.take(n, max(n, q.bufSize))
}

// stored returns a buffer of at least n bytes for a worker's stored bytes.
func (q *spanQueue) stored(n int64) []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bufs.take(n, n)
}

// worker decodes and hashes spans. Its buffers are reused from span to
// span: fresh memory for every span would cost page faults and GC work.
type worker struct {
	a      *wim.Archive
	q      *spanQueue
	tick   func(int64)
	buf    []byte // decoded bytes
	stored []byte // compressed bytes

	// A batch's blobs, hashed together (see flush and summed).
	pend  []pending
	bufs  [][]byte // their bytes
	sums  []digest.SHA1
	offs  []int64 // where they lie in their part
	sizes []int64
}

// pending is a blob of a batch waiting for its hash: g.blobs[j].
type pending struct {
	g *resGroup
	j int
}

func (w *worker) run(ctx context.Context) {
	// The queue stops when ctx ends, but from another goroutine, after
	// the workers may have taken many jobs.
	for ctx.Err() == nil {
		j := w.q.next()
		switch {
		case j.batch != nil:
			w.batch(j.batch)
		case j.s != nil:
			w.span(j.s)
		case j.g == nil:
			return
		case w.summed([]*resGroup{j.g}):
		default:
			for i := range j.g.nspans {
				if ctx.Err() != nil {
					return
				}
				w.span(newSpan(j.g, i, 0))
			}
		}
	}
}

// decoded returns w's buffer for n decoded bytes.
func (w *worker) decoded(n int64) []byte {
	if int64(cap(w.buf)) < n {
		w.buf = w.q.buffer(n)
	}
	return w.buf[:n]
}

// small reports whether one span covers g and its stored bytes are few
// enough to read in a batch with its neighbours': most files are small,
// and a read per file would cost a system call each.
func (g *resGroup) small() bool {
	lo, hi := g.extent()
	return g.nspans == 1 && hi-lo <= spanBytes
}

// extent is where in its part g's stored bytes lie: for a compressed
// resource all of it, chunk table included.
func (g *resGroup) extent() (lo, hi int64) {
	r := g.res
	if r.Compressed() {
		return r.Offset(), r.Offset() + r.StoredSize()
	}
	return r.Offset() + g.first, r.Offset() + g.end
}

// batch reads the stored bytes of small groups at once and hashes their
// blobs together: decoded groups lie side by side in w.buf until it is full.
func (w *worker) batch(gs []*resGroup) {
	if w.summed(gs) {
		w.q.done(gs)
		return
	}
	lo, _ := gs[0].extent()
	_, hi := gs[len(gs)-1].extent()
	if int64(cap(w.stored)) < hi-lo {
		w.stored = w.q.stored(spanBytes) // the most a batch holds
	}
	if err := gs[0].res.ReadPart(w.stored[:hi-lo], lo); err != nil {
		// One at a time, each group then meets its own error.
		for _, g := range gs {
			w.span(newSpan(g, 0, 0))
		}
		w.q.done(gs)
		return
	}
	var used int64 // bytes of w.buf holding blobs that wait for their hashes
	for _, g := range gs {
		l, e := g.extent()
		in := w.stored[l-lo : e-lo]
		s := span{g: g, off: g.first, n: g.end - g.first, data: in}
		if r := g.res; r.Compressed() {
			if used+s.n > int64(cap(w.buf)) {
				w.flush()
				used = 0
			}
			s.data = w.decoded(used + s.n)[used:]
			used += s.n
			c := r.ChunkSize()
			s.err = r.DecodeStored(in, g.first/c, (s.n+c-1)/c, s.data)
		}
		w.hashUnordered(&s)
	}
	w.flush()
	w.q.done(gs)
}

// maxSummed bounds a blob handed to a RangeSummer whole: its hash is one
// call, with no progress and no cancelling until it returns.
const maxSummed = 32 << 20

// summed has the part's reader hash the blobs of gs, when it is a
// RangeSummer and each group is one blob stored raw, and reports whether
// it did.
func (w *worker) summed(gs []*resGroup) bool {
	rs, ok := w.a.PartReader(gs[0].res.Part()).(RangeSummer)
	if !ok || w.q.consumer != nil {
		return false
	}
	w.offs, w.sizes = w.offs[:0], w.sizes[:0]
	for _, g := range gs {
		if r := g.res; r.Compressed() || r.Solid() || g.end-g.first > maxSummed {
			return false
		}
		w.offs = append(w.offs, g.res.Offset()+g.first)
		w.sizes = append(w.sizes, g.end-g.first)
	}
	w.sums = slices.Grow(w.sums[:0], len(gs))[:len(gs)]
	if rs.SumRanges(w.offs, w.sizes, w.sums) != nil {
		return false
	}
	for i, g := range gs {
		g.settle(0, g.check(0, w.sums[i]))
		w.tick(g.blobs[0].Size)
	}
	return true
}

// flush hashes the blobs waiting in w.pend in one SumAll.
func (w *worker) flush() {
	w.sums = slices.Grow(w.sums[:0], len(w.bufs))[:len(w.bufs)]
	w.q.hasher.SumAll(w.bufs, w.sums)
	for i, p := range w.pend {
		b := &p.g.blobs[p.j]
		p.g.feed(p.j, w.bufs[i])
		p.g.settle(p.j, p.g.check(p.j, w.sums[i]))
		w.tick(b.Size)
	}
	clear(w.bufs)
	w.pend, w.bufs = w.pend[:0], w.bufs[:0]
}

// span decodes s, hashes what needs no order and hands the rest to its
// group's ordering.
func (w *worker) span(s *span) {
	g, off, n, paced := s.g, s.off, s.n, s.paced
	s.data = w.decoded(n)
	r := g.res
	if r.Compressed() {
		if int64(cap(w.stored)) < n {
			// Chunks are stored in no more bytes than they hold, but for
			// a damaged table, which readChunks handles.
			w.stored = w.q.stored(n)
		}
		c := r.ChunkSize()
		var written func(int)
		if paced {
			written = func(k int) { w.q.written(s, int64(k), true) }
		}
		w.stored, s.err = r.ReadChunks(off/c, (n+c-1)/c, s.data, w.stored, written)
		if paced {
			w.q.written(s, n, false)
		}
	} else {
		s.err = r.ReadPart(s.data, r.Offset()+off)
	}
	w.hashUnordered(s)
	w.flush()
	if paced {
		w.q.releaseTo(s, n)
	}
	if g.order == nil || !w.arrive(s) {
		if paced {
			w.q.releaseAll(s, s.data)
			w.q.retire(s)
		}
		if s.budget > 0 {
			w.q.give(s.budget, nil)
		}
	}
}

// hashUnordered queues the blobs lying wholly in s in w.pend (or fails
// them with s's error), starts the hashes of those running on past its
// end, and finds s's head.
func (w *worker) hashUnordered(s *span) {
	g, tick := s.g, w.tick
	end := s.off + s.n
	bs := g.blobs
	j := sort.Search(len(bs), func(j int) bool { return bs[j].Off >= s.off })
	if j > 0 && g.order != nil {
		s.head = s.data[:min(max(g.order.reach[j-1], s.off), end)-s.off]
	}
	s.relFrom, s.relTo = int64(len(s.head)), int64(len(s.head))
	var queued int64 // bytes in w.pend
	for ; j < len(bs) && bs[j].Off < end; j++ {
		b := &bs[j]
		if b.Size == 0 {
			continue
		}
		at := b.Off - s.off
		if s.paced && queued >= releaseStep && at > s.relTo {
			// What lies before this blob is handed over once those
			// pending are.
			w.flush()
			queued = 0
			w.q.releaseTo(s, at)
		}
		if b.Off+b.Size > end {
			p := partial{j: j, err: s.err}
			if s.err == nil {
				p.h = g.q.hasher.New()
				p.h.Write(s.data[at:])
				g.feed(j, s.data[at:])
			}
			s.tails = append(s.tails, p)
			tick(s.n - at)
			continue
		}
		if s.err != nil {
			g.settle(j, s.err)
			tick(b.Size)
			continue
		}
		w.pend = append(w.pend, pending{g, j})
		w.bufs = append(w.bufs, s.data[at:at+b.Size])
		queued += b.Size
	}
}

// arrive hands s to g's ordering and reports whether s was parked. If s is
// the span due, this worker hashes its head and then those of the parked
// spans that follow; otherwise s is parked, and the worker that brings the
// span due hashes its head later.
func (w *worker) arrive(s *span) bool {
	o := s.g.order
	o.mu.Lock()
	if o.busy || o.seq != s.seq {
		w.park(s)
		o.parked = append(o.parked, s)
		o.mu.Unlock()
		return true
	}
	o.busy = true
	for p := s; p != nil; p = o.unpark() {
		o.seq++
		o.mu.Unlock()
		s.g.hashHead(p, w.tick)
		if p != s {
			if p.paced {
				// Released before the buffer goes back, to be written anew.
				if p.owned != nil {
					w.q.releaseAll(p, p.owned)
				}
				w.q.retire(p)
			}
			w.q.give(p.budget, p.owned)
		}
		o.mu.Lock()
	}
	o.busy = false
	o.mu.Unlock()
	return false
}

// park keeps what s's head needs: a copy when small, else the worker's
// whole buffer, as copying most of it would cost more than a new one.
func (w *worker) park(s *span) {
	if s.err == nil && int64(len(s.head)) > s.n/2 {
		s.owned, w.buf = w.buf, nil
	} else {
		s.head = bytes.Clone(s.head)
		w.q.give(s.budget-int64(len(s.head)), nil)
		s.budget = int64(len(s.head))
		if s.paced {
			w.q.releaseAll(s, s.data)
		}
	}
	s.data = nil
}

// unpark removes and returns the parked span due, if any.
func (o *ordering) unpark() *span {
	for k, p := range o.parked {
		if p.seq == o.seq {
			last := len(o.parked) - 1
			o.parked[k], o.parked[last] = o.parked[last], nil
			o.parked = o.parked[:last]
			return p
		}
	}
	return nil
}

// hashHead feeds s's head to the blobs begun before s, finishing those it
// ends, then takes on the blobs s begins. It runs in span order.
func (g *resGroup) hashHead(s *span, tick func(int64)) {
	o := g.order
	end := s.off + s.n
	open := o.open[:0]
	for _, p := range o.open {
		b := &g.blobs[p.j]
		stop := min(b.Off+b.Size, end)
		switch {
		case p.err != nil:
		case s.err != nil:
			p.err = s.err
		default:
			p.h.Write(s.head[:stop-s.off])
			g.feed(p.j, s.head[:stop-s.off])
		}
		tick(stop - s.off)
		if b.Off+b.Size <= end {
			g.finish(p)
		} else {
			open = append(open, p)
		}
	}
	o.open = append(open, s.tails...)
}

// finish checks a blob hashed across spans.
func (g *resGroup) finish(p partial) {
	if p.err != nil {
		g.settle(p.j, p.err)
		return
	}
	var got digest.SHA1
	p.h.Sum(got[:0])
	g.settle(p.j, g.check(p.j, got))
}
