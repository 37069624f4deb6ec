package diff

import (
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/wimlens/wimlens/core/digest"
)

// maxScored bounds the candidate pairs of one group whose names are scored
// by edit distance (16 old and 16 new copies of one file). A larger group
// pairs in path order, which keeps pairing linear: at most 16 distances a
// file, 0.13 s of the 0.4 s that BenchmarkImagesAllRenamed takes.
const maxScored = 256

// pairFiles pairs deleted and added files with the same data as renames,
// preferring the same folder, then the same or the closest name.
func (d *differ) pairFiles() error {
	type group struct{ gone, born []*entry }
	byData := map[digest.SHA1]*group{}
	for _, e := range d.gone {
		if !e.data.IsZero() {
			g := byData[e.data]
			if g == nil {
				g = &group{}
				byData[e.data] = g
			}
			g.gone = append(g.gone, e)
		}
	}
	for _, e := range d.born {
		if g := byData[e.data]; g != nil && !e.data.IsZero() {
			g.born = append(g.born, e)
		}
	}
	// Groups share no entries, so the order they are paired in is free.
	var p pairer
	i := 0
	for _, g := range byData {
		if i++; i%256 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		switch {
		case len(g.born) == 0:
			continue
		case len(g.gone) == 1 && len(g.born) == 1:
			link(g.gone[0], g.born[0]) // what the rules below would do, at no cost
			continue
		}
		p.pairBy(g.gone, g.born, func(e *entry) string { return e.folder }, true)
		p.pairBy(g.gone, g.born, func(e *entry) string { return e.name }, false)
		p.pairBy(g.gone, g.born, func(*entry) string { return "" }, true)
	}
	return nil
}

// pairer pairs entries, reusing its scratch space from group to group.
// A candidate pair is packed as distance<<32 | old index<<16 | new index,
// so that plain integer order is the order pairs are taken in (at most
// maxScored candidates: both indexes fit in 16 bits).
type pairer struct{ cands []uint64 }

