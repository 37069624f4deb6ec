package wim

import (
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/wimlens/wimlens/core/digest"
)

// BlobEntry is one 50-byte entry of a blob table, as stored.
type BlobEntry struct {
	Resource   ResourceHeader
	PartNumber uint16
	RefCount   uint32
	Hash       digest.SHA1
}

const blobEntrySize = 50

// solidEntryMagic in an entry's original size marks the entry as a solid
// resource rather than a blob.
const solidEntryMagic = 1 << 32

// solidHeaderSize is the header at the start of a solid resource:
// uncompressed size (8), chunk size (4), compression format (4).
const solidHeaderSize = 16

// parseBlobEntry decodes one 50-byte blob table entry.
func parseBlobEntry(e []byte) BlobEntry {
	return BlobEntry{
		Resource:   parseResourceHeader(e),
		PartNumber: binary.LittleEndian.Uint16(e[24:]),
		RefCount:   binary.LittleEndian.Uint32(e[26:]),
		Hash:       digest.SHA1(e[30:50]),
	}
}

// Blob is one stored blob: a file's stream, a reparse point's data, or an
// image's metadata. It reads like a file at random offsets.
type Blob struct {
	BlobEntry
	Size int64 // uncompressed bytes

	a    *Archive
	part *part
	off  int64 // where the blob starts in its resource's uncompressed bytes

	// A solid blob's resource is set when the table is read; a blob with
	// its own resource gets it on first use: opening a file with 100k
	// blobs then allocates a third as much, which on js/wasm is most of
	// the time it takes.
	once  sync.Once
	res   *Resource
	solid bool
	ready atomic.Bool // decoded from its entry (see blobTable.blob)
}

// resource is the blob's resource, made on first use for a non-solid one
// (its header was checked when the table was read).
func (b *Blob) resource() *Resource {
	b.once.Do(func() {
		if b.res == nil {
			b.res = &Resource{hash: b.Hash}
			initResource(b.res, b.part, b.Resource)
		}
	})
	return b.res
}

// ReadAt reads the blob's uncompressed bytes, decompressing only the chunks
// that hold [off, off+len(p)).
func (b *Blob) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("wim: negative offset %d", off)
	}
	if off >= b.Size {
		return 0, io.EOF
	}
	want := p
	if int64(len(p)) > b.Size-off {
		want = p[:b.Size-off]
	}
	if err := b.resource().read(b.a, want, b.off+off); err != nil {
		return 0, err
	}
	if len(want) < len(p) {
		return len(want), io.EOF
	}
	return len(p), nil
}

// Open returns a reader over the blob's bytes.
func (b *Blob) Open() *io.SectionReader { return io.NewSectionReader(b, 0, b.Size) }

// Solid reports whether the blob lives inside a solid resource with others.
func (b *Blob) Solid() bool { return b.solid }

// Compression is the format of the blob's resource.
func (b *Blob) Compression() Compression { return b.resource().comp }

// ChunkSize is the chunk size of the blob's resource (0 when uncompressed).
func (b *Blob) ChunkSize() int64 { return b.resource().chunkSize }

// StoredSize is the size of the blob's resource in the file; for a solid
// blob, that of the whole solid resource it shares.
func (b *Blob) StoredSize() int64 { return b.resource().stored }

// StoredShare is the stored bytes behind the blob, as Locations counts
// them: its resource's, or for a solid blob its share of the solid
// resource (by the chunks it spans, or by size when the chunk table
// cannot be read).
func (b *Blob) StoredShare() float64 {
	r := b.resource()
	if !b.solid {
		return float64(r.stored)
	}
	return r.storedShare(b.off, b.Size)
}

// SolidResource is where a solid blob's resource starts in its file and
// how many bytes it holds uncompressed (what wimlib-imagex info prints).
func (b *Blob) SolidResource() (offset, size int64) {
	r := b.resource()
	if r.comp == None {
		return r.offset - solidHeaderSize, r.size // offset is past the header
	}
	return r.offset, r.size
}

