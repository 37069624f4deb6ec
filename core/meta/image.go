// Package meta parses a WIM image's metadata resource — the security table
// and the directory entries — into a tree of Files, and serves it as an
// fs.FS. It reads no file data itself: stream contents come from a Blobs
// source, the archive that holds them.
package meta

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// Blobs is where an image finds its streams' sizes and bytes. Parts says
// which parts of a split archive were not given: a blob none of the given
// parts holds may be in one of those, which is no damage.
type Blobs interface {
	BlobSize(h digest.SHA1) (int64, bool)
	OpenBlob(h digest.SHA1) (*io.SectionReader, error)
	Parts() (total int, missing []int)
}

// Image is one parsed image.
type Image struct {
	Root      *File
	Security  [][]byte  // self-relative security descriptors by ID
	Anomalies []Anomaly // everything flagged in the tree, with paths

	blobs Blobs
	// partial: parts of the archive were not given, so a stream whose blob
	// is not found is Missing but not an anomaly.
	partial bool
	dirs    int
	files   int
}

// maxDepth bounds directory nesting as wimlib does.
const maxDepth = 16384

// Parse reads an uncompressed metadata resource. blobs may be nil, in
// which case stream sizes are unknown and streams cannot be opened.
func Parse(buf []byte, blobs Blobs) (*Image, error) {
	// Every entry takes at least dentrySize bytes: sizing the list of all
	// of them by that spares copying it as it grows.
	b := builder{buf: buf, seen: map[int64]bool{}, all: make([]*File, 0, len(buf)/dentrySize)}
	if err := b.readRootEntry(blobs); err != nil {
		return nil, err
	}
	img := b.img
	if err := b.readTree(img.Root); err != nil {
		return nil, err
	}
	img.linkGroups(b.all)
	for _, f := range b.all {
		img.checkFile(f)
		an := f.Anomalies()
		for i := range an {
			an[i].Path = f.Path()
			img.Anomalies = append(img.Anomalies, an[i])
		}
	}
	return img, nil
}

// readRootEntry reads the security table and the root's entry into a new
// Image.
func (b *builder) readRootEntry(blobs Blobs) error {
	sec, rootOff, err := parseSecurity(b.buf)
	if err != nil {
		return err
	}
	b.img = &Image{Security: sec, blobs: blobs}
	if blobs != nil {
		_, missing := blobs.Parts()
		b.img.partial = len(missing) > 0
	}
	root, err := readRoot(b.buf, rootOff, &b.arena)
	if err != nil {
		return err
	}
	if root.hasName || root.ShortName != "" {
		root.flag(AnomalyRootNamed, `root entry is named "%s"`, root.Name)
		root.Name, root.ShortName = "", ""
	}
	root.img = b.img
	b.img.Root = root
	return nil
}

// readRoot reads the root directory's entry.
func readRoot(buf []byte, off int64, al *arena) (*File, error) {
	root, _, err := readDentry(buf, off, al)
	if err != nil {
		return nil, err
	}
	if root == nil {
		// wimlib treats a metadata resource without entries as empty.
		return &File{Attributes: AttrDirectory, SecurityID: -1}, nil
	}
	if !root.IsDir() {
		return nil, malformed(ErrRootNotDir, "root directory entry", off, "attributes %#x lack DIRECTORY", uint32(root.Attributes))
	}
	return root, nil
}

type builder struct {
	img   *Image
	buf   []byte
	seen  map[int64]bool // children lists already read: a repeat is a cycle
	all   []*File        // every entry, root first, in tree order
	kids  []*File        // the directory being read's children, before they are sorted
	arena arena
}

// arena hands out Files, stream lists and child lists from blocks: one
// allocation per thousand entries rather than several per entry, since
// images hold hundreds of thousands and each allocation costs, most of all
// on js/wasm. Paths uses it as a stack: what it took since a mark is
// released once a directory's walk is done, and handed out again.
type arena struct {
	pager     *pager // where the bytes come from when read on demand (see Top)
	files     blocks[File]
	streamsB  blocks[Stream]
	childrenB []*File
	raw       []rawStream // scratch for readStreams
}

const arenaBlock = 1024

func (a *arena) file() *File { return &a.files.take(1)[0] }

// fill makes sure the n bytes at off are in the buffer being read.
func (a *arena) fill(off, n int64) error {
	if a.pager == nil {
		return nil
	}
	return a.pager.fill(off, n)
}

// streams is an empty list with room for n streams.
func (a *arena) streams(n int) []Stream { return a.streamsB.take(n)[:0] }

// arenaMark is where an arena stood, to release back to.
type arenaMark struct{ files, streams blockMark }

func (a *arena) mark() arenaMark { return arenaMark{a.files.mark(), a.streamsB.mark()} }

// release zeroes what was handed out since m, to hand it out again.
func (a *arena) release(m arenaMark) {
	a.files.release(m.files)
	a.streamsB.release(m.streams)
}

// blocks hands out zeroed items from a list of blocks it keeps, so that
// a release can hand the same memory out again.
type blocks[T any] struct {
	list [][]T
	cur  int // list[cur] is handed out from, unless cur == len(list)
	used int // items of list[cur] handed out
}

