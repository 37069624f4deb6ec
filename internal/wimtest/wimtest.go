// Package wimtest writes small uncompressed WIMs from a described tree, for
// tests that need what no real tool will write: hostile names, cycles,
// duplicate entries, references to missing blobs.
package wimtest

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"unicode/utf16"
)

// Entry is one directory entry to write.
type Entry struct {
	Name     string // written as UTF-16LE exactly, whatever it holds
	Dir      bool
	Data     []byte // unnamed stream, stored as a blob unless MissingBlob
	Children []*Entry
	// MissingBlob writes Data's hash into the entry but leaves the blob out.
	MissingBlob bool
	// SubdirOffsetOf makes this directory list the children of another
	// directory instead of its own (to build cycles).
	SubdirOffsetOf *Entry
	// LinkGroup is the hard-link group ID written into a file's entry;
	// files sharing it and their Data are one file's names.
	LinkGroup uint64

	subdir int64
}

// Build writes a one-image WIM whose root holds children.
func Build(children ...*Entry) []byte {
	return BuildXML("<WIM><IMAGE INDEX=\"1\"><NAME>crafted</NAME></IMAGE></WIM>", children...)
}

// Cyclic is wimlib's tests/wims/cyclic.wim, crafted: the folder /top/loop
// lists /top's children, itself among them, so the tree never ends.
func Cyclic() []byte {
	loop := &Entry{Name: "loop", Dir: true}
	top := &Entry{Name: "top", Dir: true, Children: []*Entry{loop, {Name: "f", Data: []byte("x")}}}
	loop.SubdirOffsetOf = top
	return Build(top)
}

// DotDot is wimlib's tests/wims/dotdot.wim, crafted: /../passwd, which a
// naive extraction writes outside its target folder.
func DotDot() []byte {
	return Build(&Entry{Name: "..", Dir: true, Children: []*Entry{{Name: "passwd", Data: []byte("root")}}})
}

