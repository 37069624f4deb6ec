package api

import (
	"fmt"
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/internal/wimtest"
)

// A file of a 200,000-name hard-link group: its details say the group's
// size and bring the first names only; "links" brings them all, each with
// the id that reveals it. Listing every name in the details made them
// never arrive.
func TestLargeLinkGroup(t *testing.T) {
	const n = 200_000
	var names []*wimtest.Entry
	for i := range n {
		names = append(names, &wimtest.Entry{Name: fmt.Sprintf("l%06d", i), LinkGroup: 7})
	}
	p := filepath.Join(t.TempDir(), "links.wim")
	if err := os.WriteFile(p, wimtest.Build(&wimtest.Entry{Name: "d", Dir: true, Children: names}), 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, p)
	e := find(t, s, "d/l123456")
	d, _ := do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: e.ID})
	if d.LinkCount != n || d.LinkGroup != 7 || len(d.Paths) != shownLinks || len(d.IDs) != shownLinks {
		t.Fatalf("details: linkCount %d, group %d, %d paths, %d ids", d.LinkCount, d.LinkGroup, len(d.Paths), len(d.IDs))
	}
	all, _ := do[*view.Links](t, s, Request{Op: "links", Image: 1, Node: e.ID})
	if len(all.Paths) != n || len(all.IDs) != n {
		t.Fatalf("links: %d paths, %d ids", len(all.Paths), len(all.IDs))
	}
	for _, i := range []int{0, 123456, n - 1} {
		if want := fmt.Sprintf("/d/l%06d", i); all.Paths[i] != want {
			t.Errorf("link %d is %q, want %q", i, all.Paths[i], want)
		}
		if d, _ := do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: all.IDs[i]}); d.Path != all.Paths[i] {
			t.Errorf("link %d's id names %q, want %q", i, d.Path, all.Paths[i])
		}
	}
	// A file with one name lists none.
	one := wimtest.Build(&wimtest.Entry{Name: "solo", LinkGroup: 9})
	q := filepath.Join(t.TempDir(), "one.wim")
	os.WriteFile(q, one, 0o644)
	s = open(t, q)
	d, _ = do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: find(t, s, "solo").ID})
	if d.LinkCount != 0 || d.Paths != nil {
		t.Errorf("a single name: linkCount %d, links %q", d.LinkCount, d.Paths)
	}
}
