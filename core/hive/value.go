package hive

import (
	"encoding/binary"
	"fmt"
)

// MaxValueSize caps the data of one value: larger claims are errors, not
// allocations. Windows allows up to about 1 GiB (65,535 segments of
// 16,344 bytes), but values in real hives are at most a few MiB, and 64
// MiB is as much as the browser's engine should set aside for one.
const MaxValueSize = 64 << 20

// bigSegment is the data one segment of a big-data (db) value holds; data
// longer than that is stored in segments in hives of version 1.4 and later.
const bigSegment = 16344

// Type is a value's type.
type Type uint32

// The value types Windows defines.
const (
	None                     Type = 0
	SZ                       Type = 1
	ExpandSZ                 Type = 2
	Binary                   Type = 3
	DWord                    Type = 4
	DWordBigEndian           Type = 5
	Link                     Type = 6
	MultiSZ                  Type = 7
	ResourceList             Type = 8
	FullResourceDescriptor   Type = 9
	ResourceRequirementsList Type = 10
	QWord                    Type = 11
)

var typeNames = [...]string{"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
	"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
	"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type 0x%x", uint32(t))
}

// Value is a value as its cell describes it; Data reads its data.
type Value struct {
	k    *Key
	off  uint32
	Name string // "" for the key's default value
	Type Type

	size, data uint32 // as stored: the size with its inline flag, the data cell or the data itself
	flags      uint16
}

const inline = 0x80000000 // the size's flag: up to 4 bytes of data stored in place of the offset

// Size is the length of the value's data as its cell claims.
func (v *Value) Size() int64 { return int64(v.size &^ inline) }

func (v *Value) site() site { return site{key: v.k.path, value: v.Name, isValue: true} }

// valueCells lists the cell offsets of the key's values.
func (k *Key) valueCells() ([]uint32, error) {
	if k.ValueCount == 0 {
		return nil, nil
	}
	c, err := k.cell(k.site(), k.values, "its value list")
	if err != nil {
		return nil, err
	}
	n := int64(k.ValueCount)
	if n*4 > int64(len(c)) {
		n = int64(len(c)) / 4
		err = k.site().fail(baseSize+int64(k.values), ErrCorrupt, "claims %d values, but its value list's cell holds only %d", k.ValueCount, n)
	}
	offs := make([]uint32, n)
	for i := range offs {
		offs[i] = le.Uint32(c[i*4:])
	}
	return offs, err
}

// value reads the value cell at off.
func (k *Key) value(off uint32) (*Value, error) {
	what := fmt.Sprintf("a value at cell 0x%x", off)
	c, err := k.cell(k.site(), off, what)
	if err != nil {
		return nil, err
	}
	cellAt := baseSize + int64(off)
	if len(c) < vkFixed || string(c[:2]) != "vk" {
		return nil, k.site().fail(cellAt, ErrCorrupt, "has %s, which is not a value cell (it starts %x)", what, c[:min(len(c), 2)])
	}
	nameLen := int(le.Uint16(c[2:]))
	if vkFixed+nameLen > len(c) {
		return nil, k.site().fail(cellAt, ErrCorrupt, "has %s whose name (%s) runs past its cell (%s)", what, bytesText(int64(nameLen)), bytesText(int64(len(c))))
	}
	v := &Value{k: k, off: off, size: le.Uint32(c[4:]), data: le.Uint32(c[8:]), Type: Type(le.Uint32(c[12:])), flags: le.Uint16(c[16:])}
	v.Name = name(c[vkFixed:vkFixed+nameLen], v.flags&vkCompName != 0)
	return v, nil
}

// Values reads the key's values in the order of its list. When some cannot
// be read, the others are returned with an error that says why.
func (k *Key) Values() ([]*Value, error) {
	offs, err := k.valueCells()
	return scan(k.site(), offs, err, k.value, nil)
}

// Value finds the value called name ("" for the default value), ignoring
// case as Subkey does.
func (k *Key) Value(name string) (*Value, error) {
	offs, err := k.valueCells()
	return find(k, offs, err, k.value, func(v *Value) string { return v.Name }, name, "value")
}

