package meta

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/digest"
)

// dentrySize is the fixed part of an on-disk directory entry.
const dentrySize = 102

// streamEntrySize is the fixed part of an extra stream entry.
const streamEntrySize = 38

// Tagged item tags (wimlib's tagged_items.h).
const (
	TagObjectID    = 0x00000001
	TagXattrs      = 0x00000002
	TagUnixData    = 0x337DD873 // wimlib extension: uid, gid, mode, rdev
	TagLinuxXattrs = 0x337DD874 // wimlib extension
)

// TaggedItem is one item of the extra data after a dentry's names.
type TaggedItem struct {
	Tag  uint32
	Data []byte
}

// UnixData is wimlib's UNIX metadata item.
type UnixData struct {
	UID, GID, Mode, Rdev uint32
}

// readDentry decodes the entry at off into a File from al. It returns nil
// at an end-of-directory marker, and the offset just past the entry and its
// stream entries.
func readDentry(buf []byte, off int64, al *arena) (*File, int64, error) {
	fail := func(format string, args ...any) (*File, int64, error) {
		return nil, 0, malformed(ErrBadDentry, "directory entry", off, format, args...)
	}
	if off < 0 || off > int64(len(buf))-8 {
		return fail("starts past the end of the %d-byte metadata", len(buf))
	}
	if err := al.fill(off, 8); err != nil {
		return nil, 0, err
	}
	le := binary.LittleEndian
	length := align8(le.Uint64(buf[off:]))
	if length <= 8 {
		return nil, off + 8, nil
	}
	if length < dentrySize || length > uint64(int64(len(buf))-off) {
		return fail("length %d does not fit", length)
	}
	if err := al.fill(off, int64(length)); err != nil {
		return nil, 0, err
	}
	d := buf[off : off+int64(length)]
	// Field by field into the arena's zeroed File: storing a whole File
	// costs a bulk write barrier while the collector runs.
	f := al.file()
	f.Attributes = Attributes(le.Uint32(d[8:]))
	f.SecurityID = int32(le.Uint32(d[12:]))
	f.subdir = int64(le.Uint64(d[16:]))
	f.Creation = Filetime(le.Uint64(d[40:]))
	f.LastAccess = Filetime(le.Uint64(d[48:]))
	f.LastWrite = Filetime(le.Uint64(d[56:]))
	var mainHash digest.SHA1
	copy(mainHash[:], d[64:84])
	if f.Attributes&AttrReparsePoint != 0 {
		f.ReparseTag = le.Uint32(d[88:])
		f.ReparseReserved = le.Uint16(d[92:])
		f.ReparseFlags = le.Uint16(d[94:])
	} else {
		f.LinkGroup = le.Uint64(d[88:])
	}
	nStreams := int(le.Uint16(d[96:]))
	shortLen, nameLen := uint64(le.Uint16(d[98:])), uint64(le.Uint16(d[100:]))
	if shortLen&1 != 0 || nameLen&1 != 0 {
		return fail("odd name length (%d, short %d)", nameLen, shortLen)
	}
	need := uint64(dentrySize)
	if nameLen > 0 {
		need += nameLen + 2
	}
	if shortLen > 0 {
		need += shortLen + 2
	}
	if need > length {
		return fail("names of %d and %d bytes overrun its %d bytes", nameLen, shortLen, length)
	}
	f.hasName = nameLen > 0
	next := off + int64(length)
	var err error
	al.raw, next, err = readStreams(al.raw[:0], buf, next, nStreams, mainHash, al)
	if err != nil {
		var fe *fillError
		if errors.As(err, &fe) {
			return nil, 0, fe.err
		}
		return fail("%v", err)
	}
	f.Streams = typeStreams(al.streams(len(al.raw)), al.raw, f.Attributes)
	p := uint64(dentrySize)
	if nameLen > 0 {
		var ok bool
		f.Name, ok = decodeName(d[p : p+nameLen])
		f.badName = !ok
		p += nameLen + 2
	}
	if shortLen > 0 {
		f.ShortName, _ = decodeName(d[p : p+shortLen])
		p += shortLen + 2
	}
	if tagged := parseTagged(d[align8(p):]); tagged != nil {
		x := f.more()
		x.tagged = tagged
		for _, t := range tagged {
			switch {
			case t.Tag == TagUnixData && len(t.Data) >= 16 && x.unix == nil:
				x.unix = &UnixData{le.Uint32(t.Data), le.Uint32(t.Data[4:]), le.Uint32(t.Data[8:]), le.Uint32(t.Data[12:])}
			case t.Tag == TagObjectID && x.objectID == nil:
				x.objectID = t.Data
			}
		}
	}
	return f, next, nil
}

