package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/inspect"
)

// TestInfoMatchesWimlib compares info's text with wimlib-imagex info's,
// which it copies line for line, on every kind of WIM, and checks the
// --json fields against the same capture.
func TestInfoMatchesWimlib(t *testing.T) {
	requireWimlib(t)
	for _, c := range compressions {
		t.Run(c.name, func(t *testing.T) {
			w := capture(t, makeTree(t), "tree", c.args...)
			compareText(t, must(t, 0, "info", w).stdout, wimlib(t, "info", w))
			compareText(t, must(t, 0, "info", w, "1").stdout, wimlib(t, "info", w, "1"))
			compareText(t, must(t, 0, "info", w, "--header").stdout, wimlib(t, "info", w, "--header"))
		})
	}
	t.Run("two-images", func(t *testing.T) {
		w := twoImages(t, "xpress")
		compareText(t, must(t, 0, "info", w).stdout, wimlib(t, "info", w))
		compareText(t, must(t, 0, "info", w, "Second").stdout, wimlib(t, "info", w, "Second"))

		var got inspect.Archive
		check(t, json.Unmarshal([]byte(must(t, 0, "info", w, "--json").stdout), &got))
		ref := wimlib(t, "info", w)
		for _, want := range []string{
			"GUID:           0x" + got.GUID,
			"Image Count:    2",
			"Compression:    " + got.Compression,
			"Chunk Size:     32768 bytes",
		} {
			if !strings.Contains(ref, want+"\n") {
				t.Errorf("wimlib-imagex info lacks %q, which info --json implies:\n%s", want, ref)
			}
		}
		if got.ImageCount != 2 || len(got.Images) != 2 || got.Images[0].Name != "First" || got.Images[1].Name != "Second" {
			t.Errorf("info --json images: %+v", got.Images)
		}
	})
}
