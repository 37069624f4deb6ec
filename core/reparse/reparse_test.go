package reparse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/inputerr"
)

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// link builds reparse data for a symbolic link (flags != nil) or a junction,
// laid out as Windows writes it: substitute name, NUL, print name, NUL.
func link(sub, print string, flags *uint32) []byte {
	s, p := utf16le(sub), utf16le(print)
	var b []byte
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)+2))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(p)))
	if flags != nil {
		b = binary.LittleEndian.AppendUint32(b, *flags)
	}
	b = append(b, s...)
	b = append(b, 0, 0)
	b = append(b, p...)
	return append(b, 0, 0)
}

func ptr(v uint32) *uint32 { return &v }

func TestParseLinks(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tag       uint32
		data      []byte
		sub, prn  string
		relative  bool
		target    string
		dataBytes int
	}{
		{"absolute symlink", TagSymlink, link(`\??\C:\Windows\System32`, `C:\Windows\System32`, ptr(0)),
			`\??\C:\Windows\System32`, `C:\Windows\System32`, false, `C:\Windows\System32`, 12 + 46 + 2 + 38 + 2},
		{"relative symlink", TagSymlink, link(`..\lib\x.dll`, `..\lib\x.dll`, ptr(SymlinkFlagRelative)),
			`..\lib\x.dll`, `..\lib\x.dll`, true, `..\lib\x.dll`, 0},
		{"relative flag among others", TagSymlink, link(`a`, `a`, ptr(0xffffffff)), `a`, `a`, true, `a`, 0},
		{"junction", TagMountPoint, link(`\??\C:\Users`, `C:\Users`, nil),
			`\??\C:\Users`, `C:\Users`, false, `C:\Users`, 0},
		{"junction without print name", TagMountPoint, link(`\??\C:\ProgramData`, ``, nil),
			`\??\C:\ProgramData`, ``, false, `C:\ProgramData`, 0},
		{"volume mount point", TagMountPoint, link(`\??\Volume{d6cc17c5-1734-4085-bce7-964f1e9f5de9}\`, ``, nil),
			`\??\Volume{d6cc17c5-1734-4085-bce7-964f1e9f5de9}\`, ``, false, `\\?\Volume{d6cc17c5-1734-4085-bce7-964f1e9f5de9}\`, 0},
		{"UNC symlink without print name", TagSymlink, link(`\??\UNC\server\share\dir`, ``, ptr(0)),
			`\??\UNC\server\share\dir`, ``, false, `\\server\share\dir`, 0},
		{"device path", TagSymlink, link(`\Device\HarddiskVolume2\x`, ``, ptr(0)),
			`\Device\HarddiskVolume2\x`, ``, false, `\Device\HarddiskVolume2\x`, 0},
		{"relative without print name", TagSymlink, link(`sub\file`, ``, ptr(1)),
			`sub\file`, ``, true, `sub\file`, 0},
		{"non-BMP and empty", TagSymlink, link("\U0001F600", "", ptr(0)), "\U0001F600", "", false, "\U0001F600", 0},
		{"names only", TagMountPoint, []byte{0, 0, 0, 0, 0, 0, 0, 0}, "", "", false, "", 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.tag, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Tag != tc.tag || p.SubstituteName != tc.sub || p.PrintName != tc.prn || p.Relative != tc.relative {
				t.Errorf("got %+v", p)
			}
			if got := p.Target(); got != tc.target {
				t.Errorf("Target: got %q, want %q", got, tc.target)
			}
			if len(p.Data) != len(tc.data) || (tc.dataBytes != 0 && len(p.Data) != tc.dataBytes) {
				t.Errorf("Data: %d bytes", len(p.Data))
			}
		})
	}
}

// TestNamesAnywhere checks that name offsets are honoured: print name first,
// a gap, and odd offsets.
func TestNamesAnywhere(t *testing.T) {
	s, p := utf16le(`\??\D:\x`), utf16le(`D:\x`)
	var b []byte
	b = binary.LittleEndian.AppendUint16(b, uint16(len(p)+3)) // substitute after print name and a 3-byte gap
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(p)))
	b = append(b, p...)
	b = append(b, 0xee, 0xee, 0xee)
	b = append(b, s...)
	pt, err := Parse(TagMountPoint, b)
	if err != nil {
		t.Fatal(err)
	}
	if pt.SubstituteName != `\??\D:\x` || pt.PrintName != `D:\x` {
		t.Errorf("got %+v", pt)
	}
}

func TestInvalidUTF16(t *testing.T) {
	var b []byte
	name := []byte{'a', 0, 0x00, 0xd8, 'b', 0} // a, lone high surrogate, b
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(name)))
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, 3) // odd length: 'a' and half a unit
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = append(b, name...)
	p, err := Parse(TagSymlink, b)
	if err != nil {
		t.Fatal(err)
	}
	if p.SubstituteName != "a\uFFFDb" {
		t.Errorf("substitute %q", p.SubstituteName)
	}
	if p.PrintName != "a\uFFFD" {
		t.Errorf("print %q", p.PrintName)
	}
}

func TestOtherTags(t *testing.T) {
	// A WOF-compressed file's data: WOF_EXTERNAL_INFO then FILE_PROVIDER_EXTERNAL_INFO_V1.
	wof := []byte{1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}
	for _, tag := range []uint32{0x80000017, 0x80000013, 0x9000001a, 0x12345678, 0} {
		p, err := Parse(tag, wof)
		if err != nil {
			t.Fatal(err)
		}
		if p.Tag != tag || &p.Data[0] != &wof[0] || len(p.Data) != len(wof) || p.SubstituteName != "" || p.Target() != "" {
			t.Errorf("tag %#x: got %+v", tag, p)
		}
	}
	p, err := Parse(0x80000017, nil)
	if err != nil || p.Data != nil {
		t.Errorf("empty data: %+v %v", p, err)
	}
}

func TestParseErrors(t *testing.T) {
	good := link(`\??\C:\x`, `C:\x`, ptr(0))
	put16 := func(b []byte, off int, v uint16) []byte {
		b = append([]byte(nil), b...)
		binary.LittleEndian.PutUint16(b[off:], v)
		return b
	}
	for _, tc := range []struct {
		name   string
		tag    uint32
		data   []byte
		kind   error
		offset int
	}{
		{"empty symlink", TagSymlink, nil, ErrTruncated, 0},
		{"symlink without flags", TagSymlink, good[:10], ErrTruncated, 0},
		{"junction header cut", TagMountPoint, good[:7], ErrTruncated, 0},
		{"substitute name cut off", TagSymlink, good[:20], ErrNameBounds, 0},
		{"print name cut off", TagSymlink, good[:len(good)-4], ErrNameBounds, 4},
		{"substitute offset overflows", TagSymlink, put16(good, 0, 0xffff), ErrNameBounds, 0},
		{"substitute length overflows", TagSymlink, put16(good, 2, 0xffff), ErrNameBounds, 0},
		{"print offset overflows", TagSymlink, put16(good, 4, 0xfffe), ErrNameBounds, 4},
		{"print length overflows", TagSymlink, put16(good, 6, 0xfffe), ErrNameBounds, 4},
		{"print name one byte past the end", TagMountPoint, put16(good, 6, uint16(len(good)-8-18+1)), ErrNameBounds, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.tag, tc.data)
			if err == nil {
				t.Fatalf("no error: %+v", p)
			}
			var fe *inputerr.Error
			if !errors.As(err, &fe) || !errors.Is(err, tc.kind) || fe.Offset != int64(tc.offset) {
				t.Fatalf("got %v, want %v at %d", err, tc.kind, tc.offset)
			}
			// The words every reparse error has had: kind, where, detail.
			if want := fmt.Sprintf("reparse: at byte %d: %v: %s", tc.offset, tc.kind, fe.Detail); err.Error() != want || fe.Detail == "" {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
}

func TestTagName(t *testing.T) {
	for tag, want := range map[uint32]string{
		TagSymlink:    "IO_REPARSE_TAG_SYMLINK",
		TagMountPoint: "IO_REPARSE_TAG_MOUNT_POINT",
		0x80000017:    "IO_REPARSE_TAG_WOF",
		0x80000013:    "IO_REPARSE_TAG_DEDUP",
		0x8000001b:    "IO_REPARSE_TAG_APPEXECLINK",
		0xa000001d:    "IO_REPARSE_TAG_LX_SYMLINK",
		0x9000001a:    "IO_REPARSE_TAG_CLOUD",
		0x9000f01a:    "IO_REPARSE_TAG_CLOUD_F",
		0x80000018:    "IO_REPARSE_TAG_WCI",
		0x80000021:    "IO_REPARSE_TAG_ONEDRIVE",
		0x80000014:    "IO_REPARSE_TAG_NFS",
		0xc0000004:    "IO_REPARSE_TAG_HSM",
		0x80000007:    "IO_REPARSE_TAG_SIS",
		0x8000000a:    "IO_REPARSE_TAG_DFS",
		0x80000012:    "IO_REPARSE_TAG_DFSR",
		0x12345678:    "0x12345678",
		0xdeadbeef:    "0xDEADBEEF",
	} {
		if got := TagName(tag); got != want {
			t.Errorf("TagName(%#x) = %q, want %q", tag, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(uint32(TagSymlink), link(`\??\C:\Windows`, `C:\Windows`, ptr(0)))
	f.Add(uint32(TagSymlink), link(`..\x`, `..\x`, ptr(1)))
	f.Add(uint32(TagMountPoint), link(`\??\C:\Users`, `C:\Users`, nil))
	f.Add(uint32(TagMountPoint), link(`\??\Volume{x}\`, ``, nil))
	f.Add(uint32(0x80000017), []byte{1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, tag uint32, data []byte) {
		// Half the inputs as links, whatever tag the fuzzer picks.
		switch tag % 4 {
		case 0:
			tag = TagSymlink
		case 1:
			tag = TagMountPoint
		}
		p, err := Parse(tag, data)
		if err != nil {
			var fe *inputerr.Error
			if p != nil || !errors.As(err, &fe) || fe.Offset < 0 || fe.Offset > int64(len(data)) || fe.Detail == "" ||
				!errors.Is(err, ErrTruncated) && !errors.Is(err, ErrNameBounds) {
				t.Fatalf("bad error %v with %+v", err, p)
			}
			return
		}
		_ = p.Target()
		_ = TagName(p.Tag)
		if len(p.Data) != len(data) {
			t.Fatalf("Data %d bytes, input %d", len(p.Data), len(data))
		}
	})
}

// The message a support engineer reads, word for word.
func TestErrorMessage(t *testing.T) {
	_, err := Parse(TagMountPoint, []byte{1, 2, 3})
	if want := "reparse: at byte 0: data ends before the fixed fields: 3 bytes, IO_REPARSE_TAG_MOUNT_POINT needs 8"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
