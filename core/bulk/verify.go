// Package bulk reads many blobs of an archive in the order they lie in
// its files: Verify, which hashes every blob and checks the archive, and
// a Reader, which hands blobs' bytes to a consumer (extraction and the
// zips). Each chunk is decoded once, on every core, in bounded memory.
// Random reads go through wim.Blob and its chunk cache instead; the
// format is wim's, and bulk reads it through wim's Location and Resource.
package bulk

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// counter returns a tick that adds n to what is done and reports it to p
// out of total; the workers of a bulk read call it from several
// goroutines.
func counter(p wim.Progress, total int64) func(n int64) {
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

// RangeSummer is a Part's reader that can hash ranges of its bytes without
// handing them over. Verify asks it for the blobs stored raw: under Node,
// the CLI's files are read and hashed in JavaScript, and those bytes need
// not be copied into Go's memory and back out to be hashed.
type RangeSummer interface {
	// SumRanges sets sums[i] to the SHA-1 of the sizes[i] bytes at
	// offs[i]; the offsets ascend. An error spoils every sum: verify then
	// reads the blobs itself, to say which failed and why.
	SumRanges(offs, sizes []int64, sums []digest.SHA1) error
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

// Verify hashes every blob of a (images' metadata included) and checks it
// against its SHA-1, asks of each image's metadata whether it is sound
// (see VerifyReport.Unsound), then checks each part's integrity table when
// present.
// Decoding and hashing run on every core (see hashblobs.go); progress is
// called from those goroutines, one call at a time. Problems in the file
// are collected in the report; the returned error is only for
// cancellation.
func Verify(ctx context.Context, a *wim.Archive, opts Options, progress wim.Progress) (*VerifyReport, error) {
	reps, err := VerifyShards(ctx, a, opts, progress, 1, Only(0))
	if err != nil {
		return nil, err
	}
	return reps[0], nil
}

// VerifyShards does Verify's work in shards, so that engines sharing no
// memory can verify one archive together: on js/wasm an engine has one
// thread, and a second engine in a worker brings the second core. The
// archive is cut in n shards: runs of blobs in file order of about equal
// cost, with runs of each integrity table's chunks. VerifyShards verifies
// the shards that claim names until it names none in [0, n), and returns
// their reports by number; engines that claim from one counter share the
// work however fast each goes. The reports of all n shards, merged in
// order by MergeReports, are Verify's. progress counts this engine's work
// out of the whole archive's.
func VerifyShards(ctx context.Context, a *wim.Archive, opts Options, progress wim.Progress, n int, claim func() int) (map[int]*VerifyReport, error) {
	if n < 1 {
		return nil, fmt.Errorf("bulk: %d verify shards", n)
	}
	opts = opts.resolved()
	all := a.Locations()
	tick := counter(progress, VerifyBytes(a)+a.IntegrityBytes())
	cut := cuts(all, n)
	bufs := buffers{mem: opts.Memory}
	defer bufs.release()
	reps := map[int]*VerifyReport{}
	for k := claim(); k >= 0 && k < n; k = claim() {
		rep := &VerifyReport{}
		reps[k] = rep
		for run := all[cut[k]:cut[k+1]]; len(run) > 0; {
			i := slices.IndexFunc(run, func(l wim.Location) bool { return l.Image != 0 })
			if i < 0 {
				i = len(run)
			}
			if i > 0 {
				if err := hashBlobs(ctx, a, opts.Hasher, run[:i], rep, tick, &bufs); err != nil {
					return reps, err
				}
			}
			if i < len(run) {
				if !slices.ContainsFunc(run[i:], func(l wim.Location) bool { return l.Image == 0 }) {
					// No more blobs: the buffers go back before the
					// metadata is read and parsed, rather than with
					// it (a solid ESD's two 64 MiB are most of
					// verify's peak).
					bufs.release()
				}
				checkImage(a, opts.Hasher, run[i], rep, tick)
				i++
			}
			run = run[i:]
		}
		has, err := a.CheckIntegrity(ctx, opts.Hasher, k, n, tick)
		if err != nil && ctx.Err() != nil {
			return reps, ctx.Err()
		}
		rep.HasIntegrity, rep.Integrity = has, err
	}
	return reps, nil
}

// checkImage verifies image l.Image's metadata, read whole, and asks
// meta.Sound of it. Reading an image's files, or listing those that use a
// damaged or missing blob, needs that question answered; asked here, it
// costs no second read of the metadata, nor a second decoding and hash.
// Metadata of no image (l.Image < 0) is only hashed.
func checkImage(a *wim.Archive, h digest.Hasher, l wim.Location, rep *VerifyReport, tick func(int64)) {
	rep.Blobs++
	rep.Bytes += l.Size
	defer tick(l.Size)
	buf, err := a.ReadMetadata(l)
	if err == nil {
		err = a.CheckHash(l, h.Sum(buf))
	}
	if err != nil {
		rep.Faults = append(rep.Faults, BlobFault{l.Hash, err})
		return
	}
	if l.Image < 0 {
		return
	}
	has := func(h digest.SHA1) bool { _, ok := a.BlobSize(h); return ok }
	if !meta.Sound(buf, has) {
		rep.Unsound = append(rep.Unsound, l.Image)
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

// cost is what verifying the blob at l takes, by which shards are cut:
// decoding goes by the stored bytes, hashing and copying by the
// uncompressed ones, and on /usr/share's ESD under Node the two weighed
// about alike (1.1 and 0.7 s per 100 MB). Cut by size alone, its first
// shard held 116 MB of the 170 stored and took its engine 0.85 s longer
// than the other; cut by stored bytes alone, the second took 0.85 s
// longer; cut by both, 0.35 to 0.6 s separate them. An image's metadata
// is walked too (see checkImage).
func cost(l wim.Location) float64 {
	c := l.Stored + float64(l.Size)
	if l.Image > 0 {
		c += float64(l.Size)
	}
	return c
}

// cuts returns where the n runs that ls, in file order, is cut into by
// cost begin, and len(ls) after them. Every engine computes them alike:
// in floating point, since a hostile table's sizes can overflow a sum of
// integers.
func cuts(ls []wim.Location, n int) []int {
	var total float64
	for _, l := range ls {
		total += cost(l)
	}
	out := make([]int, 0, n+1)
	var at float64
	for i, l := range ls {
		for total > 0 && len(out) <= min(int(at*float64(n)/total), n-1) {
			out = append(out, i)
		}
		at += cost(l)
	}
	for len(out) <= n {
		out = append(out, len(ls))
	}
	out[0] = 0
	return out
}

// ShardCount is how many shards engines sharing the work of verifying a
// cut it in (see VerifyShards): several for each engine, so that one that
// started late or runs slower takes fewer, but no more than the archive's
// largest chunks allow, as a chunk a cut goes through is decoded for both
// shards.
func ShardCount(a *wim.Archive) int {
	var total, chunk int64
	for _, l := range a.Locations() {
		total += l.Size
		chunk = max(chunk, l.Chunk)
	}
	return int(min(max(total/(16*max(chunk, 1)), 2), 16))
}

// VerifyBytes is how many uncompressed bytes Verify hashes: every blob's,
// images' metadata included.
func VerifyBytes(a *wim.Archive) int64 {
	var total int64
	for _, l := range a.Locations() {
		total += l.Size
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