// pairBy pairs the still unpaired entries whose keys are equal: by name
// distance when scored, else in path order. Sorting by key finds the runs
// of equal keys without a map per group, which showed in profiles.
func (p *pairer) pairBy(gone, born []*entry, key func(*entry) string, scored bool) {
	gone, born = unpaired(gone), unpaired(born)
	if len(gone) == 0 || len(born) == 0 {
		return
	}
	byKey := func(a, b *entry) int { return strings.Compare(key(a), key(b)) }
	slices.SortFunc(gone, byKey)
	slices.SortFunc(born, byKey)
	for i, j := 0, 0; i < len(gone) && j < len(born); {
		switch c := byKey(gone[i], born[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			ie, je := i+1, j+1
			for ie < len(gone) && byKey(gone[i], gone[ie]) == 0 {
				ie++
			}
			for je < len(born) && byKey(born[j], born[je]) == 0 {
				je++
			}
			p.pair(gone[i:ie], born[j:je], scored)
			i, j = ie, je
		}
	}
}

// pair takes pairs greedily: by smallest name distance when scored, then
// by old path, then by new path.
func (p *pairer) pair(gone, born []*entry, scored bool) {
	byPath := func(a, b *entry) int { return strings.Compare(a.path, b.path) }
	slices.SortFunc(gone, byPath)
	slices.SortFunc(born, byPath)
	if !scored || len(gone)*len(born) > maxScored {
		for i := range min(len(gone), len(born)) {
			link(gone[i], born[i])
		}
		return
	}
	p.cands = p.cands[:0]
	for i, o := range gone {
		for j, n := range born {
			dist := uint64(levenshtein.ComputeDistance(o.name, n.name))
			p.cands = append(p.cands, dist<<32|uint64(i)<<16|uint64(j))
		}
	}
	slices.Sort(p.cands)
	for _, c := range p.cands {
		if o, n := gone[c>>16&0xffff], born[c&0xffff]; o.peer == nil && n.peer == nil {
			link(o, n)
		}
	}
}

func link(o, n *entry) { o.peer, n.peer = n, o }

// pairFolders pairs each deleted folder with the added folder its entries
// went to, when all of them went there and all of that folder's came from
// it. Deepest folders come first, so a paired subfolder counts as a paired
// entry of its parent.
func (d *differ) pairFolders() {
	for i := len(d.gone) - 1; i >= 0; i-- {
		o := d.gone[i]
		if !o.f.IsDir() || o.peer != nil {
			continue
		}
		n := target(o)
		if n == nil || !allInto(o, n) || !allInto(n, o) {
			continue
		}
		orest, nrest := unpaired(o.kids), unpaired(n.kids)
		if !sameNames(orest, nrest) {
			continue
		}
		link(o, n)
		linkNames(orest, nrest)
	}
}

// target is the added folder that o's first paired entry went to, if it
// is one that is still free.
func target(o *entry) *entry {
	for _, k := range o.kids {
		if k.peer != nil {
			n := k.peer.parent
			if n == nil || n.peer != nil {
				return nil
			}
			return n
		}
	}
	return nil
}

// allInto reports whether every paired entry of x pairs with one of y's.
func allInto(x, y *entry) bool {
	for _, k := range x.kids {
		if k.peer != nil && k.peer.parent != y {
			return false
		}
	}
	return true
}

func unpaired(es []*entry) []*entry {
	var out []*entry
	for _, e := range es {
		if e.peer == nil {
			out = append(out, e)
		}
	}
	return out
}

// lists is two lists of entries to compare or link, item by item. Both
// walks below keep a stack of them rather than recurse: trees may nest
// 16,384 folders deep.
type lists struct{ a, b []*entry }

// sameNames reports whether two lists of entries, both in name order, are
// empty entries of the same names and types, all the way down.
func sameNames(a, b []*entry) bool {
	stack := []lists{{a, b}}
	for len(stack) > 0 {
		l := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(l.a) != len(l.b) {
			return false
		}
		for i, x := range l.a {
			y := l.b[i]
			if !x.empty || !y.empty || x.name != y.name || x.f.IsDir() != y.f.IsDir() {
				return false
			}
			stack = append(stack, lists{x.kids, y.kids})
		}
	}
	return true
}

// linkNames pairs two lists that sameNames found alike, all the way down.
func linkNames(a, b []*entry) {
	stack := []lists{{a, b}}
	for len(stack) > 0 {
		l := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i := range l.a {
			link(l.a[i], l.b[i])
			stack = append(stack, lists{l.a[i].kids, l.b[i].kids})
		}
	}
}

// listUnmatched lists what pairing left: deletions, additions, and the
// renames that the rename of their folder does not already say.
func (d *differ) listUnmatched() {
	n := 0 // the changes sure to be listed: growing the list once is cheaper
	for _, e := range d.gone {
		if e.peer == nil {
			n++
		}
	}
	for _, e := range d.born {
		if e.peer == nil || !carried(e) {
			n++
		}
	}
	d.changes = slices.Grow(d.changes, n)
	for _, o := range d.gone {
		if o.peer == nil {
			d.changes = append(d.changes, change(Deleted, o.path, "", o.f, nil, nil))
		}
	}
	for _, n := range d.born {
		o := n.peer
		if o == nil {
			d.changes = append(d.changes, change(Added, n.path, "", nil, n.f, nil))
			continue
		}
		if why := reasons(o.f, n.f, d.opt); !carried(n) || len(why) > 0 {
			d.changes = append(d.changes, change(Renamed, n.path, o.path, o.f, n.f, why))
		}
	}
}

// carried reports whether a paired entry moved only because its folder did.
func carried(n *entry) bool {
	return n.parent != nil && n.parent.peer != nil && n.parent.peer == n.peer.parent && n.name == n.peer.name
}
