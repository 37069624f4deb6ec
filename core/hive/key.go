package hive

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/wimlens/wimlens/core/meta"
)

// MaxDepth is how deep Walk goes below the root: Windows' own limit on
// nested keys.
const MaxDepth = 512

const (
	nkFixed     = 76   // bytes of a key cell before its name
	nkCompName  = 0x20 // the name is stored one byte a character (Latin-1)
	vkFixed     = 20
	vkCompName  = 0x1
	minKeyBytes = 80 // the smallest key cell: a bound on how many subkeys a hive can hold
)

// Key is a key as its cell describes it.
type Key struct {
	h     *Hive
	off   uint32
	path  string
	depth int
	walk  *walk // the Walk that found the key, which its reads are charged to

	Name        string
	Flags       uint16
	LastWritten meta.Filetime
	SubkeyCount uint32 // as the key claims; Subkeys says what is there
	ValueCount  uint32
	Security    uint32 // offset of its security (sk) cell, which is not read

	subkeys, values, class uint32
	classLen               uint16
}

// Path is the key's path: the hive's name, then the names from the root
// down, joined by `\`.
func (k *Key) Path() string { return k.path }

// Cell is the offset of the key's cell in the hive bins: two keys with
// one Cell are one key, listed twice (a cycle, or damage), which a walk
// of its own must not enter twice.
func (k *Key) Cell() uint32 { return k.off }

func (k *Key) site() site { return site{key: k.path} }

