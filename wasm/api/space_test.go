package api

import (
	"testing"

	"github.com/wimlens/wimlens/core/view"
)

// The Space tab over a split WIM: the root, then a folder zoomed into,
// read from metadata alone — the request reads nothing of the files once
// the image is parsed.
func TestSpaceOfSplit(t *testing.T) {
	v := "../../testvectors/"
	s := open(t, v+"ntfs-split.swm", v+"ntfs-split2.swm", v+"ntfs-split3.swm", v+"ntfs-split4.swm")
	do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	before := s.Stats().BytesRead
	sp, _ := do[*view.Space](t, s, Request{Op: "space", Image: 1})
	if read := s.Stats().BytesRead - before; read != 0 {
		t.Errorf("measuring read %d bytes", read)
	}
	sum, _ := do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	if sp.Root.Size != sp.Whole.Size || sp.Whole.Files != sum.Files || sp.Archive.Bytes == 0 || sp.Archive.Stored == 0 {
		t.Fatalf("space %+v, image %+v", sp.Whole, sum)
	}
	var dir view.SpaceNode
	for _, k := range sp.Root.Kids {
		if k.Dir > 0 && len(k.Kids) > 0 {
			dir = k
			break
		}
	}
	if dir.Dir == 0 {
		t.Fatal("no folder to zoom into")
	}
	in, _ := do[*view.Space](t, s, Request{Op: "space", Image: 1, Dir: dir.Dir, Stored: true})
	if in.Root.Name != dir.Name || in.Root.Size != dir.Size || !in.Stored || len(in.Crumbs) != 2 || in.Crumbs[1].Dir != dir.Dir || in.Path != "/"+dir.Name {
		t.Fatalf("zoomed: %+v %+v %q", in.Root.Name, in.Crumbs, in.Path)
	}
	// A number out of range is the root, not a failure.
	if out, _ := do[*view.Space](t, s, Request{Op: "space", Image: 1, Dir: 1 << 30}); out.Path != "/" {
		t.Fatalf("out of range: %q", out.Path)
	}
}