type blockMark struct{ cur, used int }

// take hands out n items, from the next block (of at least arenaBlock
// items) when the current one has no room.
func (b *blocks[T]) take(n int) []T {
	if b.cur == len(b.list) || b.used+n > len(b.list[b.cur]) {
		if b.cur < len(b.list) {
			b.cur++
		}
		b.used = 0
		switch {
		case b.cur == len(b.list):
			b.list = append(b.list, make([]T, max(n, arenaBlock)))
		case len(b.list[b.cur]) < n: // a released block too small for n
			b.list[b.cur] = make([]T, n)
		}
	}
	s := b.list[b.cur][b.used : b.used+n : b.used+n]
	b.used += n
	return s
}

func (b *blocks[T]) mark() blockMark { return blockMark{b.cur, b.used} }

func (b *blocks[T]) release(m blockMark) {
	for i := m.cur; i <= b.cur && i < len(b.list); i++ {
		from, to := 0, len(b.list[i])
		if i == m.cur {
			from = m.used
		}
		if i == b.cur {
			to = b.used
		}
		clear(b.list[i][from:to])
	}
	b.cur, b.used = m.cur, m.used
}

// children is a copy of kids that keeps no spare capacity, so appending
// to one list never writes over the next.
func (a *arena) children(kids []*File) []*File {
	n := len(kids)
	if n > len(a.childrenB) {
		a.childrenB = make([]*File, max(n, 4*arenaBlock))
	}
	c := a.childrenB[:n:n]
	a.childrenB = a.childrenB[n:]
	copy(c, kids)
	return c
}

// readTree reads the tree under root depth-first, children in name order,
// with a stack of its own rather than recursion: js/wasm runs Go on the JS
// engine's call stack, which thousands of nested directories overflow.
func (b *builder) readTree(root *File) error {
	type item struct {
		f     *File
		depth int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := b.readDir(it.f, it.depth); err != nil {
			return err
		}
		for i := len(it.f.children) - 1; i >= 0; i-- {
			stack = append(stack, item{it.f.children[i], it.depth + 1})
		}
	}
	return nil
}

// readDir counts dir and reads its children, when it has any to read.
func (b *builder) readDir(dir *File, depth int) error {
	b.all = append(b.all, dir)
	if dir.IsDir() {
		b.img.dirs++
	} else {
		b.img.files++
	}
	if enter, err := enterDir(dir, b.seen, depth); !enter {
		return err
	}
	var err error
	if b.kids, err = readEntries(b.buf, dir.subdir, &b.arena, b.kids[:0]); err != nil {
		return inDir(err, dir.Path())
	}
	for _, f := range b.kids {
		f.Parent, f.img = dir, b.img
	}
	dir.children = b.arena.children(b.kids)
	flagDuplicates(dir.children)
	return nil
}

// flagDuplicates flags each entry named as its predecessor in a sorted list.
func flagDuplicates(kids []*File) {
	for i := 1; i < len(kids); i++ {
		if c := kids[i]; c.Name == kids[i-1].Name {
			c.flag(AnomalyDuplicate, "another entry in this directory has the same name")
		}
	}
}

// enterDir says whether dir's children are read, by wimlib's rules: a
// non-directory's are ignored, and so is a list already read for another
// directory (a cycle); both are flagged. Too deep a tree fails.
func enterDir(dir *File, seen map[int64]bool, depth int) (bool, error) {
	switch {
	case dir.subdir == 0:
		return false, nil
	case !dir.IsDir():
		dir.flag(AnomalyFileChildren, "a non-directory lists children at offset %d; they are ignored", dir.subdir)
		return false, nil
	case seen[dir.subdir]:
		dir.flag(AnomalyCycle, "its children at offset %d were already read for another directory; not read again", dir.subdir)
		return false, nil
	case depth >= maxDepth:
		return false, malformed(ErrTooDeep, "directory tree", dir.subdir, "nested deeper than %d levels", maxDepth)
	}
	seen[dir.subdir] = true
	return true, nil
}

