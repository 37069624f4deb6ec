package api

import (
	"context"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
)

// compared loads image of s (old) and other's image (new) and compares
// their files: the Compare tab's file list and its Windows view start here.
func (s *session) compared(ctx context.Context, image int, other *session, otherImage int, opts diff.Options, out Out) (oldLi, newLi *loadedImage, res *diff.Result, err error) {
	if oldLi, err = s.image(image); err != nil {
		return nil, nil, nil, err
	}
	if newLi, err = other.image(otherImage); err != nil {
		return nil, nil, nil, err
	}
	res, err = diff.Images(ctx, oldLi.img, newLi.img, opts, out.Progress)
	return oldLi, newLi, res, err
}

// compare diffs image of s (old) against other's image (new).
func (s *session) compare(ctx context.Context, image int, other *session, otherImage int, times bool, out Out) (*view.Compared, error) {
	oldLi, newLi, res, err := s.compared(ctx, image, other, otherImage, diff.Options{Times: times}, out)
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
