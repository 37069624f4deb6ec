package export

import (
	"context"
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Sink writes what Export walks, in order, parents before children.
type Sink interface {
	// Dir creates the directory e.
	Dir(e Entry) error
	// File writes the file e with the bytes read from data (its unnamed
	// stream). A sink that can make e a hard link to e.LinkOf may do so
	// without reading data. An error from data is returned by File as is.
	File(e Entry, data io.Reader) error
}

// Problem is an entry of the image that was not written, and why.
type Problem struct {
	Path string // the entry's path in the image
	Err  error
}

func (p Problem) String() string { return fmt.Sprintf("%s: %v", p.Path, p.Err) }

// Note says how an entry was written differently from the image.
type Note struct {
	Path string // the entry's path in the image
	Text string
}

func (n Note) String() string { return n.Path + ": " + n.Text }

// Result is what an export did.
type Result struct {
	Written []string  // target paths of the entries written, in order
	Refused []Problem // names SafeName refused (with nothing below them written)
	Failed  []Problem // files whose data could not be read or did not match its SHA-1
	Notes   []Note
	Bytes   int64 // file data bytes read from the archive and written
}

// OK reports whether every entry was written as planned.
func (r *Result) OK() bool { return len(r.Refused) == 0 && len(r.Failed) == 0 }

// Export writes roots (files or folders of one image) and everything below
// them to sink. Unsafe names are refused and listed, and so are files
// whose data cannot be read or does not match its SHA-1: the rest is still
// written. A file that failed may be left partly written; sinks that can
// remove it do. The returned error is for what stops the export: the
// sink's own failures and cancellation. progress, if not nil, is called
// with bytes of file data done out of the total.
func Export(ctx context.Context, roots []*meta.File, sink Sink, progress wim.Progress) (*Result, error) {
	p := makePlan(roots)
	res := &Result{Refused: p.refused, Notes: p.notes}
	var done int64
	tick := func(n int64) {
		done += n
		if progress != nil {
			progress(done, p.total)
		}
	}
	for _, e := range p.entries {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if e.File.IsDir() {
			if err := sink.Dir(e); err != nil {
				return res, fmt.Errorf("%s: %w", e.File.Path(), err)
			}
			res.Written = append(res.Written, e.Path)
			continue
		}
		src := &source{ctx: ctx, tick: tick}
		err := writeFile(sink, e, src)
		res.Bytes += src.n
		tick(e.File.Size() - src.n) // bytes a linking sink did not read
		switch {
		case ctx.Err() != nil:
			return res, ctx.Err()
		case err != nil && src.err != nil:
			res.Failed = append(res.Failed, Problem{Path: e.File.Path(), Err: src.err})
		case err != nil:
			return res, fmt.Errorf("%s: %w", e.File.Path(), err)
		default:
			res.Written = append(res.Written, e.Path)
		}
	}
	return res, nil
}

// writeFile opens e's data and hands it to the sink. An error opening the
// data (a missing blob or part) is the file's failure, not the sink's.
func writeFile(sink Sink, e Entry, src *source) error {
	r, err := VerifiedStream(e.File, "")
	if err != nil {
		src.err = err
		return err
	}
	src.r = r
	return sink.File(e, src)
}

// source is the data a sink reads: it counts bytes for progress, stops on
// cancellation, and remembers a read failure so Export can tell it apart
// from the sink's own.
type source struct {
	ctx  context.Context
	r    io.Reader
	tick func(int64)
	n    int64
	err  error
}

func (s *source) Read(b []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := s.r.Read(b)
	s.n += int64(n)
	s.tick(int64(n))
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}
