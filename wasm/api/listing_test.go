package api

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// volume is what testvectors/make.sh read from the NTFS volume that
// ntfs-two.wim's image 1 was captured from.
func volume(t *testing.T) map[string]struct {
	Type string `json:"type"`
	Size int64  `json:"size"`
	SHA1 string `json:"sha1"`
} {
	f, err := os.Open(filepath.Join(wimlibref.Dir(), "manifest", "ntfs-base.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Entries []struct {
			Path string `json:"path"`
			Type string `json:"type"`
			Size int64  `json:"size"`
			SHA1 string `json:"sha1"`
		} `json:"entries"`
	}
	if err := json.NewDecoder(z).Decode(&m); err != nil {
		t.Fatal(err)
	}
	out := map[string]struct {
		Type string `json:"type"`
		Size int64  `json:"size"`
		SHA1 string `json:"sha1"`
	}{}
	for _, e := range m.Entries {
		out[e.Path] = struct {
			Type string `json:"type"`
			Size int64  `json:"size"`
			SHA1 string `json:"sha1"`
		}{e.Type, e.Size, e.SHA1}
	}
	return out
}

// all pages through a listing, small pages, as the page scrolls it.
func all(t *testing.T, s *Server, req Request) []view.Row {
	t.Helper()
	req.Op, req.Limit = "rows", 97
	var rows []view.Row
	for {
		req.Offset = int64(len(rows))
		r, _ := do[*view.Rows](t, s, req)
		if r.Offset != len(rows) {
			t.Fatalf("asked from %d, got from %d", len(rows), r.Offset)
		}
		rows = append(rows, r.Rows...)
		if len(r.Rows) == 0 || len(rows) == r.Total {
			return rows
		}
	}
}

// The whole image sorted by size is every file the volume held, largest
// first; ascending is the same sizes the other way round.
func TestLargestFilesAreTheVolumesFiles(t *testing.T) {
	s := open(t, filepath.Join(wimlibref.Dir(), "ntfs-two.wim"))
	vol := volume(t)
	down := all(t, s, Request{Image: 1, Scope: "files", Sort: "size", Desc: true})
	files := 0
	for _, e := range vol {
		if e.Type == "file" {
			files++
		}
	}
	if len(down) != files {
		t.Fatalf("%d rows, the volume has %d files", len(down), files)
	}
	for i, r := range down {
		e, ok := vol[r.Path]
		if !ok || e.Type != "file" || r.Dir {
			t.Fatalf("row %d: %s is no file of the volume", i, r.Path)
		}
		if r.Reparse {
			continue // the manifest says 0 for the reparse data wimlib keeps
		}
		if r.Size != e.Size || (e.Size > 0 && r.Hash != e.SHA1) {
			t.Fatalf("%s: size %d sha1 %s, the volume had %d %s", r.Path, r.Size, r.Hash, e.Size, e.SHA1)
		}
		if i > 0 && r.Size > down[i-1].Size {
			t.Fatalf("row %d (%s, %d) is larger than the one above (%d)", i, r.Path, r.Size, down[i-1].Size)
		}
		if r.Size > 0 && r.Stored <= 0 {
			t.Fatalf("%s: stored %d", r.Path, r.Stored)
		}
	}
	up := all(t, s, Request{Image: 1, Scope: "files", Sort: "size"})
	for i := range up {
		if up[i].Size != down[len(down)-1-i].Size {
			t.Fatalf("ascending row %d is %d, descending's mirror %d", i, up[i].Size, down[len(down)-1-i].Size)
		}
	}
}

// A folder lists its folders first in either direction, names ignoring
// case, and every page joins up; the tree scope is every path below in
// the tree's order.
func TestFolderListingAndTree(t *testing.T) {
	s := open(t, filepath.Join(wimlibref.Dir(), "ntfs-two.wim"))
	vol := volume(t)
	windows := find(t, s, "Windows")
	for _, desc := range []bool{false, true} {
		rows := all(t, s, Request{Image: 1, Node: windows.ID, Sort: "name", Desc: desc})
		if len(rows) != windows.Children {
			t.Fatalf("%d rows, the folder has %d", len(rows), windows.Children)
		}
		for i := 1; i < len(rows); i++ {
			a, b := rows[i-1], rows[i]
			if a.Dir != b.Dir {
				if !a.Dir {
					t.Fatalf("desc %v: file %s before folder %s", desc, a.Name, b.Name)
				}
				continue
			}
			c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
			if desc {
				c = -c
			}
			if c > 0 {
				t.Fatalf("desc %v: %s before %s", desc, a.Name, b.Name)
			}
		}
	}
	tree := all(t, s, Request{Image: 1, Scope: "tree"})
	if len(tree) != len(vol)-1 {
		t.Fatalf("the tree scope has %d rows, the volume %d entries below the root", len(tree), len(vol)-1)
	}
	paths := make([]string, len(tree))
	for i, r := range tree {
		paths[i] = r.Path
		if _, ok := vol[r.Path]; !ok {
			t.Fatalf("%s is not in the volume", r.Path)
		}
	}
	// Depth first in name order: a path's folder comes before it.
	seen := map[string]bool{"": true}
	for _, p := range paths {
		if !seen[p[:strings.LastIndex(p, "/")]] {
			t.Fatalf("%s comes before its folder", p)
		}
		seen[p] = true
	}
}

