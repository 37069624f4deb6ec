package wim

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
)

// Progress reports long work: done out of total units (bytes unless said
// otherwise). The CLI draws it as a bar; the web worker posts it to the page.
type Progress func(done, total int64)

// counter returns a tick that adds n to what is done and reports it out of
// total; the workers of a bulk read call it from several goroutines.
func (p Progress) counter(total int64) func(n int64) {
	var (
		mu   sync.Mutex
		done int64
	)
	return func(n int64) {
		if p != nil {
			mu.Lock()
			done += n
			p(done, total)
			mu.Unlock()
		}
	}
}

// BlobFault is a blob that failed verification.
type BlobFault struct {
	Hash digest.SHA1
	Err  error
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	Blobs     int         // blobs checked, metadata included
	Bytes     int64       // uncompressed bytes hashed
	Faults    []BlobFault // blobs that could not be read or hash wrong
	Integrity error       // nil when the integrity table matched
	// HasIntegrity says whether the file has an integrity table at all.
	HasIntegrity bool
	// Unsound lists the images (by index) whose metadata hashed right but
	// which meta.Sound could not vouch for: they may not parse, or may
	// use blobs the archive lacks. Parsing one (Image) says which.
	Unsound []int
}

// OK reports whether nothing was wrong.
func (r *VerifyReport) OK() bool { return len(r.Faults) == 0 && r.Integrity == nil }

// Verify hashes every blob (images' metadata included) and checks it
// against its SHA-1, asks of each image's metadata whether it is sound
// (see VerifyReport.Unsound), then checks each part's integrity table when
// present.
// Decoding and hashing run on every core (see hashblobs.go); progress is
// called from those goroutines, one call at a time. Problems in the file
// are collected in the report; the returned error is only for
// cancellation.
func (a *Archive) Verify(ctx context.Context, progress Progress) (*VerifyReport, error) {
	reps, err := a.VerifyShards(ctx, progress, 1, Only(0))
	if err != nil {
		return nil, err
	}
	return reps[0], nil
}

// VerifyShards does Verify's work in shards, so that engines sharing no
// memory can verify one archive together: on js/wasm an engine has one
// thread, and a second engine in a worker brings the second core. The
// archive is cut in n shards: runs of blobs in file order of about equal
// size, with runs of each integrity table's chunks. VerifyShards verifies
// the shards that claim names until it names none in [0, n), and returns
// their reports by number; engines that claim from one counter share the
// work however fast each goes. The reports of all n shards, merged in
// order by MergeReports, are Verify's. progress counts this engine's work
// out of the whole archive's.
func (a *Archive) VerifyShards(ctx context.Context, progress Progress, n int, claim func() int) (map[int]*VerifyReport, error) {
	if n < 1 {
		return nil, fmt.Errorf("wim: %d verify shards", n)
	}
	all := a.located()
	var total int64
	for _, l := range all {
		total += l.size
	}
	for _, p := range a.parts {
		if p != nil && p.hdr.HasIntegrity() {
			total += integrityCovered(p.hdr)
		}
	}
	tick := progress.counter(total)
	cut := cuts(all, n)
	var bufs buffers
	defer bufs.release()
	reps := map[int]*VerifyReport{}
	for k := claim(); k >= 0 && k < n; k = claim() {
		rep := &VerifyReport{}
		reps[k] = rep
		for run := all[cut[k]:cut[k+1]]; len(run) > 0; {
			i := slices.IndexFunc(run, func(l located) bool { return l.image != 0 })
			if i < 0 {
				i = len(run)
			}
			if i > 0 {
				if err := a.hashBlobs(ctx, run[:i], rep, tick, &bufs); err != nil {
					return reps, err
				}
			}
			if i < len(run) {
				a.checkImage(run[i], rep, tick)
				i++
			}
			run = run[i:]
		}
		for _, p := range a.parts {
			if p == nil || !p.hdr.HasIntegrity() {
				continue
			}
			rep.HasIntegrity = true
			if err := a.checkIntegrity(ctx, p, tick, k, n); err != nil {
				if ctx.Err() != nil {
					return reps, ctx.Err()
				}
				if rep.Integrity == nil {
					rep.Integrity = err
				}
			}
		}
	}
	return reps, nil
}

