package api

import (
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/internal/wimtest"
)

// The Verify tab says what the CLI says of an image's entries no writer
// makes: a fault of kind "entries" with each entry's path and what is
// wrong with it.
func TestVerifyFaultsBadEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cyclic.wim")
	if err := os.WriteFile(path, wimtest.Cyclic(), 0o644); err != nil {
		t.Fatal(err)
	}
	v, _ := do[*view.Verify](t, open(t, path), Request{Op: "verify"})
	if v.OK || len(v.Faults) != 1 {
		t.Fatalf("%+v", v)
	}
	f := v.Faults[0]
	if f.Kind != "entries" || f.Error.Kind != "format" || !strings.Contains(f.Error.Message, "(cycle)") || f.Unlisted != 0 ||
		len(f.UsedBy) != 1 || f.UsedBy[0].Path != "/top/loop" || !strings.HasPrefix(f.UsedBy[0].Detail, "its children at offset ") {
		t.Fatalf("%+v", f)
	}
}

// A split WIM's missing parts are one fault naming them in words, with
// the files they hold, not a fault per blob.
func TestVerifyMissingPartsOnce(t *testing.T) {
	dir := filepath.Join("..", "..", "testvectors")
	v, _ := do[*view.Verify](t, open(t, filepath.Join(dir, "ntfs-split.swm"), filepath.Join(dir, "ntfs-split4.swm")), Request{Op: "verify"})
	if v.OK || len(v.Faults) != 1 {
		t.Fatalf("%+v", v)
	}
	f := v.Faults[0]
	if f.Kind != "parts" || f.Error.Kind != "missing-part" || f.Error.Message != "parts 2 and 3 of 4 are missing" ||
		len(f.UsedBy) != 1000 || f.Unlisted != 2063-1000 || f.Hash != "" || !slices.Equal(v.MissingParts, []int{2, 3}) {
		t.Fatalf("%+v", f)
	}
}
