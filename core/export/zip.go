package export

import (
	"bytes"
	"context"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Zip writes root (a file or folder of an image of a; the image's root
// for the whole image) and everything below it to w as a zip archive.
// Entries are named as Export names them: folders first, then files in
// the order the archive holds their data. Hard links are stored as
// copies, reparse points as plain files or folders (never as symlinks),
// and named streams are left out; the Result lists all of it. On error
// the zip is incomplete and should be discarded.
func Zip(ctx context.Context, w io.Writer, a *wim.Archive, root *meta.File, opts bulk.Options, progress wim.Progress) (*Result, error) {
	z := NewZipWriter(w)
	res, err := Export(ctx, a, []*meta.File{root}, z, opts, progress)
	if err != nil {
		return res, err
	}
	return res, z.Close()
}

// ZipWriter is a Sink writing a zip archive, for exports of several roots
// into one zip. Close finishes the archive.
//
// Export hands it contents from every core at once, while the zip is one
// stream: each content is deflated on the core that brings it, into
// memory, and goes into the zip whole, with its size and CRC known. So
// memory holds at most a few contents of up to maxZipContent bytes each;
// larger files come after the others, one at a time, deflated straight
// into the zip (see Buffering).
type ZipWriter struct {
	mu sync.Mutex
	zf zipFile
}

// maxZipContent is the largest content deflated in memory before it goes
// into the zip (a variable for tests).
var maxZipContent int64 = 16 << 20

// zipLevel is the deflate level: the fastest, since deflating is most of
// a zip's time.
const zipLevel = flate.BestSpeed

var deflaters sync.Pool // of *flate.Writer at zipLevel

// NewZipWriter starts a zip archive on w.
func NewZipWriter(w io.Writer) *ZipWriter { return &ZipWriter{zf: zipFile{w: w}} }

// Dir implements Sink.
func (z *ZipWriter) Dir(e Entry) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.zf.whole(dirRecord(e))
}

// MaxContent implements Buffering.
func (z *ZipWriter) MaxContent() int64 { return maxZipContent }

// Files implements Sink; hard links are stored as copies, since zip
// readers do not agree on any way to store a link.
func (z *ZipWriter) Files(es []Entry, size int64) (Content, error) {
	if size > maxZipContent {
		// Export writes these alone, with nothing else under way.
		z.mu.Lock()
		defer z.mu.Unlock()
		r := fileRecord(es[0])
		r.method = zipDeflate
		s, err := z.zf.stream(r)
		if err != nil {
			return nil, err
		}
		fw, _ := flate.NewWriter(s, zipLevel)
		return &streamed{s: s, fw: fw, crc: crc32.NewIEEE()}, nil
	}
	return &deflated{z: z, es: es, crc: crc32.NewIEEE()}, nil
}

// Close writes the zip's central directory. It does not close the
// underlying writer.
func (z *ZipWriter) Close() error { return z.zf.close() }

// deflated is a content deflated into memory, or kept as it is when its
// first bytes say it is compressed already (see packed).
type deflated struct {
	z   *ZipWriter
	es  []Entry
	fw  *flate.Writer // nil when stored
	buf blocks
	crc hash.Hash32
	n   int64
}

func (c *deflated) Write(p []byte) error {
	if c.n == 0 && !packed(p) {
		c.fw, _ = deflaters.Get().(*flate.Writer)
		if c.fw == nil {
			c.fw, _ = flate.NewWriter(&c.buf, zipLevel)
		}
		c.fw.Reset(&c.buf)
	}
	c.crc.Write(p)
	c.n += int64(len(p))
	if c.fw == nil {
		c.buf.Write(p)
		return nil
	}
	_, err := c.fw.Write(p)
	return err
}

// packed reports whether data starting with p is compressed already
// (gzip, bzip2, xz, zstd, zip, 7z, PNG, JPEG): deflating it again would
// cost time for nothing, and /usr/share, like Windows, is full of them.
func packed(p []byte) bool {
	for _, magic := range []string{"\x1f\x8b", "BZh", "\xfd7zXZ\x00", "\x28\xb5\x2f\xfd", "PK\x03\x04", "7z\xbc\xaf\x27\x1c", "\x89PNG", "\xff\xd8\xff"} {
		if bytes.HasPrefix(p, []byte(magic)) {
			return true
		}
	}
	return false
}

// Close puts the content into the zip once per entry, unless it failed:
// a damaged file is left out whole.
func (c *deflated) Close(err error) error {
	defer c.buf.release()
	method := uint16(zipStore)
	if c.fw != nil {
		defer deflaters.Put(c.fw)
		method = zipDeflate
	}
	if err != nil {
		return nil
	}
	if c.fw != nil {
		if err := c.fw.Close(); err != nil {
			return err
		}
	}
	crc, data := c.crc.Sum32(), c.buf.parts()
	c.z.mu.Lock()
	defer c.z.mu.Unlock()
	for _, e := range c.es {
		r := fileRecord(e)
		r.method, r.crc = method, crc
		r.csize, r.usize = uint64(c.buf.Len()), uint64(c.n)
		if err := c.z.zf.whole(r, data...); err != nil {
			return err
		}
	}
	return nil
}

// streamed is a content deflated straight into the zip. One that fails
// is left in the zip as far as it was written, with the CRC of that:
// what is written cannot be taken back; the Result lists it as failed.
type streamed struct {
	s   *zipStream
	fw  *flate.Writer
	crc hash.Hash32
	n   uint64
}

func (s *streamed) Write(p []byte) error {
	s.crc.Write(p)
	s.n += uint64(len(p))
	_, err := s.fw.Write(p)
	return err
}

func (s *streamed) Close(error) error {
	if err := s.fw.Close(); err != nil {
		return err
	}
	return s.s.end(s.crc.Sum32(), s.n)
}

func dirRecord(e Entry) zipRecord { return record(e, e.Path+"/", fs.ModeDir|0o755) }

func fileRecord(e Entry) zipRecord {
	mode := fs.FileMode(0o644)
	if e.Attributes&meta.AttrReadOnly != 0 {
		mode = 0o444
	}
	return record(e, e.Path, mode)
}

// The zip format's MS-DOS times run from 1980 to 2107; other times are
// left out rather than stored wrong.
var (
	dosEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	dosEnd   = time.Date(2108, 1, 1, 0, 0, 0, 0, time.UTC)
)

func record(e Entry, name string, mode fs.FileMode) zipRecord {
	var mod time.Time
	if t := e.LastWrite.Time(); !t.Before(dosEpoch) && t.Before(dosEnd) {
		mod = t
	}
	return newZipRecord(name, mode, mod)
}