// readEntries appends to kids the entries of the children list at off, up
// to its end marker, sorted by name, and flags bad names. The sort is
// stable, so of equal names (a hostile image's duplicates) the first read
// comes first.
func readEntries(buf []byte, off int64, al *arena, kids []*File) ([]*File, error) {
	for {
		f, next, err := readDentry(buf, off, al)
		if err != nil {
			return kids, err
		}
		if f == nil {
			break
		}
		switch {
		case !f.hasName:
			f.flag(AnomalyUnnamed, "entry at offset %d has no name", off)
		case f.Name == "." || f.Name == "..":
			f.flag(AnomalyDotName, `named "%s"`, f.Name)
		case strings.ContainsAny(f.Name, "/\x00"):
			f.flag(AnomalyBadChar, `name "%s" holds '/' or NUL`, f.Name)
		case strings.Contains(f.Name, `\`):
			f.flag(AnomalyBackslash, `name "%s" holds '\', which Windows reads as a folder separator`, f.Name)
		}
		if f.badName {
			f.flag(AnomalyBadUTF16, "name holds an unpaired UTF-16 surrogate, shown as U+FFFD")
		}
		off = next
		kids = append(kids, f)
	}
	// wimlib writes them sorted already, and checking is cheaper than sorting.
	if !slices.IsSortedFunc(kids, byName) {
		slices.SortStableFunc(kids, byName)
	}
	return kids, nil
}

// inDir names the directory whose entries failed to read in err, when
// err is ours (a pager's failure to read passes through as it is).
func inDir(err error, path string) error {
	var me *inputerr.Error
	if errors.As(err, &me) && me.Style == style {
		me.Dir = path
	}
	return err
}

func byName(x, y *File) int { return strings.Compare(x.Name, y.Name) }

// linkGroups joins entries into hard-link sets as wimlib does: the same
// nonzero group ID and the same unnamed data; directories never join.
func (img *Image) linkGroups(all []*File) {
	type key struct {
		id   uint64
		data digest.SHA1
	}
	groups := map[key][]*File{}
	var order []key
	for _, f := range all {
		if f.LinkGroup == 0 || f.Attributes&AttrReparsePoint != 0 {
			continue
		}
		var h digest.SHA1
		if d := f.Data(); d != nil {
			h = d.Hash
		}
		k := key{f.LinkGroup, h}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	ids := map[uint64]int{}
	for _, k := range order {
		ids[k.id]++
	}
	for _, k := range order {
		g := groups[k]
		if ids[k.id] > 1 {
			for _, f := range g {
				f.flag(AnomalyLinkMismatch, "link group %#x has members with different contents", k.id)
			}
		}
		var files []*File
		for _, f := range g {
			if f.IsDir() {
				if len(g) > 1 {
					f.flag(AnomalyDirHardLink, "directory in link group %#x; not linked", k.id)
				}
				continue
			}
			files = append(files, f)
		}
		if len(files) > 1 {
			for _, f := range files {
				f.links = &files
			}
		}
	}
}

// checkFile fills stream sizes from the archive and flags what points
// nowhere.
func (img *Image) checkFile(f *File) {
	if f.SecurityID < -1 || int(f.SecurityID) >= len(img.Security) {
		f.flag(AnomalyBadSecurityID, "security ID %d, but the table has %d descriptors", f.SecurityID, len(img.Security))
	}
	if img.blobs == nil {
		return
	}
	for i := range f.Streams {
		s := &f.Streams[i]
		if s.Hash.IsZero() {
			continue
		}
		size, ok := img.blobs.BlobSize(s.Hash)
		s.Size, s.Missing = size, !ok
		if !ok && !img.partial {
			f.flag(AnomalyMissingBlob, `%s stream "%s": blob %s is not in the archive`, s.Type, s.Name, s.Hash)
		}
	}
}

func (img *Image) openStream(f *File, s *Stream) (*io.SectionReader, error) {
	if s.Hash.IsZero() {
		return io.NewSectionReader(strings.NewReader(""), 0, 0), nil
	}
	if img.blobs == nil {
		return nil, fmt.Errorf("%s: no archive to read from", f.Path())
	}
	r, err := img.blobs.OpenBlob(s.Hash)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path(), err)
	}
	return r, nil
}

// Counts returns how many directories and other entries the image has,
// the root included.
func (img *Image) Counts() (dirs, files int) { return img.dirs, img.files }

// Lookup finds a file by path, "/"-rooted or not, matched exactly
// (case-sensitive). "\" separates only in a path without "/", so that
// Windows-style paths work and NTFS names holding "\" stay reachable.
func (img *Image) Lookup(path string) (*File, error) {
	sep := "/"
	if !strings.Contains(path, "/") {
		sep = "\\"
	}
	f := img.Root
	for _, name := range strings.Split(path, sep) {
		if name == "" {
			continue
		}
		next := f.child(name)
		if next == nil {
			return nil, &fs.PathError{Op: "lookup", Path: path, Err: fs.ErrNotExist}
		}
		f = next
	}
	return f, nil
}

// child finds a directory's entry by exact name (the first, if duplicated).
func (f *File) child(name string) *File {
	i := sort.Search(len(f.children), func(i int) bool { return f.children[i].Name >= name })
	if i < len(f.children) && f.children[i].Name == name {
		return f.children[i]
	}
	return nil
}

// Walk visits every entry depth-first, parents before children, children
// in name order. Returning fs.SkipDir from fn skips a directory's contents;
// any other error stops the walk and is returned.
func (img *Image) Walk(fn func(f *File) error) error {
	err := walk(img.Root, fn)
	if err == fs.SkipDir || err == fs.SkipAll {
		return nil
	}
	return err
}

// walk keeps a stack of its own, as readTree does, for deep trees.
func walk(root *File, fn func(*File) error) error {
	stack := []*File{root}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := fn(f); err != nil {
			if err == fs.SkipDir && f.IsDir() {
				continue
			}
			return err
		}
		for i := len(f.children) - 1; i >= 0; i-- {
			stack = append(stack, f.children[i])
		}
	}
	return nil
}
