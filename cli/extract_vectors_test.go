package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/wimlens/wimlens/internal/wimlibref"
)

// TestExtractVectorsMatchWimlib extracts every image of every test vector
// (solid, split, pipable, hard links, alternate streams, reparse points)
// with --dest and with --zip, and compares the files with what
// `wimlib-imagex apply` writes: the same folders, the same bytes in every
// regular file, the same hard-link groups. wimlib makes symlinks of
// reparse points where wimlens writes plain files (see export's notes):
// their names must be there, their contents are not compared; nor are a
// folder's (wimlens writes a plain folder).
func TestExtractVectorsMatchWimlib(t *testing.T) {
	requireWimlib(t)
	vs, err := wimlibref.Vectors()
	check(t, err)
	t.Chdir(wimlibref.Dir())
	for _, v := range vs {
		for _, n := range v.ImageNumbers() {
			t.Run(v.Name+"/"+strconv.Itoa(n), func(t *testing.T) {
				t.Parallel()
				image := strconv.Itoa(n)
				tmp := t.TempDir()
				ref, got := filepath.Join(tmp, "wimlib"), filepath.Join(tmp, "wimlens")
				args := []string{"apply", v.Files[0], image, ref}
				if v.Split {
					args = append(args, "--ref="+strings.Replace(v.Files[0], ".swm", "*.swm", 1))
				}
				wimlib(t, args...)
				r := wimlens(t, "extract", v.Files[0], image, "--dest", got)
				want, links := tree(t, ref)
				// Names wimlens refuses (Windows device names, "\\") are
				// listed, with exit 1, and nothing is written of them.
				refused := 0
				for _, line := range lines(r.stderr) {
					if p, ok := strings.CutPrefix(line, "wimlens: refused: /"); ok {
						refused++
						p = p[:strings.LastIndex(p, ": unsafe name")]
						for q := range want {
							if q == p || strings.HasPrefix(q, p+"/") {
								delete(want, q)
							}
						}
					}
				}
				if code := min(refused, 1); r.code != code {
					t.Fatalf("extract: exit %d, want %d\n%s", r.code, code, r.stderr)
				}
				have, haveLinks := tree(t, got)
				like := maps.Clone(have)
				for p, data := range like {
					if data == "dir" && want[p] == "" {
						like[p] = "" // a folder's reparse point: wimlens writes a plain folder
					}
				}
				if !maps.Equal(like, want) {
					t.Errorf("extracted %d entries unlike wimlib's %d:\n%s", len(like), len(want), mapDiff(like, want))
				}
				if !slices.EqualFunc(haveLinks, links, slices.Equal) {
					t.Errorf("hard-link groups %q, wimlib's %q", haveLinks, links)
				}
				zipped := filepath.Join(tmp, "out.zip")
				if r := wimlens(t, "extract", v.Files[0], image, "--zip", zipped); r.code != min(refused, 1) {
					t.Fatalf("extract --zip: exit %d\n%s", r.code, r.stderr)
				}
				fromZip := map[string]string{}
				for name, data := range readZip(t, zipped) {
					if strings.HasSuffix(name, "/") {
						fromZip[strings.TrimSuffix(name, "/")] = "dir"
					} else {
						fromZip[name] = data
					}
				}
				if !maps.Equal(fromZip, have) {
					t.Errorf("the zip differs from --dest:\n%s", mapDiff(fromZip, have))
				}
			})
		}
	}
}

// tree reads root: each path's contents ("dir" for a folder, "" for a
// symlink), and its hard-link groups, each sorted, in order.
func tree(t *testing.T, root string) (map[string]string, [][]string) {
	t.Helper()
	out := map[string]string{}
	inodes := map[uint64][]string{}
	check(t, filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch m := info.Mode(); {
		case m.IsDir():
			out[rel] = "dir"
		case m&os.ModeSymlink != 0:
			out[rel] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(b)
			if st := info.Sys().(*syscall.Stat_t); st.Nlink > 1 {
				inodes[st.Ino] = append(inodes[st.Ino], rel)
			}
		}
		return nil
	}))
	var groups [][]string
	for _, g := range inodes {
		slices.Sort(g)
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out, groups
}

// mapDiff lists up to 10 paths whose contents differ.
func mapDiff(got, want map[string]string) string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			out = append(out, "missing "+p)
		} else if g != want[p] {
			out = append(out, "differs "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	return strings.Join(out[:min(len(out), 10)], "\n")
}
