package api

import (
	"context"
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// chunkBytes is how much is read and posted at a time: large enough that
// per-message costs vanish, small enough that nothing big is held.
const chunkBytes = 1 << 20

// content sends [offset, offset+length) of a data stream, clipped to its
// end, as chunks; length < 0 means to the end. It is for previews: a part
// of a file has no SHA-1 of its own to check.
func (s *session) content(ctx context.Context, image, node int, stream string, offset, length int64, out Out) (*view.Content, error) {
	f, err := s.dataFile(image, node)
	if err != nil {
		return nil, err
	}
	r, err := f.OpenStream(stream)
	if err != nil {
		return nil, err
	}
	size := r.Size()
	offset = min(max(offset, 0), size)
	if length < 0 || length > size-offset {
		length = size - offset
	}
	res := &view.Content{Name: f.Name, Stream: stream, Size: size, Offset: offset}
	buf := make([]byte, min(length, chunkBytes))
	for res.Length < length {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(int64(len(buf)), length-res.Length)
		if _, err := r.ReadAt(buf[:n], offset+res.Length); err != nil && err != io.EOF {
			return nil, err
		}
		out.Chunk(buf[:n])
		res.Length += n
		out.Progress(res.Length, length)
	}
	return res, nil
}

// download sends a data stream whole, as chunks, checked against the
// SHA-1 the image records: a damaged file fails once its bytes are sent,
// and so does the page's download of it, rather than leave it looking
// whole (as `wimlens cat` and extract do).
func (s *session) download(ctx context.Context, image, node int, stream string, out Out) (*view.Content, error) {
	f, err := s.dataFile(image, node)
	if err != nil {
		return nil, err
	}
	r, err := export.VerifiedStream(f, stream, s.bulk.Hasher)
	if err != nil {
		return nil, err
	}
	res := &view.Content{Name: f.Name, Stream: stream, Size: r.Size()}
	// At least a byte, so that reading an empty stream reaches its end.
	buf := make([]byte, max(min(res.Size, chunkBytes), 1))
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			out.Chunk(buf[:n])
			res.Length += int64(n)
			out.Progress(res.Length, res.Size)
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return res, nil
		case err != nil:
			return nil, err
		}
	}
}

// dataFile is the file whose data a request reads.
func (s *session) dataFile(image, node int) (*meta.File, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	if f.IsDir() {
		return nil, fmt.Errorf("%s is a folder", f.Path())
	}
	return f, nil
}