// Type-ahead finds the next name with the prefix from the active row,
// wrapping, ignoring case; a search scope lists every hit of the search.
func TestTypeAheadAndSearchScope(t *testing.T) {
	s := open(t, capture(t))
	root, _ := do[*view.Rows](t, s, Request{Op: "rows", Image: 1, Limit: 100})
	names := []string{}
	for _, r := range root.Rows {
		names = append(names, r.Name)
	}
	// Folders first (Users, Windows), then files ignoring case.
	want := []string{"Users", "Windows", "<img src=x onerror=alert(1)>", "empty.txt"}
	if !slices.Equal(names, want) {
		t.Fatalf("root rows %q, want %q", names, want)
	}
	for _, c := range []struct {
		from   int64
		prefix string
		want   int
	}{{0, "w", 1}, {1, "w", 1}, {1, "u", 0}, {0, "EM", 3}, {3, "e", 3}, {0, "zz", -1}} {
		r, _ := do[*view.Rows](t, s, Request{Op: "rows", Image: 1, Offset: c.from, Limit: 1, Prefix: c.prefix})
		if r.Found != c.want {
			t.Errorf("from %d, %q: found %d, want %d", c.from, c.prefix, r.Found, c.want)
		}
	}
	// Reversed, folders stay first: Windows, Users, empty.txt, <img...>.
	for i, want := range []int{1, 0, 3, 2} {
		r := root.Rows[i]
		if at, _ := do[*view.Rows](t, s, Request{Op: "rows", Image: 1, Limit: 1, Find: r.ID, Desc: true}); at.Found != want {
			t.Errorf("%s is at %d of the reversed order, found at %d", r.Name, want, at.Found)
		}
	}
	hits, _ := do[*view.Results](t, s, Request{Op: "search", Image: 1, Query: "*.exe"})
	rows := all(t, s, Request{Image: 1, Scope: "search", Query: "*.exe", Sort: "size", Desc: true})
	if len(rows) != len(hits.Hits) || len(rows) != 2 || rows[0].Name != "notepad.exe" {
		t.Fatalf("search rows %+v, hits %+v", rows, hits.Hits)
	}
	for _, bad := range []Request{{Scope: "nowhere"}, {Sort: "colour"}, {Node: 1 << 20}} {
		bad.Op, bad.Image = "rows", 1
		if _, err := s.Handle(bad, &collector{}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// The tree scope in name order is wimlib-imagex dir's order, path by
// path, on every test vector and image; every other scope and sort
// answers on each, whole.
func TestTreeOrderIsWimlibs(t *testing.T) {
	for _, v := range wimlibref.All(t) {
		t.Run(v.Name, func(t *testing.T) {
			var files []string
			for _, f := range v.Files {
				files = append(files, filepath.Join(wimlibref.Dir(), f))
			}
			s := open(t, files...)
			for image, golden := range v.Golden.Dir {
				i := int(image[0] - '0')
				want := goldenPaths(t, filepath.Join(wimlibref.Dir(), golden))
				var got []string
				for _, r := range all(t, s, Request{Image: i, Scope: "tree"}) {
					got = append(got, r.Path)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("image %d: %d paths, wimlib lists %d; first difference at %d", i, len(got), len(want), firstDiff(got, want))
				}
				for _, scope := range []string{"folder", "files"} {
					for _, key := range []string{"name", "size", "stored", "modified", "created", "accessed", "attributes", "sha1"} {
						r, _ := do[*view.Rows](t, s, Request{Op: "rows", Image: i, Scope: scope, Sort: key, Desc: key == "size", Limit: maxRows})
						if len(r.Rows) != min(r.Total, maxRows) {
							t.Fatalf("%s by %s: %d rows of %d", scope, key, len(r.Rows), r.Total)
						}
					}
				}
			}
		})
	}
}

// goldenPaths reads the full paths wimlib-imagex dir --detailed printed,
// the root left out.
func goldenPaths(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if p, ok := strings.CutPrefix(line, `Full Path           = "`); ok && p != `/"` {
			out = append(out, strings.TrimSuffix(p, `"`))
		}
	}
	return out
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// The hostile images list whole in every scope and sort, and their rows'
// names come out as stored.
func TestHostileImagesList(t *testing.T) {
	for _, name := range []string{"windows-hostile.wim", "pe.wim"} {
		s := open(t, filepath.Join(wimlibref.Dir(), name))
		for _, scope := range []string{"folder", "tree", "files"} {
			for _, key := range []string{"name", "size", "stored", "modified", "attributes", "sha1"} {
				for _, desc := range []bool{false, true} {
					rows := all(t, s, Request{Image: 1, Scope: scope, Sort: key, Desc: desc, Prefix: "a"})
					for _, r := range rows {
						if !strings.HasSuffix(r.Path, "/"+r.Name) {
							t.Fatalf("%s: %q does not end in its name %q", name, r.Path, r.Name)
						}
					}
				}
			}
		}
	}
}
