package meta

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// Attributes are Windows FILE_ATTRIBUTE_* flags.
type Attributes uint32

const (
	AttrReadOnly           Attributes = 0x00000001
	AttrHidden             Attributes = 0x00000002
	AttrSystem             Attributes = 0x00000004
	AttrDirectory          Attributes = 0x00000010
	AttrArchive            Attributes = 0x00000020
	AttrDevice             Attributes = 0x00000040
	AttrNormal             Attributes = 0x00000080
	AttrTemporary          Attributes = 0x00000100
	AttrSparseFile         Attributes = 0x00000200
	AttrReparsePoint       Attributes = 0x00000400
	AttrCompressed         Attributes = 0x00000800
	AttrOffline            Attributes = 0x00001000
	AttrNotContentIndexed  Attributes = 0x00002000
	AttrEncrypted          Attributes = 0x00004000
	AttrIntegrityStream    Attributes = 0x00008000
	AttrVirtual            Attributes = 0x00010000
	AttrNoScrubData        Attributes = 0x00020000
	AttrRecallOnOpen       Attributes = 0x00040000
	AttrPinned             Attributes = 0x00080000
	AttrUnpinned           Attributes = 0x00100000
	AttrRecallOnDataAccess Attributes = 0x00400000
)

var attrNames = [...]string{
	"READONLY", "HIDDEN", "SYSTEM", "", "DIRECTORY", "ARCHIVE", "DEVICE", "NORMAL",
	"TEMPORARY", "SPARSE_FILE", "REPARSE_POINT", "COMPRESSED", "OFFLINE",
	"NOT_CONTENT_INDEXED", "ENCRYPTED", "INTEGRITY_STREAM", "VIRTUAL", "NO_SCRUB_DATA",
	"RECALL_ON_OPEN", "PINNED", "UNPINNED", "", "RECALL_ON_DATA_ACCESS",
}

// Names lists the set attributes as Windows names them, without the
// FILE_ATTRIBUTE_ prefix; unknown bits appear as hex.
func (a Attributes) Names() []string {
	var out []string
	for i := 0; i < 32; i++ {
		if a&(1<<i) == 0 {
			continue
		}
		if i < len(attrNames) && attrNames[i] != "" {
			out = append(out, attrNames[i])
		} else {
			out = append(out, fmt.Sprintf("0x%08x", uint32(1)<<i))
		}
	}
	return out
}

func (a Attributes) String() string { return strings.Join(a.Names(), "|") }

// ParseAttributes reads attribute names as Names writes them (any case,
// with or without the FILE_ATTRIBUTE_ prefix), for filters that a person
// writes: the CLI's --attributes and the page's search.
func ParseAttributes(names []string) (Attributes, error) {
	var a Attributes
	for _, n := range names {
		n = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(n)), "FILE_ATTRIBUTE_")
		i := slices.Index(attrNames[:], n)
		if n == "" || i < 0 {
			return 0, fmt.Errorf("unknown file attribute %q (known: %s)", n, strings.Join(slices.DeleteFunc(slices.Clone(attrNames[:]), func(s string) bool { return s == "" }), ", "))
		}
		a |= 1 << i
	}
	return a, nil
}

// Filetime is a Windows timestamp: 100 ns ticks since 1601-01-01 UTC.
type Filetime uint64

// Time converts to time.Time in UTC. Whole seconds and the remainder go
// separately, so every FILETIME keeps its date: a time.Duration would
// overflow before 1678 and after 2262, and a zero FILETIME is 1601.
func (t Filetime) Time() time.Time {
	const ticksPerSecond, secondsTo1970 = 10_000_000, 11_644_473_600
	return time.Unix(int64(uint64(t)/ticksPerSecond)-secondsTo1970, int64(uint64(t)%ticksPerSecond)*100).UTC()
}

// StreamType says what a stream holds; the format leaves it implicit.
type StreamType uint8

const (
	StreamData    StreamType = iota // file contents, unnamed or named
	StreamReparse                   // reparse point data (without its 8-byte header)
	StreamEFS                       // raw encrypted (EFSRPC) data
)

func (t StreamType) String() string {
	return [...]string{"data", "reparse", "efs"}[t]
}

// Stream is one of a file's streams. Its fields are ordered, and Type is a
// byte, so that it takes 48 bytes and not 64: a tree holds one or more per
// entry, hundreds of thousands of them.
type Stream struct {
	Name    string // "" for the unnamed stream
	Hash    digest.SHA1
	Type    StreamType
	Missing bool  // the archive has no blob with this hash
	Size    int64 // uncompressed; 0 for the zero hash or a missing blob
}

// File is a directory entry with its inode's metadata. Hard-linked names
// are separate Files sharing Links.
//
// Extraction and the page hold a whole tree of them, so what few entries
// have is kept apart (extra) and the links list is one pointer.
type File struct {
	Name            string
	ShortName       string // DOS 8.3 name, "" when none
	Attributes      Attributes
	SecurityID      int32 // index into Image.Security; -1 for none
	Creation        Filetime
	LastAccess      Filetime
	LastWrite       Filetime
	LinkGroup       uint64 // the on-disk hard link group ID; 0 when unlinked
	ReparseTag      uint32
	ReparseReserved uint16
	ReparseFlags    uint16
	Streams         []Stream

	Parent   *File
	children []*File
	links    *[]*File // every name of this file's inode, this one included
	extra    *fileExtra
	img      *Image

	subdir  int64 // children list offset in the metadata resource
	hasName bool
	badName bool
}

