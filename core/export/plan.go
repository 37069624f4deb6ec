package export

import (
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/reparse"
)

// Entry is one file or directory Export hands to a Sink.
type Entry struct {
	// Path is where the entry goes, relative to the export's target,
	// "/"-separated. Every element passed SafeName, and no two entries of
	// one export share a path.
	Path string
	// LinkOf, for a file, is the Path of an earlier entry of this export
	// that is a hard link to the same file; "" for the first of its links.
	LinkOf string
	// What the sinks write of the image's entry besides its data: copied,
	// so that the image's tree is not held while the data is written.
	Attributes            meta.Attributes
	LastAccess, LastWrite meta.Filetime
}

// IsDir reports whether the entry is a directory.
func (e *Entry) IsDir() bool { return e.Attributes&meta.AttrDirectory != 0 }

// plan decides, before anything is written, what an export writes: the
// entries in order (parents first), what is refused and why, and notes on
// what is written differently from the image. Deciding first gives the
// blobs to read, in the archive's order, and keeps the rules in one place
// for every sink.
type plan struct {
	entries []Entry
	refused []Problem
	notes   []Note
	// cs are the files' contents; order lists the entries of each, a
	// content's entries in a run of their own.
	cs    []content
	order []int32
	// pass and big index cs: what is read in one pass, and what a
	// Buffering sink takes after it, a file at a time.
	pass, big []int
	// prefix is, by the first element of a target path, the image path
	// of the folder it was planned from ("" for the image's root).
	prefix map[string]string

	// What planning needs, dropped once it is over.
	files []*meta.File          // by entry
	paths map[string]bool       // target paths taken
	links map[*meta.File]string // first target path of each hard-linked file
	check NameChecker           // the sink's own rules for names, if any
	// reparse lists the notes on reparse points, whose text waits for
	// their data: it is read in Export's pass with the files' (read one
	// at a time, a solid ESD's symlinks decoded a 64 MiB chunk each).
	reparse []reparsePoint
}

type reparsePoint struct {
	note int // in notes
	tag  uint32
	dir  bool
	hash digest.SHA1 // of its data; zero when it has none
	size int64
}

// makePlan plans the export of roots to sink. An image's root contributes
// its children; any other root is written under its own name, as
// `wimlib-imagex extract` does. A sink that is a NameChecker refuses
// names too.
func makePlan(roots []*meta.File, sink Sink) *plan {
	check, _ := sink.(NameChecker)
	p := &plan{paths: map[string]bool{}, links: map[*meta.File]string{}, check: check, prefix: map[string]string{}}
	for _, r := range roots {
		if r.Parent == nil {
			for _, c := range r.Children() {
				p.from(c.Name, "")
			}
			p.add(r.Children())
			continue
		}
		dir := ""
		if r.Parent.Parent != nil {
			dir = r.Parent.Path()
		}
		p.from(r.Name, dir)
		p.add([]*meta.File{r})
	}
	p.contents(sink)
	// Planning is over: the export holds its entries, not the image's
	// tree, which the caller may now let go.
	p.files, p.paths, p.links = nil, nil, nil
	return p
}

// from records that the top-level name comes from the image's folder dir,
// unless an earlier root took the name (this one is then refused).
func (p *plan) from(name, dir string) {
	if _, ok := p.prefix[name]; !ok {
		p.prefix[name] = dir
	}
}

// imagePath is the path in the image of the entry written at path.
func (p *plan) imagePath(path string) string {
	top, _, _ := strings.Cut(path, "/")
	return p.prefix[top] + "/" + path
}

// add plans files, which share a folder, and everything below them,
// depth first. The walk keeps a stack of its own: images nest up to
// 16,384 levels, and a call per level overflows the page's engine's stack.
func (p *plan) add(files []*meta.File) {
	type level struct {
		files []*meta.File // still to plan
		dir   string       // their target folder
	}
	stack := []level{{files: files}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.files) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		f := top.files[0]
		top.files = top.files[1:]
		if path, ok := p.entry(f, top.dir); ok {
			stack = append(stack, level{f.Children(), path})
		}
	}
}

// entry plans f, in the target folder dir, and returns its path; false
// when its name is refused, which leaves out everything below it too.
func (p *plan) entry(f *meta.File, dir string) (string, bool) {
	err := SafeName(f.Name)
	if err == nil && p.check != nil {
		err = p.check.CheckName(f.Name)
	}
	if err != nil {
		p.refused = append(p.refused, Problem{Path: f.Path(), Err: err})
		return "", false
	}
	path := f.Name
	if dir != "" {
		path = dir + "/" + f.Name
	}
	if p.paths[path] {
		p.refused = append(p.refused, Problem{Path: f.Path(),
			Err: unsafeName(`another entry was already written as "%s"`, path)})
		return "", false
	}
	p.paths[path] = true
	e := Entry{Path: path, Attributes: f.Attributes, LastAccess: f.LastAccess, LastWrite: f.LastWrite}
	p.note(f)
	if !f.IsDir() {
		first := f.Links()[0] // shared by every link of the file
		if prev, ok := p.links[first]; ok {
			e.LinkOf = prev
		} else {
			p.links[first] = path
		}
	}
	p.entries = append(p.entries, e)
	p.files = append(p.files, f)
	return path, true
}

// note records what of f is not written as the image has it: reparse
// points become plain files or folders (never links, which could point
// outside the target), encrypted files lose their raw EFS data, and named
// streams are left out (`wimlens cat FILE IMAGE PATH:STREAM` reads them).
func (p *plan) note(f *meta.File) {
	if f.Attributes&meta.AttrReparsePoint != 0 {
		r := reparsePoint{note: len(p.notes), tag: f.ReparseTag, dir: f.IsDir()}
		if s := f.ReparseData(); s != nil {
			r.hash, r.size = s.Hash, s.Size
		}
		p.reparse = append(p.reparse, r)
		p.notes = append(p.notes, Note{Path: f.Path()})
	}
	var named []string
	for _, s := range f.Streams {
		switch {
		case s.Type == meta.StreamEFS:
			p.notes = append(p.notes, Note{Path: f.Path(), Text: "encrypted (EFS) file: its raw encrypted data is not written; written empty"})
		case s.Name != "":
			named = append(named, fmt.Sprintf(`"%s" (%d bytes)`, s.Name, s.Size))
		}
	}
	if len(named) > 0 {
		p.notes = append(p.notes, Note{Path: f.Path(), Text: "named streams not written: " + strings.Join(named, ", ")})
	}
}

// reparseNote is the note on r, whose data is data (nil when it could
// not be read).
func reparseNote(r reparsePoint, data []byte) string {
	what := fmt.Sprintf("reparse point %s", reparse.TagName(r.tag))
	if pt, err := reparse.Parse(r.tag, data); data != nil && err == nil && pt.Target() != "" {
		what += ` to "` + pt.Target() + `"`
	}
	if r.dir {
		return what + " written as a plain folder"
	}
	return what + " written as a plain file holding only its unnamed data"
}
