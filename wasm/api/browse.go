package api

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/search"
)

// Entry is one row of the tree: enough to draw it, nothing more, so that
// listing a folder of 150k files stays cheap.
type Entry struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Dir      bool   `json:"dir,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Children int    `json:"children,omitempty"`
	Reparse  bool   `json:"reparse,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"` // HIDDEN or SYSTEM
	Anomaly  bool   `json:"anomaly,omitempty"`
	Missing  bool   `json:"missing,omitempty"` // its data is in no file given: Size is unknown
}

func entry(id int, f *meta.File) Entry {
	d := f.Data()
	return Entry{
		ID: id, Name: f.Name, Dir: f.IsDir(), Size: f.Size(), Children: len(f.Children()),
		Reparse: f.Attributes&meta.AttrReparsePoint != 0,
		Hidden:  f.Attributes&(meta.AttrHidden|meta.AttrSystem) != 0,
		Anomaly: len(f.Anomalies) > 0,
		Missing: d != nil && d.Missing,
	}
}

// maxAnomalies bounds the anomalies sent with an image; the count is
// always sent.
const maxAnomalies = 500

// ImageSummary is an opened image: its root and what is wrong in it.
type ImageSummary struct {
	Index        int       `json:"index"`
	Root         Entry     `json:"root"`
	Dirs         int       `json:"dirs"`
	Files        int       `json:"files"`
	Anomalies    []Anomaly `json:"anomalies"`
	AnomalyCount int       `json:"anomalyCount"`
	// Pending says the image is not parsed yet: Root and the root's listing
	// come from its top alone (wim.ImageTop), the counts and anomalies are
	// unknown, and settled gives the whole image's answer, which stands.
	Pending bool `json:"pending,omitempty"`
}

// Anomaly is meta.Anomaly with the page's field names.
type Anomaly struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// openImage answers from the image's top while the image is not parsed,
// so the page can draw the root's rows before the whole is read.
func (s *session) openImage(i int) (*ImageSummary, error) {
	if top := s.top(i); top != nil {
		return &ImageSummary{Index: i, Root: entry(0, top.Root), Anomalies: []Anomaly{}, Pending: true}, nil
	}
	return s.settled(i)
}

// settled parses image i whole and sums it up.
func (s *session) settled(i int) (*ImageSummary, error) {
	li, err := s.image(i)
	if err != nil {
		return nil, err
	}
	dirs, files := li.img.Counts()
	all := li.img.Anomalies
	sum := &ImageSummary{Index: i, Root: entry(0, li.img.Root), Dirs: dirs, Files: files,
		Anomalies: []Anomaly{}, AnomalyCount: len(all)}
	for _, a := range all[:min(len(all), maxAnomalies)] {
		sum.Anomalies = append(sum.Anomalies, Anomaly{a.Path, string(a.Kind), a.Detail})
	}
	return sum, nil
}

// Listing is a folder's children, in the image's (name) order.
type Listing struct {
	Node    int     `json:"node"`
	Entries []Entry `json:"entries"`
}

func (s *session) list(image, node int) (*Listing, error) {
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
func listing(node, base int, kids []*meta.File) *Listing {
	out := &Listing{Node: node, Entries: make([]Entry, len(kids))}
	for i, c := range kids {
		out.Entries[i] = entry(base+i, c)
	}
	return out
}

// Details is view's description of a file with the ids the page needs
// to move around: its own, its folders' and its first hard links'
// (linkCount says how many there are).
type Details struct {
	view.File
	ID        int   `json:"id"`
	Ancestors []int `json:"ancestors"` // from the root's child down to the parent
	Links
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

func (s *session) stat(image, node int) (*Details, error) {
	li, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	return &Details{File: view.DescribeFile(s.a, f), ID: node, Ancestors: li.ancestors(f),
		Links: li.linksOf(f, shownLinks)}, nil
}

// Found is one search hit: the entry, its path, and the folders from the
// root down to it (root excluded) so the page can reveal it.
type Found struct {
	Entry
	Path      string `json:"path"`
	Ancestors []int  `json:"ancestors"`
}

// Results answers a search; More says the limit cut it short.
type Results struct {
	Query string  `json:"query"`
	Hits  []Found `json:"hits"`
	More  bool    `json:"more"`
}

// defaultLimit caps a search when the page names no limit.
const defaultLimit = 1000

// searchQuery reads a search request: glob or substring by the text's
// shape, or fuzzy when asked.
func searchQuery(req Request) search.Query {
	q := search.Query{Text: req.Query}
	if req.Fuzzy {
		q.Mode = search.Fuzzy
	}
	return q
}

func (s *session) search(ctx context.Context, image int, q search.Query, limit int) (*Results, error) {
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
	out := &Results{Query: q.Text, Hits: make([]Found, len(hits)), More: more}
	for i, h := range hits {
		out.Hits[i] = Found{Entry: entry(li.id(h.File), h.File), Path: h.Path, Ancestors: li.ancestors(h.File)}
	}
	return out, nil
}
