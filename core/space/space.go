// Package space measures what takes room in an image, from its metadata
// and the blob table alone (no file data is read): per folder, the bytes
// every path holds (what extracting writes, as Explorer counts them), the
// bytes of its blobs once (what dedup leaves), and their stored bytes
// (after compression). A blob used by several paths — hard links,
// duplicates — has its bytes split evenly among them, so that a folder's
// numbers add up to its parent's whatever order the tree is read in.
package space

import (
	"cmp"
	"slices"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// Totals is what a file or folder takes.
type Totals struct {
	Size   int64   // every path's streams
	Unique float64 // each blob's bytes, split among the paths that use it
	Stored float64 // each blob's stored bytes, split the same way
	Files  int     // files (not folders) inside
}

func (t *Totals) add(u Totals) {
	t.Size += u.Size
	t.Unique += u.Unique
	t.Stored += u.Stored
	t.Files += u.Files
}

// blob is one file blob: its sizes, and how many streams of the image
// use it.
type blob struct {
	size   int64
	stored float64
	refs   int32
}

// dir is a folder of the image, numbered breadth first so that a folder's
// subfolders are consecutive: first is its first subfolder's number.
type dir struct {
	f      *meta.File
	parent int32
	first  int32
	t      Totals
}

// Map is an image measured.
type Map struct {
	dirs    []dir
	a       *wim.Archive
	blobs   []blob  // file blobs, in Locations' order
	byEntry []int32 // blob table entry → index in blobs, -1 for none
	archive view.SpaceArchive
}

// Measure measures image img of archive a from the blob table
// (wim.Archive.Locations: sizes and stored shares, which for solid
// resources come from their chunk tables), reading no file data.
func Measure(a *wim.Archive, img *meta.Image) *Map {
	m := &Map{a: a}
	locs := a.Locations()
	var stored float64
	var last uint32
	for _, l := range locs {
		last = max(last, l.Entry)
	}
	m.byEntry = make([]int32, last+1)
	for i := range m.byEntry {
		m.byEntry[i] = -1
	}
	for _, l := range locs {
		if l.Image != 0 {
			continue // an image's metadata
		}
		m.byEntry[l.Entry] = int32(len(m.blobs))
		m.blobs = append(m.blobs, blob{size: l.Size, stored: l.Stored})
		m.archive.Blobs++
		m.archive.Bytes += l.Size
		stored += l.Stored
	}
	m.archive.Stored = int64(stored + 0.5)

	// First pass: the folders, breadth first, and every stream's blob,
	// counted, in the order the second pass meets them.
	// Sized once: a stream a file is the common case.
	dirs, files := img.Counts()
	m.dirs = append(make([]dir, 0, dirs+1), dir{f: img.Root, parent: -1})
	uses := make([]int32, 0, dirs+files+1)
	count := func(f *meta.File) {
		for _, s := range f.Streams {
			i := m.find(s)
			uses = append(uses, i)
			if i >= 0 {
				m.blobs[i].refs++
			}
		}
	}
	count(img.Root)
	for d := 0; d < len(m.dirs); d++ {
		m.dirs[d].first = int32(len(m.dirs))
		for _, c := range m.dirs[d].f.Children() {
			if c.IsDir() {
				m.dirs = append(m.dirs, dir{f: c, parent: int32(d)})
			}
			count(c)
		}
	}
	// Second pass: each folder's own streams and files, then folders into
	// their parents, deepest first.
	k := 0
	own := func(f *meta.File) Totals {
		var t Totals
		for _, s := range f.Streams {
			m.share(&t, s, uses[k])
			k++
		}
		return t
	}
	m.dirs[0].t = own(img.Root)
	for d := range m.dirs {
		for _, c := range m.dirs[d].f.Children() {
			t := own(c)
			if !c.IsDir() {
				t.Files = 1
			}
			m.dirs[d].t.add(t)
		}
	}
	// A folder's own streams went into its parent above; each folder's
	// total, once complete, goes up too.
	for d := len(m.dirs) - 1; d > 0; d-- {
		m.dirs[m.dirs[d].parent].t.add(m.dirs[d].t)
	}
	return m
}

// find is the blob a stream uses, -1 when it uses none the table lists.
func (m *Map) find(s meta.Stream) int32 {
	if s.Size == 0 {
		return -1
	}
	e, ok := m.a.Entry(s.Hash)
	if !ok || int(e) >= len(m.byEntry) {
		return -1
	}
	return m.byEntry[e]
}

// share adds to t what stream s takes, its blob being m.blobs[i].
func (m *Map) share(t *Totals, s meta.Stream, i int32) {
	t.Size += s.Size
	if i < 0 {
		t.Unique += float64(s.Size)
		return
	}
	b := &m.blobs[i]
	t.Unique += float64(b.size) / float64(b.refs)
	t.Stored += b.stored / float64(b.refs)
}

// file is what a file (not a folder) takes.
func (m *Map) file(f *meta.File) Totals {
	t := Totals{Files: 1}
	for _, s := range f.Streams {
		m.share(&t, s, m.find(s))
	}
	return t
}

// Dirs is how many folders the image has, the root included.
func (m *Map) Dirs() int { return len(m.dirs) }

// Total is the whole image's totals.
func (m *Map) Total() Totals { return m.dirs[0].t }

// Archive is the archive's file blobs' totals.
func (m *Map) Archive() view.SpaceArchive { return m.archive }

// Limits bound the tree the page gets, whatever the image holds.
type Limits struct {
	Depth int // levels of kids below the folder asked for
	Kids  int // the most items a folder lists before "other"
	// MinShare: items smaller than this share of the folder asked for
	// go into "other" (a treemap would draw them under a pixel).
	MinShare float64
}

// DefaultLimits keep the tree to a few thousand nodes.
var DefaultLimits = Limits{Depth: 3, Kids: 200, MinShare: 1.0 / 5000}

// item is a folder's child being weighed.
type item struct {
	f *meta.File
	d int // its folder number; 0 for a file
	t Totals
}

// Tree describes folder d (0: the root) down to lim.Depth levels, its
// items sorted and cut by stored bytes or by size. A d out of range is the
// root.
func (m *Map) Tree(d int, stored bool, lim Limits) view.SpaceNode {
	if d < 0 || d >= len(m.dirs) {
		d = 0
	}
	min := lim.MinShare * weigh(m.dirs[d].t, stored)
	return m.node(d, stored, lim, lim.Depth, min)
}

// Crumbs are the folders from the root down to d.
func (m *Map) Crumbs(d int) []view.SpaceCrumb {
	if d < 0 || d >= len(m.dirs) {
		d = 0
	}
	var out []view.SpaceCrumb
	for ; d >= 0; d = int(m.dirs[d].parent) {
		out = append(out, view.SpaceCrumb{Dir: d, Name: m.dirs[d].f.Name})
	}
	slices.Reverse(out)
	return out
}

// Path is folder d's path in the image.
func (m *Map) Path(d int) string {
	if d < 0 || d >= len(m.dirs) {
		d = 0
	}
	return m.dirs[d].f.Path()
}

func weigh(t Totals, stored bool) float64 {
	if stored {
		return t.Stored
	}
	return float64(t.Size)
}

func describe(name string, t Totals) view.SpaceNode {
	return view.SpaceNode{Name: name, Size: t.Size, Unique: int64(t.Unique + 0.5), Stored: int64(t.Stored + 0.5), Files: t.Files}
}

// node describes folder d with depth levels of kids, items under min
// going into "other".
func (m *Map) node(d int, stored bool, lim Limits, depth int, min float64) view.SpaceNode {
	n := describe(m.dirs[d].f.Name, m.dirs[d].t)
	n.Dir, n.Folder = d, true
	if depth <= 0 {
		return n
	}
	kids := m.dirs[d].f.Children()
	items := make([]item, len(kids))
	sub := int(m.dirs[d].first)
	for i, c := range kids {
		if c.IsDir() {
			items[i] = item{f: c, d: sub, t: m.dirs[sub].t}
			sub++
		} else {
			items[i] = item{f: c, t: m.file(c)}
		}
	}
	// Largest first; names break ties, so the answer is the same each time.
	slices.SortStableFunc(items, func(x, y item) int {
		return cmp.Or(cmp.Compare(weigh(y.t, stored), weigh(x.t, stored)), cmp.Compare(x.f.Name, y.f.Name))
	})
	shown := 0
	for shown < len(items) && shown < lim.Kids && weigh(items[shown].t, stored) >= min && weigh(items[shown].t, stored) > 0 {
		shown++
	}
	for _, it := range items[:shown] {
		if it.f.IsDir() {
			n.Kids = append(n.Kids, m.node(it.d, stored, lim, depth-1, min))
		} else {
			n.Kids = append(n.Kids, describe(it.f.Name, it.t))
		}
	}
	if rest := items[shown:]; len(rest) > 0 {
		var t Totals
		for _, it := range rest {
			t.add(it.t)
		}
		other := describe("", t)
		other.Other = len(rest)
		n.Kids = append(n.Kids, other)
	}
	return n
}

// Describe is the Space tab's answer for folder d of image i.
func (m *Map) Describe(i, d int, stored bool, lim Limits) *view.Space {
	top := m.node(0, false, Limits{Kids: 12}, 1, 0)
	for k := range top.Kids {
		top.Kids[k].Dir = 0 // the panel does not zoom
	}
	whole := top
	whole.Kids = nil
	return &view.Space{Image: i, Stored: stored, Path: m.Path(d), Crumbs: m.Crumbs(d), Root: m.Tree(d, stored, lim),
		Top: top.Kids, Whole: whole, Archive: m.archive}
}
