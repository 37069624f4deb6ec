package wim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// part is one file of a WIM: the whole WIM, or one part of a split WIM.
type part struct {
	a      *Archive
	r      io.ReaderAt
	size   int64
	number int // 1-based
	name   string
	hdr    *Header
}

// readFull reads exactly len(b) bytes at off, naming what was being read
// when the file ends early.
func (p *part) readFull(b []byte, off int64, field string) error {
	if off < 0 || off > p.size || int64(len(b)) > p.size-off {
		return bad(io.ErrUnexpectedEOF, p.number, off, field, "%d bytes at offset %d run past the end of the %d-byte file", len(b), off, p.size)
	}
	if _, err := p.r.ReadAt(b, off); err != nil && err != io.EOF {
		return &inputerr.Error{Part: p.number, Offset: off, Field: field, Err: err}
	}
	return nil
}

// Resource is a run of bytes in one part holding one blob (or, when solid,
// many), stored raw or as independently compressed chunks. Random reads
// go through Blob.ReadAt; a bulk reader (core/bulk) reads resources in
// file order through the methods below.
type Resource struct {
	part      *part
	offset    int64 // file offset of the resource (after the pipable blob header)
	stored    int64 // bytes in the file
	size      int64 // uncompressed bytes
	comp      Compression
	chunkSize int64
	solid     bool        // alternate chunk table: a header, then one size per chunk
	pipable   bool        // wimlib pipable: chunk table at the end, a 4-byte header before each chunk
	hash      digest.SHA1 // the blob it holds, when not solid
	label     string      // what it is otherwise ("XML data", a solid resource)

	once  sync.Once
	table []int64 // file offset of chunk i's data; table[n] closes the last chunk
	err   error
}

// maxChunkAlloc bounds one decompressed chunk: LZMS's 1 GiB format limit.
var maxChunkAlloc int64 = 1 << 30

// name says which resource errors are about; built only when needed,
// since a large archive has hundreds of thousands of resources.
func (r *Resource) name() string {
	if r.label != "" {
		return r.label
	}
	return r.hash.String()
}

// pipableChunkHeader is the size of the header before each pipable chunk.
const pipableChunkHeader = 4

func (r *Resource) compressed() bool { return r.comp != None }

func (r *Resource) numChunks() int64 { return (r.size + r.chunkSize - 1) / r.chunkSize }

// chunkLen is chunk i's uncompressed length: the chunk size, except for a
// shorter last chunk.
func (r *Resource) chunkLen(i int64) int64 {
	return min(r.chunkSize, r.size-i*r.chunkSize)
}

func (r *Resource) fail(off int64, format string, args ...any) *inputerr.Error {
	e := malformed(r.part.number, off, "chunk table", format, args...)
	e.Resource = r.name()
	return e
}

// loadTable reads the chunk table once. Every entry is checked, so chunk
// reads later can trust the offsets for both bounds and allocation.
func (r *Resource) loadTable() error { return r.loadTableFrom(nil) }

// loadTableFrom is loadTable for a caller that holds the resource's stored
// bytes already, which then need no read.
func (r *Resource) loadTableFrom(stored []byte) error {
	r.once.Do(func() { r.err = r.readTable(stored) })
	return r.err
}

func (r *Resource) readTable(stored []byte) error {
	if r.chunkSize > maxChunkAlloc {
		// Malformed and unsupported both, as it always said.
		e := r.fail(r.offset, "")
		e.Err = fmt.Errorf("%w: chunks of %d bytes exceed the %d-byte limit", ErrUnsupported, r.chunkSize, maxChunkAlloc)
		return e
	}
	n := r.numChunks()
	entries, entrySize, start := n-1, int64(4), r.offset
	if r.solid {
		entries, start = n, r.offset+solidHeaderSize
	} else if r.size > 1<<32-1 {
		entrySize = 8
	}
	tableBytes := entries * entrySize
	overhead := tableBytes
	if r.solid {
		overhead += solidHeaderSize
	}
	if r.pipable {
		overhead += n * pipableChunkHeader
		start = r.offset + r.stored - tableBytes
	}
	// Each chunk takes at least one byte, so a table too big for the stored
	// size is corrupt; this bounds the allocation below by the file size.
	if n > r.stored || overhead > r.stored-n {
		return r.fail(r.offset, "%d chunks of %d bytes cannot fit in a %d-byte resource", n, r.chunkSize, r.stored)
	}
	var raw []byte
	if stored != nil {
		raw = stored[start-r.offset:][:tableBytes]
	} else {
		raw = make([]byte, tableBytes)
		if err := r.part.readFull(raw, start, "chunk table"); err != nil {
			return err
		}
	}
	// Offsets of each chunk's data after the table, made file offsets in
	// place below; a group verifying one blob after another lends each
	// the last one's table.
	rel := slices.Grow(r.table[:0], int(n+1))[:n+1]
	rel[0] = 0
	for i := int64(1); i <= entries; i++ {
		var v int64
		if entrySize == 4 {
			v = int64(binary.LittleEndian.Uint32(raw[(i-1)*4:]))
		} else {
			v = int64(binary.LittleEndian.Uint64(raw[(i-1)*8:]))
		}
		if r.solid {
			rel[i] = rel[i-1] + v // sizes, not offsets
		} else if i < n {
			rel[i] = v
		}
	}
	dataLen := r.stored - overhead
	if !r.solid {
		rel[n] = dataLen
	}
	base := r.offset + tableBytes
	switch {
	case r.solid:
		base = r.offset + solidHeaderSize + tableBytes
	case r.pipable:
		base = r.offset
	}
	for i := int64(0); i < n; i++ {
		c := rel[i+1] - rel[i]
		if c <= 0 || c > r.chunkLen(i) || rel[i+1] > dataLen {
			return r.fail(start, "chunk %d of %d has compressed size %d for %d bytes", i, n, c, r.chunkLen(i))
		}
	}
	for i := int64(0); i <= n; i++ {
		rel[i] += base
		if r.pipable {
			rel[i] += (i + 1) * pipableChunkHeader
		}
	}
	r.table = rel
	return nil
}

