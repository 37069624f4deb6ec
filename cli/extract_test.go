package main

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// regularFiles reads the regular files of a tree: path -> contents.
func regularFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	check(t, filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return out
}

func TestExtractDir(t *testing.T) {
	requireWimlib(t)
	src := makeTree(t)
	want := regularFiles(t, src)
	// Symlinks come out as empty placeholder files, never as links.
	want["big/rel-link"], want["abs-link"] = "", ""
	for _, c := range []string{"none", "lzx"} {
		t.Run(c, func(t *testing.T) {
			w := capture(t, src, "tree", "--compress="+c)
			dest := filepath.Join(t.TempDir(), "out")
			r := must(t, 0, "extract", w, "1", "--dest", dest)
			if got := regularFiles(t, dest); !maps.Equal(got, want) {
				t.Errorf("extracted %q\nwant %q", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
			a, _ := os.Stat(filepath.Join(dest, "big/data.bin"))
			b, _ := os.Stat(filepath.Join(dest, "a/hardlink.bin"))
			if !os.SameFile(a, b) {
				t.Error("hard-linked files were not extracted as one file")
			}
			for _, link := range []string{"/big/rel-link: reparse point", "/abs-link: reparse point"} {
				if !strings.Contains(r.stderr, "note: "+link) {
					t.Errorf("stderr does not note %q:\n%s", link, r.stderr)
				}
			}
			if st, err := os.Stat(filepath.Join(dest, "top.txt")); err != nil || !st.ModTime().Equal(fixedTime) {
				t.Errorf("top.txt's time is not the image's: %v %v", st.ModTime(), err)
			}
		})
	}
}

func TestExtractPathsTakeTheirBaseName(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	dest := t.TempDir()
	must(t, 0, "extract", w, "tree", "/a/b", "/big/data.bin", "--dest", dest)
	got := regularFiles(t, dest)
	if len(got) != 2 || got["b/hello.txt"] != "hello, world\n" || len(got["data.bin"]) != 640000 {
		t.Errorf("extracted %q", slices.Sorted(maps.Keys(got)))
	}
}

func TestExtractZip(t *testing.T) {
	requireWimlib(t)
	src := makeTree(t)
	w := capture(t, src, "tree", "--compress=lzx")
	for _, store := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out.zip")
		args := []string{"extract", w, "1", "--zip", out}
		if store {
			args = append(args, "--store")
		}
		must(t, 0, args...)
		got := readZip(t, out)
		want := regularFiles(t, src)
		want["big/rel-link"], want["abs-link"] = "", ""
		for _, dir := range []string{"a/", "a/b/", "big/"} {
			want[dir] = ""
		}
		if !maps.Equal(got, want) {
			t.Errorf("store %v: zip holds %q\nwant %q", store, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
		// Every file keeps its last write time, to the second (the zip's
		// extended timestamp); --store leaves every file as it is, and
		// without it text is deflated.
		zr, err := zip.OpenReader(out)
		check(t, err)
		for _, f := range zr.File {
			st, err := os.Lstat(filepath.Join(src, filepath.FromSlash(f.Name)))
			check(t, err)
			if st.Mode().IsRegular() && f.Modified.Unix() != st.ModTime().Unix() {
				t.Errorf("%s: modified %v in the zip, %v in the tree captured", f.Name, f.Modified, st.ModTime())
			}
			if want := map[bool]uint16{false: zip.Deflate, true: zip.Store}[store]; f.Name == "big/data.bin" && f.Method != want {
				t.Errorf("store %v: %s is held by method %d, want %d", store, f.Name, f.Method, want)
			}
		}
		zr.Close()
	}
}

// readZip reads a zip's entries, failing on any that is not a plain file
// or folder with a local name.
func readZip(t *testing.T, name string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		if m := f.Mode(); !filepath.IsLocal(strings.TrimSuffix(f.Name, "/")) || !(m.IsRegular() || m.IsDir()) {
			t.Errorf("zip entry %q (mode %v) is not a plain local name", f.Name, f.Mode())
		}
		r, err := f.Open()
		check(t, err)
		b, err := io.ReadAll(r)
		check(t, err)
		out[f.Name] = string(b)
	}
	return out
}

// TestExtractRefusesUnsafeNames crafts one entry per kind of name that
// must never be written (wimlib refuses to capture them) and checks each
// is refused on stderr, the rest is extracted, nothing lands outside the
// target, and the exit status is 1.
func TestExtractRefusesUnsafeNames(t *testing.T) {
	kinds := []struct{ kind, name string }{
		{"parent", ".."}, {"self", "."}, {"absolute", "/etc/passwd"}, {"drive letter", "C:"},
		{"drive-relative", "c:evil.txt"}, {"UNC", `\\server\share\x`}, {"slash", "a/b"},
		{"backslash", `..\..\x`}, {"NUL", "a\x00b"}, {"device", "CON"}, {"device with extension", "nul.txt"},
		{"serial port", "COM1"}, {"printer port", "LPT9.log"}, {"empty", ""},
	}
	entries := []*wimtest.Entry{
		{Name: "safe.txt", Data: []byte("safe")},
		{Name: "..", Dir: true, Children: []*wimtest.Entry{{Name: "escaped.txt", Data: []byte("escaped")}}},
	}
	for _, k := range kinds {
		entries = append(entries, &wimtest.Entry{Name: k.name, Data: []byte(k.kind)})
	}
	w := filepath.Join(t.TempDir(), "hostile.wim")
	check(t, os.WriteFile(w, wimtest.Build(entries...), 0o644))

	parent := t.TempDir()
	dest := filepath.Join(parent, "out")
	zipOut := filepath.Join(parent, "out.zip")
	for _, target := range [][]string{{"--dest", dest}, {"--zip", zipOut}} {
		r := must(t, 1, append([]string{"extract", w, "1"}, target...)...)
		for _, k := range kinds {
			if line := "refused: /" + oneLine(k.name) + ": unsafe name"; !strings.Contains(r.stderr, line) {
				t.Errorf("%s: %s name %q not refused on stderr:\n%s", target[0], k.kind, k.name, r.stderr)
			}
		}
		if !strings.Contains(r.stderr, "refused: /..: unsafe name") {
			t.Errorf("the folder named .. is not refused:\n%s", r.stderr)
		}
	}
	if got := regularFiles(t, dest); !maps.Equal(got, map[string]string{"safe.txt": "safe"}) {
		t.Errorf("extracted %q, want only safe.txt", slices.Sorted(maps.Keys(got)))
	}
	if got := readZip(t, zipOut); !maps.Equal(got, map[string]string{"safe.txt": "safe"}) {
		t.Errorf("zipped %q, want only safe.txt", slices.Sorted(maps.Keys(got)))
	}
	if got := regularFiles(t, parent); len(got) != 2 { // out/safe.txt and out.zip
		t.Errorf("files beside the target: %q", slices.Sorted(maps.Keys(got)))
	}
}

func TestExtractDoesNotFollowSymlinksInTheTarget(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	check(t, os.WriteFile(victim, []byte("untouched"), 0o644))
	dest := t.TempDir()
	check(t, os.Symlink(victim, filepath.Join(dest, "top.txt")))

	must(t, 0, "extract", w, "1", "/top.txt", "--dest", dest)
	if b, _ := os.ReadFile(victim); string(b) != "untouched" {
		t.Errorf("extraction wrote through a symlink: victim holds %q", b)
	}
	if st, err := os.Lstat(filepath.Join(dest, "top.txt")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("top.txt was not replaced by a regular file: %v", err)
	}

	check(t, os.Symlink(outside, filepath.Join(dest, "a")))
	r := must(t, 2, "extract", w, "1", "/a", "--dest", dest)
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("extraction wrote into a symlinked folder: %v (stderr %s)", entries, r.stderr)
	}
}

func TestExtractCancelledRemovesThePartialZip(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	out := filepath.Join(t.TempDir(), "out.zip")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := wimlensCtx(ctx, "extract", w, "1", "--zip", out)
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q; want %d and interrupted", r.code, r.stderr, exitInterrupted)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the unfinished zip was left behind: %v", err)
	}
}

