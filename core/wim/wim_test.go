package wim_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func vector(t testing.TB, name string) wimlibref.Vector { return wimlibref.Find(t, name) }

func readFile(t *testing.T, v wimlibref.Vector) []byte { return wimlibref.Bytes(t, v) }

func openBytes(t *testing.T, b []byte) *wim.Archive { return wimlibref.OpenBytes(t, b) }

func TestXMLInfoOfSample(t *testing.T) {
	a := openVector(t, vector(t, "sample"))
	require.Len(t, a.Info.Images, 1)
	im := a.Info.Images[0]
	require.NotEmpty(t, im.Name)
	require.NotNil(t, im.Windows, "sample.wim carries a WINDOWS block")
	require.NotEmpty(t, im.Windows.EditionID)
	require.NotEmpty(t, im.Windows.Languages)
	require.NotZero(t, im.Windows.Build)
	require.NotZero(t, im.FileCount)
	golden, err := os.ReadFile(wimlibref.Dir() + "/" + vector(t, "sample").Golden.Info)
	require.NoError(t, err)
	for _, want := range []string{"Name:                   " + im.Name, "Edition ID:             " + im.Windows.EditionID} {
		require.Contains(t, string(golden), want)
	}
}

// flip returns a copy of b with one byte inverted at off.
func flip(b []byte, off int64) []byte {
	c := append([]byte(nil), b...)
	c[off] ^= 0xff
	return c
}

// TestTruncatedFilesFailCleanly cuts a vector at many lengths: every cut
// opens or fails with a typed error, and nothing panics.
func TestTruncatedFilesFailCleanly(t *testing.T) {
	for _, name := range []string{"ntfs-xpress-4k", "ntfs-solid", "ntfs-pipable"} {
		orig := readFile(t, vector(t, name))
		for _, n := range []int{0, 7, 100, 207, 208, 209, len(orig) / 3, len(orig) / 2, len(orig) - 300, len(orig) - 208, len(orig) - 1} {
			if n < 0 || n > len(orig) {
				continue
			}
			exercise(t, orig[:n])
		}
	}
}

func TestNotAWIM(t *testing.T) {
	b := []byte(strings.Repeat("PK\x03\x04 not a wim ", 30))
	_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.ErrorIs(t, err, wim.ErrNotWIM)
	var fe *inputerr.Error
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "header magic", fe.Field)
}

func TestEncryptedESDIsRefused(t *testing.T) {
	b := wimtest.BuildXML(`<WIM><ESD><ENCRYPTED>1</ENCRYPTED><KEY>...</KEY></ESD><IMAGE INDEX="1"><NAME>x</NAME></IMAGE></WIM>`,
		&wimtest.Entry{Name: "a", Data: []byte("x")})
	_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	require.ErrorIs(t, err, wim.ErrEncrypted)
	require.Contains(t, err.Error(), "encrypted")
}

func TestSplitWithMissingPart(t *testing.T) {
	v := vector(t, "ntfs-split")
	require.Greater(t, len(v.Files), 2)
	var parts []wim.Part
	for i, p := range v.Paths() {
		if i == 1 {
			continue // drop part 2
		}
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: p})
	}
	a, err := wim.OpenParts(parts...)
	require.NoError(t, err)
	total, missing := a.Parts()
	require.Equal(t, len(v.Files), total)
	require.Equal(t, []int{2}, missing)
	img, err := a.Image(1)
	require.NoError(t, err, "metadata lives in part 1")
	var sawMissing bool
	_ = img.Walk(func(f *meta.File) error {
		if d := f.Data(); d != nil && d.Missing {
			sawMissing = true
			_, err := f.Open()
			require.ErrorIs(t, err, wim.ErrMissingPart)
		}
		return nil
	})
	require.True(t, sawMissing, "some file's data was in part 2")
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.n.Add(int64(len(p)))
	return c.r.ReadAt(p, off)
}

// TestRandomAccessReadsOnlyNeededChunks reads a few bytes from the middle
// of the largest multi-chunk file and checks that little else was read.
func TestRandomAccessReadsOnlyNeededChunks(t *testing.T) {
	for _, name := range []string{"ntfs-xpress-4k", "ntfs-lzms"} {
		t.Run(name, func(t *testing.T) {
			b := readFile(t, vector(t, name))
			cr := &countingReader{r: bytes.NewReader(b)}
			a, err := wim.Open(cr, int64(len(b)))
			require.NoError(t, err)
			var big *wim.Blob
			for _, bl := range a.Blobs() {
				if big == nil || bl.Size > big.Size {
					big = bl
				}
			}
			require.Greater(t, big.Size, 4*big.ChunkSize(), "needs a multi-chunk blob")
			before := cr.n.Load()
			got := make([]byte, 100)
			_, err = big.ReadAt(got, big.Size/2)
			require.NoError(t, err)
			read := cr.n.Load() - before
			chunkTable := 8 * (big.Size/big.ChunkSize() + 1)
			require.Less(t, read, 2*big.ChunkSize()+chunkTable, "read %d bytes for 100", read)
			require.Less(t, read, big.StoredSize()/2)

			full := make([]byte, big.Size)
			_, err = big.ReadAt(full, 0)
			require.NoError(t, err)
			require.Equal(t, full[big.Size/2:big.Size/2+100], got)
		})
	}
}