// checkImage verifies image l.image's metadata, read whole, and asks
// meta.Sound of it. Reading an image's files, or listing those that use a
// damaged or missing blob, needs that question answered; asked here, it
// costs no second read of the metadata, nor a second decoding and hash.
// Metadata of no image (l.image < 0) is only hashed.
func (a *Archive) checkImage(l located, rep *VerifyReport, tick func(int64)) {
	rep.Blobs++
	rep.Bytes += l.size
	defer tick(l.size)
	var b *Blob
	var buf []byte
	var err error
	if l.image < 0 {
		t, i := a.table(l.id)
		b = t.blob(i)
		if err = plausible(b, "metadata of no image"); err == nil {
			buf = make([]byte, b.Size)
			_, err = b.ReadAt(buf, 0)
		}
	} else {
		b, buf, err = a.readMetadata(l.image)
	}
	if err == nil {
		err = b.mismatch(digest.Sum(buf))
	}
	if err != nil {
		rep.Faults = append(rep.Faults, BlobFault{*a.entryHash(l.id), err})
		return
	}
	if l.image < 0 {
		return
	}
	has := func(h digest.SHA1) bool { _, ok := a.BlobSize(h); return ok }
	if !meta.Sound(buf, has) {
		rep.Unsound = append(rep.Unsound, l.image)
	}
}

// Only is a claim for VerifyShards that names shard k, then none.
func Only(k int) func() int {
	return func() int {
		was := k
		k = -1
		return was
	}
}

// located is a blob verify checks, by its blob table entry, and where it
// lies: in part, in the resource at offset at, off bytes in. cost is what
// verifying it takes, by which shards are cut: decoding goes by the
// stored bytes, hashing and copying by the uncompressed ones, and on
// /usr/share's ESD under Node the two weighed about alike (1.1 and 0.7 s
// per 100 MB). Cut by size alone, its first shard held 116 MB of the 170
// stored and took its engine 0.85 s longer than the other; cut by stored
// bytes alone, the second took 0.85 s longer; cut by both, 0.35 to 0.6 s
// separate them.
type located struct {
	id    uint32
	image int // the image whose metadata it is, 0 if none, -1 if no image's
	part  int
	at    int64
	off   int64
	size  int64
	chunk int64 // its resource's chunk size, 0 when uncompressed
	cost  float64
	key   int // its index in ReadBlobs' list
}

// located is locate's list, made once.
func (a *Archive) located() []located {
	a.locOnce.Do(func() { a.loc = a.locate() })
	return a.loc
}

// locate lists the blobs verify checks, images' metadata included, as
// they lie in the files, so that a pass over them reads each part front to
// back and each solid chunk while it is cached. It decodes no Blob and
// makes no resource but those placed in solid resources when the table
// was read: a blob's own are made by the group verifying it, in memory
// reused from group to group. For 45k blobs on js/wasm, decoding them
// took each engine a tenth of a second, and making their resources
// another: fresh memory is dear on this machine, 3 ms a MiB.
func (a *Archive) locate() []located {
	a.index()
	// Images' metadata usually follows the blobs, and wimlib writes the
	// table in file order: the list is then sorted as made.
	ids := slices.Concat(a.order, a.metaIDs, a.otherMeta)
	out := make([]located, len(ids))
	for k, id := range ids {
		l := a.locateOne(id)
		switch {
		case k >= len(a.order)+len(a.metaIDs):
			l.image = -1
		case k >= len(a.order):
			// Its image is walked too (see checkImage).
			l.image = k - len(a.order) + 1
			l.cost += float64(l.size)
		}
		out[k] = l
	}
	sortByLocation(out)
	return out
}

// locateOne is where blob table entry id lies, and what verifying it costs.
func (a *Archive) locateOne(id uint32) located {
	t, i := a.table(id)
	rh := parseResourceHeader(t.entry(i))
	l := located{id: id, part: t.part.number, at: int64(rh.Offset), size: t.size(i), cost: float64(rh.StoredSize)}
	switch {
	case t.solid(i):
		b := t.blob(i)
		l.at, l.off, l.chunk, l.cost = b.res.offset, b.off, b.res.chunkSize, b.res.storedShare(b.off, b.Size)
	case rh.Flags&ResCompressed != 0:
		l.chunk = int64(t.part.hdr.ChunkSize)
	}
	l.cost += float64(l.size)
	return l
}

// sortByLocation puts ls in file order: by part, resource and offset.
func sortByLocation(ls []located) {
	byLocation := func(x, y located) int {
		return cmp.Or(cmp.Compare(x.part, y.part), cmp.Compare(x.at, y.at), cmp.Compare(x.off, y.off))
	}
	if !slices.IsSortedFunc(ls, byLocation) {
		slices.SortStableFunc(ls, byLocation)
	}
}

// cuts returns where the n runs that ls, in file order, is cut into by
// cost begin, and len(ls) after them. Every engine computes them alike:
// in floating point, since a hostile table's sizes can overflow a sum of
// integers.
func cuts(ls []located, n int) []int {
	var total float64
	for _, l := range ls {
		total += l.cost
	}
	out := make([]int, 0, n+1)
	var at float64
	for i, l := range ls {
		for total > 0 && len(out) <= min(int(at*float64(n)/total), n-1) {
			out = append(out, i)
		}
		at += l.cost
	}
	for len(out) <= n {
		out = append(out, len(ls))
	}
	out[0] = 0
	return out
}

