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

// planned is an Entry as the plan keeps it until it is handed to the
// sink: a name and a folder, not a whole path (whole paths took 3 MiB
// more of /usr/share's planning, the peak of extraction's memory).
type planned struct {
	name                  string // the image's own string
	dir                   int32  // its folder in plan.dirs, -1 at the export's top
	linkOf                int32  // the entry it is a hard link to, -1 for none
	attributes            meta.Attributes
	lastAccess, lastWrite meta.Filetime
}

func (e *planned) isDir() bool { return e.attributes&meta.AttrDirectory != 0 }

// plan decides, before anything is written, what an export writes: the
// entries in order (parents first), what is refused and why, and notes on
// what is written differently from the image. Deciding first gives the
// blobs to read, in the archive's order, and keeps the rules in one place
// for every sink.
type plan struct {
	entries []planned
	dirs    []string // the paths of the folders planned
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
	// of the folder it was planned from ("" for the image's root): the
	// names taken at the export's top.
	prefix map[string]string

	// What planning needs, dropped once it is over.
	files []*meta.File         // by entry
	links map[*meta.File]int32 // first entry of each hard-linked file
	check NameChecker          // the sink's own rules for names, if any
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
	p := &plan{links: map[*meta.File]int32{}, check: check, prefix: map[string]string{}}
	n := 0
	for _, r := range roots {
		n += count(r)
	}
	p.entries, p.files = make([]planned, 0, n), make([]*meta.File, 0, n)
	for _, r := range roots {
		if r.Parent == nil {
			p.add(r.Children(), "")
			continue
		}
		from := ""
		if r.Parent.Parent != nil {
			from = r.Parent.Path()
		}
		p.add([]*meta.File{r}, from)
	}
	p.contents(sink)
	// Planning is over: the export holds its entries, not the image's
	// tree, which the caller may now let go.
	p.files, p.links = nil, nil
	return p
}

// count is how many entries r's export plans at most, r's own included.
func count(r *meta.File) int {
	n := 0
	stack := []*meta.File{r}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = append(stack[:len(stack)-1], f.Children()...)
		n++
	}
	return n
}

// path is the target path of e.
func (p *plan) path(e *planned) string {
	if e.dir < 0 {
		return e.name
	}
	return p.dirs[e.dir] + "/" + e.name
}

// entry is entry i as sinks take it.
func (p *plan) entry(i int32) Entry {
	e := &p.entries[i]
	out := Entry{Path: p.path(e), Attributes: e.attributes, LastAccess: e.lastAccess, LastWrite: e.lastWrite}
	if e.linkOf >= 0 {
		out.LinkOf = p.path(&p.entries[e.linkOf])
	}
	return out
}

// imagePath is the path in the image of the entry written at path.
func (p *plan) imagePath(path string) string {
	top, _, _ := strings.Cut(path, "/")
	return p.prefix[top] + "/" + path
}

// level is a folder of the plan's walk: the entries still to plan in it,
// sorted by name as an image's folders are.
type level struct {
	files []*meta.File
	dir   int32  // in plan.dirs, -1 for the export's top
	last  string // the name planned last in dir
}

// add plans files, which share a folder (from, in the image), and
// everything below them, depth first. The walk keeps a stack of its own:
// images nest up to 16,384 levels, and a call per level overflows the
// page's engine's stack.
func (p *plan) add(files []*meta.File, from string) {
	stack := []level{{files: files, dir: -1}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.files) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		f := top.files[0]
		top.files = top.files[1:]
		if p.plan(f, top, from) && f.IsDir() {
			p.dirs = append(p.dirs, p.path(&p.entries[len(p.entries)-1]))
			stack = append(stack, level{files: f.Children(), dir: int32(len(p.dirs) - 1)})
		}
	}
}

// plan plans f, in the folder lv (from, in the image, at the top); false
// when its name is refused, which leaves out everything below it too.
func (p *plan) plan(f *meta.File, lv *level, from string) bool {
	err := SafeName(f.Name)
	if err == nil && p.check != nil {
		err = p.check.CheckName(f.Name)
	}
	if err != nil {
		p.refused = append(p.refused, Problem{Path: f.Path(), Err: err})
		return false
	}
	e := planned{name: f.Name, dir: lv.dir, linkOf: -1, attributes: f.Attributes, lastAccess: f.LastAccess, lastWrite: f.LastWrite}
	// A path is taken twice only by two names alike in one folder, which
	// sit side by side in its sorted entries, or by two roots' names.
	taken := lv.last == f.Name
	if lv.dir < 0 {
		_, taken = p.prefix[f.Name]
	}
	if taken {
		p.refused = append(p.refused, Problem{Path: f.Path(),
			Err: unsafeName(`another entry was already written as "%s"`, p.path(&e))})
		return false
	}
	if lv.dir < 0 {
		p.prefix[f.Name] = from
	}
	lv.last = f.Name
	p.note(f)
	if !f.IsDir() {
		if ls := f.Links(); len(ls) > 1 { // the first link names them all
			if prev, ok := p.links[ls[0]]; ok {
				e.linkOf = prev
			} else {
				p.links[ls[0]] = int32(len(p.entries))
			}
		}
	}
	p.entries = append(p.entries, e)
	p.files = append(p.files, f)
	return true
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
		p.notes = append(p.notes, Note{Path: f.Path(), Kind: NoteReparse})
	}
	var named []string
	for _, s := range f.Streams {
		switch {
		case s.Type == meta.StreamEFS:
			p.notes = append(p.notes, Note{Path: f.Path(), Kind: NoteEncrypted, Text: "encrypted (EFS) file: its raw encrypted data is not written; written empty"})
		case s.Name != "":
			named = append(named, fmt.Sprintf(`"%s" (%d bytes)`, s.Name, s.Size))
		}
	}
	if len(named) > 0 {
		p.notes = append(p.notes, Note{Path: f.Path(), Kind: NoteStreams, Text: "named streams not written: " + strings.Join(named, ", ")})
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
