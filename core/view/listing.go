package view

import (
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Row is one line of the page's listing and of its CSV and JSON exports:
// the tree's entry and what the columns show.
type Row struct {
	Entry
	Path string `json:"path"`
	// Stored is the unnamed data's share of what its resource takes in the
	// file (StoredOf); 0 when the data is missing or empty.
	Stored         int64    `json:"stored"`
	Created        string   `json:"created"`
	Modified       string   `json:"modified"`
	Accessed       string   `json:"accessed"`
	Attributes     uint32   `json:"attributes"`
	AttributeNames []string `json:"attributeNames"`
	Hash           string   `json:"sha1,omitempty"` // of the unnamed data; "" when empty
}

// Rows is a window of a listing in the asked order: rows offset to
// offset+len(rows) of total. Found answers a type-ahead: the position of
// the first row from offset on (wrapping) whose name starts with the
// prefix asked, or the position of the node asked for; -1 when none.
type Rows struct {
	Total  int   `json:"total"`
	Offset int   `json:"offset"`
	Rows   []Row `json:"rows"`
	Found  int   `json:"found"`
}

// DescribeRow is f's row under the node id id; a (may be nil) supplies
// where its data is stored.
func DescribeRow(a *wim.Archive, id int, f *meta.File) Row {
	r := Row{
		Entry: DescribeEntry(id, f), Path: f.Path(),
		Created: TimeText(f.Creation.Time()), Modified: TimeText(f.LastWrite.Time()),
		Accessed: TimeText(f.LastAccess.Time()), Attributes: uint32(f.Attributes),
		AttributeNames: f.Attributes.Names(), Stored: StoredOf(a, f),
	}
	if r.AttributeNames == nil {
		r.AttributeNames = []string{}
	}
	if d := f.Data(); d != nil && !d.Hash.IsZero() {
		r.Hash = d.Hash.String()
	}
	return r
}

// StoredOf is what f's unnamed data takes in the file (wim.Blob's
// StoredShare); 0 without a (or without the blob).
func StoredOf(a *wim.Archive, f *meta.File) int64 {
	d := f.Data()
	if a == nil || d == nil || d.Hash.IsZero() {
		return 0
	}
	b, ok := a.Blob(d.Hash)
	if !ok {
		return 0
	}
	return int64(b.StoredShare() + 0.5)
}