// chunkSpan gives the file offset and stored length of chunk i.
func (r *Resource) chunkSpan(i int64) (off, n int64) {
	end := r.table[i+1]
	if r.pipable {
		end -= pipableChunkHeader
	}
	return r.table[i], end - r.table[i]
}

// storedShare estimates the stored bytes behind n uncompressed bytes at
// off: each chunk's in proportion to how much of it they take, or, with no
// chunk table to read, the resource's average.
func (r *Resource) storedShare(off, n int64) float64 {
	switch {
	case n <= 0:
		return 0
	case !r.compressed() || r.loadTable() != nil:
		return float64(n) * float64(r.stored) / float64(max(r.size, 1))
	}
	part := func(i, lo, hi int64) float64 { // of chunk i, bytes lo to hi
		_, stored := r.chunkSpan(i)
		return float64(hi-lo) * float64(stored) / float64(r.chunkLen(i))
	}
	a, b := off/r.chunkSize, (off+n-1)/r.chunkSize
	if a == b {
		return part(a, off, off+n)
	}
	// Whole chunks between the first and the last take what the table says.
	return part(a, off, (a+1)*r.chunkSize) + float64(r.table[b]-r.table[a+1]) + part(b, b*r.chunkSize, off+n)
}

// readChunk decodes chunk i into dst, which has exactly its length. buf is
// scratch for the compressed bytes; the grown buffer is returned for reuse.
func (r *Resource) readChunk(a *Archive, i int64, dst, buf []byte) ([]byte, error) {
	return r.readChunks(a, i, 1, dst, buf, nil)
}

// readChunks decodes the n chunks from first into dst, which has exactly
// their length. Their stored bytes, adjacent in the file, are read at once
// into buf, the grown buffer being returned for reuse: one read per chunk
// would cost a system call for every 32 KiB. written, if not nil, may be
// told as a chunk decoded as it is read fills dst (see
// compress.ReaderAtDecompressor).
func (r *Resource) readChunks(a *Archive, first, n int64, dst, buf []byte, written func(int)) ([]byte, error) {
	if err := r.loadTable(); err != nil {
		return buf, err
	}
	start, size := r.chunkSpan(first)
	if n == 1 && size == int64(len(dst)) { // stored raw: compressing did not help
		return buf, r.part.readFull(dst, start, "chunk")
	}
	if n == 1 && size >= streamMin && start+size <= r.part.size {
		if done, err := r.decodeAt(a, first, dst, written); done {
			return buf, err
		}
	}
	last, lastSize := r.chunkSpan(first + n - 1)
	stored := last + lastSize - start
	if int64(cap(buf)) < stored {
		// Room for as many bytes as dst: chunks rarely take more stored,
		// so the buffer then serves later chunks of this size too.
		buf = make([]byte, stored, max(stored, int64(len(dst))))
	}
	buf = buf[:stored]
	if err := r.part.readFull(buf, start, "chunk"); err != nil {
		return buf, err
	}
	return buf, r.decodeChunks(a, first, n, dst, buf)
}

// streamMin is the smallest chunk decoded as it is read, when its
// decoder can (compress.ReaderAtDecompressor), rather than read whole
// first: the stored bytes of a solid resource's 64 MiB chunks would
// otherwise take tens of MiB on every core.
const streamMin = 1 << 20

