package api

import (
	"context"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/view"
)

// chunkWriter gathers writes into chunkBytes pieces for Out.Chunk, so the
// zip writer's many small writes become few messages.
type chunkWriter struct {
	out Out
	buf []byte
	n   int64
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	w.n += int64(n)
	for len(p) > 0 {
		k := min(len(p), chunkBytes-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p = p[k:]
		if len(w.buf) == chunkBytes {
			w.flush()
		}
	}
	return n, nil
}

func (w *chunkWriter) flush() {
	if len(w.buf) > 0 {
		w.out.Chunk(w.buf)
		w.buf = w.buf[:0]
	}
}

func (s *session) zip(ctx context.Context, image, node int, out Out) (*view.Zipped, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	w := &chunkWriter{out: out, buf: make([]byte, 0, chunkBytes)}
	res, err := export.Zip(ctx, w, s.a, f, s.bulk, out.Progress)
	if err != nil {
		return nil, err
	}
	w.flush()
	name := f.Name
	if f.Parent == nil {
		name = "image"
	}
	return view.DescribeZip(name, w.n, res), nil
}
