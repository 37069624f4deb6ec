package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wimlens/wimlens/internal/wimtest"
)

var update = flag.Bool("update", false, "rewrite cli/testdata/*.golden.json from this run")

// volatile are the JSON fields a capture of the same tree changes from run
// to run: the WIM's random GUID and the capture times in its XML.
var volatile = map[string]bool{"guid": true, "creationTime": true, "lastModificationTime": true}

// TestJSONGolden pins each --json schema (README.md documents them) to a
// golden file. dir's WIM is a capture of makeTree, whose times are fixed,
// less its hard link: wimlib numbers link groups by inode. info's and
// verify's are written by internal/wimtest, since wimlib lays blobs out in
// an order that varies from run to run. Volatile fields (the GUID, capture
// times) are replaced by "(varies)". Run with -update to rewrite.
func TestJSONGolden(t *testing.T) {
	requireWimlib(t)
	src := makeTree(t)
	check(t, os.Remove(filepath.Join(src, "a/hardlink.bin")))
	check(t, os.Chtimes(filepath.Join(src, "a"), fixedTime, fixedTime))
	captured := capture(t, src, "tree", "--compress=lzx")
	crafted := filepath.Join(t.TempDir(), "crafted.wim")
	check(t, os.WriteFile(crafted, wimtest.Build(
		&wimtest.Entry{Name: "docs", Dir: true, Children: []*wimtest.Entry{{Name: "a.txt", Data: []byte("alpha\n")}}},
		&wimtest.Entry{Name: "b.txt", Data: []byte("bravo\n")},
	), 0o644))
	damaged := damage(t, crafted, middle(blobOf(t, crafted, "/b.txt")))
	for _, c := range []struct {
		golden string
		code   int
		args   []string
	}{
		{"info", 0, []string{"info", crafted, "--json", "--header", "--blobs", "--xml"}},
		{"dir", 0, []string{"dir", captured, "--json"}},
		{"verify", 1, []string{"verify", damaged, "--json"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			got := scrub(t, must(t, c.code, c.args...).stdout)
			name := filepath.Join("testdata", c.golden+".golden.json")
			if *update {
				check(t, os.WriteFile(name, got, 0o644))
				return
			}
			want, err := os.ReadFile(name)
			check(t, err)
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (rerun with -update if the change is meant):\n%s", c.args, name, got)
			}
		})
	}
}

// scrub parses JSON output, blanks the volatile fields and prints it
// indented, so golden files are stable and readable.
func scrub(t *testing.T, out string) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if volatile[k] {
					x[k] = "(varies)"
				} else {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	b, err := json.MarshalIndent(v, "", "  ")
	check(t, err)
	return append(b, '\n')
}
