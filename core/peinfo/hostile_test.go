package peinfo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
)

// layout finds where a vector keeps the structures the hostile cases damage.
type layout struct {
	peOff, secTab, dirs int   // file offsets: PE signature, section table, data directories
	rsrc                int64 // file offset of the resource directory
	version             int   // file offset of VS_VERSIONINFO
}

func layoutOf(t *testing.T, data []byte) layout {
	t.Helper()
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var l layout
	l.peOff = int(binary.LittleEndian.Uint32(data[0x3c:]))
	optSize := int(binary.LittleEndian.Uint16(data[l.peOff+20:]))
	l.secTab = l.peOff + 24 + optSize
	l.dirs = l.peOff + 24 + 96
	if f.PE32Plus {
		l.dirs += 16
	}
	rd := f.dir(dirResource)
	if l.rsrc, _, err = f.section(rd.addr, resDirHdrSize, "test", 0); err != nil {
		t.Fatal(err)
	}
	key := []byte("V\x00S\x00_\x00V\x00E\x00R\x00S\x00I\x00O\x00N\x00_\x00I\x00N\x00F\x00O\x00")
	if l.version = bytes.Index(data, key) - 6; l.version < 0 {
		t.Fatal("no VS_VERSION_INFO in the vector")
	}
	return l
}

func TestHostile(t *testing.T) {
	lz32, _ := readVector(t, "wine32-lz32.dll")
	signed, _ := readVector(t, "signed-lz32.dll")
	l := layoutOf(t, lz32)
	ls := layoutOf(t, signed)
	mut := func(src []byte, edit func(b []byte) []byte) []byte {
		return edit(append([]byte(nil), src...))
	}
	put16 := func(off int, v uint16) func([]byte) []byte {
		return func(b []byte) []byte { binary.LittleEndian.PutUint16(b[off:], v); return b }
	}
	put32 := func(off int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { binary.LittleEndian.PutUint32(b[off:], v); return b }
	}
	cut := func(n int) func([]byte) []byte { return func(b []byte) []byte { return b[:n] } }
	// The RT_VERSION entry of the type directory: lz32 has one resource type.
	typeEntry := int(l.rsrc) + resDirHdrSize
	if binary.LittleEndian.Uint32(lz32[typeEntry:]) != rtVersion {
		t.Fatal("wine32-lz32.dll's first resource type is not RT_VERSION")
	}
	certSize := ls.dirs + 8*dirSecurity + 4
	certOff := int(binary.LittleEndian.Uint32(signed[ls.dirs+8*dirSecurity:]))

	cases := []struct {
		name   string
		data   []byte
		step   string // where it fails: open, version, signatures
		kind   error
		substr string
	}{
		{"empty", nil, "open", ErrNotPE, "too short for an MZ header"},
		{"text", []byte(strings.Repeat("not a PE file at all\n", 10)), "open", ErrNotPE, "does not start with MZ"},
		{"MZ without PE", mut(lz32, put32(l.peOff, 0x454e)), "open", ErrNotPE, "without the PE signature"},
		{"PE offset past EOF", mut(lz32, put32(0x3c, 0xfffffff0)), "open", ErrNotPE, "points past the end of the file"},
		{"truncated COFF header", mut(lz32, cut(l.peOff+10)), "open", ErrNotPE, "past the end"},
		{"truncated optional header", mut(lz32, cut(l.peOff+60)), "open", ErrTruncated, "optional header"},
		{"section table past EOF", mut(lz32, put16(l.peOff+6, 0xffff)), "open", ErrTruncated, "section table (65535 sections)"},
		{"bad magic", mut(lz32, put16(l.peOff+24, 0x1234)), "open", ErrFormat, "magic is 0x1234"},
		{"resource loop", mut(lz32, put32(typeEntry+4, subdirFlag)), "version", ErrFormat, "(a loop?)"},
		{"resource directory outside", mut(lz32, put32(typeEntry+4, subdirFlag|0x7ffffff0)), "version", ErrFormat, "the version resource name directory (RVA 0x80001ff0, 16 bytes), pointed to from here, is in no section (offset 0x"},
		{"data entry instead of name directory", mut(lz32, put32(typeEntry+4, 0x20)), "version", ErrFormat, "a data entry stands where the version resource name directory is due"},
		{"version resource past its section", mut(lz32, func(b []byte) []byte {
			// the data entry is the last thing before the resource: find it by its RVA
			f, _ := Open(bytes.NewReader(b), int64(len(b)))
			rd := f.dir(dirResource)
			voff := uint32(l.version - int(l.rsrc))
			for p := int(l.rsrc); p+8 < l.version; p += 4 {
				if binary.LittleEndian.Uint32(b[p:]) == rd.addr+voff {
					binary.LittleEndian.PutUint32(b[p+4:], 0x10000)
					return b
				}
			}
			t.Fatal("data entry not found")
			return nil
		}), "version", ErrTruncated, "the version resource (RVA"},
		{"version block longer than the resource", mut(lz32, put16(l.version, 0xfff0)), "version", ErrFormat, "claims 65520 bytes"},
		{"child block past its parent", mut(lz32, func(b []byte) []byte {
			sfi := bytes.Index(b, []byte("S\x00t\x00r\x00i\x00n\x00g\x00F\x00i\x00l\x00e\x00")) - 6
			binary.LittleEndian.PutUint16(b[sfi:], 0x7ff0)
			return b
		}), "version", ErrFormat, "but VS_VERSION_INFO, which holds it, ends"},
		{"fixed info with a bad signature", mut(lz32, put32(l.version+40, 0xdeadbeef)), "version", ErrFormat, "signature 0xdeadbeef"},
		{"certificate table of 4 GB", mut(signed, put32(certSize, 0xffffffff)), "signatures", ErrFormat, "more than the 4194304 read"},
		{"certificate table past EOF", mut(signed, put32(certSize, uint32(len(signed)-certOff+8))), "signatures", ErrTruncated, "certificate table"},
		{"certificate entry longer than the table", mut(signed, put32(certOff, 0x7fffffff)), "signatures", ErrFormat, "entry 1 claims"},
		{"garbage PKCS#7", mut(signed, func(b []byte) []byte {
			copy(b[certOff+8:], strings.Repeat("garbage!", 64))
			return b
		}), "signatures", ErrFormat, "not PKCS#7 SignedData"},
		{"PKCS#7 cut short", mut(signed, func(b []byte) []byte {
			b[certOff+8+2], b[certOff+8+3] = 0xff, 0xff // the outer SEQUENCE's length
			return b
		}), "signatures", ErrFormat, "not PKCS#7 SignedData"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Open(bytes.NewReader(c.data), int64(len(c.data)))
			if err == nil && c.step != "open" {
				if c.step == "version" {
					_, err = f.Version()
				} else {
					_, err = f.Signatures()
				}
			}
			var fe *inputerr.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not an *inputerr.Error", err)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not %v", err, c.kind)
			}
			if !strings.Contains(err.Error(), c.substr) || !strings.Contains(err.Error(), "(offset 0x") {
				t.Errorf("error %q does not say %q and where", err, c.substr)
			}
		})
	}
}

