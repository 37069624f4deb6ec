package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

func runDir(e *env, args []string) error {
	c := newCommand("dir", 1, 2, "FILE [IMAGE]")
	path := c.String("path", "/", "list `PATH` and what is below it")
	detailed := c.Bool("detailed", false, "print everything about each entry")
	links := c.Bool("links", false, "list every name (hard link) of PATH's file instead")
	asJSON := c.Bool("json", false, "print JSON")
	a, args, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *path == "/" && !*asJSON && !*detailed && !*links {
		return listAll(e, a, args)
	}
	img, n, err := a.image(args)
	if err != nil {
		return err
	}
	start, err := lookup(img, n, *path)
	if err != nil {
		return err
	}
	switch {
	case *links:
		return listLinks(e, a, n, start, *asJSON)
	case *asJSON:
		return dirJSON(e, a, n, start, *detailed)
	case *detailed:
		return walk(e, start, func(f *meta.File) error {
			printDetailed(e.out, a, f, f == start)
			return nil
		})
	}
	return listPaths(e, start)
}

// walk visits f and everything below it, parents first, children in name
// order, stopping when the command is cancelled. It keeps a stack of its
// own: trees may nest 16,384 folders deep.
func walk(e *env, f *meta.File, fn func(*meta.File) error) error {
	stack := [][]*meta.File{{f}} // each folder's entries not visited yet
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(*top) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		f := (*top)[0]
		*top = (*top)[1:]
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
		if kids := f.Children(); len(kids) > 0 {
			stack = append(stack, kids)
		}
	}
	return nil
}

// listAll prints every path of IMAGE, as wimlib-imagex dir does, straight
// from the metadata: it builds no tree, which for a listing took most of
// the time and memory.
func listAll(e *env, a *archive, args []string) error {
	n, err := a.imageIndex(args)
	if err != nil {
		return err
	}
	buf, err := a.Metadata(n)
	if err != nil {
		return fmt.Errorf("%s: %w", a.name, err)
	}
	listed := 0
	if err := meta.Paths(buf, func(path []byte) error {
		writePath(e.out, path)
		// Checked now and then: a signal context's Err takes a lock, and
		// once per path that showed on js/wasm.
		if listed++; listed%1024 == 0 {
			return e.ctx.Err()
		}
		return nil
	}); err != nil {
		return fmt.Errorf("%s: image %d metadata: %w", a.name, n, err)
	}
	return nil
}

// listPaths prints one full path per line, as wimlib-imagex dir does. The
// paths are built in one buffer as the walk goes down, since images hold
// hundreds of thousands of entries, and the walk keeps a stack of its own,
// since they may nest 16,384 folders deep.
func listPaths(e *env, start *meta.File) error {
	path := []byte(start.Path())
	writePath(e.out, path)
	// folder is a folder's entries not listed yet, and the length of its
	// path with the '/' its entries' names follow.
	type folder struct {
		rest []*meta.File
		n    int
	}
	var stack []folder
	enter := func(f *meta.File) error {
		if len(f.Children()) == 0 {
			return nil
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if len(path) > 1 { // not the root's "/"
			path = append(path, '/')
		}
		stack = append(stack, folder{f.Children(), len(path)})
		return nil
	}
	if err := enter(start); err != nil {
		return err
	}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.rest) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.rest[0]
		top.rest = top.rest[1:]
		path = append(path[:top.n], c.Name...)
		writePath(e.out, path)
		if err := enter(c); err != nil {
			return err
		}
	}
	return nil
}

// writePath prints a path and a newline, escaped as oneLine does; the
// common all-ASCII path is checked without making a string of it.
func writePath(w *bufio.Writer, path []byte) {
	plain := true
	for _, c := range path {
		if c < 0x20 || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		w.Write(path)
	} else {
		w.WriteString(oneLine(string(path)))
	}
	w.WriteByte('\n')
}

// dirJSON is `wimlens dir --json` (view.Dir): one document whose entries
// are written one per line as the walk goes, so memory stays flat. The
// security descriptor as structure, several times the size of its SDDL,
// comes only with --detailed, and so does what PATH's own data says as a
// PE file (view.PE): read for that entry alone, as reading it reads data.
//
//	{"image":{"index":1,"name":"..."},"path":"/","entries":[
//	{...},
//	{...}
//	]}
func dirJSON(e *env, a *archive, n int, start *meta.File, detailed bool) error {
	head := view.DirHead{Image: view.ImageRef{Index: n, Name: a.imageName(n)}, Path: start.Path()}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	e.out.Write(b[:len(b)-1]) // leave the object open for the entries
	e.out.WriteString(`,"entries":[`)
	sep := "\n"
	err = walk(e, start, func(f *meta.File) error {
		e.out.WriteString(sep)
		sep = ",\n"
		d := view.DescribeFile(a.Archive, f)
		if !detailed {
			d.Security = nil
		} else if f == start {
			d.PE = view.DescribePE(f, true)
		}
		return writeCompact(e.out, d)
	})
	if err != nil {
		return err
	}
	e.out.WriteString("\n]}\n")
	return nil
}

// listLinks is `wimlens dir --path PATH --links`: every name of PATH's
// file, one path a line, or as JSON (view.LinkList)
//
//	{"image":{...},"path":"/a","linkGroup":2,"links":["/a","/b"]}
func listLinks(e *env, a *archive, n int, f *meta.File, asJSON bool) error {
	names := f.Links()
	if asJSON {
		out := view.LinkList{Image: view.ImageRef{Index: n, Name: a.imageName(n)}, Path: f.Path(), LinkGroup: f.LinkGroup, Links: make([]string, len(names))}
		for i, l := range names {
			out.Links[i] = l.Path()
		}
		return writeJSON(e.out, out)
	}
	for _, l := range names {
		writePath(e.out, []byte(l.Path()))
	}
	return nil
}

func (a *archive) imageName(n int) string {
	for _, im := range a.Info.Images {
		if im.Index == n {
			return im.Name
		}
	}
	return ""
}

// writeJSON writes v indented, as every --json does.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeCompact(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
