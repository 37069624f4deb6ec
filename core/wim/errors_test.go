package wim_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// kinds are every sentinel an error from a WIM may wrap: each error
// below matches its own and none it should not.
var kinds = []error{wim.ErrNotWIM, wim.ErrFormat, wim.ErrChecksum, wim.ErrUnsupported, wim.ErrEncrypted,
	wim.ErrMissingBlob, wim.ErrMissingPart, wim.ErrDifferentWIMs, wim.ErrTruncated, io.ErrUnexpectedEOF,
	compress.ErrCorrupt, meta.ErrBadDentry}

// Every kind of damaged input yields an *inputerr.Error that errors.Is
// finds for its kind, saying which field, where (part and offset in the
// file, or -1) and what is wrong, in the words these messages have had.
func TestErrorKinds(t *testing.T) {
	none := readFile(t, vector(t, "ntfs-none"))
	xpress := readFile(t, vector(t, "ntfs-xpress-4k"))
	le := binary.LittleEndian
	patch := func(b []byte, f func(b []byte)) []byte {
		b = bytes.Clone(b)
		f(b)
		return b
	}
	open := func(b []byte) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
			return err
		}
	}
	image := func(b []byte, top bool) func(t *testing.T) error {
		return func(t *testing.T) error {
			a := openBytes(t, b)
			var err error
			if top {
				_, err = a.ImageTop(1)
			} else {
				_, err = a.Image(1)
			}
			return err
		}
	}
	crafted := wimtest.Build(&wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "f", Data: []byte("hello")}}})
	mdOff := func(b []byte) int64 {
		mb, err := openBytes(t, b).MetadataBlob(1)
		require.NoError(t, err)
		return int64(mb.Resource.Offset)
	}
	blobTable := int64(le.Uint64(none[56:]))
	xmlOff := func(b []byte) int64 { return int64(le.Uint64(b[80:])) }
	badXML := wimtest.BuildXML(`<WIM><IMAGE INDEX="2"></IMAGE></WIM>`, &wimtest.Entry{Name: "a"})
	encrypted := wimtest.BuildXML(`<WIM><ESD><ENCRYPTED>1</ENCRYPTED></ESD><IMAGE INDEX="1"></IMAGE></WIM>`)

	for _, tc := range []struct {
		name   string
		err    func(t *testing.T) error
		kind   error
		field  string
		offset int64 // -2: not pinned
		part   int
		msg    string // the whole message, or "" to check the detail is there
	}{
		{"shorter than a header", open(none[:100]), wim.ErrNotWIM, "header", 0, 0,
			"header: not a WIM file: file is 100 bytes, shorter than a WIM header (offset 0)"},
		{"bad magic", open(patch(none, func(b []byte) { b[0] = 'X' })), wim.ErrNotWIM, "header magic", 0, 0,
			`header magic: not a WIM file: magic is "XSWIM\x00\x00\x00" (offset 0)`},
		{"header size", open(patch(none, func(b []byte) { le.PutUint32(b[8:], 7) })), wim.ErrFormat, "header size", 8, 0,
			"header size: malformed WIM: 7, want 208 (offset 8)"},
		{"header version", open(patch(none, func(b []byte) { le.PutUint32(b[12:], 0x1234) })), wim.ErrUnsupported, "header version", 12, 0,
			"header version: unsupported WIM feature: version 0x1234 (offset 12)"},
		{"image count", open(patch(none, func(b []byte) { le.PutUint32(b[44:], 70000) })), wim.ErrFormat, "header image count", 44, 0,
			"header image count: malformed WIM: 70000 images (offset 44)"},
		{"chunk size", open(patch(xpress, func(b []byte) { le.PutUint32(b[20:], 3) })), wim.ErrFormat, "header chunk size", 20, 0,
			"header chunk size: malformed WIM: XPRESS chunk size 3 is not a power of two from 4096 to 65536 (offset 20)"},
		{"truncated", open(none[:100000]), wim.ErrTruncated, "", -1, 0, ""},
		{"blob table cut", open(patch(none, func(b []byte) { le.PutUint64(b[64:], uint64(len(none))) })), io.ErrUnexpectedEOF, "blob table", blobTable, 1, ""},
		{"bad XML", func(t *testing.T) error {
			return openBytes(t, badXML).Inconsistencies()[0]
		}, wim.ErrFormat, "XML data", xmlOff(badXML), 1,
			"XML data: malformed WIM: the XML data numbers its images up to 2, but has 1 (part 1, offset " +
				strconv.FormatInt(xmlOff(badXML), 10) + ")"},
		{"encrypted", open(encrypted), wim.ErrEncrypted, "XML data", xmlOff(encrypted), 1, ""},
		{"metadata bomb", image(wimtest.MetadataBomb(4<<30, 27<<20), false), wim.ErrFormat, "image 1 metadata", -2, 1, ""},
		{"metadata hash", image(patch(crafted, func(b []byte) { b[mdOff(crafted)+8+16] ^= 1 }), false), wim.ErrChecksum, "image 1 metadata", mdOff(crafted), 1, ""},
		{"metadata entry", image(patch(crafted, func(b []byte) { le.PutUint64(b[mdOff(crafted)+8:], 1<<40) }), true), meta.ErrBadDentry, "image 1 metadata", -1, 1, ""},
		{"corrupt chunk", image(patch(xpress, func(b []byte) {
			off := mdOff(xpress)
			clear(b[off+2000 : off+2600])
		}), false), compress.ErrCorrupt, "XPRESS chunk 1 of 77", 301127, 1,
			"XPRESS chunk 1 of 77: xpress: corrupt data at input byte 863: match offset reaches before the start of the output (part 1, offset 301127, blob 0c5cc7a5967af487d6d24926822d0bc0e086f667)"},
		{"missing blob", func(t *testing.T) error {
			_, err := openBytes(t, wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("x"), MissingBlob: true})).OpenBlob([20]byte{1})
			return err
		}, wim.ErrMissingBlob, "blob 0100000000000000000000000000000000000000", -1, 0,
			"wim: blob 0100000000000000000000000000000000000000: blob not found in any part"},
		{"missing part", func(t *testing.T) error {
			v := vector(t, "ntfs-split")
			var parts []wim.Part
			for _, p := range v.Paths()[1:] {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: p})
			}
			a, err := wim.OpenParts(parts...)
			require.NoError(t, err)
			_, err = a.MetadataBlob(1)
			return err
		}, wim.ErrMissingPart, "image 1", -1, 0, "wim: image 1: split WIM part missing: image metadata is in part 1"},
		{"different WIMs", func(t *testing.T) error {
			two, zip := readFile(t, vector(t, "ntfs-two")), readFile(t, vector(t, "7zip"))
			_, err := wim.OpenParts(wim.Part{R: bytes.NewReader(two), Size: int64(len(two)), Name: "a.wim"},
				wim.Part{R: bytes.NewReader(zip), Size: int64(len(zip)), Name: "b.wim"})
			return err
		}, wim.ErrDifferentWIMs, "", -1, 0, ""},
		{"integrity", func(t *testing.T) error {
			b := readFile(t, vector(t, "ntfs-xpress-integrity"))
			b[wim.HeaderSize+10] ^= 1
			rep, err := bulk.Verify(context.Background(), openBytes(t, b), bulk.Options{}, nil)
			require.NoError(t, err)
			return rep.Integrity
		}, wim.ErrChecksum, "integrity check", wim.HeaderSize, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err(t)
			require.ErrorIs(t, err, tc.kind)
			for _, k := range kinds {
				// A truncated file is also an unexpected EOF; nothing
				// else is two kinds.
				if k != tc.kind && errors.Is(err, k) && !errors.Is(tc.kind, k) {
					t.Errorf("%v: matches %v as well as %v", err, k, tc.kind)
				}
			}
			var e *inputerr.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tc.field, e.Field, "%v", err)
			if tc.offset != -2 {
				require.Equal(t, tc.offset, e.Offset, "%v", err)
			}
			require.Equal(t, tc.part, e.Part, "%v", err)
			// The kind alone says what is wrong with an encrypted file or
			// a blob not there; every other error says more.
			require.True(t, e.Detail != "" || e.Err != nil || e.Kind == wim.ErrEncrypted || e.Kind == wim.ErrMissingBlob, "%v: no detail", err)
			if tc.msg != "" {
				require.Equal(t, tc.msg, err.Error())
			}
		})
	}
}