// decodeAt decodes chunk i into dst, which has exactly its length, as it
// reads it, and reports whether the decoder could.
func (r *Resource) decodeAt(a *Archive, i int64, dst []byte, written func(int)) (bool, error) {
	d, err := a.decoder(r.comp, r.chunkSize)
	if err != nil {
		return true, err
	}
	defer a.putDecoder(r.comp, r.chunkSize, d)
	da, ok := d.(compress.ReaderAtDecompressor)
	if !ok {
		return false, nil
	}
	off, size := r.chunkSpan(i)
	err = da.DecompressAt(dst, r.part.r, off, int(size), written)
	if err != nil && !errors.Is(err, compress.ErrCorrupt) {
		return true, &inputerr.Error{Part: r.part.number, Offset: off, Field: "chunk", Err: err}
	}
	return true, r.chunkErr(err, i, off)
}

// chunkErr is the error for chunk i, at off in the file, that its decoder
// found corrupt: err, named; nil if err is.
func (r *Resource) chunkErr(err error, i, off int64) error {
	if err == nil {
		return nil
	}
	return &inputerr.Error{Kind: compress.ErrCorrupt, Part: r.part.number, Offset: off, Resource: r.name(),
		Field: fmt.Sprintf("%s chunk %d of %d", r.comp, i, r.numChunks()), Err: err}
}

// decodeChunks decodes the n chunks from first into dst, which has exactly
// their length; src holds the file's bytes from the first one's start.
func (r *Resource) decodeChunks(a *Archive, first, n int64, dst, src []byte) error {
	var d compress.Decompressor
	for i := first; i < first+n; i++ {
		off, size := r.chunkSpan(i)
		in := src[off-r.table[first]:][:size]
		out := dst[(i-first)*r.chunkSize:][:r.chunkLen(i)]
		if size == int64(len(out)) {
			copy(out, in)
			continue
		}
		if d == nil {
			var err error
			if d, err = a.decoder(r.comp, r.chunkSize); err != nil {
				return err
			}
			defer a.putDecoder(r.comp, r.chunkSize, d)
		}
		if err := d.Decompress(out, in); err != nil {
			return r.chunkErr(err, i, off)
		}
	}
	return nil
}

// read fills p from the uncompressed resource at off; the caller keeps
// [off, off+len(p)) inside the resource. Only the chunks that hold the
// range are decompressed: whole ones straight into p, partial ones through
// the archive's chunk cache.
func (r *Resource) read(a *Archive, p []byte, off int64) error {
	if r.compressed() {
		return r.readCompressed(a, p, off)
	}
	if err := r.part.readFull(p, r.offset+off, "resource"); err != nil {
		e := err.(*inputerr.Error)
		e.Resource = r.name()
		return e
	}
	return nil
}

func (r *Resource) readCompressed(a *Archive, p []byte, off int64) error {
	if err := r.loadTable(); err != nil {
		return err
	}
	var buf []byte
	for len(p) > 0 {
		i := off / r.chunkSize
		in := off - i*r.chunkSize
		clen := r.chunkLen(i)
		if in == 0 && int64(len(p)) >= clen {
			// A run of whole chunks decodes straight into p, on every core.
			n := int64(1)
			for i+n < r.numChunks() && int64(len(p)) >= (n*r.chunkSize+r.chunkLen(i+n)) {
				n++
			}
			if err := r.readWhole(a, p, i, n); err != nil {
				return err
			}
			end := min((i+n)*r.chunkSize, r.size) - off
			p, off = p[end:], off+end
			continue
		}
		c, err := a.cache.get(r, i, func(dst []byte) error {
			var err error
			buf, err = r.readChunk(a, i, dst, buf)
			return err
		})
		if err != nil {
			return err
		}
		n := copy(p, c[in:])
		p, off = p[n:], off+int64(n)
	}
	return nil
}

// parallelChunks is the fewest whole chunks worth spreading over cores;
// maxBatchChunks the most a worker reads at once.
const (
	parallelChunks = 4
	maxBatchChunks = 32
)

// readWhole decodes chunks [first, first+n) into p, which starts at chunk
// first; the error of the first run of chunks that fails is returned (its
// first failing chunk's, or its read's).
func (r *Resource) readWhole(a *Archive, p []byte, first, n int64) error {
	var (
		next     atomic.Int64
		mu       sync.Mutex
		failedAt = n // the lowest failing chunk so far, reported for determinism
		failure  error
	)
	workers := min(int64(runtime.GOMAXPROCS(0)), n/parallelChunks+1)
	// Workers take runs of adjacent chunks, read with one call each (see
	// readChunks), a few runs per worker so the cores stay evenly busy.
	batch := min(max(n/(4*workers), 1), maxBatchChunks)
	work := func() {
		var buf []byte
		var err error
		for k := next.Add(batch) - batch; k < n; k = next.Add(batch) - batch {
			m := min(batch, n-k)
			at := k * r.chunkSize
			end := at + (m-1)*r.chunkSize + r.chunkLen(first+k+m-1)
			if buf, err = r.readChunks(a, first+k, m, p[at:end], buf, nil); err != nil {
				mu.Lock()
				if k < failedAt {
					failedAt, failure = k, err
				}
				mu.Unlock()
			}
		}
	}
	// A few chunks are not worth a goroutine: most file reads are small.
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return failure
}
