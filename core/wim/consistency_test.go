package wim_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// XML data that does not parse, or numbers its images otherwise than the
// header, opens with a warning and is an inconsistency.
func TestBadXMLIsAnInconsistency(t *testing.T) {
	for doc, want := range map[string]string{
		`<WIM><IMAGE INDEX="1"><NAME>x</NAME></WIM>`:                             "XML syntax error",
		`<WIMX><IMAGE INDEX="1"/></WIMX>`:                                        "root element is <WIMX>",
		`<WIM><IMAGE INDEX="2"/></WIM>`:                                          "numbers its images up to 2",
		`<WIM><IMAGE INDEX="1"/><IMAGE INDEX="1"/></WIM>`:                        `has INDEX "1"`,
		`<WIM><IMAGE/></WIM>`:                                                    `has INDEX ""`,
		`<WIM><IMAGE INDEX="1"/><IMAGE INDEX="2"/></WIM>`:                        "image count is 2, the header's 1",
		`<WIM><IMAGE INDEX="0x1"><NAME>hex is not wimlib's</NAME></IMAGE></WIM>`: `has INDEX "0x1"`,
		`<WIM><IMAGE INDEX="1"/></WIM>junk`:                                      "ends with text after its last element",
	} {
		a := openBytes(t, wimtest.BuildXML(doc, &wimtest.Entry{Name: "a", Data: []byte("x")}))
		require.Len(t, a.Warnings, 1, doc)
		require.Len(t, a.Inconsistencies(), 1, doc)
		require.ErrorContains(t, a.Inconsistencies()[0], want, doc)
		require.ErrorIs(t, a.Inconsistencies()[0], wim.ErrFormat, doc)
	}
	require.Empty(t, openBytes(t, wimtest.Build(&wimtest.Entry{Name: "a"})).Inconsistencies())
}

// Every part of a split WIM carries the XML data; damage in part 2's is
// found, as wimlib finds it when it opens that part.
func TestSplitPartXMLIsChecked(t *testing.T) {
	v := vector(t, "ntfs-split")
	open := func(damage func(i int, b []byte) []byte) *wim.Archive {
		var parts []wim.Part
		for i, p := range v.Paths() {
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			b = damage(i, b)
			parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: p})
		}
		a, err := wim.OpenParts(parts...)
		require.NoError(t, err)
		return a
	}
	require.Empty(t, open(func(_ int, b []byte) []byte { return b }).Inconsistencies())
	a := open(func(i int, b []byte) []byte {
		if i != 1 {
			return b
		}
		h, err := wim.ReadHeader(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err)
		at := int64(h.XML.Offset) + int64(bytes.Index(b[h.XML.Offset:], []byte("<\x00I\x00M\x00A\x00G\x00E\x00")))
		return flip(b, at) // "<IMAGE" loses its '<'
	})
	require.Len(t, a.Inconsistencies(), 1)
	var fe *inputerr.Error
	require.ErrorAs(t, a.Inconsistencies()[0], &fe)
	require.Equal(t, 2, fe.Part)
	require.Equal(t, "XML data", fe.Field)
}

// The header's chunk size is held to wimlib's limits: 0 for an
// uncompressed file, a power of two in the format's range otherwise, with
// no default for 0.
func TestChunkSizeLimits(t *testing.T) {
	for name, sizes := range map[string]map[uint32]bool{
		"ntfs-none":       {0: true, 4096: false, 32768: false, 12345: false},
		"ntfs-xpress-64k": {65536: true, 4096: true, 0: false, 32769: false, 1 << 17: false},
		"ntfs-lzx-2m":     {1 << 21: true, 1 << 15: true, 1 << 22: false, 4096: false},
	} {
		orig := readFile(t, vector(t, name))
		for size, ok := range sizes {
			b := append([]byte(nil), orig...)
			binary.LittleEndian.PutUint32(b[20:], size)
			_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
			if ok {
				require.NoError(t, err, "%s, chunk size %d", name, size)
				continue
			}
			var fe *inputerr.Error
			require.ErrorAs(t, err, &fe, "%s, chunk size %d", name, size)
			require.Equal(t, "header chunk size", fe.Field)
			require.ErrorIs(t, err, wim.ErrFormat)
		}
	}
}

// The XML data's bytes are held to wimlib's reading too: a UTF-16
// surrogate without its pair is an inconsistency (decoded, it would read
// as U+FFFD), and a blob table or XML data flagged as a solid resource
// does not open.
func TestXMLBytesAsWimlibReadsThem(t *testing.T) {
	b := wimtest.BuildXML(`<WIM><IMAGE INDEX="1"><NAME>ab</NAME></IMAGE></WIM>`, &wimtest.Entry{Name: "a"})
	h, err := wim.ReadHeader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	at := int(h.XML.Offset) + bytes.Index(b[h.XML.Offset:], []byte("a\x00b\x00<"))
	b[at+1] = 0xdc // 'a' becomes U+DC61, a low surrogate alone
	a := openBytes(t, b)
	require.Len(t, a.Inconsistencies(), 1)
	require.ErrorContains(t, a.Inconsistencies()[0], "unpaired UTF-16 surrogate 0xdc61")
	b[at+1] = 0
	require.Empty(t, openBytes(t, b).Inconsistencies())
	// Text before the first element: a byte-order mark made U+A8FF.
	b[h.XML.Offset+1] ^= 0x56
	a = openBytes(t, b)
	require.Len(t, a.Inconsistencies(), 1)
	require.ErrorContains(t, a.Inconsistencies()[0], "starts with text before its first element")
	b[h.XML.Offset+1] ^= 0x56
	for _, at := range []int{55, 79} { // the blob table's flags, the XML's
		c := append([]byte(nil), b...)
		c[at] |= byte(wim.ResSolid)
		_, err = wim.Open(bytes.NewReader(c), int64(len(c)))
		require.ErrorContains(t, err, "flagged as a solid resource")
	}
}
