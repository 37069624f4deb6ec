// Package regdiff compares two registry hives key by key: keys added and
// removed, and values added, removed or changed (type or data).
//
// Both hives are walked in step, each key's subkeys and values sorted by
// their uppercased names (Windows' order, which a hostile list need not
// keep). Every key present in both is descended into: a key's
// last-written time changes with its own values and subkey list, not
// with what changes below it, and nothing makes a tool that edits a hive
// offline keep it; so equal times, counts or cell bytes say nothing of the
// subtree. What saves time is upstream: hives whose files are the same
// bytes are not read at all (the caller sees equal SHA-1s).
//
// Input is hostile. Each hive's key cells are marked as they are entered,
// so a key listed twice (a cycle, or a shared cell) is an error on the key
// listing it and is not entered again; no walk goes deeper than
// hive.MaxDepth; what the walk reads (keys, values and data) is bounded by
// a multiple of the hives' sizes, as hive.Walk bounds its own; a key whose
// lists cannot be read is a problem on that key, and what it holds is not
// called added or removed. The walk keeps a stack of its own (js/wasm runs
// Go on the JS engine's stack).
package regdiff

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/registry"
	"github.com/wimlens/wimlens/core/view"
)

// Limits bound a comparison's output.
type Limits struct {
	Changes  int // changes listed; the rest are counted
	Problems int // problems kept; the rest are counted in one
}

// DefaultLimits list more changes than a month's update makes in SOFTWARE
// outside its servicing keys, and stay small enough for a page to draw.
var DefaultLimits = Limits{Changes: 5000, Problems: 20}

// readFactor bounds what a comparison reads, as a multiple of the two
// hives' sizes: a sound hive's cells each belong to one key, so the walk
// reads each about once; cells shared between keys would make it read the
// square of a hive's size.
const readFactor = 8

// ErrTooMuch is where a comparison stops when it has read more than
// readFactor times the hives' sizes.
var ErrTooMuch = errors.New("registry comparison read too much")

// ErrCancelled wraps the context's error when a comparison is cancelled.
var ErrCancelled = errors.New("registry comparison cancelled")

// Compare lists what differs from old to new. out.Hive, out.File and the
// like are the caller's; Compare fills Changes, Total, Limit, Keys, Error
// and Problems.
func Compare(ctx context.Context, old, new *hive.Hive, lim Limits, out *view.WinHiveDiff) {
	c := &comparer{ctx: ctx, lim: lim, out: out,
		budget: readFactor*(old.Size()+new.Size()) + 1<<20,
		seen:   [2]bitmap{newBitmap(old.Size()), newBitmap(new.Size())}}
	out.Changes, out.Problems, out.Limit = []view.WinRegChange{}, []view.ErrorInfo{}, lim.Changes
	if err := c.run(old.Root(), new.Root()); err != nil {
		out.Error = view.DescribeError(err)
	}
	// The walk finds a key's added and removed subkeys before it enters
	// the others: the listed changes go out in path order.
	slices.SortStableFunc(out.Changes, func(a, b view.WinRegChange) int { return strings.Compare(a.Key, b.Key) })
	if c.moreProblems > 0 {
		out.Problems = append(out.Problems, view.ErrorInfo{Kind: view.KindCorrupt,
			Message: fmt.Sprintf("%d more keys could not be read whole", c.moreProblems)})
	}
}

type comparer struct {
	ctx          context.Context
	lim          Limits
	out          *view.WinHiveDiff
	budget       int64
	read         int64
	seen         [2]bitmap
	moreProblems int
}

// keyCost and valueCost are what reading a key or value cell costs the
// budget, beside its data: their smallest cells.
const keyCost, valueCost = 80, 24

// charge counts n bytes read, and says when the budget is spent.
func (c *comparer) charge(n int64) error {
	c.read += n
	if c.read > c.budget {
		return fmt.Errorf("%w: it stopped after reading %d bytes, %d times the two hives' sizes, so their cells must be shared between keys, which Windows never writes",
			ErrTooMuch, c.read, readFactor)
	}
	return nil
}

func (c *comparer) problem(err error) { c.problemInfo(*view.DescribeError(err)) }

func (c *comparer) problemInfo(e view.ErrorInfo) {
	if len(c.out.Problems) < c.lim.Problems {
		c.out.Problems = append(c.out.Problems, e)
	} else {
		c.moreProblems++
	}
}

func (c *comparer) add(ch view.WinRegChange) {
	c.out.Total++
	if len(c.out.Changes) < c.lim.Changes {
		c.out.Changes = append(c.out.Changes, ch)
	}
}

type pair struct {
	old, new *hive.Key
	depth    int // levels below the root
}

