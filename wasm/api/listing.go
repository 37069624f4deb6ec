package api

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/search"
	"github.com/wimlens/wimlens/core/view"
)

// The page's listing: a scope's entries as node ids in a sort's order,
// made once and kept as an int32 per entry (not rows), so that a folder of
// 150k files, or the whole image sorted by size ("largest files"), costs
// one sort, and the page fetches the window of rows it draws. Exports page
// through the same orders.

// Scopes of a listing.
const (
	scopeFolder = "folder" // node's children, folders first in either direction
	scopeTree   = "tree"   // every entry below node, in the tree's order
	scopeFiles  = "files"  // every file of the image (not folders)
	scopeSearch = "search" // the search's hits, unlimited
)

// maxRows caps the rows one request returns.
const maxRows = 5000

// maxOrders is how many orders an image keeps: the folder shown, the
// image sorted for "largest files", and one more (an export's).
const maxOrders = 3

type orderKey struct {
	scope string
	node  int
	query search.Query
	sort  string
}

// order is a scope's ids in a sort's ascending order; in a folder, its
// first dirs ids are the folders, which stay first when reversed.
type order struct {
	key  orderKey
	ids  []int32
	dirs int
}

// at is the id at position p, read in descending order when desc.
func (o *order) at(p int, desc bool) int {
	if !desc {
		return int(o.ids[p])
	}
	if p < o.dirs {
		return int(o.ids[o.dirs-1-p])
	}
	return int(o.ids[len(o.ids)-1-(p-o.dirs)])
}

// orders are an image's, the most recent first.
type orders struct {
	mu   sync.Mutex
	list []*order
}

func (os *orders) get(k orderKey) *order {
	os.mu.Lock()
	defer os.mu.Unlock()
	for i, o := range os.list {
		if o.key == k {
			copy(os.list[1:i+1], os.list[:i])
			os.list[0] = o
			return o
		}
	}
	return nil
}

func (os *orders) put(o *order) {
	os.mu.Lock()
	defer os.mu.Unlock()
	os.list = append([]*order{o}, os.list[:min(len(os.list), maxOrders-1)]...)
}

// rows answers the page's listing: a window of a scope in a sort's order,
// and where a type-ahead prefix matches.
func (s *session) rows(ctx context.Context, req Request) (*view.Rows, error) {
	li, err := s.image(req.Image)
	if err != nil {
		return nil, err
	}
	k := orderKey{scope: req.Scope, node: req.Node, sort: req.Sort}
	switch req.Scope {
	case scopeFiles:
		k.node = 0
	case scopeSearch:
		k.node = 0
		if k.query, err = searchQuery(req); err != nil {
			return nil, err
		}
	case "":
		k.scope = scopeFolder
	case scopeFolder, scopeTree:
	default:
		return nil, fmt.Errorf("no listing scope %q", req.Scope)
	}
	if k.sort == "" {
		k.sort = "name"
	}
	o := li.orders.get(k)
	if o == nil {
		if o, err = s.makeOrder(ctx, li, k); err != nil {
			return nil, err
		}
		li.orders.put(o)
	}
	files := li.files()
	n := len(o.ids)
	off := int(min(max(req.Offset, 0), int64(n)))
	limit := req.Limit
	if limit <= 0 || limit > maxRows {
		limit = maxRows
	}
	out := &view.Rows{Total: n, Offset: off, Rows: []view.Row{}, Found: -1}
	switch {
	case req.Prefix != "":
		out.Found = o.find(files, off, req.Desc, req.Prefix)
	case req.Find > 0:
		// The page shows a file chosen in the tree in its folder.
		for p := range n {
			if o.at(p, req.Desc) == req.Find {
				out.Found = p
				break
			}
		}
	}
	for p := off; p < min(n, off+limit); p++ {
		id := o.at(p, req.Desc)
		out.Rows = append(out.Rows, view.DescribeRow(s.a, id, files[id]))
	}
	return out, nil
}

// find is type-ahead as the tree does it (web/src/tree-model.ts): the
// next position after from (wrapping) whose name starts with prefix,
// ignoring case; a prefix longer than a letter may match from itself.
func (o *order) find(files []*meta.File, from int, desc bool, prefix string) int {
	n := len(o.ids)
	start := 1
	if utf8.RuneCountInString(prefix) > 1 {
		start = 0
	}
	for k := start; k <= n && n > 0; k++ {
		p := (from + k) % n
		name := files[o.at(p, desc)].Name
		if len(name) >= len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
			return p
		}
	}
	return -1
}

// files is the id → file table as it stands; ids only ever get added.
func (li *loadedImage) files() []*meta.File {
	li.mu.Lock()
	defer li.mu.Unlock()
	return li.byID
}

