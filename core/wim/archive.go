// Package wim reads Windows Imaging files: WIM, ESD (solid) and SWM (split)
// archives, and wimlib's pipable WIMs. It reads through io.ReaderAt and
// touches only what is asked for: opening reads the header, blob table and
// XML; an image's metadata is read when the image is; a file's bytes are
// decompressed chunk by chunk as they are read.
package wim

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
)

// Part is one file to open: a whole WIM, or one part of a split WIM.
type Part struct {
	R    io.ReaderAt
	Size int64
	Name string // for messages only
}

// Archive is an opened WIM, possibly made of several parts.
type Archive struct {
	Header *Header // part 1's header (or the lowest part given)
	Info   *Info   // the XML data, parsed; Info.Raw keeps the document

	// Warnings are problems that did not stop the archive from opening,
	// such as unparsable XML.
	Warnings []error

	parts    []*part // indexed by part number - 1; nil where missing
	tables   []*blobTable
	metadata []*Blob  // image i's metadata resource is metadata[i-1]
	metaIDs  []uint32 // and its blob table entry, numbered as in order
	cache    *chunkCache
	decoders decoderPools
	hasher   digest.Hasher // hashes images' metadata (see Options)

	// otherMeta are the metadata entries of no image (see addPart).
	otherMeta []uint32

	// Built on first use (see index): listing an image needs neither.
	indexOnce sync.Once
	blobs     blobIndex
	order     []uint32 // the non-metadata blobs' entries, in table order
	solid     bool     // whether any of them is in a solid resource
	allOnce   sync.Once
	all       []*Blob // order's blobs, decoded
	locOnce   sync.Once
	loc       []Location // what verify checks, by location (see Locations)
}

// DefaultCacheBytes bounds the decompressed chunks kept for reuse.
const DefaultCacheBytes = 96 << 20

// Open opens a single WIM or ESD file, or the first part of a split WIM
// (whose other parts can be added with OpenParts).
func Open(r io.ReaderAt, size int64) (*Archive, error) {
	return OpenParts(Part{R: r, Size: size})
}

// Options are how a host opens archives; the zero value serves.
type Options struct {
	// Hasher hashes each image's metadata as it is read; nil is Go's
	// (digest.Go). A host whose own is faster gives it here.
	Hasher digest.Hasher
}

// OpenParts opens files as OpenWith does, with Go's SHA-1.
func OpenParts(files ...Part) (*Archive, error) { return OpenWith(Options{}, files...) }

// OpenWith opens the parts of a split WIM in any order (or a single file).
// Parts must share one GUID and part count. When some parts are missing the
// archive still opens: what they hold fails to read with ErrMissingPart, and
// MissingParts lists them. Without part 1 there is no image metadata; the XML,
// which every part carries, is then the lowest part's given.
func OpenWith(opts Options, files ...Part) (*Archive, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("wim: no files to open")
	}
	a := &Archive{cache: newChunkCache(DefaultCacheBytes), hasher: digest.Or(opts.Hasher)}
	var first *Header
	for _, f := range files {
		h, err := readHeader(f.R, f.Size, 0)
		if err != nil {
			if fe, ok := err.(*inputerr.Error); ok && len(files) > 1 {
				fe.Field = strings.TrimSuffix(f.Name+": "+fe.Field, ": ")
			}
			return nil, err
		}
		if first == nil {
			first = h
			a.parts = make([]*part, h.TotalParts)
		} else if h.GUID != first.GUID {
			return nil, differentWIMs([2]string{files[0].Name, f.Name}, [2]string{first.GUIDString(), h.GUIDString()})
		} else if h.TotalParts != first.TotalParts {
			return nil, malformed(0, 24, f.Name+": header",
				"part %d/%d with GUID %s does not belong with %s's GUID %s (%d parts)",
				h.PartNumber, h.TotalParts, h.GUIDString(), files[0].Name, first.GUIDString(), first.TotalParts)
		}
		n := int(h.PartNumber)
		if a.parts[n-1] != nil {
			return nil, malformed(n, 40, f.Name+": header", "part %d given twice (also %s)", n, a.parts[n-1].name)
		}
		a.parts[n-1] = &part{a: a, r: f.R, size: f.Size, number: n, name: f.Name, hdr: h}
	}
	for _, p := range a.parts {
		if p != nil && (a.Header == nil || p.number == 1) {
			a.Header = p.hdr
		}
	}
	// The XML is read while the blob tables are: in the browser each read
	// waits on the File, and that wait can overlap the tables' parsing.
	// Every part carries it: part 1's is read, or else the lowest part's
	// given, as wimlib's info on a later part prints that part's.
	type xmlRead struct {
		info *Info
		err  error
	}
	xmlc := make(chan xmlRead, 1)
	xp := a.parts[a.Header.PartNumber-1]
	go func() {
		info, err := readXML(a, xp)
		xmlc <- xmlRead{info, err}
	}()
	for _, p := range a.parts {
		if p == nil {
			continue
		}
		if err := a.addPart(p); err != nil {
			return nil, err
		}
	}
	x := <-xmlc
	info, err := x.info, x.err
	switch {
	case info == nil:
		return nil, err
	case err != nil:
		// The XML only describes; the images still open without it.
		a.Warnings = append(a.Warnings, err)
	}
	a.Info = info
	if info.Encrypted {
		return nil, &inputerr.Error{Kind: ErrEncrypted, Part: xp.number, Offset: int64(xp.hdr.XML.Offset), Field: "XML data"}
	}
	return a, nil
}

