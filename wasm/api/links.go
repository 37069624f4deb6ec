package api

import (
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// shownLinks is how many of a file's hard links its details list; the
// page asks for the rest ("links") only when the user does, since a group
// can hold hundreds of thousands of names.
const shownLinks = 100

// linksOf lists up to limit of f's hard links (limit < 0: all of them),
// or nothing when f has a single name.
func (li *loadedImage) linksOf(f *meta.File, limit int) view.Links {
	all := f.Links()
	if len(all) < 2 {
		return view.Links{}
	}
	if limit >= 0 && limit < len(all) {
		all = all[:limit]
	}
	out := view.Links{Paths: make([]string, len(all)), IDs: make([]int, len(all))}
	for i, l := range all {
		out.Paths[i], out.IDs[i] = l.Path(), li.id(l)
	}
	return out
}

// links answers the page's "show all" for a file's hard links.
func (s *session) links(image, node int) (*view.Links, error) {
	li, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	out := li.linksOf(f, -1)
	return &out, nil
}
