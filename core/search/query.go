package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
)

// Mode says how a query's text is read.
type Mode int

const (
	Auto      Mode = iota // Glob when the text has * or ?, else Substring
	Substring             // the text anywhere in the name (path)
	Glob                  // the text as a glob over the whole name (path)
	Fuzzy                 // names (paths) close to the text, best first
)

// Query is what to look for. Text is read according to Mode; the other
// fields are filters that every hit must pass, their zero values letting
// everything through. A query with neither text nor filter finds nothing,
// so an empty search box does not list the whole image.
type Query struct {
	Text       string
	Mode       Mode
	MinSize    int64  // the unnamed stream's size is at least this
	MaxSize    int64  // ... and at most this, when above 0
	Attributes uint32 // every one of these attribute bits is set
	HasStreams bool   // the file has named data streams
	Reparse    bool   // the file is a reparse point
	SHA1       string // the unnamed stream's SHA-1, 40 hex digits
}

// Effective is the mode the text is read in, Auto resolved.
func (q Query) Effective() Mode {
	if q.Mode == Auto {
		if strings.ContainsAny(q.Text, "*?") {
			return Glob
		}
		return Substring
	}
	return q.Mode
}

func (m Mode) String() string {
	return [...]string{"auto", "substring", "glob", "fuzzy"}[m]
}

// Hit is one file found, with its path ("/"-rooted) and, for fuzzy
// queries, its edit distance from the text.
type Hit struct {
	File     *meta.File
	Path     string
	Distance int
}

// checkEvery is how many entries are visited between looks at the context.
const checkEvery = 4096

// Search walks the tree below root (root itself excluded) and returns up to
// limit hits: in tree order, or best first for fuzzy queries; more reports
// whether further matches were cut. The error is the context's, when it
// ends the walk (the hits found by then are returned with it), or says the
// query's SHA-1 is malformed.
func Search(ctx context.Context, root *meta.File, q Query, limit int) (hits []Hit, more bool, err error) {
	f, err := newFilter(q)
	if err != nil || limit <= 0 || (q.Text == "" && f.none()) {
		return nil, false, err
	}
	s := searcher{ctx: ctx, filter: f, limit: limit}
	switch mode := q.Effective(); {
	case q.Text == "":
	case mode == Fuzzy:
		s.fuzzy = newFuzzy(q.Text)
		s.paths = s.fuzzy.path
	default:
		s.p = compile(q.Text, mode == Glob)
		s.paths = s.p.path
	}
	s.walk(root)
	if s.fuzzy != nil {
		// Ranking needs every candidate, so the limit applies only now.
		sort.SliceStable(s.hits, func(i, j int) bool {
			a, b := s.hits[i], s.hits[j]
			return a.Distance < b.Distance || (a.Distance == b.Distance && a.Path < b.Path)
		})
		if len(s.hits) > limit {
			s.hits, s.more = s.hits[:limit], true
		}
	}
	return s.hits, s.more, s.err
}

// filter holds a query's conditions on what a file is rather than on its name.
type filter struct {
	minSize, maxSize int64
	attributes       meta.Attributes
	streams, reparse bool
	sha1             *digest.SHA1
}

func newFilter(q Query) (filter, error) {
	f := filter{minSize: q.MinSize, maxSize: q.MaxSize, attributes: meta.Attributes(q.Attributes), streams: q.HasStreams, reparse: q.Reparse}
	if q.SHA1 != "" {
		h, err := digest.Parse(q.SHA1)
		if err != nil {
			return f, fmt.Errorf("search: bad SHA-1: %w", err)
		}
		f.sha1 = &h
	}
	return f, nil
}

// none reports whether the filter lets everything through.
func (f filter) none() bool { return f == filter{} }

func (f filter) ok(file *meta.File) bool {
	size := file.Size()
	switch {
	case size < f.minSize, f.maxSize > 0 && size > f.maxSize:
		return false
	case file.Attributes&f.attributes != f.attributes:
		return false
	case f.reparse && file.Attributes&meta.AttrReparsePoint == 0:
		return false
	case f.streams && len(file.NamedStreams()) == 0:
		return false
	case f.sha1 != nil:
		d := file.Data()
		return d != nil && d.Hash == *f.sha1
	}
	return true
}

type searcher struct {
	ctx     context.Context
	filter  filter
	p       *Pattern // substring or glob; nil for fuzzy or filter-only queries
	fuzzy   *fuzzy
	paths   bool // the text is matched against paths, which walk then builds
	limit   int
	visited int
	hits    []Hit
	more    bool
	err     error
}

// walk visits root's children and everything below them, parents first,
// each folder's entries in order. It keeps a stack of its own rather than
// recurse: trees may nest 16,384 folders deep, and the page's engine has
// a small call stack. It returns false once the search is over.
func (s *searcher) walk(root *meta.File) bool {
	// buf is the path of the entry visited, without the leading '/', for
	// path queries: one buffer, since the stack holding a path per level
	// would take depth² bytes.
	var buf []byte
	// folder is a folder's entries not visited yet, and the length of its
	// path in buf.
	type folder struct {
		rest []*meta.File
		n    int
	}
	stack := []folder{{root.Children(), 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.rest) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		f, n := top.rest[0], top.n
		top.rest = top.rest[1:]
		if s.visited++; s.visited%checkEvery == 0 {
			if s.err = s.ctx.Err(); s.err != nil {
				return false
			}
		}
		// Paths are built only for path queries: most queries look at
		// names, and a hit's path is cheap to ask for afterwards.
		var path string
		if s.paths {
			if buf = buf[:n]; n > 0 {
				buf = append(buf, '/')
			}
			buf = append(buf, f.Name...)
			path = string(buf)
		}
		if s.filter.ok(f) && !s.visit(f, path) {
			return false
		}
		if f.IsDir() {
			stack = append(stack, folder{f.Children(), len(buf)})
		}
	}
	return true
}

// visit matches one file that passed the filter; it returns false once the
// limit is passed.
func (s *searcher) visit(f *meta.File, path string) bool {
	if s.fuzzy != nil {
		if d, ok := s.fuzzy.distance(f.Name, path); ok {
			s.hits = append(s.hits, Hit{File: f, Path: f.Path(), Distance: d})
		}
		return true
	}
	if s.p != nil && !s.p.Match(f.Name, path) {
		return true
	}
	if len(s.hits) == s.limit {
		s.more = true
		return false
	}
	s.hits = append(s.hits, Hit{File: f, Path: f.Path()})
	return true
}
