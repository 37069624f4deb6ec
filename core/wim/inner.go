package wim

import (
	"fmt"

	"github.com/wimlens/wimlens/core/meta"
)

// MaxNesting bounds how many WIMs deep a host opens one inside another
// (a.wim > b.wim is one): each level keeps a chunk cache of its own (up to
// DefaultCacheBytes), so the cap bounds memory too. Real media nest two
// deep at most (install.wim > Winre.wim).
const MaxNesting = 4

// OpenInner opens a WIM stored as a file in an image (Winre.wim, a boot.wim
// on media) where it lies: the inner archive reads through f's reader, so
// through the outer archive's chunk cache, and nothing is extracted. The
// inner archive has a chunk cache of its own; the outer must stay open
// while it is read.
func OpenInner(opts Options, f *meta.File) (*Archive, error) {
	if f.IsDir() {
		return nil, fmt.Errorf("is a folder, not a WIM")
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	return OpenWith(opts, Part{R: r, Size: r.Size(), Name: f.Path()})
}
