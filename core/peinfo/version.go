package peinfo

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Version is a file's version resource (VS_VERSIONINFO): the fixed
// numbers and the strings Explorer's Details tab shows.
type Version struct {
	HasFixed bool // whether VS_FIXEDFILEINFO is present; the numbers below are zero if not
	File     Quad // dwFileVersionMS/LS
	Product  Quad // dwProductVersionMS/LS
	// FlagsMask, Flags, OS, Type and Subtype are VS_FIXEDFILEINFO's
	// dwFileFlagsMask, dwFileFlags, dwFileOS, dwFileType and dwFileSubtype.
	FlagsMask, Flags, OS, Type, Subtype uint32

	Language     uint16        // the language of the resource read (of several, US English or neutral first)
	Table        string        // the StringFileInfo table read, e.g. "040904B0" (language, code page)
	Strings      []StringEntry // that table's strings in file order (hostile text)
	Translations []Translation // VarFileInfo\Translation
}

// Quad is a version as four 16-bit parts.
type Quad [4]uint16

func (q Quad) String() string { return fmt.Sprintf("%d.%d.%d.%d", q[0], q[1], q[2], q[3]) }

// StringEntry is one string of a StringFileInfo table.
type StringEntry struct{ Key, Value string }

// Translation is a language (LANGID, e.g. 0x0409) and code page (e.g. 1200, Unicode).
type Translation struct{ Language, CodePage uint16 }

// Lookup returns the string named key (CompanyName, FileDescription,
// FileVersion, ProductName, ProductVersion, OriginalFilename,
// InternalName, LegalCopyright...), or "".
func (v *Version) Lookup(key string) string {
	for _, s := range v.Strings {
		if strings.EqualFold(s.Key, key) {
			return s.Value
		}
	}
	return ""
}

const (
	rtVersion       = 16
	resDirHdrSize   = 16
	resEntrySize    = 8
	resDataSize     = 16
	subdirFlag      = 0x80000000
	fixedSignature  = 0xfeef04bd
	fixedInfoSize   = 52
	maxVersionBytes = 1 << 20 // real ones are a few KiB; the cap bounds what a hostile size makes us read
)

// Version reads the file's version resource: the resource directory path
// RT_VERSION → first name → a language (pickLanguage), and that resource
// alone. A file without one gives nil and no error.
func (f *File) Version() (*Version, error) {
	rd := f.dir(dirResource)
	if rd.addr == 0 || rd.size == 0 {
		return nil, nil
	}
	w := resWalker{f: f, base: rd.addr, fileOff: f.dirsOff + 8*dirResource}
	// Three fixed levels — type, name, language — so an entry pointing
	// back up (a loop) is met where a data entry is due, and refused.
	types, err := w.entries(subdirFlag, "resource type directory", 0)
	if err != nil {
		return nil, err
	}
	off, found := uint32(0), false
	for _, e := range types {
		if e.name == rtVersion {
			off, found = e.data, true
			break
		}
	}
	if !found {
		return nil, nil
	}
	names, err := w.entries(off, "version resource name directory", 1)
	if err != nil {
		return nil, err
	}
	langs, err := w.entries(names[0].data, "version resource language directory", 0)
	if err != nil {
		return nil, err
	}
	lang := pickLanguage(langs)
	if off = lang.data; off&subdirFlag != 0 {
		return nil, formatErr(ErrFormat, w.fileOff, "the resource directory nests deeper than type, name and language under RT_VERSION (a loop?)")
	}
	de, at, err := w.read(off, resDataSize, "the version resource's data entry")
	if err != nil {
		return nil, err
	}
	rva, size := binary.LittleEndian.Uint32(de), binary.LittleEndian.Uint32(de[4:])
	if size > maxVersionBytes {
		return nil, formatErr(ErrFormat, at, "the version resource claims %d bytes, more than the %d read", size, maxVersionBytes)
	}
	voff, _, err := f.section(rva, size, "the version resource", at)
	if err != nil {
		return nil, err
	}
	buf, err := f.read(voff, int(size), ErrTruncated, "the version resource ends past the end of the file")
	if err != nil {
		return nil, err
	}
	v, err := parseVersionInfo(buf, voff)
	if v != nil {
		v.Language = uint16(lang.name)
	}
	return v, err
}

