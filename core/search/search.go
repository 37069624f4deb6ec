// Package search finds files in an image by name and by what they hold: a
// plain query matches names that contain it (paths, when it has a '/'), a
// glob (with *, ? or **) matches whole names (whole paths, when it has a
// '/'), a fuzzy query ranks names by edit distance. Filters on size,
// attributes, streams and hash narrow any of them. Matching ignores case,
// as Windows does. Substring and glob results come in tree order, fuzzy
// ones best first.
package search

import "strings"

// Pattern is a compiled query.
type Pattern struct {
	substring string  // lower-cased; used when glob is nil
	glob      []token // for globs
	path      bool    // the query names a path, not a name
}

// Compile reads a query. Glob syntax: * matches any run of characters
// within one path segment, ? one character other than '/', ** any run
// across segments ("**/" also matches no segment at all). Every other
// character stands for itself. A query without '/' looks at names; one
// with '/' at paths: a plain one anywhere in the "/"-rooted path (so
// "/Windows/Sys" finds what lies in /Windows/System32), a glob the whole
// path, its leading '/' optional. Backslashes count as '/', since Windows users type them.
func Compile(query string) *Pattern {
	return compile(query, strings.ContainsAny(query, "*?"))
}

// compile reads a query as a glob or, when glob is false, as a plain
// substring whatever characters it holds.
func compile(query string, glob bool) *Pattern {
	query = strings.ReplaceAll(query, `\`, "/")
	p := &Pattern{path: strings.Contains(query, "/")}
	if !glob {
		p.substring = strings.ToLower(query)
		return p
	}
	if p.path {
		query = strings.TrimPrefix(query, "/")
	}
	p.glob = parseGlob(query)
	return p
}

// MatchesPaths reports whether the pattern looks at whole paths rather
// than names.
func (p *Pattern) MatchesPaths() bool { return p.path }

// Match reports whether a file matches, given its name and its path from
// the root without the leading '/'.
func (p *Pattern) Match(name, path string) bool {
	switch {
	case p.glob == nil && p.path:
		return strings.Contains(strings.ToLower("/"+path), p.substring)
	case p.glob == nil:
		return strings.Contains(strings.ToLower(name), p.substring)
	case p.path:
		return matchGlob(p.glob, path)
	}
	return matchGlob(p.glob, name)
}
