package main

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/wimlens/wimlens/internal/wimlibref"
)

// TestVectors runs the verbs on every test vector and compares them with
// the wimlib-imagex output captured beside it (testvectors/golden), so it
// needs no wimlib: info and info --header must be the same text, info
// --xml the same document, dir the same paths and --detailed the same
// fields, every stream cat prints must hash to the SHA-1 wimlib lists, and
// verify must pass. Split vectors are opened by their first part alone:
// wimlens finds the other parts beside it.
func TestVectors(t *testing.T) {
	vs, err := wimlibref.Vectors()
	if err != nil {
		t.Fatalf("reading the test vectors' index: %v", err)
	}
	t.Chdir(wimlibref.Dir()) // the goldens' "Path:" is the bare file name
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			file := v.Files[0]
			compareText(t, must(t, 0, "info", file).stdout, readGolden(t, v.Golden.Info))
			compareText(t, must(t, 0, "info", file, "--header").stdout, readGolden(t, v.Golden.Header))
			compareText(t, must(t, 0, "info", file, "--xml").stdout, decodeUTF16(readGolden(t, v.Golden.XML)))
			for _, n := range v.ImageNumbers() {
				want, err := v.GoldenDir(n)
				if err != nil {
					t.Fatal(err)
				}
				image := strconv.Itoa(n)
				checkDirAgainst(t, file, image, want)
				checkCat(t, file, image, want)
			}
			must(t, 0, "verify", file)
		})
	}
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decodeUTF16 reads the XML as wimlib-imagex info --xml prints it: the
// raw UTF-16LE resource with its byte-order mark. wimlens prints UTF-8.
func decodeUTF16(s string) string {
	b := []byte(strings.TrimPrefix(s, "\xff\xfe"))
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}

func compareText(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := lines(got), lines(want)
	for i := range max(len(g), len(w)) {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			t.Errorf("output differs from wimlib's at line %d:\n got %q\nwant %q", i+1, at(g, i), at(w, i))
			return
		}
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(end)"
}

// checkDirAgainst compares dir and dir --detailed with wimlib's entries.
func checkDirAgainst(t *testing.T, file, image string, want []wimlibref.Entry) {
	t.Helper()
	var wantPaths []string
	for _, e := range want {
		wantPaths = append(wantPaths, oneLine(e.Path))
	}
	got := lines(must(t, 0, "dir", file, image).stdout)
	if got[0] != "/" {
		t.Errorf("dir: first line %q, want /", got[0])
	}
	slices.Sort(got)
	slices.Sort(wantPaths)
	if !slices.Equal(got, wantPaths) {
		t.Errorf("dir: %d paths differ from wimlib's %d", len(got), len(wantPaths))
	}
	gotE := parseDetailed(t, must(t, 0, "dir", file, image, "--detailed").stdout)
	compareEntries(t, gotE, want)
}

// compareEntries compares parsed dir --detailed entries by path (wimlib
// orders names case-insensitively, wimlens by code point), all fields but
// the security descriptor, which wimlens shows as SDDL rather than hex.
func compareEntries(t *testing.T, got, want []wimlibref.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("dir --detailed: %d entries, wimlib %d", len(got), len(want))
	}
	byPath := map[string]wimlibref.Entry{}
	for _, g := range got {
		g.SecurityDescriptor = ""
		byPath[g.Path] = g
	}
	bad := 0
	for _, w := range want {
		w.SecurityDescriptor = ""
		w = asPrinted(w)
		if gs, ws := fmt.Sprintf("%+v", byPath[w.Path]), fmt.Sprintf("%+v", w); gs != ws && bad < 5 {
			bad++
			t.Errorf("dir --detailed %q:\n got %s\nwant %s", w.Path, gs, ws)
		}
	}
}

// asPrinted is an entry wimlib-imagex listed with its names as wimlens
// prints them: wimlib prints them raw, bidi overrides and controls
// included; wimlens escapes those (oneLine).
func asPrinted(e wimlibref.Entry) wimlibref.Entry {
	e.Path, e.ShortName = oneLine(e.Path), oneLine(e.ShortName)
	e.Streams = slices.Clone(e.Streams)
	for i := range e.Streams {
		e.Streams[i].Name = oneLine(e.Streams[i].Name)
	}
	return e
}

// checkCat cats every named stream of the image and a sample of the
// files (each cat opens the WIM anew; all of them would take minutes) and
// checks their SHA-1.
func checkCat(t *testing.T, file, image string, entries []wimlibref.Entry) {
	t.Helper()
	for i, e := range entries {
		for _, s := range e.Streams {
			if i%20 != 0 && s.Kind != "Named data stream" {
				continue
			}
			path := e.Path
			switch {
			case s.Kind == "Named data stream":
				path += ":" + s.Name
			case s.Kind != "Unnamed data stream" || e.Attributes&0x10 != 0:
				continue // directories, reparse data, raw EFS data
			}
			r := must(t, 0, "cat", file, image, path)
			sum := sha1.Sum([]byte(r.stdout))
			got := hex.EncodeToString(sum[:])
			if r.stdout == "" {
				got = strings.Repeat("0", 40) // the WIM names no data so
			}
			if got != s.Hash {
				t.Errorf("cat %q: SHA-1 %s, wimlib lists %s", path, got, s.Hash)
			}
		}
	}
}
