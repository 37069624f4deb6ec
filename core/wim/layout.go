package wim

import (
	"cmp"
	"context"
	"io"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
)

// What a reader of many blobs in file order (core/bulk: verify, and
// extraction's ordered read) needs of the format: where each blob lies,
// the resources holding them, and the checks of what was read. None of
// it decodes a Blob per entry: for 45k blobs on js/wasm, decoding them
// took each engine a tenth of a second, and making their resources
// another.

// Location is where a blob lies, and what it is.
type Location struct {
	Entry uint32 // its blob table entry, numbered across the parts' tables
	Hash  digest.SHA1
	Image int // the image whose metadata it is; 0 if none, -1 if no image's
	Part  int
	At    int64 // where its resource starts in the part
	Off   int64 // where it starts in the resource's uncompressed bytes
	Size  int64 // uncompressed
	Chunk int64 // its resource's chunk size, 0 when uncompressed
	// Stored is the stored bytes behind it: its resource's, or for a blob
	// in a solid resource its share of the chunks it lies in.
	Stored float64
}

// Locations lists every blob verify checks, images' metadata included,
// as they lie in the files (CompareLocations), so that a pass over them
// reads each part front to back and each solid chunk while it is cached.
// It is made once; callers must not change it.
func (a *Archive) Locations() []Location {
	a.locOnce.Do(func() { a.loc = a.locate() })
	return a.loc
}

// locate makes Locations' list.
func (a *Archive) locate() []Location {
	a.index()
	// Images' metadata usually follows the blobs, and wimlib writes the
	// table in file order: the list is then sorted as made.
	ids := slices.Concat(a.order, a.metaIDs, a.otherMeta)
	out := make([]Location, len(ids))
	for k, id := range ids {
		l := a.locateOne(id)
		switch {
		case k >= len(a.order)+len(a.metaIDs):
			l.Image = -1
		case k >= len(a.order):
			l.Image = k - len(a.order) + 1
		}
		out[k] = l
	}
	if !slices.IsSortedFunc(out, CompareLocations) {
		slices.SortStableFunc(out, CompareLocations)
	}
	return out
}

// Locate is where the blob named h lies. When the archive lacks it, the
// error says why (ErrMissingBlob, or ErrMissingPart).
func (a *Archive) Locate(h digest.SHA1) (Location, error) {
	id, ok := a.index().get(h)
	if !ok {
		_, err := a.OpenBlob(h)
		return Location{}, err
	}
	return a.locateOne(id), nil
}

// locateOne is where blob table entry id lies.
func (a *Archive) locateOne(id uint32) Location {
	t, i := a.table(id)
	rh := parseResourceHeader(t.entry(i))
	l := Location{Entry: id, Hash: *t.hash(i), Part: t.part.number, At: int64(rh.Offset), Size: t.size(i), Stored: float64(rh.StoredSize)}
	switch {
	case t.solid(i):
		sp := &t.solidAt[i]
		l.At, l.Off, l.Chunk, l.Stored = sp.res.offset, sp.off, sp.res.chunkSize, sp.res.storedShare(sp.off, l.Size)
	case rh.Flags&ResCompressed != 0:
		l.Chunk = int64(t.part.hdr.ChunkSize)
	}
	return l
}

// CompareLocations orders blobs as they lie in the files: by part,
// resource and offset.
func CompareLocations(x, y Location) int {
	return cmp.Or(cmp.Compare(x.Part, y.Part), cmp.Compare(x.At, y.At), cmp.Compare(x.Off, y.Off))
}

// Resource is the resource holding the blob at l. A solid blob shares
// its resource with the others in it. For a blob with a resource of its
// own, own is made that resource and returned, or nil is returned when own
// is nil: a bulk reader reuses one from blob to blob, chunk table
// included, as fresh memory is dear on js/wasm (3 ms a MiB).
func (a *Archive) Resource(l Location, own *Resource) *Resource {
	t, i := a.table(l.Entry)
	if t.solid(i) {
		return t.solidAt[i].res
	}
	if own == nil {
		return nil
	}
	*own = Resource{table: own.table[:0], hash: l.Hash}
	initResource(own, t.part, parseResourceHeader(t.entry(i)))
	return own
}