// decodeName turns UTF-16LE into a string; ok is false when it held an
// unpaired surrogate (shown as U+FFFD).
func decodeName(b []byte) (string, bool) {
	// Most names are ASCII and short: build those in one allocation, the
	// string's, from a buffer on the stack.
	var short [128]byte
	var ascii []byte
	if len(b)/2 <= len(short) {
		ascii = short[:len(b)/2]
	} else {
		ascii = make([]byte, len(b)/2)
	}
	for i := range ascii {
		if b[2*i+1] != 0 || b[2*i] >= 0x80 {
			return decodeUTF16Name(b)
		}
		ascii[i] = b[2*i]
	}
	return string(ascii), true
}

func decodeUTF16Name(b []byte) (string, bool) {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	ok := true
	for i := 0; i < len(u); i++ {
		switch {
		case u[i] >= 0xd800 && u[i] < 0xdc00 && i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] < 0xe000:
			i++
		case utf16.IsSurrogate(rune(u[i])):
			ok = false
		}
	}
	return string(utf16.Decode(u)), ok
}

// parseTagged splits the extra data into items (tag 4, length 4, data,
// padding to 8), stopping at the first item that does not fit, as wimlib does.
func parseTagged(b []byte) []TaggedItem {
	var items []TaggedItem
	for len(b) >= 8 {
		tag, n := binary.LittleEndian.Uint32(b), uint64(binary.LittleEndian.Uint32(b[4:]))
		full := 8 + align8(n)
		if full > uint64(len(b)) {
			break
		}
		items = append(items, TaggedItem{Tag: tag, Data: b[8 : 8+n : 8+n]})
		b = b[full:]
	}
	return items
}

// rawStream is an on-disk stream before wimlib's typing rules.
type rawStream struct {
	name  string
	named bool
	hash  digest.SHA1
}

// readStreams appends to out the main hash from the dentry itself, then
// the extra stream entries after it, with their names.
func readStreams(out []rawStream, buf []byte, off int64, n int, mainHash digest.SHA1, al *arena) ([]rawStream, int64, error) {
	out = append(out, rawStream{hash: mainHash})
	le := binary.LittleEndian
	for i := 0; i < n; i++ {
		if off > int64(len(buf))-streamEntrySize {
			return nil, 0, fmt.Errorf("stream entry %d of %d at offset %d runs past the metadata", i+1, n, off)
		}
		if err := al.fill(off, streamEntrySize); err != nil {
			return nil, 0, &fillError{err}
		}
		length := align8(le.Uint64(buf[off:]))
		if length < streamEntrySize || length > uint64(int64(len(buf))-off) {
			return nil, 0, fmt.Errorf("stream entry %d at offset %d has length %d", i+1, off, length)
		}
		if err := al.fill(off, int64(length)); err != nil {
			return nil, 0, &fillError{err}
		}
		e := buf[off : off+int64(length)]
		s := rawStream{}
		copy(s.hash[:], e[16:36])
		if nl := uint64(le.Uint16(e[36:])); nl > 0 {
			if nl&1 != 0 || streamEntrySize+nl > length {
				return nil, 0, fmt.Errorf("stream entry %d at offset %d has a %d-byte name", i+1, off, nl)
			}
			s.name, _ = decodeName(e[streamEntrySize : streamEntrySize+nl])
			s.named = true
		}
		out = append(out, s)
		off += int64(length)
	}
	return out, off, nil
}

// typeStreams applies wimlib's rules for what each stream is, since the
// format does not say: named entries are data; the first unnamed nonzero
// one is the reparse data of a reparse point, the next the unnamed data;
// an encrypted file's first unnamed nonzero stream is its raw EFS data.
// It appends to out, which has room for len(raw) streams.
func typeStreams(out []Stream, raw []rawStream, attr Attributes) []Stream {
	if attr&AttrEncrypted != 0 {
		for _, s := range raw {
			if !s.named && !s.hash.IsZero() {
				return append(out, Stream{Hash: s.hash, Type: StreamEFS})
			}
		}
		return nil
	}
	reparse := attr&AttrReparsePoint != 0
	foundReparse, foundData := false, false
	for i, s := range raw {
		switch {
		case s.named:
			out = append(out, Stream{Name: s.name, Hash: s.hash, Type: StreamData})
		case i != 0 || !s.hash.IsZero():
			if reparse && !foundReparse {
				foundReparse = true
				out = append(out, Stream{Hash: s.hash, Type: StreamReparse})
			} else if !foundData {
				foundData = true
				out = append(out, Stream{Hash: s.hash, Type: StreamData})
			}
		}
	}
	if !foundReparse && !foundData {
		t := StreamData
		if reparse {
			t = StreamReparse
		}
		out = append(out, Stream{Hash: raw[0].hash, Type: t})
	}
	return out
}
