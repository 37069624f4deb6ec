package main

import (
	"encoding/json"
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// openWIM opens a WIM with the core, for tests that need to know where
// its blobs lie.
func openWIM(t *testing.T, name string) *wim.Archive {
	t.Helper()
	f, err := os.Open(name)
	check(t, err)
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	check(t, err)
	a, err := wim.Open(f, st.Size())
	check(t, err)
	return a
}

// blobOf is the blob holding a file's data in image 1.
func blobOf(t *testing.T, name, path string) *wim.Blob {
	t.Helper()
	a := openWIM(t, name)
	img, err := a.Image(1)
	check(t, err)
	f, err := img.Lookup(path)
	check(t, err)
	b, ok := a.Blob(f.Data().Hash)
	if !ok {
		t.Fatalf("%s: no blob for %s", name, path)
	}
	return b
}

// damage copies the WIM and flips one byte of the copy at off.
func damage(t *testing.T, name string, off int64) string {
	t.Helper()
	b, err := os.ReadFile(name)
	check(t, err)
	b[off] ^= 0xff
	out := filepath.Join(t.TempDir(), "damaged.wim")
	check(t, os.WriteFile(out, b, 0o644))
	return out
}

// middle is a byte in the middle of a blob's resource.
func middle(b *wim.Blob) int64 { return int64(b.Resource.Offset + b.Resource.StoredSize/2) }

// wimlibVerifies is wimlib-imagex verify's verdict.
func wimlibVerifies(name string) bool {
	_, err := wimlibref.Run("verify", name)
	return err == nil
}

func TestVerifyClean(t *testing.T) {
	requireWimlib(t)
	for _, c := range compressions {
		t.Run(c.name, func(t *testing.T) {
			w := capture(t, makeTree(t), "tree", append(c.args, "--check")...)
			r := must(t, 0, "verify", w)
			if !strings.HasPrefix(r.stdout, "OK: ") || !strings.Contains(r.stdout, "integrity table ok") {
				t.Errorf("verify: %q", r.stdout)
			}
		})
	}
}

func TestVerifyListsDamagedBlobWithEveryPath(t *testing.T) {
	requireWimlib(t)
	w := twoImages(t, "none")
	b := blobOf(t, w, "/big/data.bin")
	bad := damage(t, w, middle(b))
	if wimlibVerifies(bad) {
		t.Fatal("wimlib-imagex verify passes the damaged copy")
	}
	r := must(t, 1, "verify", bad)
	want := "damaged blob " + b.Hash.String() + ": blob: SHA-1 mismatch"
	if !strings.Contains(r.stdout, want) {
		t.Errorf("verify does not report %q:\n%s", want, r.stdout)
	}
	for _, user := range []string{"image 1: /a/hardlink.bin", "image 1: /big/data.bin", "image 2: /a/hardlink.bin", "image 2: /big/data.bin"} {
		if !strings.Contains(r.stdout, "    "+user+"\n") {
			t.Errorf("verify does not list %q:\n%s", user, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "verification failed: 1 fault\n") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

func TestVerifyDamagedMetadataAndIntegrity(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none", "--check")
	md, err := openWIM(t, w).MetadataBlob(1)
	check(t, err)
	bad := damage(t, w, middle(md))
	if wimlibVerifies(bad) {
		t.Fatal("wimlib-imagex verify passes the damaged copy")
	}
	r := must(t, 1, "verify", bad)
	for _, want := range []string{"damaged blob " + md.Hash.String(), "    image 1 metadata\n", "integrity table: integrity check: SHA-1 mismatch", "integrity table bad"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify does not report %q:\n%s", want, r.stdout)
		}
	}
}

func TestVerifyTruncated(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=lzx")
	st, err := os.Stat(w)
	check(t, err)
	for _, keep := range []int64{st.Size() - 1, st.Size() / 2, 100} {
		b, err := os.ReadFile(w)
		check(t, err)
		cut := filepath.Join(t.TempDir(), "cut.wim")
		check(t, os.WriteFile(cut, b[:keep], 0o644))
		// wimlib writes its tables last: a cut file cannot be opened.
		r := must(t, 2, "verify", cut)
		if n := strings.Count(r.stderr, "\n"); n != 1 || !strings.HasPrefix(r.stderr, "wimlens: ") {
			t.Errorf("truncated to %d bytes: stderr is not one error line: %q", keep, r.stderr)
		}
	}
}

// Entries no writer makes are faults of their image, listed with their
// paths, the same in the text and in --json: wimlib's fun/cyclic.wim
// (wimlib-imagex verify: "The metadata resource is invalid") and
// dotdot.wim (wimlib only warns and drops the entries; we fail), crafted.
func TestVerifyFaultsBadEntries(t *testing.T) {
	for _, c := range []struct {
		name, kind  string
		image       []byte
		paths       []string
		wimlibFails bool
	}{
		{"cyclic", "cycle", wimtest.Cyclic(), []string{"/top/loop"}, true},
		{"dotdot", "dot-name", wimtest.DotDot(), []string{"/.."}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.name+".wim")
			check(t, os.WriteFile(p, c.image, 0o644))
			if wimlibref.Available() && wimlibVerifies(p) == c.wimlibFails {
				t.Errorf("wimlib-imagex verify passes it: %v", !c.wimlibFails)
			}
			r := must(t, 1, "verify", p)
			if want := "image 1: the image's file tree has entries no writer makes (" + c.kind + ")"; !strings.Contains(r.stdout, want) {
				t.Errorf("no %q:\n%s", want, r.stdout)
			}
			var v view.Verify
			check(t, json.Unmarshal([]byte(must(t, 1, "verify", "--json", p).stdout), &v))
			if v.OK || len(v.Faults) != 1 || v.Faults[0].Kind != "entries" {
				t.Fatalf("--json: %+v", v)
			}
			var paths []string
			for _, u := range v.Faults[0].UsedBy {
				paths = append(paths, u.Path)
				if line := "    " + u.Path + ": " + u.Detail + "\n"; !strings.Contains(r.stdout, line) {
					t.Errorf("the text lacks --json's %q:\n%s", line, r.stdout)
				}
			}
			if !slices.Equal(paths, c.paths) {
				t.Errorf("paths %q, want %q", paths, c.paths)
			}
		})
	}
}
