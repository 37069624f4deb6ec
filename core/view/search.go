package view

import (
	"fmt"

	"github.com/wimlens/wimlens/core/meta"
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

// SearchFilter is a search's conditions on what a file is, as the page
// sends them; they mean what the CLI's flags of the same names mean.
type SearchFilter struct {
	MinSize    int64    `json:"minSize,omitempty"`    // --min-size
	MaxSize    int64    `json:"maxSize,omitempty"`    // --max-size (0: no bound)
	Attributes []string `json:"attributes,omitempty"` // --attributes: names as attributeNames has them
	Streams    bool     `json:"streams,omitempty"`    // --streams
	Reparse    bool     `json:"reparse,omitempty"`    // --reparse
	SHA1       string   `json:"sha1,omitempty"`       // --sha1
}

// Apply sets q's filter fields from f; an unknown attribute name is an
// error (a malformed SHA-1 is search.Search's).
func (f SearchFilter) Apply(q *search.Query) error {
	attrs, err := meta.ParseAttributes(f.Attributes)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	q.MinSize, q.MaxSize, q.Attributes, q.HasStreams, q.Reparse, q.SHA1 = f.MinSize, f.MaxSize, uint32(attrs), f.Streams, f.Reparse, f.SHA1
	return nil
}
