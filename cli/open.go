package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// archive is an opened WIM and the files it reads.
type archive struct {
	*wim.Archive
	name  string // FILE as given, for messages
	files []partFile
	given *wim.Header // FILE's own header: a later part's when FILE is one
	outer *archive    // for a WIM inside an image (see openNested), the archive it is read from
}

// partFile is one opened file of an archive (see openFile).
type partFile interface {
	io.ReaderAt
	io.Closer
}

// openOS opens name with the os package.
func openOS(name string) (partFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (a *archive) Close() {
	for _, f := range a.files {
		f.Close()
	}
	if a.outer != nil {
		a.outer.Close()
	}
}

// cutShort is FILE too short for the tables its header locates: the
// header was read, and info shows it.
type cutShort struct {
	header *wim.Header
	err    error
}

func (c *cutShort) Error() string { return c.err.Error() }
func (c *cutShort) Unwrap() error { return c.err }

// openArchive opens FILE and, for a split WIM, its other parts: those the
// --ref globs name, or else the siblings wimlib-imagex split writes
// (NAME.swm, NAME2.swm, ...). Parts that cannot be found are warned about;
// what they hold fails to read when asked for. FILE may name a WIM inside
// an image, OUTER@IMAGE:PATH, when no file has FILE's whole name (see
// openNested).
func openArchive(e *env, name string, refs []string) (*archive, error) {
	if _, err := statFile(name); err != nil {
		if outer, rest, ok := cutOuter(name); ok {
			return openNested(e, name, outer, rest, refs)
		}
	}
	a := &archive{name: name}
	first, firstInfo, err := a.open(name)
	if err != nil {
		return nil, err
	}
	h, err := wim.ReadHeader(first, firstInfo.Size())
	if err != nil {
		a.Close()
		err = fmt.Errorf("%s: %w", name, err)
		if h != nil {
			err = &cutShort{header: h, err: err}
		}
		return nil, err
	}
	a.given = h
	parts := []wim.Part{{R: first, Size: firstInfo.Size(), Name: name}}
	others, err := otherParts(name, h, refs)
	if err != nil {
		a.Close()
		return nil, err
	}
	for _, p := range others {
		if st, err := statFile(p); err == nil && sameFile(st, firstInfo) {
			continue // a --ref glob matching FILE itself
		}
		f, st, err := a.open(p)
		if errors.Is(err, fs.ErrNotExist) && len(refs) == 0 {
			continue // reported below as a missing part
		}
		if err != nil {
			a.Close()
			return nil, err
		}
		parts = append(parts, wim.Part{R: f, Size: st.Size(), Name: p})
	}
	a.Archive, err = wim.OpenWith(wim.Options{Hasher: hostHasher()}, parts...)
	if errors.Is(err, wim.ErrDifferentWIMs) {
		a.Close()
		return nil, fmt.Errorf("%w; to compare them: wimlens diff OLD_FILE OLD_IMAGE NEW_FILE NEW_IMAGE", err)
	}
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(e.stderr, "wimlens: warning: %s: %s\n", name, oneLine(w.Error()))
	}
	if total, missing := a.Parts(); len(missing) > 0 {
		fmt.Fprintf(e.stderr, "wimlens: warning: %s: %s %s of %d %s missing (give them with --ref); what they hold cannot be read\n",
			oneLine(name), pick(len(missing), "part", "parts"), andList(missing), total, pick(len(missing), "is", "are"))
	}
	return a, nil
}

// open opens one file of the archive and keeps it for Close.
func (a *archive) open(name string) (partFile, fs.FileInfo, error) {
	st, err := statFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, noFileError{name}
	} else if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return nil, nil, fmt.Errorf("%s: %w", name, pe.Err) // without "stat"
	} else if err != nil {
		return nil, nil, err
	}
	if st.IsDir() {
		return nil, nil, fmt.Errorf("%s: is a directory", name)
	}
	f, err := openFile(name)
	if err != nil {
		return nil, nil, err
	}
	a.files = append(a.files, f)
	return f, st, nil
}

// noFileError says a file named on the command line is not there.
type noFileError struct{ name string }

func (e noFileError) Error() string { return "no such file: " + e.name }
func (e noFileError) Unwrap() error { return fs.ErrNotExist }