// addPart reads one part's blob table and takes the images' metadata
// resources from it: as in wimlib, in table order, from part 1 only.
func (a *Archive) addPart(p *part) error {
	t, err := a.readBlobTable(p)
	if err != nil {
		return err
	}
	if len(a.tables) > 0 {
		last := a.tables[len(a.tables)-1]
		if uint64(last.base)+uint64(last.len())+uint64(t.len()) >= 1<<32 {
			return malformed(p.number, int64(p.hdr.BlobTable.Offset), "blob table", "more than 2^32 entries across the parts")
		}
		t.base = last.base + uint32(last.len())
	}
	a.tables = append(a.tables, t)
	referenced := 0 // metadata entries with references, the images wimlib counts
	for i := range t.len() {
		// The flag byte first: most entries are not metadata, and
		// decoding each would be a second pass over the table at open.
		if ResourceFlags(t.entry(i)[7])&ResMetadata == 0 {
			continue
		}
		e, _, ok := t.usable(i)
		if !ok {
			continue
		}
		id := t.base + uint32(i)
		if e.RefCount != 0 {
			referenced++
		}
		// As in wimlib, the images are part 1's referenced metadata, in
		// table order, up to the header's count. Verify still reads and
		// hashes the others: damage there is damage to the file.
		if p.number != 1 || e.RefCount == 0 || len(a.metadata) == int(p.hdr.ImageCount) {
			a.otherMeta = append(a.otherMeta, id)
			continue
		}
		if e.RefCount != 1 {
			a.Warnings = append(a.Warnings, malformed(p.number, int64(p.hdr.BlobTable.Offset), "blob table",
				"image %d's metadata has a reference count of %d; wimlib refuses any but 1", len(a.metadata)+1, e.RefCount))
		}
		b := t.blob(i)
		if b.Solid() {
			return malformed(p.number, -1, "metadata resource", "image %d's metadata is in a solid resource", len(a.metadata)+1)
		}
		a.metadata = append(a.metadata, b)
		a.metaIDs = append(a.metaIDs, id)
	}
	if p.number == 1 && referenced != int(p.hdr.ImageCount) {
		a.Warnings = append(a.Warnings, malformed(p.number, 44, "header image count",
			"the header's image count is %d, the blob table's count of image metadata %d", p.hdr.ImageCount, referenced))
	}
	return nil
}

// index is the blobs by SHA-1, built on first use from every part's
// usable non-metadata entries; as in wimlib, a duplicate keeps the first.
func (a *Archive) index() *blobIndex {
	a.indexOnce.Do(func() {
		n := 0
		for _, t := range a.tables {
			n += t.len()
		}
		// Sized once: growing it by doubling cost more than filling it.
		a.blobs = newBlobIndex(n, a.entryHash)
		a.order = make([]uint32, 0, n)
		for _, t := range a.tables {
			for i := range t.len() {
				if e, _, ok := t.usable(i); ok && e.Resource.Flags&ResMetadata == 0 {
					if id := t.base + uint32(i); a.blobs.add(id) {
						a.order = append(a.order, id)
						a.solid = a.solid || t.solid(i)
					}
				}
			}
		}
	})
	return &a.blobs
}

