package export

import (
	"bufio"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"sync"
)

// StoredZip is a Sink writing a zip archive whose files are stored as they
// are, into a file it may write anywhere in. Each file is given its place
// in the zip when its first bytes come, from its size, and its bytes go
// there as they come, on every core: nothing waits in memory, and no file
// waits for another (ZipWriter, which deflates, holds each whole until it
// knows its compressed size and CRC). A file's local header, with the
// CRC, is written when it ends. Close writes the central directory.
//
// What is written cannot be taken back: a file whose data fails midway
// stays in the zip as far as it came, under its name (the Result lists
// it as failed), and the rest of its place is left unused.
type StoredZip struct {
	w  io.WriterAt
	at *io.OffsetWriter // where zf writes next

	mu sync.Mutex
	zf zipFile
}

// NewStoredZip starts a zip archive at the start of w, which must take
// WriteAt calls from several goroutines at once, as an *os.File does.
func NewStoredZip(w io.WriterAt) *StoredZip {
	at := io.NewOffsetWriter(w, 0)
	return &StoredZip{w: w, at: at, zf: zipFile{w: at}}
}

var errZipTooLarge = errors.New("zip: the files come to more than a zip can hold")

// Dir implements Sink.
func (z *StoredZip) Dir(e Entry) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.zf.whole(dirRecord(e))
}

// Files implements Sink; hard links are stored as copies, as ZipWriter
// stores them.
func (z *StoredZip) Files(es []Entry, size int64) (Content, error) {
	return &placed{z: z, es: es, size: size, crc: crc32.NewIEEE()}, nil
}

// Close writes the zip's central directory.
func (z *StoredZip) Close() error {
	z.mu.Lock()
	defer z.mu.Unlock()
	// The records go out in one stream now: a write each would be a
	// system call each.
	b := bufio.NewWriterSize(z.at, 1<<20)
	z.zf.w = b
	if err := z.zf.close(); err != nil {
		return err
	}
	return b.Flush()
}

// place takes the next size+n bytes of the zip for an entry whose local
// header is n bytes, and tells where they start.
func (z *StoredZip) place(n int, size int64) (uint64, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	off := z.zf.off
	room := uint64(math.MaxInt64) - off
	if size < 0 || uint64(n) > room || uint64(size) > room-uint64(n) {
		return 0, errZipTooLarge
	}
	z.zf.off += uint64(n) + uint64(size)
	_, err := z.at.Seek(int64(n)+size, io.SeekCurrent)
	return off, err
}

// placed is a content written at its entries' places in a StoredZip.
type placed struct {
	z    *StoredZip
	es   []Entry
	size int64
	recs []zipRecord // one an entry, nil until placed
	hdrs []int       // the length of each one's local header
	crc  hash.Hash32
	n    int64 // bytes written to each
}

var errLongerThanSize = errors.New("zip: a file's data is longer than its size")

// placeAll gives each entry its place.
func (c *placed) placeAll() error {
	c.recs, c.hdrs = make([]zipRecord, len(c.es)), make([]int, len(c.es))
	for i, e := range c.es {
		r := fileRecord(e)
		r.csize, r.usize = uint64(c.size), uint64(c.size)
		if r.zip64() {
			r.version = zipVersion45
		}
		h, err := r.localHeader(r.zip64())
		if err != nil {
			return err
		}
		if r.offset, err = c.z.place(len(h), c.size); err != nil {
			return err
		}
		c.recs[i], c.hdrs[i] = r, len(h)
	}
	return nil
}

func (c *placed) Write(p []byte) error {
	if c.recs == nil {
		if err := c.placeAll(); err != nil {
			return err
		}
	}
	if int64(len(p)) > c.size-c.n {
		return errLongerThanSize
	}
	c.crc.Write(p)
	for i, r := range c.recs {
		if _, err := c.z.w.WriteAt(p, int64(r.offset)+int64(c.hdrs[i])+c.n); err != nil {
			return err
		}
	}
	c.n += int64(len(p))
	return nil
}

// Close writes each entry's local header, and records it for the central
// directory. A file that failed before its first byte is left out.
func (c *placed) Close(err error) error {
	if c.recs == nil {
		if err != nil {
			return nil
		}
		if perr := c.placeAll(); perr != nil {
			return perr
		}
	}
	crc := c.crc.Sum32()
	for i := range c.recs {
		r := &c.recs[i]
		zip64 := r.zip64() // as placed: the header's length is fixed
		r.crc, r.csize, r.usize = crc, uint64(c.n), uint64(c.n)
		h, herr := r.localHeader(zip64)
		if herr != nil {
			return herr
		}
		if _, werr := c.z.w.WriteAt(h, int64(r.offset)); werr != nil {
			return werr
		}
	}
	c.z.mu.Lock()
	defer c.z.mu.Unlock()
	c.z.zf.dir.add(c.recs...)
	return nil
}