// Part is the 1-based number of the part file holding the blob.
func (b *Blob) Part() int { return b.part.number }

// blobTable is one part's blob table as read. Its blobs are decoded on
// first use, not when the file opens: a listing needs only the images'
// metadata, and decoding 50k entries into Blobs wrote 6 MB it never read.
type blobTable struct {
	a    *Archive
	part *part
	raw  []byte // the entries as stored
	base uint32 // the number the index gives entry 0 (see Archive.table)

	// chunks[i/blobChunk] holds entry i's Blob, allocated when one of its
	// entries is first used: memory the collector never scans until then.
	mu     sync.Mutex
	chunks []atomic.Pointer[[blobChunk]Blob]

	// solidAt[i] is where solid entry i's blob lies, found as the table
	// is read; nil when the table has no solid run. Kept this small, no
	// Blob need be made for a solid blob until it is used: an ESD's
	// blobs, all solid, took 6 MiB of Blobs at open, most of what verify
	// holds besides its two decoding chunks.
	solidAt []solidPlace
}

// solidPlace is a solid blob's resource and its offset there.
type solidPlace struct {
	res *Resource
	off int64
}

const blobChunk = 256

func (t *blobTable) len() int { return len(t.raw) / blobEntrySize }

func (t *blobTable) entry(i int) []byte { return t.raw[i*blobEntrySize : (i+1)*blobEntrySize] }

func (t *blobTable) hash(i int) *digest.SHA1 { return (*digest.SHA1)(t.entry(i)[30:50]) }

// solid says whether entry i is in a solid run: a resource, or a blob
// placed in one when the table was read.
func (t *blobTable) solid(i int) bool {
	// Only solid-version files may use the flag.
	return t.part.hdr.Version != VersionDefault && ResourceFlags(t.entry(i)[7])&ResSolid != 0
}

// usable is entry i's fields and blob size, and whether wimlib would read
// it as a blob: not a solid resource's entry, in this part, with a nonzero
// hash and size. It decodes no Blob.
func (t *blobTable) usable(i int) (e BlobEntry, size int64, ok bool) {
	e = parseBlobEntry(t.entry(i))
	if t.solid(i) && e.Resource.OriginalSize == solidEntryMagic {
		return e, 0, false
	}
	size = t.size(i)
	return e, size, !e.Hash.IsZero() && size != 0 && int(e.PartNumber) == t.part.number
}

// size is the size of the blob entry i describes, decoding only that.
func (t *blobTable) size(i int) int64 {
	rh := parseResourceHeader(t.entry(i))
	if t.solid(i) {
		return int64(rh.StoredSize) // a solid blob's size sits in the stored-size field
	}
	return int64(rh.OriginalSize)
}

// slot is where entry i's Blob lives, its chunk allocated if need be;
// callers hold mu, or have the table to themselves while it is read.
func (t *blobTable) slot(i int) *Blob {
	c := t.chunks[i/blobChunk].Load()
	if c == nil {
		c = new([blobChunk]Blob)
		t.chunks[i/blobChunk].Store(c)
	}
	return &c[i%blobChunk]
}

// blob is entry i's Blob, decoded on first use (solid ones from where the
// table's reading placed them). Callers only ask for entries usable
// accepts.
func (t *blobTable) blob(i int) *Blob {
	if c := t.chunks[i/blobChunk].Load(); c != nil {
		if b := &c[i%blobChunk]; b.ready.Load() {
			return b
		}
	}
	t.mu.Lock()
	b := t.decode(i)
	t.mu.Unlock()
	return b
}

// decode is blob's slow path, with mu held.
func (t *blobTable) decode(i int) *Blob {
	b := t.slot(i)
	if !b.ready.Load() {
		t.fill(b, i)
		b.ready.Store(true)
	}
	return b
}

