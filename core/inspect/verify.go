package inspect

import (
	"context"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Fault kinds.
const (
	FaultDamaged = "damaged" // a blob that cannot be read or hashes wrong
	FaultMissing = "missing" // a blob files use that no part given holds
	FaultImage   = "image"   // an image's metadata that does not parse
)

// Fault is a problem a verify found, with every place that uses what
// failed. The CLI and the web worker each word it their way.
type Fault struct {
	Kind   string
	Hash   digest.SHA1 // the blob, or the image's metadata blob
	Err    error
	UsedBy []Use
}

// Use is a place a blob is used: a file's stream (Stream names a named
// one), or with Metadata, an image's metadata.
type Use struct {
	Image    int
	File     *meta.File
	Stream   string
	Metadata bool
}

// errNotHeld is a missing blob's error.
type errNotHeld struct{}

func (errNotHeld) Error() string { return "no part given holds this blob" }
func (errNotHeld) Unwrap() error { return wim.ErrMissingBlob }

// Faults lists rep's damaged blobs with every place in every image that
// uses each, and adds the blobs files use that no part holds and the
// images that do not parse. It parses an image only when a blob is
// damaged or verify could not vouch for it (VerifyReport.Unsound), which
// spares parsing every image of a clean archive. image returns image i
// parsed: Archive.Image, or a cache of parsed images. A cancelled ctx
// stops the walk.
func Faults(ctx context.Context, a *wim.Archive, rep *wim.VerifyReport, image func(i int) (*meta.Image, error)) ([]Fault, error) {
	var out []Fault
	byHash := map[digest.SHA1]int{} // index into out
	for _, f := range rep.Faults {
		byHash[f.Hash] = len(out)
		out = append(out, Fault{Kind: FaultDamaged, Hash: f.Hash, Err: f.Err})
	}
	for i := 1; i <= a.ImageCount(); i++ {
		mb, err := a.MetadataBlob(i)
		if err != nil {
			continue
		}
		if k, ok := byHash[mb.Hash]; ok {
			out[k].UsedBy = append(out[k].UsedBy, Use{Image: i, Metadata: true})
			continue
		}
		if len(rep.Faults) == 0 && !slices.Contains(rep.Unsound, i) {
			continue
		}
		img, err := image(i)
		if err != nil {
			out = append(out, Fault{Kind: FaultImage, Hash: mb.Hash, Err: err, UsedBy: []Use{{Image: i, Metadata: true}}})
			continue
		}
		err = img.Walk(func(f *meta.File) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, s := range f.Streams {
				if _, ok := byHash[s.Hash]; s.Missing && !ok {
					byHash[s.Hash] = len(out)
					out = append(out, Fault{Kind: FaultMissing, Hash: s.Hash, Err: errNotHeld{}})
				}
				if k, ok := byHash[s.Hash]; ok {
					out[k].UsedBy = append(out[k].UsedBy, Use{Image: i, File: f, Stream: s.Name})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
