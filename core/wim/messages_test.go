package wim_test

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A file cut short says how short, in numbers a person reads, and its
// header is still there to show.
func TestTruncatedSaysHowShort(t *testing.T) {
	whole := readFile(t, vector(t, "ntfs-none"))
	h, err := wim.ReadHeader(bytes.NewReader(whole), int64(len(whole)))
	require.NoError(t, err)
	cut := whole[:100000]

	got, err := wim.ReadHeader(bytes.NewReader(cut), int64(len(cut)))
	require.ErrorIs(t, err, wim.ErrTruncated)
	require.NotNil(t, got, "the header was read")
	require.Equal(t, h.GUID, got.GUID)

	_, err = wim.Open(bytes.NewReader(cut), int64(len(cut)))
	require.ErrorIs(t, err, wim.ErrTruncated)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	var fe *inputerr.Error
	require.ErrorAs(t, err, &fe)
	end := h.BlobTable.Offset + h.BlobTable.StoredSize
	require.Equal(t, "the file ends at 100,000 bytes but its blob table reaches "+commas(end)+": the file is truncated (incomplete download?)", err.Error())
}

// commas groups digits by hand, to check the core's grouping against.
func commas(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestTruncatedPipable(t *testing.T) {
	whole := readFile(t, vector(t, "ntfs-pipable"))
	cut := whole[:len(whole)-1000]
	_, err := wim.Open(bytes.NewReader(cut), int64(len(cut)))
	require.ErrorIs(t, err, wim.ErrTruncated)
	require.Contains(t, err.Error(), "pipable WIM ends with a copy of its header")
}

// A blob whose resource lies past the end names the entry and both ends.
func TestTruncatedBlobTableEntry(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("some data")})
	le := func(off int) uint64 {
		var v uint64
		for i := 7; i >= 0; i-- {
			v = v<<8 | uint64(b[off+i])
		}
		return v
	}
	table := int(le(56))
	// Entry 1 (the file's blob): move it past the end of the file.
	off := table + 50 + 8
	bad := uint64(len(b)) + 1000
	for i := range 8 {
		b[off+i] = byte(bad >> (8 * i))
	}
	_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.ErrorIs(t, err, wim.ErrTruncated)
	require.Contains(t, err.Error(), "blob table entry 1's resource reaches "+commas(bad+9))
}

// Two WIMs picked together are two WIMs, not a damaged one.
func TestDifferentWIMs(t *testing.T) {
	var parts []wim.Part
	for _, name := range []string{"ntfs-two", "7zip"} {
		b := readFile(t, vector(t, name))
		parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: name + ".wim"})
	}
	_, err := wim.OpenParts(parts...)
	require.ErrorIs(t, err, wim.ErrDifferentWIMs)
	require.NotErrorIs(t, err, wim.ErrFormat)
	require.Contains(t, err.Error(), "ntfs-two.wim and 7zip.wim are two different WIMs")
}

// A metadata resource claiming 4 GiB from a 27 MB file is refused before
// anything is allocated by its size; wimlib's 512x ratio alone lets it by.
func TestMetadataBombIsRefused(t *testing.T) {
	b := wimtest.MetadataBomb(4<<30, 27<<20)
	require.Less(t, int64(4<<30)/512, int64(len(b)), "the ratio alone must not be what refuses it")
	a := openBytes(t, b)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := a.Image(1)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, wim.ErrFormat)
	var fe *inputerr.Error
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "image 1 metadata", fe.Field)
	require.Equal(t, 1, fe.Part)
	require.Contains(t, err.Error(), "4,294,967,296 bytes uncompressed, over the limit of 1,073,741,824 bytes (1 GiB)")
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20))

	// Under the limit, the ratio still applies, as in wimlib.
	small := wimtest.MetadataBomb(600<<20, 1<<20)
	_, err = openBytes(t, small).Image(1)
	require.ErrorIs(t, err, wim.ErrFormat)
	require.Contains(t, err.Error(), "629,145,600 bytes uncompressed is implausible for a ")
}
