package wim

import "github.com/wimlens/wimlens/core/meta"

// ImageTop reads image i's (1-based) root folder and its children,
// decompressing only the chunks of its metadata resource that hold them
// (meta.ParseTop), for a first look at a big image. It checks neither the
// resource's SHA-1 nor the rest of the tree: Image does, and its answer
// stands over this one.
func (a *Archive) ImageTop(i int) (*meta.Image, error) {
	b, err := a.plausibleMetadata(i)
	if err != nil {
		return nil, err
	}
	img, err := meta.ParseTop(b, b.Size, a)
	if err != nil {
		return nil, inMetadata(i, b, err)
	}
	return img, nil
}
