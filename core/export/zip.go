package export

import (
	"context"
	"io"
	"io/fs"
	"time"

	"github.com/klauspost/compress/zip"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Zip writes root (a file or folder of an image; the image's root for the
// whole image) and everything below it to w as a zip archive, streaming:
// no file is held in memory. Entries are named as Export names them. Hard
// links are stored as copies, reparse points as plain files or folders
// (never as symlinks), and named streams are left out; the Result lists
// all of it. On error the zip is incomplete and should be discarded.
func Zip(ctx context.Context, w io.Writer, root *meta.File, progress wim.Progress) (*Result, error) {
	z := NewZipWriter(w)
	res, err := Export(ctx, []*meta.File{root}, z, progress)
	if err != nil {
		return res, err
	}
	return res, z.Close()
}

// ZipWriter is a Sink writing a zip archive, for exports of several roots
// into one zip. Close finishes the archive.
type ZipWriter struct {
	zw  *zip.Writer
	buf []byte
}

// NewZipWriter starts a zip archive on w.
func NewZipWriter(w io.Writer) *ZipWriter {
	return &ZipWriter{zw: zip.NewWriter(w), buf: make([]byte, 1<<20)}
}

// Dir implements Sink.
func (z *ZipWriter) Dir(e Entry) error {
	_, err := z.zw.CreateHeader(header(e, e.Path+"/", fs.ModeDir|0o755))
	return err
}

// File implements Sink; hard links are stored as copies, since zip readers
// do not agree on any way to store a link.
func (z *ZipWriter) File(e Entry, data io.Reader) error {
	mode := fs.FileMode(0o644)
	if e.File.Attributes&meta.AttrReadOnly != 0 {
		mode = 0o444
	}
	h := header(e, e.Path, mode)
	h.Method = zip.Deflate
	w, err := z.zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(w, data, z.buf)
	return err
}

// Close writes the zip's central directory. It does not close the
// underlying writer.
func (z *ZipWriter) Close() error { return z.zw.Close() }

// The zip format's MS-DOS times run from 1980 to 2107; other times are
// left out rather than stored wrong.
var (
	dosEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	dosEnd   = time.Date(2108, 1, 1, 0, 0, 0, 0, time.UTC)
)

func header(e Entry, name string, mode fs.FileMode) *zip.FileHeader {
	h := &zip.FileHeader{Name: name}
	if t := e.File.LastWrite.Time(); !t.Before(dosEpoch) && t.Before(dosEnd) {
		h.Modified = t
	}
	h.SetMode(mode)
	return h
}