// makeOrder lists k's scope and sorts it.
func (s *session) makeOrder(ctx context.Context, li *loadedImage, k orderKey) (*order, error) {
	root, err := li.file(k.node)
	if err != nil {
		return nil, err
	}
	var ids []int32
	switch k.scope {
	case scopeFolder:
		base := li.firstChild(root)
		for i := range root.Children() {
			ids = append(ids, int32(base+i))
		}
	case scopeSearch:
		hits, _, err := search.Search(ctx, li.img.Root, k.query, 1<<31-1)
		if err != nil {
			return nil, err
		}
		ids = make([]int32, len(hits))
		for i, h := range hits {
			ids[i] = int32(li.id(h.File))
		}
	default:
		ids = li.below(root, k.scope == scopeFiles)
	}
	files := li.files()
	o := &order{key: k, ids: ids}
	if k.scope == scopeFolder {
		// Folders first, as file managers list them.
		slices.SortStableFunc(o.ids, func(a, b int32) int {
			return cmpBool(files[b].IsDir(), files[a].IsDir())
		})
		for o.dirs < len(ids) && files[ids[o.dirs]].IsDir() {
			o.dirs++
		}
	}
	if err := sortIDs(ctx, s, files, o, k.sort); err != nil {
		return nil, err
	}
	return o, nil
}

// below is every entry under dir in the tree's order as wimlib-imagex
// dir lists it (depth first, each folder's names ignoring case), only
// files when filesOnly, with ids handed out as it goes. A stack of its
// own: js/wasm runs Go on the JS engine's stack.
func (li *loadedImage) below(dir *meta.File, filesOnly bool) []int32 {
	var ids []int32
	type level struct {
		kids  []*meta.File
		base  int
		order []int32 // kids' positions by name, ignoring case
	}
	enter := func(d *meta.File) level {
		kids := d.Children()
		order := make([]int32, len(kids))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return foldCompare(kids[a].Name, kids[b].Name) })
		return level{kids, li.firstChild(d), order}
	}
	stack := []level{enter(dir)}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.order) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		k := top.order[0]
		top.order = top.order[1:]
		f := top.kids[k]
		if !filesOnly || !f.IsDir() {
			ids = append(ids, int32(top.base+int(k)))
		}
		if f.IsDir() && len(f.Children()) > 0 {
			stack = append(stack, enter(f))
		}
	}
	return ids
}

// sortIDs sorts o's ids by key, ascending, stably (ties keep the scope's
// order), folders and files apart in a folder.
func sortIDs(ctx context.Context, s *session, files []*meta.File, o *order, key string) error {
	groups := [][]int32{o.ids[:o.dirs], o.ids[o.dirs:]}
	if key == "name" {
		if o.key.scope != scopeFolder {
			return nil // the tree's order is by names already
		}
		for _, g := range groups {
			slices.SortStableFunc(g, func(a, b int32) int { return foldCompare(files[a].Name, files[b].Name) })
		}
		return nil
	}
	if key == "sha1" {
		for _, g := range groups {
			slices.SortStableFunc(g, func(a, b int32) int { return cmp.Compare(hashOf(files[a]), hashOf(files[b])) })
		}
		return nil
	}
	value, ok := sortKeys[key]
	if !ok {
		return fmt.Errorf("no listing sort %q", key)
	}
	type keyed struct {
		v  int64
		id int32
	}
	for _, g := range groups {
		ks := make([]keyed, len(g))
		for i, id := range g {
			if i%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			ks[i] = keyed{value(s, files[id]), id}
		}
		slices.SortStableFunc(ks, func(a, b keyed) int { return cmp.Compare(a.v, b.v) })
		for i := range ks {
			g[i] = ks[i].id
		}
	}
	return nil
}

// sortKeys are the listing's numeric columns.
var sortKeys = map[string]func(*session, *meta.File) int64{
	"size":       func(_ *session, f *meta.File) int64 { return f.Size() },
	"stored":     func(s *session, f *meta.File) int64 { return view.StoredOf(s.a, f) },
	"modified":   func(_ *session, f *meta.File) int64 { return int64(f.LastWrite) },
	"created":    func(_ *session, f *meta.File) int64 { return int64(f.Creation) },
	"accessed":   func(_ *session, f *meta.File) int64 { return int64(f.LastAccess) },
	"attributes": func(_ *session, f *meta.File) int64 { return int64(f.Attributes) },
}

func hashOf(f *meta.File) string {
	if d := f.Data(); d != nil && !d.Hash.IsZero() {
		return string(d.Hash[:])
	}
	return ""
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// foldCompare orders names as wimlib-imagex dir lists them, and as
// Windows compares names: by UTF-16 code units, upper-cased, then as
// stored when they differ only by case.
func foldCompare(a, b string) int {
	x, y := a, b
	for x != "" && y != "" {
		r1, n1 := utf8.DecodeRuneInString(x)
		r2, n2 := utf8.DecodeRuneInString(y)
		x, y = x[n1:], y[n2:]
		if c := cmp.Compare(utf16Key(unicode.ToUpper(r1)), utf16Key(unicode.ToUpper(r2))); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(x), len(y)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// utf16Key orders runes as their UTF-16 code units do: those beyond the
// BMP (surrogate pairs, 0xD800 on) before U+E000 to U+FFFF.
func utf16Key(r rune) uint32 {
	if r < 0x10000 {
		return uint32(r) << 16
	}
	hi, lo := utf16.EncodeRune(r)
	return uint32(hi)<<16 | uint32(lo)
}
