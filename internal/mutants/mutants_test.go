package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// acceptedByUs is wimlens verify's verdict, as the CLI and the page reach
// it: the files open, and verify finds no fault and no bad integrity table.
func acceptedByUs(t *testing.T, m mutant, names []string) bool {
	var parts []wim.Part
	for i, b := range m.files {
		parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: names[i]})
	}
	a, err := wim.OpenParts(parts...)
	if err != nil {
		return false
	}
	ctx := context.Background()
	rep, err := bulk.Verify(ctx, a, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	faults, err := view.Faults(ctx, a, rep, a.Image)
	if err != nil {
		t.Fatal(err)
	}
	return len(faults) == 0 && rep.Integrity == nil
}

// acceptedByWimlib is wimlib-imagex verify's verdict on m, written to dir.
func acceptedByWimlib(t *testing.T, dir string, m mutant, names []string) bool {
	var paths []string
	for i, b := range m.files {
		p := filepath.Join(dir, names[i])
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	args := []string{"verify", paths[0]}
	if len(paths) > 1 {
		ext := filepath.Ext(paths[0])
		args = append(args, "--ref="+strings.TrimSuffix(paths[0], ext)+"*"+ext)
	}
	return exec.Command("wimlib-imagex", args...).Run() == nil
}

// Every kind of mutant the campaign makes (make fuzz-wimlib), a few of
// each on vectors that have what it damages (two images, an integrity
// table, no compression, split parts each with XML): wimlens verify
// rejects whatever wimlib-imagex verify rejects.
func TestMutantsWimlibRejectsWeReject(t *testing.T) {
	if !wimlibref.Available() {
		t.Skip("wimlib-imagex is not installed (apt-get install wimtools); the verdicts cannot be compared")
	}
	vectors, err := wimlibref.Vectors()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"ntfs-two": true, "ntfs-xpress-integrity": true, "ntfs-none": true, "ntfs-split": true}
	dir := t.TempDir()
	checked := map[string]int{}
	for _, v := range vectors {
		if !want[v.Name] {
			continue
		}
		delete(want, v.Name)
		s, err := load(v)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range v.Files {
			names = append(names, filepath.Base(f))
		}
		r := rand.New(rand.NewPCG(1, uint64(len(v.Name))))
		for _, k := range kinds {
			for _, m := range k.make(s, r, 2) {
				checked[k.name]++
				if !acceptedByWimlib(t, dir, m, names) && acceptedByUs(t, m, names) {
					t.Errorf("%s: %s %s: wimlib-imagex verify rejects it, wimlens accepts it", v.Name, m.kind, m.name)
				}
			}
		}
	}
	if len(want) > 0 {
		t.Fatalf("vectors not found: %v", want)
	}
	for _, k := range kinds {
		if checked[k.name] == 0 {
			t.Errorf("no mutant of kind %s", k.name)
		}
	}
}
