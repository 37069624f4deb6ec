package search

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A tree nested as deep as an image may be (wimlib's 16,384 levels, which
// the core enforces) is searched without recursion deep enough to overflow
// a call stack (the page's engine has a small one), in tree order.
func TestSearchDeepTree(t *testing.T) {
	const depth = 16384
	chain := &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "needle", Data: []byte("x")}}}
	for range depth - 2 {
		chain = &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{chain}}
	}
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("a")}, chain, &wimtest.Entry{Name: "z", Data: []byte("z")})
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	needle := strings.Repeat("/d", depth-1) + "/needle"
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"needle", []string{needle}},
		{"d/needle", []string{needle}}, // a path query: paths built all the way down
		{"z", []string{"/z"}},          // past the deep folder
		{"*e*", []string{needle}},      // one hit only, past every folder
	} {
		hits, more, err := Search(context.Background(), img.Root, Query{Text: c.query}, 10)
		if err != nil || more {
			t.Fatalf("%q: %v, more %v", c.query, err, more)
		}
		if got := paths(hits); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %.80q, want %.80q", c.query, got, c.want)
		}
	}
}