// fileExtra is what an entry has only when tagged items follow its names
// or it is flagged.
type fileExtra struct {
	tagged    []TaggedItem
	unix      *UnixData
	objectID  []byte
	anomalies []Anomaly
}

// noExtra is read, never written, for the entries without an extra.
var noExtra fileExtra

// extras is f's extra to read.
func (f *File) extras() *fileExtra {
	if f.extra == nil {
		return &noExtra
	}
	return f.extra
}

// more is f's extra to write, made on first use. It is not taken from the
// arena: only entries with tagged items or anomalies have one, and those
// allocate their items one by one anyway.
func (f *File) more() *fileExtra {
	if f.extra == nil {
		f.extra = new(fileExtra)
	}
	return f.extra
}

// Tagged lists the items of extra data after the entry's names.
func (f *File) Tagged() []TaggedItem { return f.extras().tagged }

// Unix is wimlib's UNIX data item, nil when there is none.
func (f *File) Unix() *UnixData { return f.extras().unix }

// ObjectID is the NTFS object ID item's data, nil when there is none.
func (f *File) ObjectID() []byte { return f.extras().objectID }

// Anomalies lists what is wrong with the entry.
func (f *File) Anomalies() []Anomaly { return f.extras().anomalies }

// IsDir reports whether the entry is a directory.
func (f *File) IsDir() bool { return f.Attributes&AttrDirectory != 0 }

// Children returns a directory's entries sorted by name.
func (f *File) Children() []*File { return f.children }

// Links returns every name of the same file (hard links), f included.
func (f *File) Links() []*File {
	if f.links == nil {
		return []*File{f}
	}
	return *f.links
}

// Path is the full path from the image root, "/" separated, "/" for the root.
func (f *File) Path() string {
	if f.Parent == nil {
		return "/"
	}
	var parts []string
	for g := f; g.Parent != nil; g = g.Parent {
		parts = append(parts, g.Name)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// stream returns the stream of type t named name, or nil.
func (f *File) stream(t StreamType, name string) *Stream {
	for i := range f.Streams {
		if s := &f.Streams[i]; s.Type == t && s.Name == name {
			return s
		}
	}
	return nil
}

// Data is the unnamed data stream, or nil when the file has none.
func (f *File) Data() *Stream { return f.stream(StreamData, "") }

// ReparseData is the reparse point stream, or nil.
func (f *File) ReparseData() *Stream { return f.stream(StreamReparse, "") }

// NamedStreams lists the alternate data streams.
func (f *File) NamedStreams() []Stream {
	var out []Stream
	for _, s := range f.Streams {
		if s.Name != "" {
			out = append(out, s)
		}
	}
	return out
}

// Size is the unnamed data stream's size.
func (f *File) Size() int64 {
	if s := f.Data(); s != nil {
		return s.Size
	}
	return 0
}

// SecurityDescriptor is the file's self-relative security descriptor, or
// nil when it has none.
func (f *File) SecurityDescriptor() []byte {
	if f.SecurityID < 0 || int(f.SecurityID) >= len(f.img.Security) {
		return nil
	}
	return f.img.Security[f.SecurityID]
}

// Open reads the unnamed data stream.
func (f *File) Open() (*io.SectionReader, error) { return f.OpenStream("") }

// OpenStream reads the named data stream ("" for the unnamed one).
func (f *File) OpenStream(name string) (*io.SectionReader, error) {
	s := f.stream(StreamData, name)
	if s == nil {
		if name == "" && f.Data() == nil {
			return io.NewSectionReader(bytes.NewReader(nil), 0, 0), nil
		}
		return nil, fmt.Errorf(`%s: no stream named "%s"`, f.Path(), name)
	}
	return f.img.openStream(f, s)
}

// ReadReparseData returns the reparse point data, without the 8-byte
// header, or nil when the file is not a reparse point.
func (f *File) ReadReparseData() ([]byte, error) {
	s := f.ReparseData()
	if s == nil {
		return nil, nil
	}
	r, err := f.img.openStream(f, s)
	if err != nil {
		return nil, err
	}
	// Reparse data is at most 16 KiB on NTFS; a larger blob is refused
	// rather than read into memory.
	if r.Size() > 16*1024 {
		return nil, &inputerr.Error{Kind: ErrReparseTooLarge, Field: f.Path(), Offset: -1, Style: inputerr.Style{Unsaid: true},
			Detail: fmt.Sprintf("reparse data of %d bytes exceeds the 16 KiB NTFS limit", r.Size())}
	}
	b := make([]byte, r.Size())
	_, err = io.ReadFull(r, b)
	return b, err
}

func (f *File) flag(kind AnomalyKind, format string, args ...any) {
	a := Anomaly{Kind: kind, Detail: fmt.Sprintf(format, args...)}
	x := f.more()
	x.anomalies = append(x.anomalies, a)
}
