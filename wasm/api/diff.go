package api

import (
	"context"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
)

// Other names the image a diff compares against: one of the first file's,
// or, with Second, one of the file opened by openSecond.
type Other struct {
	Second bool `json:"second,omitempty"`
	Image  int  `json:"image"`
}

// Compared answers diff: the comparison as `wimlens diff --json` prints
// it, and for each change the node ids of its old and new versions (-1
// for none), so the page can read either with the usual requests.
type Compared struct {
	view.Diff
	Nodes [][2]int `json:"nodes"`
}

// compare diffs image of s (old) against other's image (new).
func (s *session) compare(ctx context.Context, image int, other *session, otherImage int, times bool, out Out) (*Compared, error) {
	oldLi, err := s.image(image)
	if err != nil {
		return nil, err
	}
	newLi, err := other.image(otherImage)
	if err != nil {
		return nil, err
	}
	res, err := diff.Images(ctx, oldLi.img, newLi.img, diff.Options{Times: times}, out.Progress)
	if err != nil {
		return nil, err
	}
	c := &Compared{Diff: view.DescribeDiff(res), Nodes: make([][2]int, len(res.Changes))}
	for i, ch := range res.Changes {
		c.Nodes[i] = [2]int{-1, -1}
		if ch.Old != nil {
			c.Nodes[i][0] = oldLi.id(ch.Old)
		}
		if ch.New != nil {
			c.Nodes[i][1] = newLi.id(ch.New)
		}
	}
	return c, nil
}
