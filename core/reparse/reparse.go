// Package reparse decodes reparse point data as a WIM stores it.
//
// On NTFS a reparse point is a REPARSE_DATA_BUFFER: ReparseTag (4 bytes),
// ReparseDataLength (2), Reserved (2), then the tag's own data. A WIM keeps
// the tag in the file's directory entry and stores only what follows those
// 8 bytes as the file's reparse stream; the data length is the stream's
// size. For tags without the Microsoft bit (0x80000000) the stream starts
// with the 16-byte ReparseGuid of REPARSE_GUID_DATA_BUFFER. This package
// decodes symbolic links and junctions and keeps every other tag's data raw.
package reparse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Reparse tags, as ntifs.h and [MS-FSCC] 2.1.2.1 name them IO_REPARSE_TAG_*.
const (
	TagMountPoint = 0xa0000003
	TagSymlink    = 0xa000000c
)

// SymlinkFlagRelative is SYMLINK_FLAG_RELATIVE: the substitute name is
// relative to the directory holding the link.
const SymlinkFlagRelative = 0x1

// Point is a decoded reparse point.
type Point struct {
	Tag uint32

	// For symbolic links and junctions: the NT path the link resolves to
	// (e.g. \??\C:\Users), and the name meant for display (e.g. C:\Users).
	SubstituteName, PrintName string
	// Relative is set for a symbolic link with SymlinkFlagRelative.
	Relative bool

	// Data is the reparse data as stored, for every tag. It shares memory
	// with what Parse was given.
	Data []byte
}

// Kinds of failure. Every error Parse returns is an *inputerr.Error whose
// Kind is one of these; its Offset is the byte offset, in the data, of the
// field at fault.
var (
	ErrTruncated  = errors.New("data ends before the fixed fields")
	ErrNameBounds = errors.New("name lies outside the data")
)

// style: "reparse: at byte 4: name lies outside the data: ...".
var style = inputerr.Style{Prefix: "reparse", At: "at byte"}

// Sizes of the fixed fields before PathBuffer: SubstituteNameOffset,
// SubstituteNameLength, PrintNameOffset and PrintNameLength (2 bytes each),
// and for symbolic links a 4-byte Flags.
const (
	junctionHeaderLen = 8
	symlinkHeaderLen  = 12
)

// Parse decodes the reparse data of a file whose directory entry has tag.
// Symbolic links and junctions are decoded; other tags are kept in Data
// alone. Names are UTF-16LE: invalid sequences, and an odd byte at the end
// of a name, become U+FFFD rather than an error.
func Parse(tag uint32, data []byte) (*Point, error) {
	p := &Point{Tag: tag, Data: data}
	hdr := 0
	switch tag {
	case TagSymlink:
		hdr = symlinkHeaderLen
	case TagMountPoint:
		hdr = junctionHeaderLen
	default:
		return p, nil
	}
	if len(data) < hdr {
		return nil, &inputerr.Error{Kind: ErrTruncated, Offset: 0, Style: style,
			Detail: fmt.Sprintf("%d bytes, %s needs %d", len(data), TagName(tag), hdr)}
	}
	var err error
	if p.SubstituteName, err = name(data, 0, hdr, "substitute"); err != nil {
		return nil, err
	}
	if p.PrintName, err = name(data, 4, hdr, "print"); err != nil {
		return nil, err
	}
	if tag == TagSymlink {
		p.Relative = binary.LittleEndian.Uint32(data[8:])&SymlinkFlagRelative != 0
	}
	return p, nil
}

// name decodes the name whose offset and length fields are at field. The
// offset counts from the path buffer, which starts at hdr.
func name(data []byte, field, hdr int, which string) (string, error) {
	off := int(binary.LittleEndian.Uint16(data[field:]))
	n := int(binary.LittleEndian.Uint16(data[field+2:]))
	start := hdr + off
	if start+n > len(data) {
		return "", &inputerr.Error{Kind: ErrNameBounds, Offset: int64(field), Style: style,
			Detail: fmt.Sprintf("%s name at path offset %d, %d bytes long, runs past the %d-byte data", which, off, n, len(data))}
	}
	b := data[start : start+n]
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	s := string(utf16.Decode(u))
	if len(b)%2 != 0 {
		s += "\uFFFD"
	}
	return s, nil
}