func (c *comparer) run(oldRoot, newRoot *hive.Key) error {
	c.seen[0].mark(oldRoot.Cell())
	c.seen[1].mark(newRoot.Cell())
	stack := []pair{{oldRoot, newRoot, 0}}
	for n := 0; len(stack) > 0; n++ {
		if n%1024 == 0 && c.ctx.Err() != nil {
			return fmt.Errorf("%w: %w", ErrCancelled, c.ctx.Err())
		}
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c.out.Keys++
		if err := c.values(p); err != nil {
			return err
		}
		children, err := c.subkeys(p)
		if err != nil {
			return err
		}
		// Pushed in reverse, so that keys come off the stack in name order.
		for i := len(children) - 1; i >= 0; i-- {
			stack = append(stack, children[i])
		}
	}
	return nil
}

// sortedKeys reads a key's subkeys sorted by uppercased name; damaged
// says the list could not be read whole (the error is kept as a problem).
func (c *comparer) sortedKeys(k *hive.Key, depth int) (keys []*hive.Key, upper []string, damaged bool, err error) {
	if k.SubkeyCount > 0 && depth >= hive.MaxDepth {
		c.problem(fmt.Errorf("%s has subkeys nested deeper than %d levels, Windows' limit; they are not compared", k.Path(), hive.MaxDepth))
		return nil, nil, true, nil
	}
	keys, lerr := k.Subkeys()
	if err := c.charge(int64(len(keys)) * keyCost); err != nil {
		return nil, nil, false, err
	}
	if lerr != nil {
		c.problem(lerr)
		damaged = true
	}
	upper = make([]string, len(keys))
	for i, s := range keys {
		upper[i] = strings.ToUpper(s.Name)
	}
	sortBy(keys, upper)
	return keys, upper, damaged, nil
}

// subkeys pairs the subkeys of a pair of keys: those in both are
// returned to be compared, the others are added or removed changes.
func (c *comparer) subkeys(p pair) ([]pair, error) {
	ok, ou, odmg, err := c.sortedKeys(p.old, p.depth)
	if err != nil {
		return nil, err
	}
	nk, nu, ndmg, err := c.sortedKeys(p.new, p.depth)
	if err != nil {
		return nil, err
	}
	damaged := odmg || ndmg
	var out []pair
	merge(ou, nu, func(i, j int) {
		switch {
		case j < 0 && !damaged:
			c.add(keyChange(view.RegKeyRemoved, ok[i]))
		case i < 0 && !damaged:
			c.add(keyChange(view.RegKeyAdded, nk[j]))
		case i >= 0 && j >= 0:
			if c.enter(0, p.old, ok[i]) && c.enter(1, p.new, nk[j]) {
				out = append(out, pair{ok[i], nk[j], p.depth + 1})
			}
		}
	})
	return out, nil
}

// enter marks a key of side s as entered, and says whether it is new: a
// key entered before is a problem on the key that lists it again.
func (c *comparer) enter(s int, parent, k *hive.Key) bool {
	if c.seen[s].mark(k.Cell()) {
		c.problem(fmt.Errorf("%s lists the key %q at cell 0x%x, which was already reached (a cycle, or a key listed twice); it is not compared again",
			parent.Path(), k.Name, k.Cell()))
		return false
	}
	return true
}

func keyChange(kind view.WinRegChangeKind, k *hive.Key) view.WinRegChange {
	return view.WinRegChange{Kind: kind, Key: k.Path(), Subkeys: int(k.SubkeyCount), Values: int(k.ValueCount)}
}

// sortedValues reads a key's values sorted by uppercased name.
func (c *comparer) sortedValues(k *hive.Key) (vals []*hive.Value, upper []string, damaged bool, err error) {
	vals, lerr := k.Values()
	if err := c.charge(int64(len(vals)) * valueCost); err != nil {
		return nil, nil, false, err
	}
	if lerr != nil {
		c.problem(lerr)
		damaged = true
	}
	upper = make([]string, len(vals))
	for i, v := range vals {
		upper[i] = strings.ToUpper(v.Name)
	}
	sortBy(vals, upper)
	return vals, upper, damaged, nil
}

// values lists the values of a pair of keys that were added, removed or
// changed.
func (c *comparer) values(p pair) error {
	ov, ou, odmg, err := c.sortedValues(p.old)
	if err != nil {
		return err
	}
	nv, nu, ndmg, err := c.sortedValues(p.new)
	if err != nil {
		return err
	}
	damaged := odmg || ndmg
	var ferr error
	merge(ou, nu, func(i, j int) {
		if ferr != nil {
			return
		}
		switch {
		case j < 0 && !damaged:
			ch := c.valueChange(view.RegValueRemoved, p.new, ov[i])
			ch.OldType, ch.Old, ferr = c.text(ov[i])
			c.add(ch)
		case i < 0 && !damaged:
			ch := c.valueChange(view.RegValueAdded, p.new, nv[j])
			ch.NewType, ch.New, ferr = c.text(nv[j])
			c.add(ch)
		case i >= 0 && j >= 0:
			ferr = c.compareValue(p.new, ov[i], nv[j])
		}
	})
	return ferr
}

