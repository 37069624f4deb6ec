package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimtest"
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

		var got view.Archive
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

// wimlib prints "Languages:" whenever <LANGUAGES> is there, even with only
// a <DEFAULT> in it, and passes over an empty <LANGUAGE>.
func TestInfoLanguagesAsWimlib(t *testing.T) {
	requireWimlib(t)
	for name, langs := range map[string]string{
		"default-only": "<DEFAULT>en-US</DEFAULT>",
		"empty":        "",
		"empty-item":   "<LANGUAGE></LANGUAGE><LANGUAGE>de-DE</LANGUAGE><DEFAULT>de-DE</DEFAULT>",
	} {
		t.Run(name, func(t *testing.T) {
			w := filepath.Join(t.TempDir(), "langs.wim")
			doc := `<WIM><IMAGE INDEX="1"><NAME>x</NAME><WINDOWS><ARCH>9</ARCH><LANGUAGES>` + langs + `</LANGUAGES></WINDOWS></IMAGE></WIM>`
			check(t, os.WriteFile(w, wimtest.BuildXML(doc, &wimtest.Entry{Name: "a", Data: []byte("x")}), 0o644))
			got := must(t, 0, "info", w).stdout
			if !strings.Contains(got, "\nLanguages:") {
				t.Errorf("no Languages line:\n%s", got)
			}
			compareText(t, got, wimlib(t, "info", w))
		})
	}
}

// info on a later part of a split WIM shows that part's own header, as
// wimlib does: its part number, and its own table locations with --header.
func TestInfoOfALaterPart(t *testing.T) {
	part2 := "../testvectors/ntfs-split2.swm"
	golden, err := os.ReadFile("../testvectors/golden/ntfs-split.part2.header.txt")
	check(t, err)
	compareText(t, must(t, 0, "info", part2, "--header").stdout, string(golden))
	var js struct {
		Header struct{ PartNumber int } `json:"header"`
	}
	check(t, json.Unmarshal([]byte(must(t, 0, "info", part2, "--header", "--json").stdout), &js))
	if js.Header.PartNumber != 2 {
		t.Errorf("info --header --json of part 2 says part %d", js.Header.PartNumber)
	}
	got := must(t, 0, "info", part2).stdout
	if !strings.Contains(got, "\nPart Number:    2/4\n") {
		t.Errorf("info of part 2 does not say so:\n%s", got)
	}
	requireWimlib(t)
	compareText(t, got, wimlib(t, "info", part2))

	// Alone, without part 1: the images come from the part's own XML.
	alone := filepath.Join(t.TempDir(), "ntfs-split2.swm")
	b, err := os.ReadFile(part2)
	check(t, err)
	check(t, os.WriteFile(alone, b, 0o644))
	got = must(t, 0, "info", alone).stdout
	if !strings.Contains(got, "\nIndex:                  1\n") {
		t.Errorf("info of part 2 alone lists no image:\n%s", got)
	}
	compareText(t, got, wimlib(t, "info", alone))
}

// Two WIMs given as the parts of one are said to be two WIMs, with the
// command that compares them.
func TestDifferentWIMsPointToDiff(t *testing.T) {
	r := must(t, 2, "info", "../testvectors/ntfs-two.wim", "--ref", "../testvectors/7zip.wim")
	if !strings.Contains(r.stderr, "ntfs-two.wim and ../testvectors/7zip.wim are two different WIMs") || !strings.Contains(r.stderr, "wimlens diff") {
		t.Errorf("stderr: %q", r.stderr)
	}
	if strings.Contains(r.stderr, "malformed") {
		t.Errorf("two WIMs called malformed: %q", r.stderr)
	}
}

// info --blobs lists what wimlib's lists, solid resources included, and on
// each part of a split WIM that part's table (wimlib lists in the order of
// its hash table, so the blobs are compared as sets).
func TestInfoBlobsAsWimlib(t *testing.T) {
	blocks := func(s string) []string {
		var b []string
		for _, x := range strings.Split(strings.TrimSpace(s), "\n\n") {
			b = append(b, strings.TrimSpace(x)) // the file's end keeps no trailing space
		}
		slices.Sort(b)
		return b
	}
	compare := func(file, golden string) {
		want, err := os.ReadFile("../testvectors/golden/" + golden)
		check(t, err)
		got := must(t, 0, "info", "../testvectors/"+file, "--blobs").stdout
		if g, w := blocks(got), blocks(string(want)); !slices.Equal(g, w) {
			t.Errorf("%s: %d blobs listed, wimlib lists %d, or they differ", file, len(g), len(w))
		}
	}
	for _, f := range []string{"ntfs-solid.esd", "ntfs-solid-lzx.wim", "ntfs-lzms.wim", "ntfs-pipable.wim", "ntfs-two.wim"} {
		compare(f, strings.TrimSuffix(f, filepath.Ext(f))+".blobs.txt")
	}
	for k, part := range []string{"ntfs-split.swm", "ntfs-split2.swm", "ntfs-split3.swm", "ntfs-split4.swm"} {
		compare(part, fmt.Sprintf("ntfs-split.part%d.blobs.txt", k+1))
	}
}

// info on a truncated file still shows the header it could read, then says
// how short the file is.
func TestInfoOfATruncatedFile(t *testing.T) {
	b, err := os.ReadFile("../testvectors/ntfs-lzx-2m.wim")
	check(t, err)
	cut := filepath.Join(t.TempDir(), "cut.wim")
	check(t, os.WriteFile(cut, b[:100000], 0o644))
	r := must(t, 2, "info", cut)
	if !strings.Contains(r.stdout, "Blob Table Offset") {
		t.Errorf("info of a truncated file shows no header:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "the file ends at 100,000 bytes") || !strings.Contains(r.stderr, "truncated") {
		t.Errorf("info of a truncated file says: %s", r.stderr)
	}
}
