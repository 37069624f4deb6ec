package api

import (
	"context"

	"github.com/wimlens/wimlens/core/export"
)

// Zipped answers zip: the archive went out as chunks. What export left
// out or could not read is listed by path.
type Zipped struct {
	Name    string    `json:"name"` // the folder's name, for saving
	Bytes   int64     `json:"bytes"`
	Entries int       `json:"entries"`
	Refused []Problem `json:"refused"`
	Failed  []Problem `json:"failed"`
	Notes   []string  `json:"notes"`
}

// Problem is a path and what went wrong with it.
type Problem struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func problems(ps []export.Problem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{p.Path, p.Err.Error()}
	}
	return out
}

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

func (s *session) zip(ctx context.Context, image, node int, out Out) (*Zipped, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	w := &chunkWriter{out: out, buf: make([]byte, 0, chunkBytes)}
	res, err := export.Zip(ctx, w, s.a, f, out.Progress)
	if err != nil {
		return nil, err
	}
	w.flush()
	name := f.Name
	if f.Parent == nil {
		name = "image"
	}
	z := &Zipped{Name: name, Bytes: w.n, Entries: len(res.Written),
		Refused: problems(res.Refused), Failed: problems(res.Failed), Notes: []string{}}
	for _, n := range res.Notes {
		z.Notes = append(z.Notes, n.String())
	}
	return z, nil
}
