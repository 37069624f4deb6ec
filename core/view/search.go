package view

import (
	"github.com/wimlens/wimlens/core/search"
	"github.com/wimlens/wimlens/core/wim"
)

// Search is the answer to a search: the query as read and every hit
// described in full, in the search's order (best first when fuzzy).
type Search struct {
	Query string      `json:"query"`
	Mode  string      `json:"mode"` // substring, glob or fuzzy
	Hits  []SearchHit `json:"hits"`
	More  bool        `json:"more"` // the limit cut the list short
}

// SearchHit is one file found; Distance is its edit distance from the
// query, 0 unless the search was fuzzy.
type SearchHit struct {
	File
	Distance int `json:"distance"`
}

// DescribeSearch describes a search's hits; a (may be nil) supplies where
// blobs are stored.
func DescribeSearch(a *wim.Archive, q search.Query, hits []search.Hit, more bool) Search {
	out := Search{Query: q.Text, Mode: q.Effective().String(), Hits: make([]SearchHit, len(hits)), More: more}
	for i, h := range hits {
		out.Hits[i] = SearchHit{File: DescribeFile(a, h.File), Distance: h.Distance}
	}
	return out
}
