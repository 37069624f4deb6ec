package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wimlens/wimlens/internal/wimlibref"
)

// result is one run of the CLI.
type result struct {
	stdout, stderr string
	code           int
}

// wimlens runs the command in-process, as main would.
func wimlens(t *testing.T, args ...string) result {
	t.Helper()
	return wimlensCtx(context.Background(), args...)
}

func wimlensCtx(ctx context.Context, args ...string) result {
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return result{out.String(), errb.String(), code}
}

// must runs the command and fails the test unless it exits with want.
func must(t *testing.T, want int, args ...string) result {
	t.Helper()
	r := wimlens(t, args...)
	if r.code != want {
		t.Fatalf("wimlens %q: exit %d, want %d\nstderr: %s", args, r.code, want, r.stderr)
	}
	return r
}

// requireWimlib skips tests that compare with the reference when it is
// not installed (make test installs it, so CI always compares).
func requireWimlib(t *testing.T) {
	t.Helper()
	if !wimlibref.Available() {
		t.Skip("wimlib-imagex is not installed (apt-get install wimtools, or make test); skipping the comparison with it")
	}
}

// wimlib runs wimlib-imagex and returns its standard output.
func wimlib(t *testing.T, args ...string) string {
	t.Helper()
	out, err := wimlibref.Run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// fixedTime is every timestamp in the test tree, so that captures of it
// are the same from run to run (only the GUID and the XML's capture times
// differ, and golden files scrub those).
var fixedTime = time.Date(2021, 6, 7, 8, 9, 10, 0, time.UTC)

// makeTree writes a small tree with what the verbs must handle: nested
// folders, an empty file, a hard link, relative and absolute symlinks, a
// name with ':'.
func makeTree(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "src")
	files := map[string]string{
		"a/b/hello.txt":    "hello, world\n",
		"a/empty":          "",
		"big/data.bin":     strings.Repeat("0123456789abcdef", 40000),
		"name:with:colons": "colons\n",
		"top.txt":          "top\n",
	}
	// In a fixed order: wimlib writes blobs in the order it reads the
	// folders, and that follows creation order on some file systems.
	for _, p := range slices.Sorted(maps.Keys(files)) {
		data := files[p]
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check(t, os.Link(filepath.Join(root, "big/data.bin"), filepath.Join(root, "a/hardlink.bin")))
	check(t, os.Symlink("../a/b/hello.txt", filepath.Join(root, "big/rel-link")))
	check(t, os.Symlink("/etc/passwd", filepath.Join(root, "abs-link")))
	// Times last, deepest first, symlinks themselves included (touch -h).
	var paths []string
	check(t, filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
		paths = append(paths, p)
		return err
	}))
	for i := len(paths) - 1; i >= 0; i-- {
		stamp := "@" + strconv.FormatInt(fixedTime.Unix(), 10)
		if out, err := exec.Command("touch", "-h", "-d", stamp, paths[i]).CombinedOutput(); err != nil {
			t.Fatalf("touch: %v: %s", err, out)
		}
	}
	return root
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// capture makes a WIM of src with wimlib-imagex and returns its path.
func capture(t *testing.T, src, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "test.wim")
	wimlib(t, append([]string{"capture", src, out, name}, args...)...)
	return out
}

// twoImages is a WIM holding the tree twice, as "First" and "Second", the
// second with a file added.
func twoImages(t *testing.T, compress string) string {
	t.Helper()
	src := makeTree(t)
	w := capture(t, src, "First", "--compress="+compress)
	check(t, os.WriteFile(filepath.Join(src, "second-only.txt"), []byte("2\n"), 0o644))
	wimlib(t, "append", src, w, "Second")
	return w
}

// lines splits output into its lines.
func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
