package api

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/search"
	"github.com/wimlens/wimlens/core/view"
)

// openImage answers from the image's top while the image is not parsed,
// so the page can draw the root's rows before the whole is read.
func (s *session) openImage(i int) (*view.ImageSummary, error) {
	if top := s.top(i); top != nil {
		return view.PendingImage(i, top), nil
	}
	return s.settled(i)
}

// settled parses image i whole and sums it up.
func (s *session) settled(i int) (*view.ImageSummary, error) {
	li, err := s.image(i)
	if err != nil {
		return nil, err
	}
	return view.SummarizeImage(i, li.img), nil
}

func (s *session) list(image, node int) (*view.Listing, error) {
	if node == 0 {
		if top := s.top(image); top != nil {
			// The root's children have ids 1 to n, in the full parse too.
			return listing(node, 1, top.Root.Children()), nil
		}
	}
	li, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	return listing(node, li.firstChild(f), f.Children()), nil
}

// listing is kids as entries, their ids from base on.
func listing(node, base int, kids []*meta.File) *view.Listing {
	out := &view.Listing{Node: node, Entries: make([]view.Entry, len(kids))}
	for i, c := range kids {
		out.Entries[i] = view.DescribeEntry(base+i, c)
	}
	return out
}

// ancestors names the folders from the root (excluded) down to f's parent,
// the path the page opens to reveal f.
func (li *loadedImage) ancestors(f *meta.File) []int {
	up := []int{}
	for p := f.Parent; p != nil && p.Parent != nil; p = p.Parent {
		up = append(up, li.id(p))
	}
	slices.Reverse(up)
	return up
}

func (s *session) stat(image, node int) (*view.Details, error) {
	li, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	return &view.Details{File: view.DescribeFile(s.a, f), ID: node, Ancestors: li.ancestors(f),
		Links: li.linksOf(f, shownLinks)}, nil
}

// pe reads a file's data as a PE file, signatures included; nil when it
// is not one. It is a request of its own, after stat, so that the
// details show at once: the file's first chunk may be in a solid block of
// many MiB, and the certificate table sits at its end.
func (s *session) pe(image, node int) (*view.PE, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	return view.DescribePE(f, true), nil
}

// defaultLimit caps a search when the page names no limit.
const defaultLimit = 1000

// searchQuery reads a search request: glob or substring by the text's
// shape, or fuzzy when asked, and its filter as the CLI's flags.
func searchQuery(req Request) (search.Query, error) {
	q := search.Query{Text: req.Query}
	if req.Fuzzy {
		q.Mode = search.Fuzzy
	}
	if req.Filter != nil {
		return q, req.Filter.Apply(&q)
	}
	return q, nil
}

func (s *session) search(ctx context.Context, image int, q search.Query, limit int) (*view.Results, error) {
	li, err := s.image(image)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = defaultLimit
	}
	hits, more, err := search.Search(ctx, li.img.Root, q, limit)
	if err != nil {
		return nil, err
	}
	out := &view.Results{Query: q.Text, Hits: make([]view.Found, len(hits)), More: more}
	for i, h := range hits {
		out.Hits[i] = view.Found{Entry: view.DescribeEntry(li.id(h.File), h.File), Path: h.Path, Ancestors: li.ancestors(h.File)}
	}
	return out, nil
}