func TestMachineNames(t *testing.T) {
	for m, want := range map[uint16]string{0x14c: "x86", 0x8664: "x64", 0xaa64: "ARM64", 0x1c4: "ARM Thumb-2", 0x200: "IA-64", 0x1234: "unknown (0x1234)"} {
		if got := (&File{Machine: m}).MachineName(); got != want {
			t.Errorf("machine 0x%x: %q, want %q", m, got, want)
		}
	}
	if got := (&File{Subsystem: 10}).SubsystemName(); got != "EFI application" {
		t.Errorf("subsystem 10: %q", got)
	}
}

// tlv encodes one DER element with a short or two-byte length.
func tlv(tag byte, content []byte) []byte {
	switch n := len(content); {
	case n < 0x80:
		return append([]byte{tag, byte(n)}, content...)
	default:
		return append([]byte{tag, 0x82, byte(n >> 8), byte(n)}, content...)
	}
}

// TestManyTinyElements: a SignedData whose certificate set is thousands
// of two-byte elements is refused by count, before it costs memory.
func TestManyTinyElements(t *testing.T) {
	oid := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02} // 1.2.840.113549.1.7.2
	nulls := bytes.Repeat([]byte{0x05, 0x00}, 5000)
	sd := tlv(0x30, bytes.Join([][]byte{
		{0x02, 0x01, 0x01}, {0x31, 0x00}, tlv(0x30, oid), tlv(0xa0, nulls), {0x31, 0x00},
	}, nil))
	der := tlv(0x30, append(append([]byte(nil), oid...), tlv(0xa0, sd)...))
	_, err := appendSignedData(nil, Signature{}, der, 0)
	if err == nil || !strings.Contains(err.Error(), "more than 256 elements") {
		t.Fatalf("error %v", err)
	}
}
