package api

import (
	"context"
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/view"
)

// chunkBytes is how much is read and posted at a time: large enough that
// per-message costs vanish, small enough that nothing big is held.
const chunkBytes = 1 << 20

// content sends [offset, offset+length) of a data stream, clipped to its
// end, as chunks; length < 0 means to the end.
func (s *session) content(ctx context.Context, image, node int, stream string, offset, length int64, out Out) (*view.Content, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	if f.IsDir() {
		return nil, fmt.Errorf("%s is a folder", f.Path())
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
