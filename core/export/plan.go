package export

import (
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/reparse"
)

// Entry is one file or directory Export hands to a Sink.
type Entry struct {
	// Path is where the entry goes, relative to the export's target,
	// "/"-separated. Every element passed SafeName, and no two entries of
	// one export share a path.
	Path string
	File *meta.File
	// LinkOf, for a file, is the Path of an earlier entry of this export
	// that is a hard link to the same file; "" for the first of its links.
	LinkOf string
}

// plan decides, before anything is written, what an export writes: the
// entries in order (parents first), what is refused and why, and notes on
// what is written differently from the image. Deciding first gives the
// blobs to read, in the archive's order, and keeps the rules in one place
// for every sink.
type plan struct {
	entries []Entry
	refused []Problem
	notes   []Note

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
	f    *meta.File
}

// makePlan plans the export of roots. An image's root contributes its
// children; any other root is written under its own name, as
// `wimlib-imagex extract` does. check, if not nil, refuses names too.
func makePlan(roots []*meta.File, check NameChecker) *plan {
	p := &plan{paths: map[string]bool{}, links: map[*meta.File]string{}, check: check}
	for _, r := range roots {
		if r.Parent == nil {
			p.add(r.Children())
			continue
		}
		p.add([]*meta.File{r})
	}
	// Planning is over: the export holds its entries, not these.
	p.paths, p.links = nil, nil
	return p
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
	e := Entry{Path: path, File: f}
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
	return path, true
}

// note records what of f is not written as the image has it: reparse
// points become plain files or folders (never links, which could point
// outside the target), encrypted files lose their raw EFS data, and named
// streams are left out (`wimlens cat FILE IMAGE PATH:STREAM` reads them).
func (p *plan) note(f *meta.File) {
	if f.Attributes&meta.AttrReparsePoint != 0 {
		p.reparse = append(p.reparse, reparsePoint{len(p.notes), f})
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

// reparseNote is the note on f, a reparse point whose data is data (nil
// when it could not be read).
func reparseNote(f *meta.File, data []byte) string {
	what := fmt.Sprintf("reparse point %s", reparse.TagName(f.ReparseTag))
	if pt, err := reparse.Parse(f.ReparseTag, data); data != nil && err == nil && pt.Target() != "" {
		what += ` to "` + pt.Target() + `"`
	}
	if f.IsDir() {
		return what + " written as a plain folder"
	}
	return what + " written as a plain file holding only its unnamed data"
}