func TestExtractUsage(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	for _, args := range [][]string{
		{"extract", w, "1"},
		{"extract", w, "1", "--dest", "x", "--zip", "y.zip"},
		{"extract", w, "1", "--dest", t.TempDir(), "--store"},
		{"extract", w, "--dest", t.TempDir()},
		{"extract", w, "1", "/nope", "--dest", t.TempDir()},
	} {
		must(t, 2, args...)
	}
}

// TestExtractRefusesNamesTooLongAndGoesOn: a name of more than 255 bytes
// cannot be created on disk; it is refused and reported, with everything
// below it, and the entries after it are still written. A zip has no such
// limit and keeps it.
func TestExtractRefusesNamesTooLongAndGoesOn(t *testing.T) {
	long := strings.Repeat("é", 128) // 256 bytes
	w := filepath.Join(t.TempDir(), "long.wim")
	check(t, os.WriteFile(w, wimtest.Build(
		&wimtest.Entry{Name: "a.txt", Data: []byte("before")},
		&wimtest.Entry{Name: long, Data: []byte("too long")},
		&wimtest.Entry{Name: long + "-dir", Dir: true, Children: []*wimtest.Entry{{Name: "in.txt", Data: []byte("below")}}},
		&wimtest.Entry{Name: strings.Repeat("x", 255), Data: []byte("longest allowed")},
		&wimtest.Entry{Name: "z.txt", Data: []byte("after")},
	), 0o644))
	dest := filepath.Join(t.TempDir(), "out")
	r := must(t, 1, "extract", w, "1", "--dest", dest)
	for _, name := range []string{long, long + "-dir"} {
		if line := "refused: /" + name + ": the name is"; !strings.Contains(r.stderr, line) {
			t.Errorf("%q not refused on stderr:\n%s", name, r.stderr)
		}
	}
	want := map[string]string{"a.txt": "before", strings.Repeat("x", 255): "longest allowed", "z.txt": "after"}
	if got := regularFiles(t, dest); !maps.Equal(got, want) {
		t.Errorf("extracted %q, want %q", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	out := filepath.Join(t.TempDir(), "out.zip")
	must(t, 0, "extract", w, "1", "--zip", out)
	if got := readZip(t, out); got[long] != "too long" || got[long+"-dir/in.txt"] != "below" {
		t.Errorf("the zip lacks the long names: %q", slices.Sorted(maps.Keys(got)))
	}
}

// Past the first ten, notes are counted by kind instead of listed, the
// way an image of Windows with thousands of reparse points needs; --notes
// lists every one.
func TestExtractCountsNotesPastTheFirstTen(t *testing.T) {
	requireWimlib(t)
	src := filepath.Join(t.TempDir(), "src")
	require.NoError(t, os.Mkdir(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "target"), []byte("data"), 0o644))
	for i := range 12 {
		require.NoError(t, os.Symlink("target", filepath.Join(src, fmt.Sprintf("link%02d", i))))
	}
	w := capture(t, src, "links")
	notes := func(stderr string) (listed int, summary []string) {
		for _, l := range strings.Split(stderr, "\n") {
			switch {
			case strings.HasPrefix(l, "wimlens: note: /link"):
				listed++
			case strings.HasPrefix(l, "wimlens: note: "):
				summary = append(summary, l)
			}
		}
		return listed, summary
	}
	r := must(t, 0, "extract", w, "1", "--dest", filepath.Join(t.TempDir(), "out"))
	listed, summary := notes(r.stderr)
	require.Equal(t, 10, listed, r.stderr)
	require.Equal(t, []string{"wimlens: note: in all, 12 reparse points written as plain files or folders (the first 10 are above; --notes lists every one)"}, summary)

	r = must(t, 0, "extract", w, "1", "--zip", filepath.Join(t.TempDir(), "out.zip"), "--notes")
	listed, summary = notes(r.stderr)
	require.Equal(t, 12, listed, r.stderr)
	require.Empty(t, summary)
}