// key reads the key cell at off: path and depth are where it sits, what
// names it for errors at the referring key.
func (h *Hive) key(at site, off uint32, parent string, depth int, what string, w *walk) (*Key, error) {
	c, err := w.cell(h, at, off, what)
	if err != nil {
		return nil, err
	}
	cellAt := baseSize + int64(off)
	if len(c) < nkFixed || string(c[:2]) != "nk" {
		return nil, at.fail(cellAt, ErrCorrupt, "has %s at offset 0x%x, which is not a key cell (it starts %x)", what, cellAt, c[:min(len(c), 2)])
	}
	k := &Key{h: h, off: off, depth: depth, walk: w,
		Flags:       le.Uint16(c[2:]),
		LastWritten: meta.Filetime(le.Uint64(c[4:])),
		SubkeyCount: le.Uint32(c[20:]),
		subkeys:     le.Uint32(c[28:]),
		ValueCount:  le.Uint32(c[36:]),
		values:      le.Uint32(c[40:]),
		Security:    le.Uint32(c[44:]),
		class:       le.Uint32(c[48:]),
		classLen:    le.Uint16(c[74:]),
	}
	nameLen := int(le.Uint16(c[72:]))
	if nkFixed+nameLen > len(c) {
		return nil, at.fail(cellAt, ErrCorrupt, "has %s at offset 0x%x whose name (%s) runs past its cell (%s)", what, cellAt, bytesText(int64(nameLen)), bytesText(int64(len(c))))
	}
	k.Name = name(c[nkFixed:nkFixed+nameLen], k.Flags&nkCompName != 0)
	switch {
	case depth == 0:
		k.path = parent
	case parent == "":
		k.path = k.Name
	default:
		k.path = parent + `\` + k.Name
	}
	return k, nil
}

// name decodes a key or value name: Latin-1 when stored one byte a
// character, UTF-16LE otherwise.
func name(b []byte, compressed bool) string {
	if !compressed {
		return utf16z(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// Class is the key's class name, "" when it has none.
func (k *Key) Class() (string, error) {
	if k.class == noCell || k.classLen == 0 {
		return "", nil
	}
	c, err := k.cell(k.site(), k.class, "its class name")
	if err != nil {
		return "", err
	}
	if int(k.classLen) > len(c) {
		return "", k.site().fail(baseSize+int64(k.class), ErrCorrupt, "has a class name of %s in a cell of %s", bytesText(int64(k.classLen)), bytesText(int64(len(c))))
	}
	return utf16z(c[:k.classLen]), nil
}

// subkeyCells lists the cell offsets of the key's subkeys from its subkey
// list: an lf, lh or li list, or an ri list of those (one level, as Windows
// writes them). The list is cut where it would hold more entries than the
// key claims or than the hive has room for keys.
func (k *Key) subkeyCells() ([]uint32, error) {
	if k.SubkeyCount == 0 {
		return nil, nil
	}
	limit := min(int64(k.SubkeyCount), k.h.bins/minKeyBytes)
	var offs []uint32
	at := k.site()
	var walkList func(off uint32, nested bool) error
	walkList = func(off uint32, nested bool) error {
		what := "its subkey list"
		if nested {
			what = "a part of its subkey list"
		}
		c, err := k.cell(at, off, what)
		if err != nil {
			return err
		}
		cellAt := baseSize + int64(off)
		if len(c) < 4 {
			return at.fail(cellAt, ErrCorrupt, "has %s in a cell of %s, too small for a list", what, bytesText(int64(len(c))))
		}
		n := int64(le.Uint16(c[2:]))
		step := int64(4)
		switch sig := string(c[:2]); {
		case sig == "lf" || sig == "lh":
			step = 8
		case sig == "li":
		case sig == "ri" && !nested:
			if 4+n*4 > int64(len(c)) {
				return at.fail(cellAt, ErrCorrupt, "has %s claiming %d parts, more than its cell of %s holds", what, n, bytesText(int64(len(c))))
			}
			for i := range n {
				if err := walkList(le.Uint32(c[4+i*4:]), true); err != nil {
					return err
				}
			}
			return nil
		case sig == "ri":
			return at.fail(cellAt, ErrCorrupt, "has an index (ri) list inside its index list at offset 0x%x; Windows nests them one level only", cellAt)
		default:
			return at.fail(cellAt, ErrCorrupt, "has %s at offset 0x%x, which is not a subkey list (it starts %x)", what, cellAt, c[:2])
		}
		if 4+n*step > int64(len(c)) {
			return at.fail(cellAt, ErrCorrupt, "has %s claiming %d entries, more than its cell of %s holds", what, n, bytesText(int64(len(c))))
		}
		if int64(len(offs))+n > limit {
			return at.fail(cellAt, ErrCorrupt, "has a subkey list of more entries than the %d subkeys it claims (or than the hive has room for)", k.SubkeyCount)
		}
		for i := range n {
			offs = append(offs, le.Uint32(c[4+i*step:]))
		}
		return nil
	}
	if err := walkList(k.subkeys, false); err != nil {
		return offs, err
	}
	if int64(len(offs)) != int64(k.SubkeyCount) {
		return offs, at.fail(baseSize+int64(k.subkeys), ErrCorrupt, "claims %d subkeys, but its subkey list holds %d", k.SubkeyCount, len(offs))
	}
	return offs, nil
}

// child reads the key cell at off, listed as a subkey of k.
func (k *Key) child(off uint32) (*Key, error) {
	return k.h.key(k.site(), off, k.path, k.depth+1, fmt.Sprintf("a subkey at cell 0x%x", off), k.walk)
}

// Subkeys reads the key's subkeys in the order of its list (Windows keeps
// it sorted by uppercased name). When some cannot be read, the others are
// returned with an error that says why.
func (k *Key) Subkeys() ([]*Key, error) {
	offs, err := k.subkeyCells()
	return scan(k.site(), offs, err, k.child, nil)
}

// Subkey finds the subkey called name, ignoring case as Windows does
// (Unicode simple case folding, strings.EqualFold).
func (k *Key) Subkey(name string) (*Key, error) {
	offs, err := k.subkeyCells()
	return find(k, offs, err, k.child, func(c *Key) string { return c.Name }, name, "subkey")
}

// find reads the cells at offs, listed by k, until one is named name;
// what says what they are, for the error when none is.
func find[T any](k *Key, offs []uint32, err error, read func(uint32) (T, error), nameOf func(T) string, name, what string) (T, error) {
	found, err := scan(k.site(), offs, err, read, func(x T) bool { return strings.EqualFold(nameOf(x), name) })
	switch {
	case len(found) == 1:
		return found[0], nil
	case err == nil:
		err = fmt.Errorf("%w: %s has no %s %s", ErrNotFound, keyWords(k.path), what, quote(name))
	}
	var none T
	return none, err
}

// scan reads the cells at offs, listed by the key at at, with read,
// gathering what goes wrong (err: what went wrong reading the list). With
// match, it returns the first entry match accepts, or none.
func scan[T any](at site, offs []uint32, err error, read func(uint32) (T, error), match func(T) bool) ([]T, error) {
	var errs problems
	errs.add(err)
	var out []T
	if match == nil {
		out = make([]T, 0, len(offs))
	}
	for _, off := range offs {
		x, err := read(off)
		switch {
		case err != nil:
			errs.add(err)
		case match == nil:
			out = append(out, x)
		case match(x):
			return []T{x}, nil
		}
	}
	return out, errs.err(at)
}

// Key finds the key at path below the root: names separated by `\`,
// matched ignoring case; empty names (a leading `\`) are skipped.
func (h *Hive) Key(path string) (*Key, error) {
	k := h.root
	for part := range strings.SplitSeq(path, `\`) {
		if part == "" {
			continue
		}
		var err error
		if k, err = k.Subkey(part); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// Walk visits every key reachable from the root, parents before their
// subkeys, each key cell once. fn gets each key with what went wrong
// reading its subkey list (nil when nothing did); the subkeys it could
// read are visited still. fn gets the key again, with the error, for each
// subkey that cannot be read, was already visited (a cycle, or a cell
// listed twice) or would be nested deeper than MaxDepth: such a subkey is
// not entered. What the keys Walk finds read (lists, values, data) is
// capped at walkReads times the hive's size; past it, reads fail with
// ErrShared, which only a hive whose cells are shared between keys meets.
// Walk stops when fn returns an error, and returns it. Its stack
// is its own, so deep hives cost no call stack (js/wasm runs Go on the JS
// engine's stack).
func (h *Hive) Walk(fn func(k *Key, err error) error) error {
	return h.root.Walk(fn)
}

// Walk is the hive's Walk from k down: k first, then every key below it.
func (k *Key) Walk(fn func(k *Key, err error) error) error {
	h := k.h
	seen := make([]uint64, h.bins/8/64+1) // a bit per possible cell offset
	mark := func(off uint32) bool {
		i := off / 8
		if int64(i/64) >= int64(len(seen)) {
			return false
		}
		was := seen[i/64]&(1<<(i%64)) != 0
		seen[i/64] |= 1 << (i % 64)
		return was
	}
	type frame struct {
		k    *Key
		offs []uint32
	}
	mark(k.off)
	root := *k
	root.walk = &walk{limit: walkReads*h.bins + 1<<20}
	var stack []frame
	visit := func(k *Key) error {
		var errs problems
		var offs []uint32
		if k.depth >= MaxDepth && k.SubkeyCount > 0 {
			errs.add(k.site().fail(-1, ErrTooDeep, "has subkeys nested deeper than %d levels below the root, Windows' limit; they are not read", MaxDepth))
		} else {
			var err error
			offs, err = k.subkeyCells()
			errs.add(err)
		}
		if err := fn(k, errs.err(k.site())); err != nil {
			return err
		}
		if len(offs) > 0 {
			stack = append(stack, frame{k, offs})
		}
		return nil
	}
	if err := visit(&root); err != nil {
		return err
	}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.offs) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		parent, off := top.k, top.offs[0]
		top.offs = top.offs[1:]
		if off%8 == 0 && mark(off) {
			if err := fn(parent, parent.site().fail(baseSize+int64(off), ErrCycle,
				"lists the key at offset 0x%x, which was already reached (a cycle, or a key listed twice); it is not entered again", baseSize+int64(off))); err != nil {
				return err
			}
			continue
		}
		c, err := parent.child(off)
		if err != nil {
			if err := fn(parent, err); err != nil {
				return err
			}
			continue
		}
		if err := visit(c); err != nil {
			return err
		}
	}
	return nil
}

// walkReads bounds what the keys a Walk finds may read, lists, values and
// data together, as a multiple of the hive's size. A sound hive's cells
// each belong to one key, so a walk reading every value reads its hive
// about once; cells shared between keys (damage) would make it read the
// square of the hive's size.
const walkReads = 8

// walk counts what the keys of one Walk read.
type walk struct {
	read  atomic.Int64
	limit int64
}

// cell reads a cell for a key of the walk w (nil: a key found by a
// lookup, whose reads are bounded by its own lists), charging it to w.
func (w *walk) cell(h *Hive, at site, off uint32, what string) ([]byte, error) {
	c, err := h.cell(at, off, what)
	if err != nil || w == nil {
		return c, err
	}
	if n := w.read.Add(int64(len(c)) + 4); n > w.limit {
		return nil, at.fail(baseSize+int64(off), ErrShared, "cannot be read: this walk has read %s, %d times the hive's size, so its cells must be shared between keys, which Windows never writes", bytesText(n), walkReads)
	}
	return c, nil
}

func (k *Key) cell(at site, off uint32, what string) ([]byte, error) {
	return k.walk.cell(k.h, at, off, what)
}

// problems gathers the errors met reading a key's subkeys or values: the
// first few in full, the rest counted, so a list of a million bad entries
// costs no more than a few.
type problems struct {
	errs []error
	more int
}

const keptProblems = 8

func (p *problems) add(err error) {
	switch {
	case err == nil:
	case len(p.errs) < keptProblems:
		p.errs = append(p.errs, err)
	default:
		p.more++
	}
}

func (p *problems) err(at site) error {
	if p.more > 0 {
		p.errs = append(p.errs, at.fail(-1, ErrCorrupt, "has %d more problems like these", p.more))
	}
	return errors.Join(p.errs...)
}
