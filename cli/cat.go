package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

func runCat(e *env, args []string) error {
	a, args, err := newCommand("cat", 3, 3, "FILE IMAGE PATH[:STREAM]").open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	img, n, err := a.image(args[:1])
	if err != nil {
		return err
	}
	f, stream, err := findStream(img, n, args[1])
	if err != nil {
		return err
	}
	r, err := export.VerifiedStream(f, stream, hostHasher())
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(e.out, ctxReader{e.ctx, r}, make([]byte, 1<<20))
	if errors.Is(err, wim.ErrChecksum) {
		return &problemsError{err.Error()} // written in full, but damaged
	}
	return err
}

// findStream reads PATH[:STREAM]. Names captured outside Windows may hold
// ':', so PATH is first looked up whole; only when no entry has that path
// is it split at its last ':' into a file and a named stream ("a:b:c" is
// stream "c" of "a:b"). A directory has no data; a reparse point's unnamed
// data is not a file's contents, so both are refused, as wimlib-imagex
// extract --to-stdout refuses them.
func findStream(img *meta.Image, n int, path string) (*meta.File, string, error) {
	f, stream := find(img, path), ""
	if i := strings.LastIndexByte(path, ':'); f == nil && i >= 0 {
		if f = find(img, path[:i]); f != nil {
			stream = path[i+1:]
		}
	}
	switch {
	case f == nil:
		return nil, "", fmt.Errorf(`image %d has no "%s"`, n, path)
	case stream != "":
		for _, s := range f.NamedStreams() {
			if s.Name == stream {
				return f, stream, nil
			}
		}
		return nil, "", fmt.Errorf(`image %d: "%s" has no stream named "%s"`, n, f.Path(), stream)
	case f.IsDir():
		return nil, "", fmt.Errorf(`image %d: "%s" is a directory`, n, f.Path())
	case f.Attributes&meta.AttrReparsePoint != 0:
		return nil, "", fmt.Errorf(`image %d: "%s" is a reparse point, not a regular file (dir --detailed shows its target)`, n, f.Path())
	}
	return f, "", nil
}

// ctxReader stops a copy when the command is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
