package search

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"reflect"
	"strconv"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
)

func TestFuzzyRanking(t *testing.T) {
	img := image(t, []string{
		"b/notepad", "a/notepad", "notpad", "notepads", "nottpadd", "notepad.exe", "cmd.exe", "Windows/notepad.exe",
	})
	cases := []struct {
		text string
		want []string
	}{
		// Exact names first, ties by path; then one edit, then two; names
		// that merely contain the text or match without their extension last.
		{"notepad", []string{"/a/notepad", "/b/notepad", "/notepads", "/notpad", "/nottpadd", "/Windows/notepad.exe", "/notepad.exe"}},
		{"NOTEPAD.EXE", []string{"/Windows/notepad.exe", "/notepad.exe"}},
		{"/windows/notepad.ex", []string{"/Windows/notepad.exe"}},
		{"xyz", nil},
	}
	for _, c := range cases {
		hits, more, err := Search(context.Background(), img.Root, Query{Text: c.text, Mode: Fuzzy}, 100)
		if err != nil {
			t.Fatal(err)
		}
		if got := paths(hits); !reflect.DeepEqual(got, c.want) || more {
			t.Errorf("fuzzy %q = %q, more %v; want %q", c.text, got, more, c.want)
		}
	}
	hits, more, _ := Search(context.Background(), img.Root, Query{Text: "notepad", Mode: Fuzzy}, 2)
	if got := paths(hits); !reflect.DeepEqual(got, []string{"/a/notepad", "/b/notepad"}) || !more || hits[0].Distance != 0 {
		t.Errorf("limited fuzzy = %q, more %v", got, more)
	}
}

func TestModes(t *testing.T) {
	img := image(t, []string{"a*b", "axb"})
	for _, c := range []struct {
		q    Query
		want []string
	}{
		{Query{Text: "a*b"}, []string{"/a*b", "/axb"}},
		{Query{Text: "a*b", Mode: Substring}, []string{"/a*b"}},
		{Query{Text: "a", Mode: Glob}, nil},
		{Query{Text: "a*", Mode: Glob}, []string{"/a*b", "/axb"}},
	} {
		hits, _, _ := Search(context.Background(), img.Root, c.q, 10)
		if got := paths(hits); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestFilters(t *testing.T) {
	img := image(t, []string{"d/small", "d/a-larger-one", "d/links/", "d/ads.txt"})
	byName := map[string]*meta.File{}
	_ = img.Walk(func(f *meta.File) error { byName[f.Name] = f; return nil })
	// The crafting helper writes neither attributes nor streams: set them
	// on the opened tree, which is what the filters read.
	byName["links"].Attributes |= meta.AttrReparsePoint | meta.AttrHidden
	ads := byName["ads.txt"]
	ads.Streams = append(ads.Streams, meta.Stream{Name: "Zone.Identifier", Size: 3})
	sum := sha1.Sum([]byte("d/small")) // the helper stores each path as its file's data
	sha := hex.EncodeToString(sum[:])

	cases := []struct {
		q    Query
		want []string
	}{
		{Query{MinSize: 9}, []string{"/d/a-larger-one", "/d/ads.txt"}},
		{Query{MinSize: 1, MaxSize: 8}, []string{"/d/small"}},
		{Query{Text: "d", MaxSize: 9}, []string{"/d", "/d/ads.txt"}}, // folders have size 0
		{Query{Attributes: uint32(meta.AttrHidden)}, []string{"/d/links"}},
		{Query{Attributes: uint32(meta.AttrHidden | meta.AttrReadOnly)}, nil},
		{Query{Reparse: true}, []string{"/d/links"}},
		{Query{HasStreams: true}, []string{"/d/ads.txt"}},
		{Query{SHA1: sha}, []string{"/d/small"}},
		{Query{SHA1: sha, Text: "other"}, nil},
		{Query{HasStreams: true, Text: "ads", Mode: Fuzzy}, []string{"/d/ads.txt"}},
		{Query{}, nil},
	}
	for _, c := range cases {
		hits, _, err := Search(context.Background(), img.Root, c.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := paths(hits); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v = %q, want %q", c.q, got, c.want)
		}
	}
	if _, _, err := Search(context.Background(), img.Root, Query{SHA1: "abc"}, 10); err == nil {
		t.Error("a malformed SHA-1 is accepted")
	}
}

// BenchmarkSearch150k searches 150,000 entries, the size of a Windows
// install image; each mode should take well under a second.
func BenchmarkSearch150k(b *testing.B) {
	var files []string
	for i := range 150_000 {
		files = append(files, "Windows/d"+strconv.Itoa(i%300)+"/file"+strconv.Itoa(i)+".dll")
	}
	img := image(b, files)
	for _, q := range []Query{
		{Text: "file1234"}, {Text: "*.dll"}, {Text: "fiel1234.dll", Mode: Fuzzy}, {Text: "windows/d1/file1.dll", Mode: Fuzzy}, {MinSize: 30},
	} {
		b.Run(strconv.Itoa(int(q.Mode))+"/"+q.Text, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Search(context.Background(), img.Root, q, 1000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