// Target gives what a person should see as the link's target, or "" for
// tags that are not links.
//
// It is the print name when there is one: that is what the name is for,
// and what dir shows in brackets. Otherwise (some tools leave it empty) it
// is the substitute name turned from an NT path into the Win32 path it
// stands for: \??\C:\x becomes C:\x, \??\UNC\server\share becomes
// \\server\share, and any other \??\ name (a volume GUID path such as
// \??\Volume{...}\) becomes the \\?\ form mountvol prints. Relative names and
// NT paths outside \??\ (\Device\...) are shown as stored.
func (p *Point) Target() string {
	if p.Tag != TagSymlink && p.Tag != TagMountPoint {
		return ""
	}
	if p.PrintName != "" {
		return p.PrintName
	}
	s := p.SubstituteName
	rest, ok := strings.CutPrefix(s, `\??\`)
	switch {
	case !ok:
		return s
	case len(rest) >= 4 && strings.EqualFold(rest[:4], `UNC\`):
		return `\\` + rest[4:]
	case len(rest) >= 2 && rest[1] == ':' && isLetter(rest[0]):
		return rest
	}
	return `\\?\` + rest
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tagNames are the tags ntifs.h and [MS-FSCC] 2.1.2.1 name.
var tagNames = map[uint32]string{
	0x00000000: "RESERVED_ZERO",
	0x00000001: "RESERVED_ONE",
	0x00000002: "RESERVED_TWO",
	0xa0000003: "MOUNT_POINT",
	0xc0000004: "HSM",
	0x80000005: "DRIVE_EXTENDER",
	0x80000006: "HSM2",
	0x80000007: "SIS",
	0x80000008: "WIM",
	0x80000009: "CSV",
	0x8000000a: "DFS",
	0x8000000b: "FILTER_MANAGER",
	0xa000000c: "SYMLINK",
	0xa0000010: "IIS_CACHE",
	0x80000012: "DFSR",
	0x80000013: "DEDUP",
	0xc0000014: "APPXSTRM",
	0x80000014: "NFS",
	0x80000015: "FILE_PLACEHOLDER",
	0x80000016: "DFM",
	0x80000017: "WOF",
	0x80000018: "WCI",
	0x90001018: "WCI_1",
	0xa0000019: "GLOBAL_REPARSE",
	0x9000001a: "CLOUD",
	0x9000101a: "CLOUD_1",
	0x9000201a: "CLOUD_2",
	0x9000301a: "CLOUD_3",
	0x9000401a: "CLOUD_4",
	0x9000501a: "CLOUD_5",
	0x9000601a: "CLOUD_6",
	0x9000701a: "CLOUD_7",
	0x9000801a: "CLOUD_8",
	0x9000901a: "CLOUD_9",
	0x9000a01a: "CLOUD_A",
	0x9000b01a: "CLOUD_B",
	0x9000c01a: "CLOUD_C",
	0x9000d01a: "CLOUD_D",
	0x9000e01a: "CLOUD_E",
	0x9000f01a: "CLOUD_F",
	0x8000001b: "APPEXECLINK",
	0x9000001c: "PROJFS",
	0xa000001d: "LX_SYMLINK",
	0x8000001e: "STORAGE_SYNC",
	0xa000001f: "WCI_TOMBSTONE",
	0x80000020: "UNHANDLED",
	0x80000021: "ONEDRIVE",
	0xa0000022: "PROJFS_TOMBSTONE",
	0x80000023: "AF_UNIX",
	0x80000024: "LX_FIFO",
	0x80000025: "LX_CHR",
	0x80000026: "LX_BLK",
	0x90000027: "STORAGE_SYNC_FOLDER",
	0xa0000027: "WCI_LINK",
	0xa0001027: "WCI_LINK_1",
	0xa0000028: "DATALESS_CIM",
}

// TagName gives IO_REPARSE_TAG_<name> for a known tag and 0x%08X otherwise.
func TagName(tag uint32) string {
	if n, ok := tagNames[tag]; ok {
		return "IO_REPARSE_TAG_" + n
	}
	return fmt.Sprintf("0x%08X", tag)
}
