package main

import (
	"strings"
	"testing"
)

// TestCatMatchesWimlib compares cat's bytes with wimlib-imagex extract
// --to-stdout's for every regular file, on every kind of WIM.
func TestCatMatchesWimlib(t *testing.T) {
	requireWimlib(t)
	files := []string{"/a/b/hello.txt", "/a/empty", "/a/hardlink.bin", "/big/data.bin", "/name:with:colons", "/top.txt"}
	for _, c := range compressions {
		t.Run(c.name, func(t *testing.T) {
			w := capture(t, makeTree(t), "tree", c.args...)
			for _, f := range files {
				got := must(t, 0, "cat", w, "1", f).stdout
				if want := wimlib(t, "extract", w, "1", f, "--to-stdout"); got != want {
					t.Errorf("cat %s: %d bytes differ from wimlib's %d", f, len(got), len(want))
				}
			}
		})
	}
}

func TestCatNamedStreams(t *testing.T) {
	w := ntfsWIM(t)
	for file, streams := range ntfsStreams {
		for name, data := range streams {
			path := file
			if name != "" {
				path += ":" + name
			}
			if got := must(t, 0, "cat", w, "1", path).stdout; got != data {
				t.Errorf("cat %q = %q, want %q", path, got, data)
			}
		}
	}
}

func TestCatRefusals(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	for _, c := range []struct {
		path, want string
	}{
		{"/a", `"/a" is a directory`},
		{"/big/rel-link", `"/big/rel-link" is a reparse point`},
		{"/top.txt:nope", `"/top.txt" has no stream named "nope"`},
		{"/nope", `image 1 has no "/nope"`},
		{"/nope:x", `image 1 has no "/nope:x"`},
	} {
		r := must(t, 2, "cat", w, "1", c.path)
		if !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("cat %s: stderr %q, want one line with %q", c.path, r.stderr, c.want)
		}
	}
	// A file's path may end in ':' plus a stream name; "PATH:" is its
	// unnamed data.
	if got := must(t, 0, "cat", w, "1", "/top.txt:").stdout; got != "top\n" {
		t.Errorf("cat /top.txt: = %q", got)
	}
}

func TestCatDamagedDataExits1(t *testing.T) {
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	bad := damage(t, w, middle(blobOf(t, w, "/big/data.bin")))
	r := must(t, 1, "cat", bad, "1", "/big/data.bin")
	if len(r.stdout) != 640000 || !strings.Contains(r.stderr, "SHA-1 mismatch") {
		t.Errorf("cat of a damaged file: %d bytes out, stderr %q", len(r.stdout), r.stderr)
	}
}
