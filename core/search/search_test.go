package search

import (
	"bytes"
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

func TestCompileAndMatch(t *testing.T) {
	cases := []struct {
		query, name, path string
		want              bool
	}{
		{"note", "Notepad.exe", "Windows/Notepad.exe", true},
		{"NOTE", "notepad.exe", "Windows/notepad.exe", true},
		{"pad.", "notepad.exe", "", true},
		{"xyz", "notepad.exe", "", false},
		{"*.exe", "notepad.exe", "", true},
		{"*.exe", "notepad.exe.mui", "", false},
		{"*.EXE", "notepad.exe", "", true},
		{"note???.exe", "notepad.exe", "", true},
		{"note??.exe", "notepad.exe", "", false},
		{"[a].txt*", "[a].txt", "", true}, // brackets are literal
		{"a.b*", "aXb", "", false},        // so is the dot
		{"Windows/*.exe", "notepad.exe", "Windows/notepad.exe", true},
		{"/Windows/*.exe", "notepad.exe", "Windows/notepad.exe", true},
		{`Windows\*.exe`, "notepad.exe", "Windows/notepad.exe", true},
		{"Windows/*.exe", "x.exe", "Windows/System32/x.exe", false},
		{"Windows/**.exe", "x.exe", "Windows/System32/x.exe", true},
		{"**/x.exe", "x.exe", "x.exe", true},
		{"**/x.exe", "x.exe", "a/b/c/x.exe", true},
		{"Windows/**/x.exe", "x.exe", "Windows/x.exe", true},
		{"Windows/**/x.exe", "x.exe", "Windows/a/b/x.exe", true},
		{"W?ndows/x.exe", "x.exe", "Windows/x.exe", true},
		{"W*/x.exe", "x.exe", "Windows/sub/x.exe", false},
		{"*", "line\nbreak", "", true}, // names may hold anything
		{"windows/sys", "System32", "Windows/System32", true},
		{"/windows/sys", "System32", "Windows/System32", true},
		{"/sys", "System32", "Windows/System32", true},
		{"/dows", "System32", "Windows/System32", false}, // '/' is part of what is matched
		{"dows/note", "x", "Windows/notepad.exe", true},
	}
	for _, c := range cases {
		if got := Compile(c.query).Match(c.name, c.path); got != c.want {
			t.Errorf("Compile(%q).Match(%q, %q) = %v, want %v", c.query, c.name, c.path, got, c.want)
		}
	}
	if !Compile("a/b").MatchesPaths() || !Compile("a/*").MatchesPaths() || Compile("*.txt").MatchesPaths() || Compile("ab").MatchesPaths() {
		t.Error("MatchesPaths: only queries with '/' look at paths")
	}
}

// image builds a one-image WIM of the given paths (a trailing '/' makes a
// folder) and opens it.
func image(t testing.TB, paths []string) *meta.Image {
	t.Helper()
	root := &wimtest.Entry{Dir: true}
	for _, p := range paths {
		dir := root
		parts := strings.Split(strings.TrimSuffix(p, "/"), "/")
		for i, name := range parts {
			var next *wimtest.Entry
			for _, c := range dir.Children {
				if c.Name == name {
					next = c
				}
			}
			if next == nil {
				next = &wimtest.Entry{Name: name, Dir: i < len(parts)-1 || strings.HasSuffix(p, "/")}
				if !next.Dir {
					next.Data = []byte(p)
				}
				dir.Children = append(dir.Children, next)
			}
			dir = next
		}
	}
	b := wimtest.Build(root.Children...)
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err == nil {
		var img *meta.Image
		if img, err = a.Image(1); err == nil {
			return img
		}
	}
	t.Fatal(err)
	return nil
}

func paths(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Path)
	}
	return out
}

func TestSearch(t *testing.T) {
	img := image(t, []string{
		"Windows/notepad.exe", "Windows/System32/cmd.exe", "Windows/System32/drivers/etc/hosts",
		"Users/Public/Notes.txt", "Users/Default/", "readme.txt",
	})
	ctx := context.Background()
	cases := []struct {
		query string
		limit int
		want  []string
		more  bool
	}{
		{"note", 10, []string{"/Users/Public/Notes.txt", "/Windows/notepad.exe"}, false},
		{"*.exe", 10, []string{"/Windows/System32/cmd.exe", "/Windows/notepad.exe"}, false},
		{"*.exe", 1, []string{"/Windows/System32/cmd.exe"}, true},
		{"Windows/*.exe", 10, []string{"/Windows/notepad.exe"}, false},
		{"**/etc/*", 10, []string{"/Windows/System32/drivers/etc/hosts"}, false},
		{"users/*", 10, []string{"/Users/Default", "/Users/Public"}, false},
		{"/Windows/System32/", 10, []string{"/Windows/System32/cmd.exe", "/Windows/System32/drivers", "/Windows/System32/drivers/etc", "/Windows/System32/drivers/etc/hosts"}, false},
		{"", 10, nil, false},
		{"nothing-like-it", 10, nil, false},
	}
	for _, c := range cases {
		hits, more, err := Search(ctx, img.Root, Query{Text: c.query}, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := paths(hits); !reflect.DeepEqual(got, c.want) || more != c.more {
			t.Errorf("Search(%q, %d) = %q, more %v; want %q, more %v", c.query, c.limit, got, more, c.want, c.more)
		}
	}
}

func TestSearchCancelled(t *testing.T) {
	var files []string
	for i := range checkEvery + 10 {
		files = append(files, "d/"+strconv.Itoa(i)+"/")
	}
	img := image(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, q := range []Query{{Text: "*"}, {Text: "1", Mode: Fuzzy}, {MinSize: 1}} {
		if _, _, err := Search(ctx, img.Root, q, 1<<20); err != context.Canceled {
			t.Errorf("%+v: err = %v, want context.Canceled", q, err)
		}
	}
}
