package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/search"
	"github.com/wimlens/wimlens/core/view"
)

// runSearch finds files in an image by name (substring, glob or fuzzy) and
// by size, streams, reparse point or SHA-1. Like grep(1) it exits 0 when
// something matched and 1 when nothing did.
func runSearch(e *env, args []string) error {
	c := newCommand("search", 3, 3, "FILE IMAGE QUERY")
	glob := c.Bool("glob", false, "read QUERY as a glob even without * or ?")
	fuzzy := c.Bool("fuzzy", false, "rank names by edit distance from QUERY, best first")
	var q search.Query
	c.Int64Var(&q.MinSize, "min-size", 0, "only files of at least `N` bytes")
	c.Int64Var(&q.MaxSize, "max-size", 0, "only files of at most `N` bytes")
	c.StringVar(&q.SHA1, "sha1", "", "only files whose unnamed stream has SHA-1 `H`")
	c.BoolVar(&q.HasStreams, "streams", false, "only files with named data streams")
	c.BoolVar(&q.Reparse, "reparse", false, "only reparse points")
	attrs := c.String("attributes", "", "only files with every attribute of `LIST` (HIDDEN,SYSTEM,...)")
	limit := c.Int("limit", 0, "print at most `N` paths (0: all)")
	asJSON := c.Bool("json", false, "print JSON with each hit's details")
	a, rest, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *attrs != "" {
		// The page's filter reads the names the same way (view.SearchFilter).
		a, err := meta.ParseAttributes(strings.Split(*attrs, ","))
		if err != nil {
			return usagef("search: --attributes: %v", err)
		}
		q.Attributes = uint32(a)
	}
	switch {
	case *glob && *fuzzy:
		return usagef("search: --glob and --fuzzy exclude each other")
	case *glob:
		q.Mode = search.Glob
	case *fuzzy:
		q.Mode = search.Fuzzy
	}
	q.Text = rest[1] // "" searches by the filters alone
	if *limit <= 0 {
		*limit = math.MaxInt
	}
	img, _, err := a.image(rest[:1])
	if err != nil {
		return err
	}
	hits, more, err := search.Search(e.ctx, img.Root, q, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(e.out, view.DescribeSearch(a.Archive, q, hits, more))
	} else {
		for _, h := range hits {
			fmt.Fprintln(e.out, oneLine(h.Path))
		}
		if more {
			fmt.Fprintf(e.stderr, "wimlens: more than %d matches; raise --limit to see them\n", *limit)
		}
	}
	if err == nil && len(hits) == 0 {
		return &quietError{}
	}
	return err
}