// Data reads the value's data: in place of its offset (up to 4 bytes), in
// one cell, or in the segments of a big-data cell.
func (v *Value) Data() ([]byte, error) {
	at, h := v.site(), v.k.h
	vkAt := baseSize + int64(v.off)
	if v.size&inline != 0 {
		n := v.size &^ inline
		if n > 4 {
			return nil, at.fail(vkAt, ErrCorrupt, "claims %s of data stored in its cell, where at most 4 fit", bytesText(int64(n)))
		}
		var b [4]byte
		le.PutUint32(b[:], v.data)
		return b[:n:n], nil
	}
	n := int64(v.size)
	switch {
	case n == 0:
		return []byte{}, nil
	case n > h.bins:
		return nil, at.fail(vkAt, ErrOutside, "claims %s of data, more than the whole hive (%s)", bytesText(n), bytesText(h.fileSize))
	case n > MaxValueSize:
		return nil, at.fail(vkAt, ErrTooLarge, "claims %s of data, more than the %s this reader reads for one value", bytesText(n), bytesText(MaxValueSize))
	}
	c, err := v.k.cell(at, v.data, "its data")
	if err != nil {
		return nil, err
	}
	if int64(len(c)) >= n {
		return append([]byte(nil), c[:n]...), nil
	}
	dataAt := baseSize + int64(v.data)
	// A cell shorter than the data is a big-data cell, in hives of version
	// 1.4 and later.
	if n <= bigSegment || h.Header.Minor < 4 || len(c) < 8 || string(c[:2]) != "db" {
		return nil, at.fail(dataAt, ErrCorrupt, "claims %s of data, but its data cell at offset 0x%x holds %s", bytesText(n), dataAt, bytesText(int64(len(c))))
	}
	segs := int64(le.Uint16(c[2:]))
	list, err := v.k.cell(at, le.Uint32(c[4:]), "its list of data segments")
	if err != nil {
		return nil, err
	}
	if segs*4 > int64(len(list)) {
		return nil, at.fail(dataAt, ErrCorrupt, "has a big-data cell claiming %d segments, more than its segment list holds", segs)
	}
	out := make([]byte, 0, n)
	for i := int64(0); i < segs && int64(len(out)) < n; i++ {
		seg, err := v.k.cell(at, le.Uint32(list[i*4:]), fmt.Sprintf("data segment %d", i+1))
		if err != nil {
			return nil, err
		}
		out = append(out, seg[:min(int64(len(seg)), bigSegment, n-int64(len(out)))]...)
	}
	if int64(len(out)) < n {
		return nil, at.fail(dataAt, ErrCorrupt, "claims %s of data, but its %d segments hold %s", bytesText(n), segs, bytesText(int64(len(out))))
	}
	return out, nil
}

// String decodes a REG_SZ, REG_EXPAND_SZ or REG_LINK value: UTF-16LE up
// to the first NUL, or to the end when there is none (an odd last byte is
// dropped, as Windows does).
func (v *Value) String() (string, error) {
	if v.Type != SZ && v.Type != ExpandSZ && v.Type != Link {
		return "", v.wrongType("a string")
	}
	b, err := v.Data()
	if err != nil {
		return "", err
	}
	return utf16z(b), nil
}

// Strings decodes a REG_MULTI_SZ value: NUL-terminated UTF-16LE strings
// ended by an empty one, as Windows defines the type; anything after the
// empty string is not part of the value.
func (v *Value) Strings() ([]string, error) {
	if v.Type != MultiSZ {
		return nil, v.wrongType("a list of strings")
	}
	b, err := v.Data()
	if err != nil {
		return nil, err
	}
	var out []string
	for len(b) >= 2 {
		end := 0
		for end+1 < len(b) && le.Uint16(b[end:]) != 0 {
			end += 2
		}
		if end == 0 {
			break
		}
		out = append(out, utf16z(b[:end]))
		b = b[min(end+2, len(b)):]
	}
	return out, nil
}

// Uint decodes a REG_DWORD, REG_DWORD_BIG_ENDIAN or REG_QWORD value. Data
// longer than the type is read from its start; shorter is an error.
func (v *Value) Uint() (uint64, error) {
	var n int
	switch v.Type {
	case DWord, DWordBigEndian:
		n = 4
	case QWord:
		n = 8
	default:
		return 0, v.wrongType("a number")
	}
	b, err := v.Data()
	if err != nil {
		return 0, err
	}
	if len(b) < n {
		return 0, v.site().fail(baseSize+int64(v.off), ErrCorrupt, "is %s but holds %s, too few for one", v.Type, bytesText(int64(len(b))))
	}
	switch v.Type {
	case DWord:
		return uint64(le.Uint32(b)), nil
	case DWordBigEndian:
		return uint64(binary.BigEndian.Uint32(b)), nil
	}
	return le.Uint64(b), nil
}

func (v *Value) wrongType(want string) error {
	return fmt.Errorf("%w: %s is %s, not %s", ErrWrongType, v.site().words(), v.Type, want)
}
