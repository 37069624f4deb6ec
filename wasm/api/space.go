package api

import (
	"github.com/wimlens/wimlens/core/space"
	"github.com/wimlens/wimlens/core/view"
)

// spaceOf answers the Space tab: folder dir (core/space's number; 0 the
// root) of image i, cut by stored bytes or by size. The image is measured
// once, on the first request, from its metadata and the blob table.
func (s *session) spaceOf(i, dir int, stored bool) (*view.Space, error) {
	li, err := s.image(i)
	if err != nil {
		return nil, err
	}
	li.spaceOnce.Do(func() { li.space = space.Measure(s.a, li.img) })
	return li.space.Describe(i, dir, stored, space.DefaultLimits), nil
}