// ShardCount is how many shards engines sharing the work of verifying the
// archive cut it in (see VerifyShards): several for each engine, so that
// one that started late or runs slower takes fewer, but no more than the
// archive's largest chunks allow, as a chunk a cut goes through is
// decoded for both shards.
func (a *Archive) ShardCount() int {
	var total, chunk int64
	for _, l := range a.located() {
		total += l.size
		chunk = max(chunk, l.chunk)
	}
	return int(min(max(total/(16*max(chunk, 1)), 2), 16))
}

// VerifyBytes is how many uncompressed bytes Verify hashes: every blob's,
// images' metadata included.
func (a *Archive) VerifyBytes() int64 {
	var total int64
	for _, l := range a.located() {
		total += l.size
	}
	return total
}

// MergeReports joins the reports of an archive's shards, given in shard
// order (see VerifyShards).
func MergeReports(reps ...*VerifyReport) *VerifyReport {
	out := &VerifyReport{}
	for _, r := range reps {
		out.Blobs += r.Blobs
		out.Bytes += r.Bytes
		out.Faults = append(out.Faults, r.Faults...)
		out.HasIntegrity = out.HasIntegrity || r.HasIntegrity
		out.Unsound = append(out.Unsound, r.Unsound...)
		if out.Integrity == nil {
			out.Integrity = r.Integrity
		}
	}
	return out
}

// integrityCovered is the byte count an integrity table hashes: from the end
// of the header to the end of the blob table.
func integrityCovered(h *Header) int64 {
	end := int64(h.BlobTable.Offset + h.BlobTable.StoredSize)
	return max(end-HeaderSize, 0)
}

// checkIntegrity checks one part against its integrity table: a 12-byte
// header (size, entry count, chunk size) and one SHA-1 per chunk; of the
// chunks, only run k of n.
func (a *Archive) checkIntegrity(ctx context.Context, p *part, tick func(int64), k, shards int) error {
	rh := p.hdr.Integrity
	fail := func(format string, args ...any) error {
		return malformed(p.number, int64(rh.Offset), "integrity table", format, args...)
	}
	covered := integrityCovered(p.hdr)
	switch {
	case rh.Flags&(ResCompressed|ResSolid) != 0:
		return fail("flagged %s, but an integrity table is stored as it is", strings.Join(rh.Flags.Names(), "|"))
	case rh.OriginalSize < 12:
		return fail("%d bytes at offset %d cannot hold an integrity table's 12-byte header", rh.OriginalSize, rh.Offset)
	case p.hdr.BlobTable.Offset+p.hdr.BlobTable.StoredSize < HeaderSize:
		return fail("the blob table, which it covers to its end, ends inside the header")
	}
	table := make([]byte, rh.OriginalSize) // bounded by the file size in readHeader
	if err := p.readFull(table, int64(rh.Offset), "integrity table"); err != nil {
		return err
	}
	le := binary.LittleEndian
	size, n, chunk := le.Uint32(table), uint64(le.Uint32(table[4:])), uint64(le.Uint32(table[8:]))
	if uint64(size) != rh.OriginalSize || uint64(size) != n*digest.Size+12 || chunk == 0 ||
		n != (uint64(covered)+chunk-1)/chunk {
		return fail("size %d, %d entries of %d-byte chunks do not cover %d bytes", size, n, chunk, covered)
	}
	first, end := n*uint64(k)/uint64(shards), n*uint64(k+1)/uint64(shards)
	r := io.NewSectionReader(p.r, HeaderSize+int64(first*chunk), covered-int64(min(first*chunk, uint64(covered))))
	buf := make([]byte, min(chunk, 1<<20))
	for i := first; i < end; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		h := digest.New()
		want := min(chunk, uint64(covered)-i*chunk)
		for got := uint64(0); got < want; {
			m := min(uint64(len(buf)), want-got)
			if _, err := io.ReadFull(r, buf[:m]); err != nil {
				return &FormatError{Part: p.number, Offset: HeaderSize + int64(i*chunk+got), Field: "integrity check", Err: err}
			}
			h.Write(buf[:m])
			got += m
			tick(int64(m))
		}
		var sum digest.SHA1
		h.Sum(sum[:0])
		if exp := digest.SHA1(table[12+i*digest.Size:]); sum != exp {
			return &FormatError{Part: p.number, Offset: HeaderSize + int64(i*chunk), Field: "integrity check",
				Err: fmt.Errorf("%w: chunk %d of %d (bytes %d to %d) hashes to %s, table says %s",
					ErrChecksum, i, n, HeaderSize+i*chunk, HeaderSize+i*chunk+want, sum, exp)}
		}
	}
	return nil
}
