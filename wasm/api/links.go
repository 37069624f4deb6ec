package api

import "github.com/wimlens/wimlens/core/meta"

// shownLinks is how many of a file's hard links its details list; the
// page asks for the rest ("links") only when the user does, since a group
// can hold hundreds of thousands of names.
const shownLinks = 100

// Links names the hard links of a file: their paths and node ids, in the
// group's order.
type Links struct {
	Paths []string `json:"links,omitempty"`
	IDs   []int    `json:"linkIds,omitempty"`
}

// linksOf lists up to limit of f's hard links (limit < 0: all of them),
// or nothing when f has a single name.
func (li *loadedImage) linksOf(f *meta.File, limit int) Links {
	all := f.Links()
	if len(all) < 2 {
		return Links{}
	}
	if limit >= 0 && limit < len(all) {
		all = all[:limit]
	}
	out := Links{Paths: make([]string, len(all)), IDs: make([]int, len(all))}
	for i, l := range all {
		out.Paths[i], out.IDs[i] = l.Path(), li.id(l)
	}
	return out
}

// links answers the page's "show all" for a file's hard links.
func (s *session) links(image, node int) (*Links, error) {
	li, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	out := li.linksOf(f, -1)
	return &out, nil
}
