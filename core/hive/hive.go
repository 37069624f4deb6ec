// Package hive reads Windows registry hive files (regf) through an
// io.ReaderAt: the base block, keys by path (case-insensitive) or by
// walking, their subkeys and values, and values decoded by type.
//
// Layout from msuhanov's "Windows registry file format specification"
// and libyal's libregf notes. Input is hostile: every offset is checked
// against the hive's size and every length against its cell, a value's
// data is capped (MaxValueSize), Walk visits each key cell once and no
// deeper than MaxDepth, and damage is an *inputerr.Error naming the key
// and value it was found in, so the rest of the hive stays readable.
// Transaction logs (.LOG1/.LOG2) are not applied: a hive whose base block
// says it was not cleanly written is read as it is, with a warning.
package hive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/meta"
)

var le = binary.LittleEndian

const (
	baseSize = 0x1000 // the base block; cell offsets count from its end
	noCell   = 0xFFFFFFFF

	// The hive bins are read in pages kept in a small cache, so a hive
	// tens of MB long is never read whole: 64 pages of 64 KiB (4 MiB).
	pageSize   = 64 << 10
	cachePages = 64
)

// Header is the base block.
type Header struct {
	Sequence1, Sequence2 uint32 // equal when the hive was cleanly written
	LastWritten          meta.Filetime
	Major, Minor         uint32
	RootCell             uint32 // offset of the root key's cell
	BinsSize             uint32 // bytes of hive bins, as the base block says
	Checksum             uint32 // as stored
	ChecksumOK           bool
	FileName             string // the path Windows last saved the hive under (its tail)
}

// Hive is an open hive. Its methods may be called from several goroutines.
type Hive struct {
	r        io.ReaderAt
	name     string
	fileSize int64
	bins     int64 // bytes of hive bins read: the base block's, cut to the file

	Header Header
	// Warnings: damage Windows reads past (a checksum mismatch, a hive not
	// cleanly written, bins cut short); each is an *inputerr.Error.
	Warnings []error

	root *Key

	mem   []byte // the hive bins, when the whole hive is in memory (OpenBytes)
	mu    sync.Mutex
	pages map[int64][]byte
	ring  [cachePages]int64 // page numbers in the order they came in, for eviction
	next  int
}

// Open reads the base block and the root key of the hive of size bytes at
// r. name (e.g. `HKLM\SOFTWARE`, or "") prefixes the key paths in errors
// and in Key.Path.
func Open(r io.ReaderAt, size int64, name string) (*Hive, error) {
	at := site{key: name, base: true}
	var b [baseSize]byte
	n := min(size, baseSize)
	if n < 4 {
		return nil, at.fail(0, ErrNotHive, "is %s long, too short for a registry hive", bytesText(size))
	}
	if _, err := r.ReadAt(b[:n], 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading the hive's base block: %w", err)
	}
	if string(b[:4]) != "regf" {
		return nil, at.fail(0, ErrNotHive, "does not start with the signature \"regf\" (it starts with %x)", b[:4])
	}
	if size < baseSize+0x20 {
		return nil, at.fail(0, ErrTruncated, "is %s long, too short for its 4,096-byte base block and a hive bin", bytesText(size))
	}
	h := &Hive{r: r, name: name, fileSize: size, pages: make(map[int64][]byte)}
	hd := &h.Header
	hd.Sequence1, hd.Sequence2 = le.Uint32(b[4:]), le.Uint32(b[8:])
	hd.LastWritten = meta.Filetime(le.Uint64(b[12:]))
	hd.Major, hd.Minor = le.Uint32(b[20:]), le.Uint32(b[24:])
	fileType := le.Uint32(b[28:])
	hd.RootCell, hd.BinsSize = le.Uint32(b[36:]), le.Uint32(b[40:])
	hd.Checksum = le.Uint32(b[508:])
	hd.FileName = utf16z(b[48:112])
	hd.ChecksumOK = checksum(b[:508]) == hd.Checksum

	if hd.Major != 1 {
		return nil, at.fail(20, ErrUnsupported, "is format version %d.%d; this reader knows 1.x", hd.Major, hd.Minor)
	}
	if fileType != 0 {
		return nil, at.fail(28, ErrUnsupported, "is of file type %d, a transaction log or other non-primary file, which this reader does not read", fileType)
	}
	if !hd.ChecksumOK {
		h.Warnings = append(h.Warnings, at.fail(508, ErrChecksum,
			"has a base block checksum of 0x%08x where its bytes sum to 0x%08x; read anyway, as Windows does", hd.Checksum, checksum(b[:508])))
	}
	if hd.Sequence1 != hd.Sequence2 {
		h.Warnings = append(h.Warnings, at.fail(4, ErrDirty,
			"was not cleanly written (sequence numbers %d and %d differ); its transaction logs, which would complete it, are not applied", hd.Sequence1, hd.Sequence2))
	}
	h.bins = int64(hd.BinsSize)
	if have := size - baseSize; h.bins > have || h.bins == 0 {
		if h.bins != 0 {
			h.Warnings = append(h.Warnings, at.fail(40, ErrTruncated,
				"claims %s of hive bins, but the file holds only %s after its base block; reading what is there", bytesText(h.bins), bytesText(have)))
		}
		h.bins = have
	}
	hb, err := h.span(at, 0, 0x20, "its first hive bin")
	if err != nil {
		return nil, err
	}
	if string(hb[:4]) != "hbin" {
		return nil, at.fail(baseSize, ErrCorrupt, "has no hive bin where one must start (offset 0x1000 has %x, not \"hbin\")", hb[:4])
	}
	root, err := h.key(at, hd.RootCell, name, 0, "its root key", nil)
	if err != nil {
		return nil, err
	}
	h.root = root
	return h, nil
}

