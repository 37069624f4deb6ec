package main

import (
	"encoding/json"
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// splitWIM splits a capture of makeTree into parts of about 300 KB:
// tree.swm, tree2.swm, ... and returns their names.
func splitWIM(t *testing.T) []string {
	t.Helper()
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	first := filepath.Join(t.TempDir(), "tree.swm")
	wimlib(t, "split", w, first, "0.3")
	parts, err := filepath.Glob(filepath.Join(filepath.Dir(first), "tree*.swm"))
	check(t, err)
	if len(parts) < 3 {
		t.Fatalf("split made %d parts, want 3 or more", len(parts))
	}
	return parts
}

func TestSplitFindsItsParts(t *testing.T) {
	parts := splitWIM(t)
	first := parts[0]
	want := lines(wimlib(t, "dir", first, "1", "--ref", strings.Replace(first, "tree.swm", "tree*.swm", 1)))
	for _, args := range [][]string{
		{"dir", first, "1"}, // siblings found beside the first part
		{"dir", first, "1", "--ref", filepath.Join(filepath.Dir(first), "tree[0-9].swm")},
	} {
		r := must(t, 0, args...)
		if got := lines(r.stdout); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%q: paths differ from wimlib's", args)
		}
		if r.stderr != "" {
			t.Errorf("%q: stderr %q", args, r.stderr)
		}
	}
	if got := must(t, 0, "cat", first, "1", "/big/data.bin").stdout; len(got) != 640000 {
		t.Errorf("cat across parts: %d bytes", len(got))
	}
	must(t, 0, "verify", first)
}

func TestSplitWithAPartMissing(t *testing.T) {
	parts := splitWIM(t)
	gone := parts[len(parts)-1]
	check(t, os.Remove(gone))
	r := must(t, 0, "dir", parts[0], "1") // the metadata is in part 1
	if !strings.Contains(r.stderr, "part 3 of 3 is missing") {
		t.Errorf("no warning about the missing part: %q", r.stderr)
	}
	// Part 3's files are missing their data, which is no damage of the
	// image: no anomaly says their blobs are not in the archive.
	r = must(t, 0, "dir", "--detailed", parts[0], "1")
	if !regexp.MustCompile(`(?m)^Missing +=\s*yes$`).MatchString(r.stdout) || strings.Contains(r.stdout, "missing-blob") {
		t.Errorf("dir --detailed: no file says Missing, or one has a missing-blob anomaly:\n%s", r.stdout)
	}
	// One line says which part is missing and how many files it holds,
	// then the files: not a fault per blob, nor Go's [3].
	r = must(t, 1, "verify", parts[0])
	if !regexp.MustCompile(`(?m)^Part 3 of 3 is missing: [1-9][0-9]* files? can't be checked\n    image 1: /`).MatchString(r.stdout) {
		t.Errorf("verify does not say which part is missing, with its files:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "missing blob") || strings.Contains(r.stdout+r.stderr, "[") {
		t.Errorf("verify lists the part's blobs, or a Go slice:\n%s%s", r.stdout, r.stderr)
	}
	var v view.Verify
	check(t, json.Unmarshal([]byte(must(t, 1, "verify", "--json", parts[0]).stdout), &v))
	if len(v.Faults) != 1 || v.Faults[0].Kind != "parts" || v.Faults[0].Error.Message != "part 3 of 3 is missing" ||
		len(v.Faults[0].UsedBy) == 0 || !slices.Equal(v.MissingParts, []int{3}) {
		t.Errorf("verify --json: %+v", v)
	}
	if _, err := os.Stat(parts[1]); err != nil {
		t.Fatal(err)
	}
	// --ref naming no file is an error, not a silent miss.
	must(t, 2, "dir", parts[0], "1", "--ref", gone)
}
