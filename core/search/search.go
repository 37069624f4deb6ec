// Package search finds files in an image by name: a plain query matches
// names that contain it (paths, when it has a '/'), a glob (with *, ? or
// **) matches whole names (whole paths, when it has a '/'). Matching
// ignores case, as Windows does. Fuzzy ranking is for later; results come
// in tree order.
package search

import (
	"context"
	"regexp"
	"strings"

	"github.com/wimlens/wimlens/core/meta"
)

// Pattern is a compiled query.
type Pattern struct {
	substring string         // lower-cased; used when re is nil
	re        *regexp.Regexp // for globs
	path      bool           // the query names a path, not a name
}

// Compile reads a query. Glob syntax: * matches any run of characters
// within one path segment, ? one character other than '/', ** any run
// across segments ("**/" also matches no segment at all). Every other
// character stands for itself. A query without '/' looks at names; one
// with '/' at paths: a plain one anywhere in the "/"-rooted path (so
// "/Windows/Sys" finds what lies in /Windows/System32), a glob the whole
// path, its leading '/' optional. Backslashes count as '/', since Windows users type them.
func Compile(query string) *Pattern {
	query = strings.ReplaceAll(query, `\`, "/")
	p := &Pattern{path: strings.Contains(query, "/")}
	if !strings.ContainsAny(query, "*?") {
		p.substring = strings.ToLower(query)
		return p
	}
	if p.path {
		query = strings.TrimPrefix(query, "/")
	}
	// regexp is RE2, linear in the input whatever the pattern, so a
	// hostile query cannot make the search explode.
	var b strings.Builder
	b.WriteString(`(?is)^`)
	for i := 0; i < len(query); {
		switch {
		case strings.HasPrefix(query[i:], "**/"):
			b.WriteString(`(?:.*/)?`)
			i += 3
		case strings.HasPrefix(query[i:], "**"):
			b.WriteString(`.*`)
			i += 2
		case query[i] == '*':
			b.WriteString(`[^/]*`)
			i++
		case query[i] == '?':
			b.WriteString(`[^/]`)
			i++
		default:
			j := i + 1
			for j < len(query) && query[j] != '*' && query[j] != '?' {
				j++
			}
			b.WriteString(regexp.QuoteMeta(query[i:j]))
			i = j
		}
	}
	b.WriteString(`$`)
	p.re = regexp.MustCompile(b.String()) // every piece above is valid syntax
	return p
}

// MatchesPaths reports whether the pattern looks at whole paths rather
// than names.
func (p *Pattern) MatchesPaths() bool { return p.path }

// Match reports whether a file matches, given its name and its path from
// the root without the leading '/'.
func (p *Pattern) Match(name, path string) bool {
	switch {
	case p.re == nil && p.path:
		return strings.Contains(strings.ToLower("/"+path), p.substring)
	case p.re == nil:
		return strings.Contains(strings.ToLower(name), p.substring)
	case p.path:
		return p.re.MatchString(path)
	}
	return p.re.MatchString(name)
}

// Hit is one file found, with its path ("/"-rooted).
type Hit struct {
	File *meta.File
	Path string
}

// checkEvery is how many entries are visited between looks at the context.
const checkEvery = 4096

// Search walks the tree below root (root itself excluded) in tree order and
// returns up to limit hits; more reports whether further matches were cut.
// An empty query matches nothing. The error is the context's, when it ends
// the walk; the hits found by then are returned with it.
func Search(ctx context.Context, root *meta.File, query string, limit int) (hits []Hit, more bool, err error) {
	if query == "" || limit <= 0 {
		return nil, false, nil
	}
	s := searcher{ctx: ctx, p: Compile(query), limit: limit}
	s.walk(root, "")
	return s.hits, s.more, s.err
}

type searcher struct {
	ctx     context.Context
	p       *Pattern
	limit   int
	visited int
	hits    []Hit
	more    bool
	err     error
}

// walk visits dir's children; prefix is dir's path without the leading '/'
// ("" for the root; always "" unless the pattern matches paths). It returns
// false once the search is over.
func (s *searcher) walk(dir *meta.File, prefix string) bool {
	for _, f := range dir.Children() {
		if s.visited++; s.visited%checkEvery == 0 {
			if s.err = s.ctx.Err(); s.err != nil {
				return false
			}
		}
		// Paths are built only for path globs: most queries look at names,
		// and a hit's path is cheap to ask for afterwards.
		var path string
		if s.p.path {
			path = f.Name
			if prefix != "" {
				path = prefix + "/" + f.Name
			}
		}
		if s.p.Match(f.Name, path) {
			if len(s.hits) == s.limit {
				s.more = true
				return false
			}
			s.hits = append(s.hits, Hit{File: f, Path: f.Path()})
		}
		if f.IsDir() && !s.walk(f, path) {
			return false
		}
	}
	return true
}