// fill decodes entry i into the zeroed b.
func (t *blobTable) fill(b *Blob, i int) {
	// Field by field: a whole-struct store of a type with pointers costs
	// a bulk write barrier while the collector runs, and on js/wasm that
	// showed.
	b.BlobEntry = parseBlobEntry(t.entry(i))
	b.Size = t.size(i)
	b.a, b.part = t.a, t.part
	if t.solid(i) {
		sp := &t.solidAt[i]
		b.res, b.off, b.solid = sp.res, sp.off, true
	}
}

// readBlobTable reads and checks one part's blob table, placing the blobs
// of solid resources. Solid runs follow wimlib's reading: consecutive
// SOLID entries whose original size is the magic value are resources; the
// other entries of the run are blobs whose offset counts across those
// resources in order.
func (a *Archive) readBlobTable(p *part) (*blobTable, error) {
	h := p.hdr
	rh := h.BlobTable
	if rh.Flags&ResCompressed != 0 {
		return nil, bad(ErrUnsupported, p.number, 48, "blob table", "compressed blob table")
	}
	t := &blobTable{a: a, part: p, raw: make([]byte, rh.OriginalSize-rh.OriginalSize%blobEntrySize)} // size checked by readHeader
	if err := p.readFull(t.raw, int64(rh.Offset), "blob table"); err != nil {
		return nil, err
	}
	n := t.len()
	t.chunks = make([]atomic.Pointer[[blobChunk]Blob], (n+blobChunk-1)/blobChunk)
	at := func(i int) int64 { return int64(rh.Offset) + int64(i)*blobEntrySize }
	for i := 0; i < n; i++ {
		if !t.solid(i) {
			rh := parseResourceHeader(t.entry(i))
			if beyond(p, rh) {
				return nil, pastEnd(p.number, at(i), p.size, fmt.Sprintf("blob table entry %d's resource", i), rh.Offset, rh.StoredSize)
			}
			if why := checkResource(p, rh); why != "" {
				return nil, malformed(p.number, at(i), fmt.Sprintf("blob table entry %d", i), "%s", why)
			}
			continue
		}
		// A solid run: its resources first, then place its blobs.
		j := i
		for j < n && t.solid(j) {
			j++
		}
		var run []*Resource
		for k := i; k < j; k++ {
			if e := parseBlobEntry(t.entry(k)); e.Resource.OriginalSize == solidEntryMagic {
				res, err := a.newSolidResource(p, e.Resource, at(k), k)
				if err != nil {
					return nil, err
				}
				run = append(run, res)
			}
		}
		if t.solidAt == nil {
			t.solidAt = make([]solidPlace, n)
		}
		for k := i; k < j; k++ {
			e := parseBlobEntry(t.entry(k))
			if e.Resource.OriginalSize == solidEntryMagic {
				continue
			}
			r, off, err := placeInRun(e, run)
			if err != nil {
				return nil, malformed(p.number, at(k), fmt.Sprintf("blob table entry %d", k), "%v", err)
			}
			t.solidAt[k] = solidPlace{r, off}
		}
		i = j - 1
	}
	return t, nil
}

// placeInRun finds the solid resource of run holding the blob of entry e,
// and the blob's offset in it.
func placeInRun(e BlobEntry, run []*Resource) (*Resource, int64, error) {
	size := e.Resource.StoredSize // a solid blob's size sits in the stored-size field
	off := e.Resource.Offset
	for _, r := range run {
		if off <= uint64(r.size) && size <= uint64(r.size)-off {
			return r, int64(off), nil
		}
		if off < uint64(r.size) {
			break // straddles two solid resources
		}
		off -= uint64(r.size)
	}
	return nil, 0, fmt.Errorf("blob %s (offset %d, %d bytes) lies outside its solid resources", e.Hash, e.Resource.Offset, size)
}

// maxResourceSize bounds a resource's uncompressed size, an exbibyte:
// no disk holds more, and below it offsets, chunk counts and span ends
// computed from the size cannot overflow an int64.
const maxResourceSize = 1 << 60

