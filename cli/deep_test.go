package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A tree nested as deep as an image may be (wimlib's 16,384 levels): dir
// --path lists it as wimlib-imagex does, and walk, which dir --detailed and
// --json go by, visits it parents first, neither with a call per level.
func TestDirDeepTree(t *testing.T) {
	requireWimlib(t)
	const depth = 16384
	chain := &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{{Name: "f", Data: []byte("x")}}}
	for range depth - 2 {
		chain = &wimtest.Entry{Name: "d", Dir: true, Children: []*wimtest.Entry{chain}}
	}
	b := wimtest.Build(chain, &wimtest.Entry{Name: "z", Data: []byte("z")})
	name := filepath.Join(t.TempDir(), "deep.wim")
	check(t, os.WriteFile(name, b, 0o644))

	// The listing is depth² bytes (268 MB): compared by hash as it streams.
	ours, theirs := sha1.New(), sha1.New()
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"dir", "--path", "/d", name, "1"}, ours, &stderr); code != exitOK {
		t.Fatalf("dir --path /d: exit %d: %s", code, stderr.String())
	}
	cmd := exec.Command("wimlib-imagex", "dir", name, "1", "--path=/d")
	cmd.Stdout = theirs
	check(t, cmd.Run())
	if !bytes.Equal(ours.Sum(nil), theirs.Sum(nil)) {
		t.Error("dir --path /d lists other paths than wimlib-imagex")
	}

	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	check(t, err)
	img, err := a.Image(1)
	check(t, err)
	start, err := img.Lookup("/d")
	check(t, err)
	prev, n := start.Parent, 0
	check(t, walk(&env{ctx: context.Background()}, start, func(f *meta.File) error {
		if f.Parent != prev {
			t.Fatalf("walk visits %q after %q", f.Path(), prev.Path())
		}
		prev, n = f, n+1
		return nil
	}))
	if n != depth || prev.Name != "f" {
		t.Errorf("walk visited %d entries, the last %q", n, prev.Name)
	}
}