// OpenBytes opens a hive held whole in memory, as Open does; its cells
// are read in place, with no page cache, for a reader that visits every
// key (a comparison of two hives) and would otherwise copy each page in
// again and again.
func OpenBytes(b []byte, name string) (*Hive, error) {
	h, err := Open(bytes.NewReader(b), int64(len(b)), name)
	if err != nil {
		return nil, err
	}
	h.mem = b[baseSize : baseSize+h.bins]
	return h, nil
}

// checksum is the base block's: the XOR of its first 127 words, where 0
// and all ones are not used.
func checksum(b []byte) uint32 {
	var x uint32
	for i := 0; i < 508; i += 4 {
		x ^= le.Uint32(b[i:])
	}
	switch x {
	case 0:
		return 1
	case 0xFFFFFFFF:
		return 0xFFFFFFFE
	}
	return x
}

// Size is the hive file's size in bytes.
func (h *Hive) Size() int64 { return h.fileSize }

// Root is the root key.
func (h *Hive) Root() *Key { return h.root }

// span returns n bytes of the hive bins at cell offset off, or says, for
// what (e.g. "its subkey list"), that they are not all in the hive. The
// bytes are shared with the cache: callers do not change them.
func (h *Hive) span(at site, off int64, n int64, what string) ([]byte, error) {
	if off < 0 || n < 0 || off+n > h.bins {
		return nil, at.fail(baseSize+off, ErrOutside, "has %s outside the hive (offset 0x%x, %s long; the hive is %s)",
			what, baseSize+off, bytesText(n), bytesText(h.fileSize))
	}
	if n == 0 {
		return nil, nil
	}
	if h.mem != nil {
		return h.mem[off : off+n : off+n], nil
	}
	p := off / pageSize
	if (off+n-1)/pageSize == p {
		page, err := h.page(p)
		if err != nil {
			return nil, err
		}
		return page[off-p*pageSize : off-p*pageSize+n], nil
	}
	out := make([]byte, 0, n)
	for o := off; o < off+n; {
		p = o / pageSize
		page, err := h.page(p)
		if err != nil {
			return nil, err
		}
		k := min(off+n, (p+1)*pageSize) - o
		out = append(out, page[o-p*pageSize:][:k]...)
		o += k
	}
	return out, nil
}

// page returns page p of the hive bins, reading it on a miss. Pages are
// never reused after eviction, so slices of them stay valid.
func (h *Hive) page(p int64) ([]byte, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if b, ok := h.pages[p]; ok {
		return b, nil
	}
	n := min(pageSize, h.bins-p*pageSize)
	b := make([]byte, n)
	if _, err := h.r.ReadAt(b, baseSize+p*pageSize); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading the hive at offset %d: %w", baseSize+p*pageSize, err)
	}
	if len(h.pages) == cachePages {
		delete(h.pages, h.ring[h.next])
	}
	h.pages[p] = b
	h.ring[h.next] = p
	h.next = (h.next + 1) % cachePages
	return b, nil
}

// cell returns the payload of the allocated cell at off: what is a
// description of it for errors ("its subkey list").
func (h *Hive) cell(at site, off uint32, what string) ([]byte, error) {
	if off == noCell {
		return nil, at.fail(-1, ErrCorrupt, "has %s at offset 0xffffffff, the mark of none", what)
	}
	if off%8 != 0 {
		return nil, at.fail(baseSize+int64(off), ErrCorrupt, "has %s at an offset no cell starts at (0x%x, not a multiple of 8)", what, baseSize+int64(off))
	}
	head, err := h.span(at, int64(off), 4, what)
	if err != nil {
		return nil, err
	}
	size := int64(int32(le.Uint32(head)))
	if size >= 0 {
		return nil, at.fail(baseSize+int64(off), ErrCorrupt, "has %s in a cell marked free (offset 0x%x)", what, baseSize+int64(off))
	}
	size = -size
	if size < 8 {
		return nil, at.fail(baseSize+int64(off), ErrCorrupt, "has %s in a cell of %s, too small for any (offset 0x%x)", what, bytesText(size), baseSize+int64(off))
	}
	return h.span(at, int64(off)+4, size-4, what)
}

// utf16z decodes UTF-16LE up to the first NUL.
func utf16z(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := le.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}