// table finds the blob table holding entry id, numbered across the parts'
// tables in the order they were read.
func (a *Archive) table(id uint32) (*blobTable, int) {
	for _, t := range a.tables {
		if id-t.base < uint32(t.len()) {
			return t, int(id - t.base)
		}
	}
	panic("wim: blob entry out of range") // ids come from the index only
}

func (a *Archive) entryHash(id uint32) *digest.SHA1 {
	t, i := a.table(id)
	return t.hash(i)
}

// Parts returns the number of parts and which are missing.
func (a *Archive) Parts() (total int, missing []int) {
	for i, p := range a.parts {
		if p == nil {
			missing = append(missing, i+1)
		}
	}
	return len(a.parts), missing
}

// PartHeader returns the header of part n (1-based), or nil when missing.
func (a *Archive) PartHeader(n int) *Header {
	if n < 1 || n > len(a.parts) || a.parts[n-1] == nil {
		return nil
	}
	return a.parts[n-1].hdr
}

// ImageCount is the number of images whose metadata was found.
func (a *Archive) ImageCount() int { return len(a.metadata) }

// Blob looks a blob up by its SHA-1.
func (a *Archive) Blob(h digest.SHA1) (*Blob, bool) {
	id, ok := a.index().get(h)
	if !ok {
		return nil, false
	}
	t, i := a.table(id)
	return t.blob(i), true
}

// BlobCount is len(Blobs()), without decoding them.
func (a *Archive) BlobCount() int {
	a.index()
	return len(a.order)
}

// Solid reports whether any file blob lies in a solid resource (an ESD).
func (a *Archive) Solid() bool {
	a.index()
	return a.solid
}

// Blobs lists the file blobs (not metadata) in blob table order.
func (a *Archive) Blobs() []*Blob {
	a.allOnce.Do(func() {
		a.index()
		a.all = make([]*Blob, len(a.order))
		// All at once under each table's lock, not a lock per blob: the
		// page asks for them all as soon as a file opens.
		for _, t := range a.tables {
			t.mu.Lock()
		}
		for k, id := range a.order {
			t, i := a.table(id)
			a.all[k] = t.decode(i)
		}
		for _, t := range a.tables {
			t.mu.Unlock()
		}
	})
	return a.all
}

// MetadataBlob is image i's (1-based) metadata resource.
func (a *Archive) MetadataBlob(i int) (*Blob, error) {
	if i < 1 || i > len(a.metadata) {
		if a.parts[0] == nil {
			return nil, &inputerr.Error{Kind: ErrMissingPart, Field: fmt.Sprintf("image %d", i), Offset: -1,
				Detail: "image metadata is in part 1", Style: wimPrefixed}
		}
		return nil, fmt.Errorf("wim: no image %d (the file has %d)", i, len(a.metadata))
	}
	return a.metadata[i-1], nil
}

// Entry is the blob table entry of the blob named h, numbered as
// Location.Entry numbers them, for one who keeps something per blob of
// Locations. It decodes no Blob.
func (a *Archive) Entry(h digest.SHA1) (uint32, bool) { return a.index().get(h) }

// BlobSize implements meta.Blobs. It decodes no Blob: parsing an image
// asks for every stream's.
func (a *Archive) BlobSize(h digest.SHA1) (int64, bool) {
	id, ok := a.index().get(h)
	if !ok {
		return 0, false
	}
	t, i := a.table(id)
	_, size, _ := t.usable(i)
	return size, true
}

// OpenBlob implements meta.Blobs: a reader over the blob named h.
func (a *Archive) OpenBlob(h digest.SHA1) (*io.SectionReader, error) {
	b, ok := a.Blob(h)
	if !ok {
		if total, missing := a.Parts(); len(missing) > 0 {
			return nil, &inputerr.Error{Kind: ErrMissingPart, Field: "blob " + h.String(), Offset: -1,
				Err: &MissingPartsError{total, missing}, Style: wimPrefixed}
		}
		return nil, &inputerr.Error{Kind: ErrMissingBlob, Field: "blob " + h.String(), Offset: -1, Style: wimPrefixed}
	}
	return b.Open(), nil
}

