package bulk

// Pacing. A solid resource's chunks are 64 MiB, and each core decodes one
// into a buffer of its own: two of them touch 128 MiB, most of extracting
// an ESD's memory. A chunk's bytes are needed whole only while it decodes
// (LZMS matches reach back to its start); once decoded, its blobs are
// hashed and handed over in order, and the pages behind those done with
// can go back to the OS, when the host's Memory can release them. The
// spans of such resources are then paced: each tells, as it decodes, how
// far it has written (wim.Resource.ReadChunks), and one that is not the
// oldest span in hand waits while the spans, counting the oldest whole,
// hold more than a chunk and a half. The oldest never waits, so the spans
// always move on; the next one decodes its first half while the oldest
// ends, which keeps both cores busy once the spans are staggered.
// Extracting the ESD of /usr/share took 6 % longer so, in 31 MiB less
// (see bench/README.md).
//
// Only a pass with a consumer (extraction) is paced: verify, holding less
// beside its buffers, stays within wimlib's memory without it, and it
// cost verify 5 % of its speed.

// Releaser is a Memory that can give back the pages behind part of a
// buffer it allocated, the buffer staying usable: its bytes there are
// then undefined until written again.
type Releaser interface {
	Release(b []byte)
}

// pacedMin is the smallest span paced: only large chunks decode as they
// are read, telling their progress. A variable for tests.
var pacedMin int64 = 16 << 20

// pacedShare is how much of a span's size each span after the oldest may
// hold, on top of the oldest's whole. A variable for tests.
var pacedShare = 0.5

// paceSeen, when tests set it, is told what the paced spans hold each
// time one goes on decoding.
var paceSeen func(resident int64)

// releaseStep is how many bytes of blobs a paced span hashes between
// releases of the pages behind them. A variable for tests.
var releaseStep int64 = 4 << 20

// pacer is the queue's pacing state, under q.mu.
type pacer struct {
	rel      Releaser // nil: no pacing
	resident int64    // bytes of paced spans' buffers touched and not released
	live     []*span  // the paced spans in hand, oldest first
}

// paced reports whether g's spans are paced.
func (q *spanQueue) paced(g *resGroup) bool {
	return q.pace.rel != nil && g.res.Compressed() && g.step >= pacedMin
}

// take paces s, being handed out.
func (p *pacer) take(s *span) {
	s.paced = true
	p.live = append(p.live, s)
}

// paceLimit is how many bytes the paced spans may hold before those but the
// oldest wait.
func (q *spanQueue) paceLimit() int64 {
	return q.bufSize + int64(pacedShare*float64(int64(workers()-1)*q.bufSize))
}

// written counts n bytes of s.data as written. When wait is set (s's
// decoder telling its progress), it then waits while s is not the oldest
// span in hand and the spans would hold more than the limit once the
// oldest is whole.
func (q *spanQueue) written(s *span, n int64, wait bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p := &q.pace
	p.resident += n - s.charged
	s.charged = n
	for wait && !q.stopped && p.live[0] != s && p.resident+p.live[0].n-p.live[0].charged > q.paceLimit() {
		q.waiting++
		q.cond.Wait()
		q.waiting--
	}
	if paceSeen != nil {
		paceSeen(p.resident)
	}
}

// releaseTo gives back s.data[relFrom:at], whose blobs are all handed
// over. What it releases grows from relFrom on (the head before it waits
// for the spans before), whole: releasing it piece by piece would keep
// the pages that straddle the pieces' ends.
func (q *spanQueue) releaseTo(s *span, at int64) {
	if at <= s.relTo {
		return
	}
	q.pace.rel.Release(s.data[s.relFrom:at])
	q.uncount(s, at-s.relTo)
	s.relTo = at
}

// releaseAll gives back buf, which holds s (its head included), once
// nothing in it is needed.
func (q *spanQueue) releaseAll(s *span, buf []byte) {
	q.pace.rel.Release(buf[:min(s.n, int64(len(buf)))])
	q.uncount(s, -1)
}

// uncount stops counting n of s's bytes, or if n < 0 all it counts.
func (q *spanQueue) uncount(s *span, n int64) {
	q.mu.Lock()
	if n < 0 {
		n = s.charged - s.freed
	}
	s.freed += n
	q.pace.resident -= n
	if q.waiting > 0 {
		q.cond.Broadcast()
	}
	q.mu.Unlock()
}

// retire ends paced span s, whose buffer the caller has released.
func (q *spanQueue) retire(s *span) {
	q.mu.Lock()
	p := &q.pace
	for i, t := range p.live {
		if t == s {
			p.live = append(p.live[:i], p.live[i+1:]...)
			break
		}
	}
	if q.waiting > 0 {
		q.cond.Broadcast()
	}
	q.mu.Unlock()
}
