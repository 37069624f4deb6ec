package diff

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
)

// checkEvery is how many entries pass between looks at the context and
// progress reports: often enough to stop within a millisecond, rarely
// enough to cost nothing.
const checkEvery = 4096

type differ struct {
	ctx      context.Context
	opt      Options
	progress Progress
	done     int64 // entries visited
	total    int64
	unseen   int64 // entries since the last check
	changes  []Change
	// gone and born are the entries only in the old image and only in the
	// new one, parents before children.
	gone, born []*entry
}

// entry is a file or folder present on one side only, until it is paired.
type entry struct {
	f      *meta.File
	name   string // f.Name, kept here for sorting without a pointer chase
	path   string
	folder string // the path of the folder holding it
	parent *entry // that folder, when it is one-sided too
	kids   []*entry
	peer   *entry      // the other side, once paired as a rename
	data   digest.SHA1 // what a file pairs by; zero for folders and empty files
	// empty: a file without data, or a folder holding only such. Such
	// entries cannot pair by data, only by name in a folder rename.
	empty bool
}

// tick counts n entries visited.
func (d *differ) tick(n int64) error {
	d.done += n
	if d.unseen += n; d.unseen < checkEvery {
		return nil
	}
	d.unseen = 0
	if d.progress != nil {
		d.progress(d.done, d.total)
	}
	return d.ctx.Err()
}

// match compares the two roots, and for folders what they hold: children
// are sorted by name, so one merge pass pairs them. It walks with a stack
// of its own, depth first as recursion would, since trees may nest 16,384
// folders deep and the page's engine has a small call stack; and it
// builds the path being compared in one buffer, making a string of it
// only for a change, since a string per level would take depth² bytes.
func (d *differ) match(o, n *meta.File) error {
	path := []byte{'/'} // of the entries being compared
	// merge is a pair of folders whose children are being merged.
	type merge struct {
		oc, nc []*meta.File
		n      int    // the length of the folders' path in path
		folder string // that path as a string, once an entry needs it
	}
	var stack []merge
	folderOf := func(m *merge) string {
		if m.folder == "" {
			m.folder = string(path[:m.n])
		}
		return m.folder
	}
	// pair compares entries found at the same path, in the folders of m
	// (nil for the roots).
	pair := func(o, n *meta.File, m *merge) error {
		if o.IsDir() != n.IsDir() {
			folder := folderOf(m)
			if err := d.orphan(o, folder, &d.gone); err != nil {
				return err
			}
			return d.orphan(n, folder, &d.born)
		}
		if err := d.tick(2); err != nil {
			return err
		}
		if why := reasons(o, n, d.opt); len(why) > 0 {
			d.changes = append(d.changes, change(Modified, string(path), "", o, n, why))
		}
		if oc, nc := o.Children(), n.Children(); len(oc) > 0 || len(nc) > 0 {
			stack = append(stack, merge{oc: oc, nc: nc, n: len(path)})
		}
		return nil
	}
	if err := pair(o, n, &merge{}); err != nil { // the roots' folder is ""
		return err
	}
	for len(stack) > 0 {
		m := &stack[len(stack)-1]
		oc, nc := m.oc, m.nc
		var err error
		switch {
		case len(oc) == 0 && len(nc) == 0:
			stack = stack[:len(stack)-1]
		case len(nc) == 0 || len(oc) > 0 && oc[0].Name < nc[0].Name:
			m.oc = oc[1:]
			err = d.orphan(oc[0], folderOf(m), &d.gone)
		case len(oc) == 0 || nc[0].Name < oc[0].Name:
			m.nc = nc[1:]
			err = d.orphan(nc[0], folderOf(m), &d.born)
		default:
			m.oc, m.nc = oc[1:], nc[1:]
			// As join does: the root's "/" takes no other.
			if path = path[:m.n]; m.n > 1 {
				path = append(path, '/')
			}
			path = append(path, oc[0].Name...)
			err = pair(oc[0], nc[0], m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// orphan adds f, found in folder, and everything under it to list (gone
// or born), parents first, children in name order.
func (d *differ) orphan(f *meta.File, folder string, list *[]*entry) error {
	type item struct {
		f      *meta.File
		parent *entry
	}
	start := len(*list)
	stack := []item{{f, nil}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := d.tick(1); err != nil {
			return err
		}
		e := &entry{f: it.f, name: it.f.Name, folder: folder, parent: it.parent}
		if it.parent != nil {
			e.folder = it.parent.path
			it.parent.kids = append(it.parent.kids, e)
		}
		e.path = join(e.folder, e.name)
		*list = append(*list, e)
		e.data, _ = content(it.f)
		e.empty = e.data.IsZero()
		kids := it.f.Children()
		for i := len(kids) - 1; i >= 0; i-- { // popped in name order
			stack = append(stack, item{kids[i], e})
		}
	}
	// Every entry comes after its folder: going backwards, a folder's
	// entries are settled before it.
	for _, e := range slices.Backward((*list)[start:]) {
		for _, k := range e.kids {
			e.empty = e.empty && k.empty
		}
	}
	return nil
}

func join(dir, name string) string {
	if dir == "/" {
		return "/" + name
	}
	return dir + "/" + name
}

func change(k Kind, path, oldPath string, o, n *meta.File, why []string) Change {
	c := Change{Kind: k, Path: path, OldPath: oldPath, Reasons: why, Old: o, New: n}
	if o != nil {
		c.Dir = o.IsDir()
		c.SizeDelta -= o.Size()
	}
	if n != nil {
		c.Dir = n.IsDir()
		c.SizeDelta += n.Size()
	}
	return c
}
