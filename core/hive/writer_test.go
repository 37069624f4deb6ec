package hive

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// builder writes hives for the tests: hostile ones, and ones larger than
// the committed vectors. Its cells go one after another in one hive bin.
type builder struct {
	bins    []byte
	minor   uint32
	listSig string // of the subkey lists list writes: lh, lf or li
}

func newBuilder() *builder {
	b := &builder{bins: make([]byte, 0x20), minor: 5, listSig: "lh"}
	copy(b.bins, "hbin")
	return b
}

// alloc appends an allocated cell holding body and returns its offset.
func (b *builder) alloc(body []byte) uint32 {
	off := uint32(len(b.bins))
	size := (4 + len(body) + 7) &^ 7
	b.bins = binary.LittleEndian.AppendUint32(b.bins, uint32(-int32(size)))
	b.bins = append(b.bins, body...)
	b.bins = append(b.bins, make([]byte, size-4-len(body))...)
	return off
}

func (b *builder) u32(off uint32, field int, v uint32) {
	binary.LittleEndian.PutUint32(b.bins[int(off)+4+field:], v)
}

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// key writes a key cell named name with the given subkey and value lists
// (noCell for none).
func (b *builder) key(name string, nsub, subs, nval, vals uint32) uint32 {
	nk := make([]byte, nkFixed)
	copy(nk, "nk")
	enc, flags := []byte(name), uint16(nkCompName)
	for _, r := range name {
		if r > 0x7F {
			enc, flags = utf16le(name), 0
			break
		}
	}
	le.PutUint16(nk[2:], flags)
	le.PutUint64(nk[4:], 132640000000000000)
	le.PutUint32(nk[20:], nsub)
	le.PutUint32(nk[28:], subs)
	le.PutUint32(nk[32:], noCell)
	le.PutUint32(nk[36:], nval)
	le.PutUint32(nk[40:], vals)
	le.PutUint32(nk[44:], noCell)
	le.PutUint32(nk[48:], noCell)
	le.PutUint16(nk[72:], uint16(len(enc)))
	return b.alloc(append(nk, enc...))
}

// list writes a subkey list of offs, or, with more than per entries, an
// ri list of lists of per entries each.
func (b *builder) list(offs []uint32, per int) uint32 {
	lh := func(part []uint32) uint32 {
		body := []byte(b.listSig)
		body = binary.LittleEndian.AppendUint16(body, uint16(len(part)))
		for _, o := range part {
			body = binary.LittleEndian.AppendUint32(body, o)
			if b.listSig != "li" {
				body = binary.LittleEndian.AppendUint32(body, 0) // hashes are not read
			}
		}
		return b.alloc(body)
	}
	if len(offs) <= per {
		return lh(offs)
	}
	ri := []byte("ri")
	ri = binary.LittleEndian.AppendUint16(ri, uint16((len(offs)+per-1)/per))
	for i := 0; i < len(offs); i += per {
		ri = binary.LittleEndian.AppendUint32(ri, lh(offs[i:min(i+per, len(offs))]))
	}
	return b.alloc(ri)
}

func (b *builder) offsets(offs []uint32) uint32 {
	var body []byte
	for _, o := range offs {
		body = binary.LittleEndian.AppendUint32(body, o)
	}
	return b.alloc(body)
}

// value writes a value cell and its data: inline up to 4 bytes, in
// big-data segments past bigSegment, in one cell otherwise.
func (b *builder) value(name string, t Type, data []byte) uint32 {
	size, at := uint32(len(data)), uint32(0)
	switch {
	case len(data) <= 4:
		var w [4]byte
		copy(w[:], data)
		size |= inline
		at = le.Uint32(w[:])
	case len(data) <= bigSegment:
		at = b.alloc(data)
	default:
		var segs []uint32
		for i := 0; i < len(data); i += bigSegment {
			segs = append(segs, b.alloc(data[i:min(i+bigSegment, len(data))]))
		}
		db := []byte("db")
		db = binary.LittleEndian.AppendUint16(db, uint16(len(segs)))
		db = binary.LittleEndian.AppendUint32(db, b.offsets(segs))
		at = b.alloc(append(db, 0, 0, 0, 0))
	}
	vk := make([]byte, vkFixed)
	copy(vk, "vk")
	le.PutUint16(vk[2:], uint16(len(name)))
	le.PutUint32(vk[4:], size)
	le.PutUint32(vk[8:], at)
	le.PutUint32(vk[12:], uint32(t))
	le.PutUint16(vk[16:], vkCompName)
	return b.alloc(append(vk, name...))
}

// hive ends the bin with a free cell and puts the base block in front.
func (b *builder) hive(root uint32) []byte {
	if pad := -len(b.bins) & 0xFFF; pad > 0 {
		if pad < 8 {
			pad += 0x1000
		}
		b.bins = binary.LittleEndian.AppendUint32(b.bins, uint32(pad))
		b.bins = append(b.bins, make([]byte, pad-4)...)
	}
	le.PutUint32(b.bins[8:], uint32(len(b.bins)))
	base := make([]byte, baseSize)
	copy(base, "regf")
	for i, v := range []uint32{1, 1, 0, 0, 1, b.minor, 0, 1, root, uint32(len(b.bins)), 1} {
		le.PutUint32(base[4+4*i:], v)
	}
	le.PutUint32(base[508:], checksum(base))
	return append(base, b.bins...)
}

// sz is a REG_SZ's data.
func sz(s string) []byte { return append(utf16le(s), 0, 0) }

// tree writes a hive whose root has fanout subkeys, each of those fanout
// more, depth levels deep, every key with three values; it returns the
// hive and its count of keys and values.
func tree(fanout, depth int) (hive []byte, keys, values int) {
	b := newBuilder()
	blob := bytes.Repeat([]byte{0xA5}, 64)
	var build func(name string, level int) uint32
	build = func(name string, level int) uint32 {
		var subs []uint32
		if level < depth {
			for i := range fanout {
				subs = append(subs, build(name+"-"+strings.Repeat("k", i%5)+string(rune('a'+i%26)), level+1))
			}
		}
		vals := b.offsets([]uint32{
			b.value("DisplayName", SZ, sz("Some display name of "+name)),
			b.value("Start", DWord, []byte{3, 0, 0, 0}),
			b.value("Blob", Binary, blob),
		})
		keys++
		values += 3
		list := uint32(noCell)
		if len(subs) > 0 {
			list = b.list(subs, 500)
		}
		return b.key(name, uint32(len(subs)), list, 3, vals)
	}
	root := build("ROOT", 0)
	return b.hive(root), keys, values
}
