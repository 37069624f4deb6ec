package meta

import (
	"bytes"
	"errors"

	"github.com/wimlens/wimlens/core/digest"
)

// Paths calls fn with the full path of every entry of an uncompressed
// metadata resource, in Walk's order (parents first, children in name
// order), reading the tree by Parse's rules but without building it: it
// holds only the entries of the directories on the current path, in memory
// it reuses, so a listing of an image of hundreds of thousands of entries
// takes a fraction of Parse's memory and time. path is reused once fn
// returns; an error from fn stops the walk and is returned.
func Paths(buf []byte, fn func(path []byte) error) error {
	w := walker{visit: func(_ *File, path []byte) error { return fn(path) }}
	return w.run(buf)
}

// Sound reports that Parse would succeed on buf, find the blob of every
// stream in has, and flag no entry with an anomaly that is a fault
// (AnomalyKind.Fault): all that verify asks of an image when no blob is
// damaged. It reads by Parse's rules without building the tree, in a
// fraction of Parse's time. false says only that Parse must be asked what
// is wrong.
func Sound(buf []byte, has func(digest.SHA1) bool) bool {
	sec, _, err := parseSecurity(buf)
	if err != nil {
		return false
	}
	var w walker
	// The last path visited at each depth: Parse flags a name its
	// directory's sorted list holds twice, and twins are visited one after
	// the other's subtree, at one depth with one path. Another path seen
	// twice at a depth has a twin or shared list above it.
	var last [][]byte
	type link struct {
		data digest.SHA1
		n    int
		dirs bool
	}
	links := map[uint64]*link{}
	w.visit = func(f *File, path []byte) error {
		depth := 0
		if len(path) > 1 {
			depth = bytes.Count(path, []byte{'/'})
		}
		for len(last) <= depth {
			last = append(last, nil)
		}
		switch {
		case f.subdir != 0 && (!f.IsDir() || w.seen[f.subdir]),
			depth == 0 && (f.hasName || f.ShortName != ""),
			f.SecurityID < -1 || int(f.SecurityID) >= len(sec),
			bytes.Equal(last[depth], path):
			return errUnsound
		}
		for _, an := range f.Anomalies() {
			if an.Kind.Fault() {
				return errUnsound
			}
		}
		last[depth] = append(last[depth][:0], path...)
		for _, s := range f.Streams {
			if !s.Hash.IsZero() && !has(s.Hash) {
				return errUnsound
			}
		}
		// Link groups as linkGroups joins them: members with other
		// contents, or a directory among several members, are flagged.
		if f.LinkGroup != 0 && f.Attributes&AttrReparsePoint == 0 {
			var data digest.SHA1
			if d := f.Data(); d != nil {
				data = d.Hash
			}
			l := links[f.LinkGroup]
			if l == nil {
				l = &link{data: data}
				links[f.LinkGroup] = l
			}
			l.n++
			l.dirs = l.dirs || f.IsDir()
			if l.data != data || l.dirs && l.n > 1 {
				return errUnsound
			}
		}
		return nil
	}
	return w.run(buf) == nil
}

var errUnsound = errors.New("meta: not sound")

// walker reads the tree depth-first by Parse's rules, calling visit with
// each entry (its name, children and streams read, and of its anomalies
// only its name's, which readEntries flags; Sound counts on those) and its
// path before reading its children. It keeps a stack of its own, as
// Parse does, for deep trees.
type walker struct {
	buf   []byte
	seen  map[int64]bool
	visit func(f *File, path []byte) error
	arena arena     // a stack: the entries of the directories on the path
	kids  [][]*File // per depth, reused by each directory at that depth
}

// frame is a directory on the current path whose children are being walked.
type frame struct {
	kids []*File
	next int       // the child to walk next
	mark arenaMark // where the arena stood before kids were read
	path int       // the length of the directory's path
}

func (w *walker) run(buf []byte) error {
	_, rootOff, err := parseSecurity(buf)
	if err != nil {
		return err
	}
	w.buf, w.seen = buf, map[int64]bool{}
	root, err := readRoot(buf, rootOff, &w.arena)
	if err != nil {
		return err
	}
	path := append(make([]byte, 0, 512), '/')
	var stack []frame
	if stack, err = w.enter(stack, root, path); err != nil {
		return err
	}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(top.kids) {
			w.arena.release(top.mark)
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.kids[top.next]
		top.next++
		path = path[:top.path]
		if len(stack) > 1 { // not the root's "/"
			path = append(path, '/')
		}
		path = append(path, c.Name...)
		if stack, err = w.enter(stack, c, path); err != nil {
			return err
		}
	}
	return nil
}

// enter visits dir and, when its children are to be read, reads them and
// pushes them on stack.
func (w *walker) enter(stack []frame, dir *File, path []byte) ([]frame, error) {
	if err := w.visit(dir, path); err != nil {
		return stack, err
	}
	depth := len(stack)
	if enter, err := enterDir(dir, w.seen, depth); !enter {
		return stack, err
	}
	if depth == len(w.kids) {
		w.kids = append(w.kids, nil)
	}
	m := w.arena.mark()
	kids, err := readEntries(w.buf, dir.subdir, &w.arena, w.kids[depth][:0])
	w.kids[depth] = kids
	if err != nil {
		return stack, inDir(err, string(path))
	}
	return append(stack, frame{kids: kids, mark: m, path: len(path)}), nil
}
