package export

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A tree nested as deep as an image may be (wimlib's 16,384 levels, which
// the core enforces) is planned and zipped without recursion deep enough
// to overflow a call stack (the page's engine has a small one), parents
// first and in tree order, and a refused name still skips its subtree.
func TestExportDeepTree(t *testing.T) {
	const depth = 16384
	chain := &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "f", Data: []byte("x")}}}
	chain = &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{chain,
		{Name: "CON", Dir: true, Children: []*wimtest.Entry{{Name: "hidden", Data: []byte("y")}}}}}
	for range depth - 3 {
		chain = &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{chain}}
	}
	a, img := image(t, wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("a")}, chain, &wimtest.Entry{Name: "z", Data: []byte("z")}))

	p := makePlan([]*meta.File{img.Root}, nil)
	if len(p.entries) != depth+2 {
		t.Fatalf("planned %d entries, want %d", len(p.entries), depth+2)
	}
	want := []string{"a"}
	for dir := "d"; len(want) < depth; dir += "/d" {
		want = append(want, dir)
	}
	want = append(want, want[depth-1]+"/f", "z")
	for i := range p.entries {
		if got := p.path(&p.entries[i]); got != want[i] {
			t.Fatalf("entry %d is %.80q, want %.80q", i, got, want[i])
		}
	}
	con := strings.Repeat("/d", depth-2) + "/CON"
	if len(p.refused) != 1 || p.refused[0].Path != con {
		t.Fatalf("refused %.80v, want only %.80q", p.refused, con)
	}

	res, err := Zip(context.Background(), io.Discard, a, img.Root, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != depth+2 || len(res.Refused) != 1 {
		t.Errorf("zip wrote %d entries and refused %d, want %d and 1", res.Written, len(res.Refused), depth+2)
	}
}