// otherParts lists the files to open beside FILE: the --ref matches, or
// for a split WIM the names of its other parts.
func otherParts(name string, h *wim.Header, refs []string) ([]string, error) {
	if len(refs) > 0 {
		var out []string
		for _, g := range refs {
			m, err := filepath.Glob(g)
			if err != nil {
				return nil, usagef(`--ref "%s": %v`, g, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf(`--ref "%s" matches no file`, g)
			}
			out = append(out, m...)
		}
		return out, nil
	}
	if h.TotalParts <= 1 {
		return nil, nil
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if n := int(h.PartNumber); n > 1 {
		base = strings.TrimSuffix(base, strconv.Itoa(n)) // opened by a later part
	}
	var out []string
	for n := 1; n <= int(h.TotalParts); n++ {
		if n == int(h.PartNumber) {
			continue
		}
		p := base + ext
		if n > 1 {
			p = base + strconv.Itoa(n) + ext
		}
		out = append(out, p)
	}
	return out, nil
}

// resolve reads IMAGE as wimlib-imagex does: digits are a 1-based index,
// anything else is an image name, matched exactly.
func (a *archive) resolve(arg string) (int, error) {
	count := int(a.Header.ImageCount)
	if n, err := strconv.Atoi(arg); err == nil && n > 0 {
		if n > count {
			return 0, a.noImage(arg)
		}
		return n, nil
	}
	for _, im := range a.Info.Images {
		if im.Name == arg && im.Index >= 1 && im.Index <= count {
			return im.Index, nil
		}
	}
	return 0, a.noImage(arg)
}

func (a *archive) noImage(arg string) error {
	var names []string
	for _, im := range a.Info.Images {
		names = append(names, fmt.Sprintf(`%d "%s"`, im.Index, im.Name))
	}
	if len(names) == 0 {
		return fmt.Errorf(`%s has no image "%s" (it has none)`, a.name, arg)
	}
	return fmt.Errorf(`%s has no image "%s" (it has %s: %s)`, a.name, arg, count(int(a.Header.ImageCount), "image", "images"), andList(names))
}

// image opens IMAGE; with no IMAGE given, the only image of a one-image
// file, as wimlib-imagex dir does.
func (a *archive) image(args []string) (*meta.Image, int, error) {
	n, err := a.imageIndex(args)
	if err != nil {
		return nil, 0, err
	}
	img, err := a.Image(n)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", a.name, err)
	}
	return img, n, nil
}

// imageIndex is the index image opens.
func (a *archive) imageIndex(args []string) (int, error) {
	switch {
	case len(args) > 0:
		return a.resolve(args[0])
	case a.Header.ImageCount != 1:
		return 0, fmt.Errorf("%s has %d images: name one (wimlens info %s lists them)", a.name, a.Header.ImageCount, a.name)
	}
	return 1, nil
}

// lookup finds PATH in an image, or says it is not there.
func lookup(img *meta.Image, n int, path string) (*meta.File, error) {
	if f := find(img, path); f != nil {
		return f, nil
	}
	return nil, fmt.Errorf(`image %d has no "%s"`, n, path)
}

// find looks PATH up as dir prints paths: split at '/' only, since a name
// captured outside Windows may hold '\' ("back\slash.txt"); then with the
// escapes dir prints undone (invoice\u202etxt.exe). Failing that, '\'
// separates too (meta.Image.Lookup), for Windows-style paths.
func find(img *meta.Image, path string) *meta.File {
	if f := findExact(img, path); f != nil {
		return f
	}
	if raw, ok := unescape(path); ok {
		if f := findExact(img, raw); f != nil {
			return f
		}
	}
	if g, err := img.Lookup(path); err == nil {
		return g
	}
	return nil
}

// findExact looks PATH up split at '/' only.
func findExact(img *meta.Image, path string) *meta.File {
	f := img.Root
	for _, name := range strings.Split(path, "/") {
		if name == "" {
			continue
		}
		if f = child(f, name); f == nil {
			break
		}
	}
	return f
}

// child finds a directory's entry by name.
func child(dir *meta.File, name string) *meta.File {
	for _, c := range dir.Children() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// engine is the host's options for the bulk engine: its SHA-1 and memory.
func engine() bulk.Options { return bulk.Options{Hasher: hostHasher(), Memory: hostMemory()} }