// BuildXML is Build with the given XML document.
func BuildXML(doc string, children ...*Entry) []byte {
	root := &Entry{Dir: true, Children: children}
	var blobs [][]byte
	md := metadata(root, &blobs)
	var out bytes.Buffer
	out.Write(make([]byte, 208))
	type res struct {
		off, size int64
		hash      [20]byte
		meta      bool
	}
	var table []res
	put := func(b []byte, meta bool) {
		table = append(table, res{int64(out.Len()), int64(len(b)), sha1.Sum(b), meta})
		out.Write(b)
	}
	put(md, true)
	for _, b := range blobs {
		put(b, false)
	}
	tableOff := int64(out.Len())
	for _, r := range table {
		var e [50]byte
		flags := byte(0)
		if r.meta {
			flags = 0x02
		}
		binary.LittleEndian.PutUint64(e[0:], uint64(r.size)|uint64(flags)<<56)
		binary.LittleEndian.PutUint64(e[8:], uint64(r.off))
		binary.LittleEndian.PutUint64(e[16:], uint64(r.size))
		binary.LittleEndian.PutUint16(e[24:], 1)
		binary.LittleEndian.PutUint32(e[26:], 1)
		copy(e[30:], r.hash[:])
		out.Write(e[:])
	}
	tableLen := int64(out.Len()) - tableOff
	xml := utf16le("\ufeff" + doc)
	xmlOff := int64(out.Len())
	out.Write(xml)
	b := out.Bytes()
	copy(b, "MSWIM\x00\x00\x00")
	le := binary.LittleEndian
	le.PutUint32(b[8:], 208)
	le.PutUint32(b[12:], 0x10d00)
	le.PutUint16(b[40:], 1)
	le.PutUint16(b[42:], 1)
	le.PutUint32(b[44:], 1)
	reshdr := func(at int, off, size int64, flags byte) {
		le.PutUint64(b[at:], uint64(size)|uint64(flags)<<56)
		le.PutUint64(b[at+8:], uint64(off))
		le.PutUint64(b[at+16:], uint64(size))
	}
	reshdr(48, tableOff, tableLen, 0x02)
	reshdr(72, xmlOff, int64(len(xml)), 0)
	return b
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// metadata lays out the security table (empty), the root, then each
// directory's children list, and patches subdir offsets once known.
func metadata(root *Entry, blobs *[][]byte) []byte {
	var md bytes.Buffer
	md.Write([]byte{8, 0, 0, 0, 0, 0, 0, 0}) // security: 8 bytes, no descriptors
	var patches []func([]byte)
	var write func(e *Entry) int64
	write = func(e *Entry) int64 {
		at := int64(md.Len())
		name := utf16le(e.Name)
		length := 102 + len(name)
		if len(name) > 0 {
			length += 2
		}
		length = (length + 7) &^ 7
		d := make([]byte, length)
		le := binary.LittleEndian
		le.PutUint64(d, uint64(length))
		attr := uint32(0x80)
		if e.Dir {
			attr = 0x10
		}
		le.PutUint32(d[8:], attr)
		le.PutUint32(d[12:], 0xffffffff)
		if !e.Dir {
			le.PutUint64(d[88:], e.LinkGroup)
		}
		if e.Data != nil {
			h := sha1.Sum(e.Data)
			copy(d[64:], h[:])
			if !e.MissingBlob && len(e.Data) > 0 {
				*blobs = append(*blobs, e.Data)
			}
		}
		le.PutUint16(d[100:], uint16(len(name)))
		copy(d[102:], name)
		md.Write(d)
		return at
	}
	offsets := map[*Entry]int64{}
	var queue = []*Entry{root}
	offsets[root] = write(root)
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		if !dir.Dir || len(dir.Children) == 0 {
			continue
		}
		dir.subdir = int64(md.Len())
		for _, c := range dir.Children {
			offsets[c] = write(c)
			queue = append(queue, c)
		}
		md.Write(make([]byte, 8)) // end of directory
	}
	for e, off := range offsets {
		patches = append(patches, func(b []byte) {
			sub := e.subdir
			if e.SubdirOffsetOf != nil {
				sub = e.SubdirOffsetOf.subdir
			}
			binary.LittleEndian.PutUint64(b[off+16:], uint64(sub))
		})
	}
	b := md.Bytes()
	for _, p := range patches {
		p(b)
	}
	return b
}

// MetadataBomb is a one-image WIM of about fileBytes whose metadata
// resource claims to decompress to claimed bytes: XPRESS chunks of 32 KiB
// behind a chunk table that fits the file, as a file that expands 4 GiB
// from 27 MB has. The chunks are not valid XPRESS: a reader must refuse
// the size before it decodes, or allocates, anything.
func MetadataBomb(claimed, fileBytes int64) []byte {
	const chunk = 32768
	b := Build(&Entry{Name: "a", Data: []byte("x")})
	le := binary.LittleEndian
	n := (claimed + chunk - 1) / chunk
	entry := int64(4)
	if claimed > 1<<32-1 {
		entry = 8
	}
	table := (n - 1) * entry
	per := max(1, min(chunk-1, (fileBytes-int64(len(b))-table)/n))
	res := make([]byte, table+n*per)
	for i := int64(1); i < n; i++ {
		if entry == 4 {
			le.PutUint32(res[(i-1)*4:], uint32(i*per))
		} else {
			le.PutUint64(res[(i-1)*8:], uint64(i*per))
		}
	}
	for i := table; i < int64(len(res)); i++ {
		res[i] = byte(i)
	}
	at := int64(len(b))
	b = append(b, res...)
	// The header: XPRESS, 32 KiB chunks; the metadata entry is the blob
	// table's first.
	le.PutUint32(b[16:], 0x20002)
	le.PutUint32(b[20:], chunk)
	e := b[le.Uint64(b[56:]):]
	le.PutUint64(e[0:], uint64(len(res))|uint64(0x02|0x04)<<56)
	le.PutUint64(e[8:], uint64(at))
	le.PutUint64(e[16:], uint64(claimed))
	return b
}