// PartReader is the reader part n (1-based) was opened with, nil when the
// part is missing.
func (a *Archive) PartReader(n int) io.ReaderAt {
	if n < 1 || n > len(a.parts) || a.parts[n-1] == nil {
		return nil
	}
	return a.parts[n-1].r
}

// CheckHash fails unless got, the SHA-1 of the bytes read for the blob at
// l, is its name.
func (a *Archive) CheckHash(l Location, got digest.SHA1) error {
	if got == l.Hash {
		return nil
	}
	t, i := a.table(l.Entry)
	return checksumError(t.part.number, int64(parseResourceHeader(t.entry(i)).Offset), "blob", l.Hash, "data", got)
}

// ReadMetadata reads the metadata resource at l (l.Image is not 0) whole,
// unchecked, unless its size is implausible for the file holding it.
func (a *Archive) ReadMetadata(l Location) ([]byte, error) {
	if l.Image > 0 {
		_, buf, err := a.readMetadata(l.Image)
		return buf, err
	}
	t, i := a.table(l.Entry)
	b := t.blob(i)
	if err := plausible(b, "metadata of no image"); err != nil {
		return nil, err
	}
	buf := make([]byte, b.Size)
	if _, err := b.ReadAt(buf, 0); err != nil {
		return nil, err
	}
	return buf, nil
}

// Part is the number of the part holding r.
func (r *Resource) Part() int { return r.part.number }

// Offset is where r's stored bytes start in its part.
func (r *Resource) Offset() int64 { return r.offset }

// StoredSize is how many bytes r takes in its part.
func (r *Resource) StoredSize() int64 { return r.stored }

// Size is how many bytes r holds uncompressed.
func (r *Resource) Size() int64 { return r.size }

// Compressed reports whether r is stored as compressed chunks.
func (r *Resource) Compressed() bool { return r.compressed() }

// ChunkSize is the uncompressed size of r's chunks, 0 when r is raw.
func (r *Resource) ChunkSize() int64 { return r.chunkSize }

// Solid reports whether r holds many blobs.
func (r *Resource) Solid() bool { return r.solid }

// LoadTable reads and checks r's chunk table, once.
func (r *Resource) LoadTable() error { return r.loadTable() }

// ReadPart reads len(b) bytes of r's part at off, anywhere in the part: a
// bulk reader reads neighbouring resources' stored bytes at once.
func (r *Resource) ReadPart(b []byte, off int64) error { return r.part.readFull(b, off, "resource") }

// ReadChunks decodes r's n chunks from first into dst, which has exactly
// their length. Their stored bytes are read at once into buf, grown if
// need be and returned for reuse. written, if not nil, is told how far
// dst has filled, now and then, while a large chunk decodes as it is read
// (a solid resource's), and may block to pace it.
func (r *Resource) ReadChunks(first, n int64, dst, buf []byte, written func(int)) ([]byte, error) {
	return r.readChunks(r.part.a, first, n, dst, buf, written)
}

// DecodeStored decodes r's n chunks from first into dst, which has exactly
// their length, from stored, which holds all of r's stored bytes.
func (r *Resource) DecodeStored(stored []byte, first, n int64, dst []byte) error {
	if err := r.loadTableFrom(stored); err != nil {
		return err
	}
	return r.decodeChunks(r.part.a, first, n, dst, stored[r.table[first]-r.offset:])
}

// IntegrityBytes is how many bytes CheckIntegrity hashes, in all.
func (a *Archive) IntegrityBytes() int64 {
	var n int64
	for _, p := range a.parts {
		if p != nil && p.hdr.HasIntegrity() {
			n += integrityCovered(p.hdr)
		}
	}
	return n
}

// CheckIntegrity checks each part that has an integrity table against it,
// hashing with h: of each table's chunks, only run k of n. has says
// whether any part has a table; err is the first that fails, or ctx's
// error when it ended. tick is called with the bytes hashed, as they are.
func (a *Archive) CheckIntegrity(ctx context.Context, h digest.Hasher, k, n int, tick func(int64)) (has bool, err error) {
	for _, p := range a.parts {
		if p == nil || !p.hdr.HasIntegrity() {
			continue
		}
		has = true
		if e := a.checkIntegrity(ctx, p, h, tick, k, n); e != nil {
			if ctx.Err() != nil {
				return has, ctx.Err()
			}
			if err == nil {
				err = e
			}
		}
	}
	return has, err
}
