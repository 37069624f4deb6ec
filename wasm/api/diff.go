package api

import (
	"context"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
)

// compare diffs image of s (old) against other's image (new).
func (s *session) compare(ctx context.Context, image int, other *session, otherImage int, times bool, out Out) (*view.Compared, error) {
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
	c := &view.Compared{Diff: view.DescribeDiff(res), Nodes: make([][2]int, len(res.Changes))}
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
