package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// linkGroupWIM writes a WIM whose n files, half in / and half in /d, are
// the names of one hard-linked file.
func linkGroupWIM(t *testing.T, n int) string {
	t.Helper()
	var root, sub []*wimtest.Entry
	for i := range n {
		e := &wimtest.Entry{Name: fmt.Sprintf("l%05d", i), LinkGroup: 2}
		if i%2 == 0 {
			root = append(root, e)
		} else {
			sub = append(sub, e)
		}
	}
	p := filepath.Join(t.TempDir(), "links.wim")
	check(t, os.WriteFile(p, wimtest.Build(append(root, &wimtest.Entry{Name: "d", Dir: true, Children: sub})...), 0o644))
	return p
}

// Each entry of a hard-link group says the group's ID and size, not its
// every name: with 20,000 names that was 20,000² paths (dir --detailed
// took minutes, dir --json wrote gigabytes). The outputs stay under a
// kilobyte an entry, and --detailed matches wimlib's.
func TestLargeLinkGroupIsLinear(t *testing.T) {
	const n = 20_000
	w := linkGroupWIM(t, n)
	perEntry := func(what string, out string) {
		t.Helper()
		if len(out) > (n+2)*1000 {
			t.Errorf("%s wrote %d bytes for %d entries", what, len(out), n+2)
		}
	}

	out := must(t, 0, "dir", w, "--json").stdout
	perEntry("dir --json", out)
	var doc struct{ Entries []view.File }
	check(t, json.Unmarshal([]byte(out), &doc))
	linked := 0
	for _, e := range doc.Entries {
		if !e.Dir {
			linked++
			if e.LinkGroup != 2 || e.LinkCount != n {
				t.Fatalf("%s: linkGroup %d, linkCount %d", e.Path, e.LinkGroup, e.LinkCount)
			}
		}
	}
	if linked != n {
		t.Errorf("dir --json lists %d files, want %d", linked, n)
	}

	out = must(t, 0, "dir", w, "--detailed").stdout
	perEntry("dir --detailed", out)
	if c := strings.Count(out, fmt.Sprintf("Link Count          = %d\n", n)); c != n {
		t.Errorf("dir --detailed says Link Count = %d %d times, want %d", n, c, n)
	}

	out = must(t, 0, "search", w, "1", "l", "--json").stdout
	perEntry("search --json", out)
	var s view.Search
	check(t, json.Unmarshal([]byte(out), &s))
	if len(s.Hits) != n || s.Hits[0].LinkCount != n {
		t.Errorf("search --json: %d hits, the first with linkCount %d", len(s.Hits), s.Hits[0].LinkCount)
	}

	requireWimlib(t)
	checkDir(t, w, "1", "--path", "/d")
}

// The group's names come on request: dir --path P --links lists them all,
// one a line or as JSON.
func TestDirLinksListsTheGroup(t *testing.T) {
	const n = 2_000
	w := linkGroupWIM(t, n)
	got := lines(must(t, 0, "dir", w, "--path", "/d/l00001", "--links").stdout)
	if len(got) != n || !slices.Contains(got, "/l00000") || !slices.Contains(got, "/d/l01999") {
		t.Errorf("dir --links: %d names: %q...", len(got), got[:min(len(got), 3)])
	}
	var doc struct {
		Path      string
		LinkGroup uint64
		Links     []string
	}
	check(t, json.Unmarshal([]byte(must(t, 0, "dir", w, "--path", "/l00000", "--links", "--json").stdout), &doc))
	if doc.Path != "/l00000" || doc.LinkGroup != 2 || !slices.Equal(doc.Links, got) {
		t.Errorf("dir --links --json: path %q, group %d, %d names", doc.Path, doc.LinkGroup, len(doc.Links))
	}
	// A file with one name is its only name.
	if got := must(t, 0, "dir", w, "--path", "/d", "--links").stdout; got != "/d\n" {
		t.Errorf("dir --links of a folder: %q", got)
	}
}
