package api

import (
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A WIM inside an image opens as a level of its own, which every request
// then addresses; the outer level comes back as it was; what is not a WIM
// says so, naming both levels.
func TestOpenInner(t *testing.T) {
	s := open(t, "../../testvectors/windows-image/windows.wim")
	winre := find(t, s, "Windows/System32/Recovery/Winre.wim")
	software := find(t, s, "Windows/System32/config/SOFTWARE")

	in, _ := do[*view.Opened](t, s, Request{Op: "openInner", Image: 1, Node: winre.ID})
	if in.Archive.ImageCount != 1 || !strings.Contains(in.XML, "Recovery Environment") || in.Stats.Size == 0 {
		t.Fatalf("inner %+v", in.Archive)
	}
	do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1})
	if e := find(t, s, "Windows/System32/config/SOFTWARE"); e.Dir {
		t.Fatalf("inner SOFTWARE %+v", e)
	}
	v, _ := do[*view.Verify](t, s, Request{Op: "verify"})
	if !v.OK || v.Blobs != 2 {
		t.Fatalf("inner verify %+v", v)
	}
	// Back to the file: its tree, with the ids it handed out before.
	out, _ := do[*view.Opened](t, s, Request{Op: "showLevel", Level: 0})
	if out.Archive.ImageCount != 2 {
		t.Fatalf("outer %+v", out.Archive)
	}
	if e := find(t, s, "Windows/System32/Recovery/Winre.wim"); e.ID != winre.ID {
		t.Fatalf("outer ids changed: %d, was %d", e.ID, winre.ID)
	}
	do[*view.Opened](t, s, Request{Op: "showLevel", Level: 1})
	do[*view.Opened](t, s, Request{Op: "closeLevel", Level: 1})
	if _, err := s.Handle(Request{Op: "showLevel", Level: 1}, &collector{}); err == nil {
		t.Fatal("a closed level shows")
	}
	_, err := s.Handle(Request{Op: "openInner", Image: 1, Node: software.ID}, &collector{})
	if err == nil || !strings.Contains(err.Error(), "in windows.wim, image 1, /Windows/System32/config/SOFTWARE: header magic: not a WIM file") {
		t.Fatalf("not a WIM: %v", err)
	}
	if k := view.DescribeError(err).Kind; k != view.KindNotWIM {
		t.Errorf("not a WIM: kind %q", k)
	}
}

// Levels nest up to wim.MaxNesting deep, each opened from the one before;
// opening from a level replaces those that were opened from it.
func TestInnerLevelsNest(t *testing.T) {
	data := wimtest.Build(&wimtest.Entry{Name: "x.txt", Data: []byte("deepest\n")})
	for range wim.MaxNesting + 1 {
		data = wimtest.Build(&wimtest.Entry{Name: "n.wim", Data: data})
	}
	s := open(t, write(t, data))
	for level := 1; level <= wim.MaxNesting; level++ {
		n := find(t, s, "n.wim")
		do[*view.Opened](t, s, Request{Op: "openInner", Image: 1, Node: n.ID})
	}
	n := find(t, s, "n.wim")
	if _, err := s.Handle(Request{Op: "openInner", Image: 1, Node: n.ID}, &collector{}); err == nil || !strings.Contains(err.Error(), "the page opens at most 4 levels") {
		t.Fatalf("past the cap: %v", err)
	}
	// From level 1, opening again drops levels 2 to 4.
	do[*view.Opened](t, s, Request{Op: "showLevel", Level: 1})
	do[*view.Opened](t, s, Request{Op: "openInner", Image: 1, Node: find(t, s, "n.wim").ID})
	if _, err := s.Handle(Request{Op: "showLevel", Level: 3}, &collector{}); err == nil {
		t.Fatal("level 3 outlived the level it was opened from")
	}
}