// resWalker reads resource directories, whose offsets are relative to the
// start of the resource data directory.
type resWalker struct {
	f       *File
	base    uint32 // RVA of the resource directory
	fileOff int64  // file offset of the last read, for errors
}

func (w *resWalker) read(rel uint32, n uint32, what string) ([]byte, int64, error) {
	if rel >= 1<<31 || uint64(w.base)+uint64(rel) > 1<<32-uint64(n) {
		return nil, 0, formatErr(ErrFormat, w.fileOff, "%s is at resource offset 0x%x, outside the image", what, rel)
	}
	off, _, err := w.f.section(w.base+rel, n, what, w.fileOff)
	if err != nil {
		return nil, 0, err
	}
	b, err := w.f.read(off, int(n), ErrTruncated, "%s ends past the end of the file", what)
	w.fileOff = off
	return b, off, err
}

type resEntry struct{ name, data uint32 }

// entries reads the directory that the OffsetToData rel points to, and
// its first limit entries (all when limit is 0); it has at least one
// unless it is the type directory.
func (w *resWalker) entries(rel uint32, what string, limit uint32) ([]resEntry, error) {
	if rel&subdirFlag == 0 {
		return nil, formatErr(ErrFormat, w.fileOff, "a data entry stands where the %s is due", what)
	}
	rel &^= subdirFlag
	hdr, at, err := w.read(rel, resDirHdrSize, "the "+what)
	if err != nil {
		return nil, err
	}
	n := uint32(binary.LittleEndian.Uint16(hdr[12:])) + uint32(binary.LittleEndian.Uint16(hdr[14:]))
	if limit > 0 {
		n = min(n, limit)
	}
	if n == 0 {
		if rel == 0 {
			return nil, nil
		}
		return nil, formatErr(ErrFormat, at, "the %s is empty", what)
	}
	raw, _, err := w.read(rel+resDirHdrSize, n*resEntrySize, "the entries of the "+what)
	if err != nil {
		return nil, err
	}
	es := make([]resEntry, n)
	for i := range es {
		es[i] = resEntry{binary.LittleEndian.Uint32(raw[i*resEntrySize:]), binary.LittleEndian.Uint32(raw[i*resEntrySize+4:])}
	}
	return es, nil
}

// pickLanguage chooses among version resources in several languages
// (Wine's kernel32.dll has a dozen, differing in their strings): US
// English, else neutral, else the first.
func pickLanguage(es []resEntry) resEntry {
	best, rank := es[0], 0
	for _, e := range es {
		r := 0
		switch e.name {
		case 0x0409:
			r = 2
		case 0:
			r = 1
		}
		if r > rank {
			best, rank = e, r
		}
	}
	return best
}

// block is one node of VS_VERSIONINFO: a length, a key, a value and children.
type block struct {
	key           string
	typ           uint16
	value         []byte // the value as far as the block reaches
	valueAt       int    // where the value starts
	valueLen      int    // wValueLength as stored
	children, end int    // offsets in the resource
}

// parseBlock reads the block at off, which must end by limit, the end of
// parent (the block holding it, named for errors; "" for the root). base is
// the file offset of the resource.
func parseBlock(buf []byte, off, limit int, base int64, parent string) (block, error) {
	holder := "the resource's data"
	if parent != "" {
		holder = parent + ", which holds it,"
	}
	if limit-off < 6 {
		return block{}, formatErr(ErrFormat, base+int64(off), "a block of the version resource has %d bytes before %s ends, too few for a block", limit-off, holder)
	}
	length := int(binary.LittleEndian.Uint16(buf[off:]))
	b := block{valueLen: int(binary.LittleEndian.Uint16(buf[off+2:])), typ: binary.LittleEndian.Uint16(buf[off+4:])}
	if length < 6 || length > limit-off {
		return b, formatErr(ErrFormat, base+int64(off),
			"a block of the version resource claims %d bytes, but %s ends %d bytes further (at offset 0x%x)",
			length, holder, limit-off, base+int64(limit))
	}
	b.end = off + length
	var key []uint16
	p := off + 6
	for ; ; p += 2 {
		if p+2 > b.end {
			return b, formatErr(ErrFormat, base+int64(off), "a block of the version resource has a key without its terminating NUL")
		}
		c := binary.LittleEndian.Uint16(buf[p:])
		if c == 0 {
			p += 2
			break
		}
		key = append(key, c)
	}
	b.key = string(utf16.Decode(key))
	v := min(align4(p), b.end)
	n := b.valueLen
	if b.typ == 1 {
		n *= 2 // text values count WCHARs
	}
	b.valueAt, b.value = v, buf[v:min(v+n, b.end)]
	b.children = min(align4(v+n), b.end)
	return b, nil
}

