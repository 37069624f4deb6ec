package api

import (
	"github.com/wimlens/wimlens/core/view"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/internal/wimlibref"
)

func TestDiffOneAndTwoFiles(t *testing.T) {
	two := filepath.Join(wimlibref.Dir(), "ntfs-two.wim")
	s := open(t, two)
	check := func(c *view.Compared, second bool) {
		t.Helper()
		if got := c.Summary; got.Added != 4 || got.Deleted != 4 || got.Modified != 3 || got.Renamed != 2 {
			t.Fatalf("summary %+v", got)
		}
		for i, ch := range c.Changes {
			if ch.Path != "/Program Files/App/app.exe" {
				continue
			}
			// Either version downloads through the node ids given.
			oldC, oldOut := do[*view.Content](t, s, Request{Op: "download", Image: 1, Node: c.Nodes[i][0]})
			req := Request{Op: "download", Image: 2, Node: c.Nodes[i][1]}
			if second {
				req = Request{Op: "download", Image: 1, Node: c.Nodes[i][1], Second: true}
			}
			newC, newOut := do[*view.Content](t, s, req)
			if oldC.Name != "app.exe" || newC.Name != "app.exe" || oldOut.data.Len() == 0 || newOut.data.Len() != oldOut.data.Len() {
				t.Errorf("downloads: %+v %+v", oldC, newC)
			}
			if ch.Old.SDDL == ch.New.SDDL {
				t.Error("the ACL change is not visible")
			}
			return
		}
		t.Fatal("app.exe is not among the changes")
	}
	c, _ := do[*view.Compared](t, s, Request{Op: "diff", Image: 1, Other: &view.DiffOther{Image: 2}})
	check(c, false)

	if _, err := s.Handle(Request{Op: "diff", Image: 1, Other: &view.DiffOther{Second: true, Image: 1}}, &collector{}); err == nil {
		t.Error("a diff against no second file succeeds")
	}
	if _, err := s.OpenSecond([]Part{part(t, filepath.Join(wimlibref.Dir(), "ntfs-edited-xpress.wim"))}); err != nil {
		t.Fatal(err)
	}
	c, _ = do[*view.Compared](t, s, Request{Op: "diff", Image: 1, Other: &view.DiffOther{Second: true, Image: 1}})
	check(c, true)
}