// beyond says whether a resource reaches past the end of its part.
func beyond(p *part, rh ResourceHeader) bool {
	return rh.StoredSize > uint64(p.size) || rh.Offset > uint64(p.size)-rh.StoredSize
}

// checkResource says what is wrong with a non-solid resource header, if
// anything, given the part it is in.
func checkResource(p *part, rh ResourceHeader) string {
	switch {
	case beyond(p, rh):
		return fmt.Sprintf("resource at offset %d of %d bytes runs past the end of the %d-byte file", rh.Offset, rh.StoredSize, p.size)
	case rh.Flags&ResCompressed == 0 && rh.StoredSize != rh.OriginalSize:
		return fmt.Sprintf("uncompressed resource stores %d bytes for %d", rh.StoredSize, rh.OriginalSize)
	case rh.Flags&ResCompressed != 0 && p.hdr.Compression() == None:
		return "compressed resource in a file without compression"
	case rh.Flags&ResCompressed != 0 && rh.OriginalSize == 0:
		return "compressed resource of 0 bytes"
	case rh.OriginalSize > maxResourceSize:
		return fmt.Sprintf("resource of %d bytes uncompressed, over the %d-byte limit", rh.OriginalSize, uint64(maxResourceSize))
	}
	return ""
}

// initResource fills the zeroed r from a non-solid resource header that
// checkResource passed.
func initResource(r *Resource, p *part, rh ResourceHeader) {
	r.part = p
	r.offset, r.stored, r.size = int64(rh.Offset), int64(rh.StoredSize), int64(rh.OriginalSize)
	r.pipable = p.hdr.Pipable()
	if rh.Flags&ResCompressed != 0 {
		r.comp = p.hdr.Compression()
		r.chunkSize = int64(p.hdr.ChunkSize)
	}
}

// newSolidResource reads the header a solid resource carries at its start:
// its uncompressed size, chunk size and format override the file header's.
func (a *Archive) newSolidResource(p *part, rh ResourceHeader, at int64, index int) (*Resource, error) {
	field := fmt.Sprintf("solid resource (blob table entry %d)", index)
	if beyond(p, rh) {
		return nil, pastEnd(p.number, at, p.size, fmt.Sprintf("blob table entry %d's solid resource", index), rh.Offset, rh.StoredSize)
	}
	if rh.StoredSize < solidHeaderSize {
		return nil, malformed(p.number, at, field, "%d bytes, shorter than a solid resource's header", rh.StoredSize)
	}
	var hb [solidHeaderSize]byte
	if err := p.readFull(hb[:], int64(rh.Offset), field+" header"); err != nil {
		return nil, err
	}
	r := &Resource{part: p, offset: int64(rh.Offset), stored: int64(rh.StoredSize), solid: true,
		size:      int64(binary.LittleEndian.Uint64(hb[:])),
		chunkSize: int64(binary.LittleEndian.Uint32(hb[8:])),
		comp:      Compression(binary.LittleEndian.Uint32(hb[12:])),
		label:     fmt.Sprintf("solid resource at offset %d", rh.Offset),
	}
	if r.comp > LZMS {
		return nil, bad(ErrUnsupported, p.number, int64(rh.Offset)+12, field, "compression format %d", uint32(r.comp))
	}
	if r.size < 0 || r.size > maxResourceSize {
		return nil, malformed(p.number, int64(rh.Offset), field, "uncompressed size %d, over the %d-byte limit", uint64(r.size), int64(maxResourceSize))
	}
	if r.comp == None {
		r.chunkSize = 0
		if r.size > r.stored-solidHeaderSize {
			return nil, malformed(p.number, int64(rh.Offset), field, "uncompressed solid resource holds %d bytes in %d", r.size, r.stored)
		}
		r.offset += solidHeaderSize
		return r, nil
	}
	if why := checkChunkSize(r.comp, uint32(r.chunkSize)); why != "" {
		return nil, malformed(p.number, int64(rh.Offset)+8, field, "%s", why)
	}
	return r, nil
}