// maxMetadataRatio follows wimlib: a metadata resource may legitimately be
// much larger than the file (many empty files with long names), but not
// beyond this factor of the file's size.
const maxMetadataRatio = 512

// maxMetadataSize bounds one image's metadata resource whatever the file's
// size: the ratio lets a 27 MB file claim 13 GB, and the page's engine has
// at most 4 GiB for everything. An image of a million files needs a few
// hundred MB.
const maxMetadataSize = 1 << 30

// Image reads and parses image i's (1-based) metadata resource.
func (a *Archive) Image(i int) (*meta.Image, error) {
	b, buf, err := a.readMetadata(i)
	if err != nil {
		return nil, err
	}
	// Hash while parsing: on another core natively, and in the browser by
	// WebCrypto off the worker's thread. Parse only reads buf.
	sum := make(chan digest.SHA1, 1)
	go func() { sum <- a.hasher.Sum(buf) }()
	// js/wasm has one thread and no preemption: let the hash start (and
	// hand itself to WebCrypto) before parsing takes the thread.
	runtime.Gosched()
	img, err := meta.Parse(buf, a)
	if err := checkMetadata(i, b, <-sum); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, inMetadata(i, b, err)
	}
	return img, nil
}

// inMetadata is err, met while parsing image i's metadata resource b,
// said to be there.
func inMetadata(i int, b *Blob, err error) error {
	return &inputerr.Error{Part: b.Part(), Offset: -1, Field: metadataField(i), Resource: b.Hash.String(), Err: err}
}

// Metadata reads image i's (1-based) metadata resource, uncompressed and
// checked against its SHA-1, for meta.Paths: listing paths needs no tree.
func (a *Archive) Metadata(i int) ([]byte, error) {
	b, err := a.plausibleMetadata(i)
	if err != nil {
		return nil, err
	}
	buf, sum, err := readHashing(b, a.hasher)
	if err != nil {
		return nil, err
	}
	if err := checkMetadata(i, b, sum); err != nil {
		return nil, err
	}
	return buf, nil
}

func metadataField(i int) string { return fmt.Sprintf("image %d metadata", i) }

// readMetadata reads image i's metadata resource, unchecked.
func (a *Archive) readMetadata(i int) (*Blob, []byte, error) {
	b, err := a.plausibleMetadata(i)
	if err != nil {
		return nil, nil, err
	}
	buf := make([]byte, b.Size)
	if _, err := b.ReadAt(buf, 0); err != nil {
		return nil, nil, err
	}
	return b, buf, nil
}

// plausibleMetadata is image i's metadata resource, unless its size is
// implausible for the file that holds it.
func (a *Archive) plausibleMetadata(i int) (*Blob, error) {
	b, err := a.MetadataBlob(i)
	if err != nil {
		return nil, err
	}
	return b, plausible(b, metadataField(i))
}

// plausible fails when metadata resource b's size is implausible for the
// file that holds it.
func plausible(b *Blob, field string) error {
	var why string
	switch {
	case b.Size > maxMetadataSize:
		why = fmt.Sprintf("%s bytes uncompressed, over the limit of %s bytes (1 GiB) for one image's metadata", grouped(uint64(b.Size)), grouped(maxMetadataSize))
	case b.Size/maxMetadataRatio > b.part.size:
		why = fmt.Sprintf("%s bytes uncompressed is implausible for a %s-byte file", grouped(uint64(b.Size)), grouped(uint64(b.part.size)))
	default:
		return nil
	}
	e := malformed(b.Part(), int64(b.Resource.Offset), field, "%s", why)
	e.Resource = b.Hash.String()
	return e
}

// checkMetadata fails unless image i's metadata hashed to its blob's name.
func checkMetadata(i int, b *Blob, got digest.SHA1) error {
	if got == b.Hash {
		return nil
	}
	return checksumError(b.Part(), int64(b.Resource.Offset), metadataField(i), b.Hash, "metadata", got)
}

// checksumError is the fault of a blob named want whose bytes (what they
// are) hash to got.
func checksumError(part int, off int64, field string, want digest.SHA1, what string, got digest.SHA1) error {
	e := bad(ErrChecksum, part, off, field, "%s hashes to %s", what, got)
	e.Resource = want.String()
	return e
}

// Progress reports long work: done out of total units (bytes unless said
// otherwise). The CLI draws it as a bar; the web worker posts it to the page.
type Progress func(done, total int64)
