package diff

import (
	"context"

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

// match compares two entries found at the same path, in folder, and for
// folders what they hold: children are sorted by name, so one merge pass
// pairs them.
func (d *differ) match(o, n *meta.File, path, folder string) error {
	if o.IsDir() != n.IsDir() {
		if err := d.orphan(o, folder, nil, &d.gone); err != nil {
			return err
		}
		return d.orphan(n, folder, nil, &d.born)
	}
	if err := d.tick(2); err != nil {
		return err
	}
	if why := reasons(o, n, d.opt); len(why) > 0 {
		d.changes = append(d.changes, change(Modified, path, "", o, n, why))
	}
	oc, nc := o.Children(), n.Children()
	for i, j := 0, 0; i < len(oc) || j < len(nc); {
		var err error
		switch {
		case j == len(nc) || i < len(oc) && oc[i].Name < nc[j].Name:
			err = d.orphan(oc[i], path, nil, &d.gone)
			i++
		case i == len(oc) || nc[j].Name < oc[i].Name:
			err = d.orphan(nc[j], path, nil, &d.born)
			j++
		default:
			err = d.match(oc[i], nc[j], join(path, oc[i].Name), path)
			i++
			j++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// orphan adds f, found in folder, and everything under it to list (gone
// or born).
func (d *differ) orphan(f *meta.File, folder string, parent *entry, list *[]*entry) error {
	if err := d.tick(1); err != nil {
		return err
	}
	e := &entry{f: f, name: f.Name, path: join(folder, f.Name), folder: folder, parent: parent}
	*list = append(*list, e)
	if parent != nil {
		parent.kids = append(parent.kids, e)
	}
	e.data, _ = content(f)
	e.empty = e.data.IsZero()
	for _, c := range f.Children() {
		if err := d.orphan(c, e.path, e, list); err != nil {
			return err
		}
	}
	for _, k := range e.kids {
		e.empty = e.empty && k.empty
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