// Opening and browsing must not build a resource per blob: on js/wasm that
// allocation was most of the time to open a big file.
func TestBrowsingBuildsNoResources(t *testing.T) {
	a := openVector(t, vector(t, "ntfs-xpress-4k"))
	_, err := a.Image(1) // which looks up every stream's size
	require.NoError(t, err)
	require.False(t, view.DescribeArchive(a).Solid)
	require.Greater(t, len(a.Blobs()), 10)
	require.Zero(t, wim.ResourcesBuilt(a))
	big := a.Blobs()[0]
	_, err = big.ReadAt(make([]byte, 1), 0)
	require.NoError(t, err)
	require.Equal(t, 1, wim.ResourcesBuilt(a), "reading a blob builds its resource")
}

// Listing an image needs only its metadata, and parsing one and describing
// the archive need only the table: none of them may decode another blob
// table entry, which for a big table was most of the memory opening wrote.
func TestBrowsingDecodesOnlyMetadataBlobs(t *testing.T) {
	for _, name := range []string{"ntfs-xpress-4k", "ntfs-solid"} {
		a := openVector(t, vector(t, name))
		_, err := a.Metadata(1)
		require.NoError(t, err)
		_, err = a.Image(1)
		require.NoError(t, err)
		d := view.DescribeArchive(a)
		require.Equal(t, name == "ntfs-solid", d.Solid)
		if name == "ntfs-solid" {
			// Solid blobs are placed, and so decoded, as the table is read.
			continue
		}
		require.Equal(t, a.ImageCount(), wim.BlobsDecoded(a))
		blobs := a.Blobs()
		require.Equal(t, d.Blobs, len(blobs))
		require.Greater(t, len(blobs), 10)
		require.Equal(t, a.ImageCount()+len(blobs), wim.BlobsDecoded(a))
		got, ok := a.Blob(blobs[3].Hash)
		require.True(t, ok)
		require.Same(t, blobs[3], got)
		size, ok := a.BlobSize(blobs[3].Hash)
		require.True(t, ok)
		require.Equal(t, blobs[3].Size, size)
	}
}

// A chunk that does not decode is decoded once: every later read of it,
// however many blobs share it, gets the same error without reading the
// file. Before, each of a damaged solid chunk's blobs decoded it again.
func TestDamagedChunkDecodedOnce(t *testing.T) {
	orig := readFile(t, vector(t, "ntfs-lzms"))
	var big *wim.Blob
	for _, b := range openBytes(t, orig).Blobs() {
		if big == nil || b.Size > big.Size {
			big = b
		}
	}
	require.Greater(t, big.Size, 2*big.ChunkSize(), "needs a multi-chunk blob")
	at := big.Size / 2 // a read inside one chunk, through the cache
	// Find a byte whose flip makes the chunk undecodable, not just wrong.
	for off := int64(big.Resource.Offset) + big.StoredSize()/2; ; off += 97 {
		require.Less(t, off, int64(big.Resource.Offset)+big.StoredSize(), "no flip broke the decoder")
		cr := &countingReader{r: bytes.NewReader(flip(orig, off))}
		a, err := wim.Open(cr, int64(len(orig)))
		require.NoError(t, err)
		var b *wim.Blob
		for _, x := range a.Blobs() {
			if x.Hash == big.Hash {
				b = x
			}
		}
		_, first := b.ReadAt(make([]byte, 100), at)
		if !errors.Is(first, compress.ErrCorrupt) {
			continue
		}
		before := cr.n.Load()
		_, again := b.ReadAt(make([]byte, 100), at+1)
		require.ErrorIs(t, again, compress.ErrCorrupt)
		require.Equal(t, first.Error(), again.Error())
		require.Equal(t, before, cr.n.Load(), "the damaged chunk was read again")
		return
	}
}

// A solid resource whose header claims more than an exbibyte is refused
// at open, by a typed error naming the field: Verify's span arithmetic on
// 2^63-1 bytes overflowed and panicked in a worker goroutine (found by
// fuzzing, testdata/fuzz/FuzzOpen/98962bc40d9260de).
func TestHugeSolidResourceIsRefused(t *testing.T) {
	orig := readFile(t, vector(t, "ntfs-solid"))
	le := binary.LittleEndian
	table, n := le.Uint64(orig[0x30+8:]), le.Uint64(orig[0x30+16:])
	var at uint64
	for e := table; e < table+n; e += 50 {
		if le.Uint64(orig[e+16:]) == 1<<32 { // a solid resource's entry
			at = le.Uint64(orig[e+8:])
			break
		}
	}
	require.NotZero(t, at, "ntfs-solid has a solid resource")
	for _, size := range []uint64{1<<60 + 1, 1<<63 - 1} {
		b := append([]byte(nil), orig...)
		le.PutUint64(b[at:], size)
		_, err := wim.Open(bytes.NewReader(b), int64(len(b)))
		var fe *inputerr.Error
		require.ErrorAs(t, err, &fe, "size %d", size)
		require.Contains(t, err.Error(), fmt.Sprintf("uncompressed size %d, over the", size))
	}
}
