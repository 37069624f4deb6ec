package api

import (
	"testing"

	"github.com/wimlens/wimlens/core/view"
)

// The Windows view's request answers as diff --windows does, against an
// image of the same file or of the second one.
func TestWinDiff(t *testing.T) {
	const pair = "../../testvectors/windows-diff/pair.wim"
	s := open(t, pair)
	d, _ := do[*view.WinDiff](t, s, Request{Op: "windiff", Image: 1, Other: &view.DiffOther{Image: 2}})
	if d.Old.Build != "19045.3803" || d.New.Build != "19045.4170" || len(d.Packages) != 3 || len(d.Files.Changes) != 1 || len(d.Registry) != 2 {
		t.Errorf("%+v", d)
	}
	if _, err := s.OpenSecond([]Part{part(t, pair)}); err != nil {
		t.Fatal(err)
	}
	d2, _ := do[*view.WinDiff](t, s, Request{Op: "windiff", Image: 1, Other: &view.DiffOther{Second: true, Image: 2}})
	if len(d2.Packages) != len(d.Packages) || d2.New.Build != d.New.Build {
		t.Errorf("against the second file: %+v", d2)
	}
}
