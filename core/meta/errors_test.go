package meta_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// requireParseError fails unless err is a metadata resource that cannot be
// parsed, in the one shape: a kind of meta's, the structure, its offset in
// the resource (as hostile data gives it: it may be negative) and the
// detail, worded as these messages always were.
func requireParseError(t *testing.T, err error) *inputerr.Error {
	t.Helper()
	var me *inputerr.Error
	require.ErrorAs(t, err, &me)
	kinds := 0
	for _, k := range []error{meta.ErrSecurityTable, meta.ErrBadDentry, meta.ErrRootNotDir, meta.ErrTooDeep} {
		if errors.Is(err, k) {
			kinds++
		}
	}
	require.Equal(t, 1, kinds, "%v: not one of meta's parse kinds", err)
	require.NotEmpty(t, me.Field, "%v", err)
	require.NotEmpty(t, me.Detail, "%v", err)
	want := fmt.Sprintf("%s at metadata offset %d: %s", me.Field, me.Offset, me.Detail)
	if me.Dir != "" {
		want += " (in " + me.Dir + ")"
	}
	require.Equal(t, want, err.Error())
	return me
}

// Every kind of metadata resource that cannot be parsed is found by
// errors.Is for its kind, with the structure and where it is.
func TestParseErrors(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{
		{Name: "deep", Dir: true, Children: []*wimtest.Entry{{Name: "last-entry-here", Data: []byte("x")}}}}})
	good := metadataOf(t, b, 1)
	le := binary.LittleEndian
	mod := func(f func(m []byte)) []byte {
		m := bytes.Clone(good)
		f(m)
		return m
	}
	last := bytes.LastIndex(good, utf16("last-entry-here")) - 102
	var deep []*wimtest.Entry
	for range 16385 {
		deep = []*wimtest.Entry{{Name: "d", Dir: true, Children: deep}}
	}
	for _, tc := range []struct {
		name   string
		buf    []byte
		kind   error
		field  string
		offset int64
		msg    string // the whole message, where pinned
	}{
		{"metadata of 3 bytes", []byte{1, 2, 3}, meta.ErrSecurityTable, "security table", 0,
			"security table at metadata offset 0: metadata is only 3 bytes"},
		{"security table past the metadata", mod(func(m []byte) { le.PutUint32(m, 1<<20) }), meta.ErrSecurityTable, "security table", 0,
			fmt.Sprintf("security table at metadata offset 0: length 1048576 exceeds the %d-byte metadata", len(good))},
		{"descriptor sizes past the table", mod(func(m []byte) { le.PutUint32(m[4:], 3) }), meta.ErrSecurityTable, "security table", 0,
			"security table at metadata offset 0: 3 descriptor sizes do not fit in its 8 bytes"},
		{"root entry too long", mod(func(m []byte) { le.PutUint64(m[8:], 1<<40) }), meta.ErrBadDentry, "directory entry", 8,
			"directory entry at metadata offset 8: length 1099511627776 does not fit"},
		{"root entry odd name length", mod(func(m []byte) { le.PutUint16(m[8+100:], 3) }), meta.ErrBadDentry, "directory entry", 8,
			"directory entry at metadata offset 8: odd name length (3, short 0)"},
		{"root entry a file", mod(func(m []byte) { le.PutUint32(m[8+8:], 0x80) }), meta.ErrRootNotDir, "root directory entry", 8,
			"root directory entry at metadata offset 8: attributes 0x80 lack DIRECTORY"},
		{"stream entries past the metadata", mod(func(m []byte) { le.PutUint16(m[last+96:], 9) }), meta.ErrBadDentry, "directory entry", int64(last), ""},
		{"entry deep in the tree past the metadata", mod(func(m []byte) { m[last], m[last+1] = 0xff, 0xff }), meta.ErrBadDentry, "directory entry", int64(last),
			fmt.Sprintf(`directory entry at metadata offset %d: length 65536 does not fit (in /a/deep)`, last)},
		{"tree nested too deep", metadataOf(t, wimtest.Build(deep...), 1), meta.ErrTooDeep, "directory tree", -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := meta.Parse(tc.buf, nil)
			require.ErrorIs(t, err, tc.kind)
			me := requireParseError(t, err)
			require.Equal(t, tc.field, me.Field)
			if tc.offset >= 0 {
				require.Equal(t, tc.offset, me.Offset)
			}
			if tc.msg != "" {
				require.Equal(t, tc.msg, err.Error())
			}
			// Paths and the page's top read fail alike, or read on (the
			// top stops at the root's children).
			if perr := meta.Paths(tc.buf, func([]byte) error { return nil }); perr != nil {
				require.ErrorIs(t, perr, tc.kind)
				requireParseError(t, perr)
			}
			if _, terr := meta.ParseTop(bytes.NewReader(tc.buf), int64(len(tc.buf)), nil); terr != nil {
				requireParseError(t, terr)
			}
		})
	}
}

// Reparse data over NTFS's 16 KiB is refused before it is read, named by
// the file's path.
func TestReparseTooLarge(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "link", Data: bytes.Repeat([]byte("r"), 16*1024+1)})
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	buf, err := a.Metadata(1)
	require.NoError(t, err)
	at := bytes.LastIndex(buf, utf16("link")) - 102
	binary.LittleEndian.PutUint32(buf[at+8:], uint32(meta.AttrReparsePoint))
	binary.LittleEndian.PutUint32(buf[at+88:], 0xa000000c)
	img, err := meta.Parse(buf, a)
	require.NoError(t, err)
	f, err := img.Lookup(`\link`)
	require.NoError(t, err)
	_, err = f.ReadReparseData()
	require.ErrorIs(t, err, meta.ErrReparseTooLarge)
	var me *inputerr.Error
	require.ErrorAs(t, err, &me)
	require.Equal(t, "/link", me.Field)
	require.Equal(t, `/link: reparse data of 16385 bytes exceeds the 16 KiB NTFS limit`, err.Error())
}
