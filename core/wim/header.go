package wim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// HeaderSize is the size of the on-disk header.
const HeaderSize = 208

const (
	magicWIM = "MSWIM\x00\x00\x00"
	// magicPipable marks wimlib's pipable WIMs, whose real header is a copy
	// at the end of the file.
	magicPipable = "WLPWM\x00\x00\x00"

	VersionDefault = 0x10d00
	VersionSolid   = 0xe00 // ESD files and wimlib --solid: solid resources allowed
)

// HeaderFlags is the header's flags field.
type HeaderFlags uint32

const (
	FlagReserved         HeaderFlags = 0x00000001
	FlagCompression      HeaderFlags = 0x00000002
	FlagReadOnly         HeaderFlags = 0x00000004
	FlagSpanned          HeaderFlags = 0x00000008
	FlagResourceOnly     HeaderFlags = 0x00000010
	FlagMetadataOnly     HeaderFlags = 0x00000020
	FlagWriteInProgress  HeaderFlags = 0x00000040
	FlagRPFix            HeaderFlags = 0x00000080
	FlagCompressReserved HeaderFlags = 0x00010000
	FlagCompressXPRESS   HeaderFlags = 0x00020000
	FlagCompressLZX      HeaderFlags = 0x00040000
	FlagCompressLZMS     HeaderFlags = 0x00080000
	FlagCompressXPRESS2  HeaderFlags = 0x00200000
)

var headerFlagNames = []struct {
	f    HeaderFlags
	name string
}{
	{FlagReserved, "RESERVED"}, {FlagCompression, "COMPRESSION"}, {FlagReadOnly, "READONLY"},
	{FlagSpanned, "SPANNED"}, {FlagResourceOnly, "RESOURCE_ONLY"}, {FlagMetadataOnly, "METADATA_ONLY"},
	{FlagWriteInProgress, "WRITE_IN_PROGRESS"}, {FlagRPFix, "RP_FIX"},
	{FlagCompressReserved, "COMPRESS_RESERVED"}, {FlagCompressXPRESS, "COMPRESS_XPRESS"},
	{FlagCompressLZX, "COMPRESS_LZX"}, {FlagCompressLZMS, "COMPRESS_LZMS"},
	{FlagCompressXPRESS2, "COMPRESS_XPRESS_2"},
}