func (c *comparer) valueChange(kind view.WinRegChangeKind, k *hive.Key, v *hive.Value) view.WinRegChange {
	return view.WinRegChange{Kind: kind, Key: k.Path(), Value: v.Name, Default: v.Name == ""}
}

// data reads a value's data, charging it; a value whose data cannot be
// read has nil data and its error as a problem.
func (c *comparer) data(v *hive.Value) ([]byte, error) {
	b, err := v.Data()
	if cerr := c.charge(int64(len(b))); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		c.problem(err)
	}
	return b, nil
}

// compareValue lists a value whose type or data changed. Sizes that
// differ settle it without reading the data, which text then reads only
// for a change that is listed.
func (c *comparer) compareValue(k *hive.Key, o, n *hive.Value) error {
	if o.Type == n.Type && o.Size() == n.Size() {
		od, err := c.data(o)
		if err != nil {
			return err
		}
		nd, err := c.data(n)
		if err != nil {
			return err
		}
		if bytes.Equal(od, nd) {
			return nil
		}
	}
	ch := c.valueChange(view.RegValueChanged, k, n)
	var err error
	if ch.OldType, ch.Old, err = c.text(o); err != nil {
		return err
	}
	if ch.NewType, ch.New, err = c.text(n); err != nil {
		return err
	}
	c.add(ch)
	return nil
}

// Text shown of a value: strings and hex cut at these lengths.
const (
	maxText = 256 // characters of a string
	maxHex  = 64  // bytes of binary data
)

// text is a value's type and data as text, for a person, decoded as the
// registry view decodes it (core/registry): strings as they are
// (REG_MULTI_SZ's quoted, one after another), numbers in hex and
// decimal, anything else in hex; long data is cut, saying how long it
// is. A change past the listed ones is counted, not read.
func (c *comparer) text(v *hive.Value) (string, string, error) {
	if c.out.Total >= c.lim.Changes {
		return "", "", nil
	}
	if err := c.charge(min(v.Size(), hive.MaxValueSize)); err != nil {
		return "", "", err
	}
	r := registry.Value(v)
	switch {
	case r.Error != nil:
		c.problemInfo(*r.Error)
		return r.Type, "", nil
	case r.Text != nil:
		return r.Type, cut(*r.Text), nil
	case v.Type == hive.MultiSZ:
		q := make([]string, len(r.Strings))
		for i, s := range r.Strings {
			q[i] = `"` + s + `"`
		}
		return r.Type, cut(strings.Join(q, " ")), nil
	case r.Decimal != "":
		return r.Type, r.Hex + " (" + r.Decimal + ")", nil
	}
	h := r.Hex[:min(len(r.Hex), 2*maxHex)]
	if len(h) < len(r.Hex) || r.Cut {
		h += fmt.Sprintf("… (%d bytes)", r.Size)
	}
	return r.Type, h, nil
}

// cut shortens s to maxText characters, saying how long it was.
func cut(s string) string {
	if n := utf8.RuneCountInString(s); n > maxText {
		r := []rune(s)
		return string(r[:maxText]) + fmt.Sprintf("… (%d characters)", n)
	}
	return s
}

// sortBy sorts items by their keys (stably: names listed twice keep
// their order, and pair first with first).
func sortBy[T any](items []T, keys []string) {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	its, ks := slices.Clone(items), slices.Clone(keys)
	for i, j := range idx {
		items[i], keys[i] = its[j], ks[j]
	}
}

// merge walks two sorted lists of names in step, calling fn(i, j) for a
// name in both, fn(i, -1) for one only in a, fn(-1, j) for one only in b.
func merge(a, b []string, fn func(i, j int)) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b):
			fn(i, -1)
			i++
		case i == len(a):
			fn(-1, j)
			j++
		default:
			switch cmp.Compare(a[i], b[j]) {
			case 0:
				fn(i, j)
				i, j = i+1, j+1
			case -1:
				fn(i, -1)
				i++
			default:
				fn(-1, j)
				j++
			}
		}
	}
}

// bitmap marks cell offsets (multiples of 8) of a hive of size bytes.
type bitmap []uint64

func newBitmap(size int64) bitmap { return make(bitmap, size/8/64+1) }

// mark sets off's bit and says whether it was set.
func (m bitmap) mark(off uint32) bool {
	i := off / 8
	if int(i/64) >= len(m) {
		return false
	}
	was := m[i/64]&(1<<(i%64)) != 0
	m[i/64] |= 1 << (i % 64)
	return was
}