// eachChild calls fn for each block held by parent (named for errors).
// The structure is three levels deep at most, so the calls nest no deeper.
func eachChild(buf []byte, parent block, base int64, name string, fn func(block) error) error {
	for off := parent.children; off < parent.end; {
		c, err := parseBlock(buf, off, parent.end, base, name)
		if err != nil {
			return err
		}
		off = align4(c.end)
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func align4(n int) int { return (n + 3) &^ 3 }

// parseVersionInfo reads VS_VERSIONINFO from buf, which was read at file offset base.
func parseVersionInfo(buf []byte, base int64) (*Version, error) {
	root, err := parseBlock(buf, 0, len(buf), base, "")
	if err != nil {
		return nil, err
	}
	if root.key != "VS_VERSION_INFO" {
		return nil, formatErr(ErrFormat, base, "the version resource starts with key %q, not VS_VERSION_INFO", root.key)
	}
	v := &Version{}
	if len(root.value) > 0 {
		if len(root.value) < fixedInfoSize {
			return nil, formatErr(ErrFormat, base, "the version resource's fixed part (VS_FIXEDFILEINFO) is %d bytes, not %d", len(root.value), fixedInfoSize)
		}
		fx := root.value
		if sig := binary.LittleEndian.Uint32(fx); sig != fixedSignature {
			return nil, formatErr(ErrFormat, base, "the version resource's fixed part has signature 0x%08x, not 0xfeef04bd", sig)
		}
		u32 := func(i int) uint32 { return binary.LittleEndian.Uint32(fx[i:]) }
		v.HasFixed = true
		v.File = Quad{uint16(u32(8) >> 16), uint16(u32(8)), uint16(u32(12) >> 16), uint16(u32(12))}
		v.Product = Quad{uint16(u32(16) >> 16), uint16(u32(16)), uint16(u32(20) >> 16), uint16(u32(20))}
		v.FlagsMask, v.Flags, v.OS, v.Type, v.Subtype = u32(24), u32(28), u32(32), u32(36), u32(40)
	}
	var tables []block
	var tableStrings [][]StringEntry
	err = eachChild(buf, root, base, "VS_VERSION_INFO", func(c block) error {
		switch c.key {
		case "StringFileInfo":
			return eachChild(buf, c, base, "StringFileInfo", func(t block) error {
				var ss []StringEntry
				err := eachChild(buf, t, base, "string table \""+t.key+"\"", func(s block) error {
					// wValueLength is unreliable (some tools store bytes, some
					// WCHARs): the value runs to the block's end, up to a NUL.
					ss = append(ss, StringEntry{s.key, decodeUTF16(buf[s.valueAt:s.end])})
					return nil
				})
				tables, tableStrings = append(tables, t), append(tableStrings, ss)
				return err
			})
		case "VarFileInfo":
			return eachChild(buf, c, base, "VarFileInfo", func(t block) error {
				for i := 0; t.key == "Translation" && i+4 <= len(t.value); i += 4 {
					v.Translations = append(v.Translations, Translation{
						binary.LittleEndian.Uint16(t.value[i:]), binary.LittleEndian.Uint16(t.value[i+2:])})
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if i := bestTable(tables); i >= 0 {
		v.Table, v.Strings = tables[i].key, tableStrings[i]
	}
	return v, nil
}

// bestTable picks the table Explorer would show on an English system:
// US English in Unicode, else any English, else language-neutral, else
// the first. -1 when there is none.
func bestTable(tables []block) int {
	best, rank := -1, 0
	for i, t := range tables {
		k := strings.ToUpper(t.key)
		r := 1
		switch {
		case k == "040904B0":
			r = 4
		case strings.HasPrefix(k, "0409"):
			r = 3
		case strings.HasPrefix(k, "0000"):
			r = 2
		}
		if r > rank {
			best, rank = i, r
		}
	}
	return best
}

// decodeUTF16 decodes little-endian UTF-16 up to the first NUL; unpaired
// surrogates become U+FFFD.
func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+2 <= len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}