// Names lists the set flags as wimlib names them, without the WIM_HDR_FLAG_ prefix.
func (f HeaderFlags) Names() []string {
	var out []string
	for _, n := range headerFlagNames {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

func (f HeaderFlags) String() string { return strings.Join(f.Names(), "|") }

// Compression is a resource's compression format. The numbers are those of
// solid resource headers (and wimlib's API).
type Compression uint32

const (
	None   Compression = 0
	XPRESS Compression = 1
	LZX    Compression = 2
	LZMS   Compression = 3
)

func (c Compression) String() string {
	switch c {
	case None:
		return "None"
	case XPRESS:
		return "XPRESS"
	case LZX:
		return "LZX"
	case LZMS:
		return "LZMS"
	}
	return fmt.Sprintf("Compression(%d)", uint32(c))
}

// ResourceFlags is the flags byte of a resource header.
type ResourceFlags uint8

const (
	ResFree       ResourceFlags = 0x01
	ResMetadata   ResourceFlags = 0x02
	ResCompressed ResourceFlags = 0x04
	ResSpanned    ResourceFlags = 0x08
	ResSolid      ResourceFlags = 0x10
)

// Names lists the set flags as wimlib names them, without WIM_RESHDR_FLAG_.
func (f ResourceFlags) Names() []string {
	var out []string
	for i, n := range []string{"FREE", "METADATA", "COMPRESSED", "SPANNED", "SOLID"} {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// ResourceHeader locates a resource in the file (RESHDR_DISK_SHORT).
type ResourceHeader struct {
	StoredSize   uint64 // bytes in the file, chunk table included (56 bits on disk)
	Flags        ResourceFlags
	Offset       uint64 // from the start of the file
	OriginalSize uint64 // uncompressed size
}

const resourceHeaderSize = 24

func parseResourceHeader(b []byte) ResourceHeader {
	v := binary.LittleEndian.Uint64(b)
	return ResourceHeader{
		StoredSize:   v & (1<<56 - 1),
		Flags:        ResourceFlags(v >> 56),
		Offset:       binary.LittleEndian.Uint64(b[8:]),
		OriginalSize: binary.LittleEndian.Uint64(b[16:]),
	}
}

// Header is the WIM header, as stored at the start of the file (or, for
// pipable WIMs, at its end).
type Header struct {
	Magic        string // "MSWIM\0\0\0" or "WLPWM\0\0\0"
	Size         uint32
	Version      uint32
	Flags        HeaderFlags
	ChunkSize    uint32
	GUID         [16]byte
	PartNumber   uint16
	TotalParts   uint16
	ImageCount   uint32
	BlobTable    ResourceHeader
	XML          ResourceHeader
	BootMetadata ResourceHeader
	BootIndex    uint32
	Integrity    ResourceHeader
}

// Pipable reports whether the file uses wimlib's pipable layout.
func (h *Header) Pipable() bool { return h.Magic == magicPipable }

// Compression is the format of the file's non-solid compressed resources.
func (h *Header) Compression() Compression {
	switch {
	case h.Flags&FlagCompression == 0:
		return None
	case h.Flags&FlagCompressLZMS != 0:
		return LZMS
	case h.Flags&FlagCompressLZX != 0:
		return LZX
	case h.Flags&(FlagCompressXPRESS|FlagCompressXPRESS2) != 0:
		return XPRESS
	}
	return None
}

// GUIDString is the GUID as wimlib prints it: 32 hex digits in file order.
func (h *Header) GUIDString() string { return fmt.Sprintf("%x", h.GUID[:]) }

// maxImages is wimlib's limit; a larger count is corruption.
const maxImages = 65535

// ReadHeader reads and checks the header of one WIM file or split part.
// When the file is too short for the tables the header locates, it
// returns the header with an error wrapping ErrTruncated.
func ReadHeader(r io.ReaderAt, size int64) (*Header, error) {
	return readHeader(r, size, 0)
}

func readHeader(r io.ReaderAt, size int64, part int) (*Header, error) {
	var b [HeaderSize]byte
	if size < HeaderSize {
		return nil, bad(ErrNotWIM, part, 0, "header", "file is %d bytes, shorter than a WIM header", size)
	}
	if _, err := r.ReadAt(b[:], 0); err != nil {
		return nil, &inputerr.Error{Part: part, Offset: 0, Field: "header", Err: err}
	}
	var off int64
	switch string(b[:8]) {
	case magicWIM:
	case magicPipable:
		// The header at the start of a pipable WIM has no blob table or
		// XML locations; the complete one is appended at the end.
		off = size - HeaderSize
		if _, err := r.ReadAt(b[:], off); err != nil {
			return nil, &inputerr.Error{Part: part, Offset: off, Field: "pipable trailing header", Err: err}
		}
		if string(b[:8]) != magicPipable {
			return nil, cutShort(part, off, "pipable trailing header",
				"a pipable WIM ends with a copy of its header, and this file's last %d bytes are not one", HeaderSize)
		}
	default:
		return nil, bad(ErrNotWIM, part, 0, "header magic", "magic is %q", b[:8])
	}
	le := binary.LittleEndian
	h := &Header{
		Magic:        string(b[:8]),
		Size:         le.Uint32(b[8:]),
		Version:      le.Uint32(b[12:]),
		Flags:        HeaderFlags(le.Uint32(b[16:])),
		ChunkSize:    le.Uint32(b[20:]),
		PartNumber:   le.Uint16(b[40:]),
		TotalParts:   le.Uint16(b[42:]),
		ImageCount:   le.Uint32(b[44:]),
		BlobTable:    parseResourceHeader(b[48:]),
		XML:          parseResourceHeader(b[72:]),
		BootMetadata: parseResourceHeader(b[96:]),
		BootIndex:    le.Uint32(b[120:]),
		Integrity:    parseResourceHeader(b[124:]),
	}
	copy(h.GUID[:], b[24:40])
	switch {
	case h.Size != HeaderSize:
		return nil, malformed(part, off+8, "header size", "%d, want %d", h.Size, HeaderSize)
	case h.Version != VersionDefault && h.Version != VersionSolid:
		return nil, bad(ErrUnsupported, part, off+12, "header version", "version %#x", h.Version)
	case h.TotalParts == 0 || h.PartNumber == 0 || h.PartNumber > h.TotalParts:
		return nil, malformed(part, off+40, "header part number", "part %d of %d", h.PartNumber, h.TotalParts)
	case h.ImageCount > maxImages:
		return nil, malformed(part, off+44, "header image count", "%d images", h.ImageCount)
	}
	// The blob table, XML and integrity table are stored uncompressed in
	// practice and can never be larger than the file: refuse before any
	// allocation is sized by them. A file cut short still has a header
	// worth showing: it is returned with the error.
	var short error
	for _, t := range []struct {
		name string
		at   int64
		rh   ResourceHeader
	}{{"blob table", 48, h.BlobTable}, {"XML data", 72, h.XML}, {"integrity table", 124, h.Integrity}} {
		switch {
		case t.rh.StoredSize > uint64(size) || t.rh.Offset > uint64(size)-t.rh.StoredSize:
			err := pastEnd(part, off+t.at, size, "its "+t.name, t.rh.Offset, t.rh.StoredSize)
			if !errors.Is(err, ErrTruncated) {
				return nil, err
			}
			if short == nil {
				short = err
			}
		case t.rh.OriginalSize > uint64(size):
			return nil, malformed(part, off+t.at, "header "+t.name+" location",
				"%d bytes uncompressed do not fit in a %d-byte file", t.rh.OriginalSize, size)
		}
	}
	// wimlib reads a table flagged solid as a solid resource, and finds
	// none; the integrity table is read only by verify (checkIntegrity).
	for _, t := range []struct {
		name string
		at   int64
		rh   ResourceHeader
	}{{"blob table", 48, h.BlobTable}, {"XML data", 72, h.XML}} {
		if t.rh.Flags&ResSolid != 0 {
			return nil, malformed(part, off+t.at+7, "header "+t.name+" flags", "the %s is flagged as a solid resource", t.name)
		}
	}
	if h.Flags&FlagCompression != 0 && h.Compression() == None {
		return nil, bad(ErrUnsupported, part, off+16, "header compression", "compression flags %#x name no known format", uint32(h.Flags))
	}
	// wimlib refuses to open a file whose chunk size does not fit its
	// format, 0 included, so no default stands in for a missing one.
	if why := checkChunkSize(h.Compression(), h.ChunkSize); why != "" {
		return nil, malformed(part, off+20, "header chunk size", "%s", why)
	}
	return h, short
}

// HasIntegrity says whether the part has an integrity table: as for
// wimlib, whenever its offset is set, whatever its size says.
func (h *Header) HasIntegrity() bool { return h.Integrity.Offset != 0 }

// checkChunkSize enforces wimlib's limits, which are what each decoder can
// take: a power of two within the format's range, and 0 for an
// uncompressed file, whose resources have no chunks. It says what is
// wrong, or "".
func checkChunkSize(c Compression, n uint32) string {
	lo, hi := uint32(1<<12), uint32(1<<16)
	switch c {
	case None:
		if n != 0 {
			return fmt.Sprintf("chunk size %d in an uncompressed file, which has no chunks (it must be 0)", n)
		}
		return ""
	case LZX:
		lo, hi = 1<<15, 1<<21
	case LZMS:
		lo, hi = 1<<15, 1<<30
	}
	if n&(n-1) != 0 || n < lo || n > hi {
		return fmt.Sprintf("%s chunk size %d is not a power of two from %d to %d", c, n, lo, hi)
	}
	return ""
}
