package api

import (
	"context"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windiff"
)

// winCompare answers the Compare tab's Windows view: what changed in
// Windows from image of s (old) to other's image (new), as `wimlens diff
// --windows --json` prints it. The file comparison is made again (it is
// metadata alone, and quick) for the modified PE files it names.
func (s *session) winCompare(ctx context.Context, image int, other *session, otherImage int, out Out) (*view.WinDiff, error) {
	oldLi, newLi, files, err := s.compared(ctx, image, other, otherImage, diff.Options{}, out)
	if err != nil {
		return nil, err
	}
	d, err := windiff.Compare(ctx, windiff.Image{Archive: s.a, N: image, Tree: oldLi.img},
		windiff.Image{Archive: other.a, N: otherImage, Tree: newLi.img}, files, windiff.DefaultLimits)
	if err != nil {
		return nil, err
	}
	return &d, nil
}
