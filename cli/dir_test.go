package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// compressions are the WIM kinds every reading verb is checked on.
var compressions = []struct {
	name string
	args []string // for wimlib-imagex capture
}{
	{"none", []string{"--compress=none"}},
	{"xpress", []string{"--compress=xpress"}},
	{"lzx", []string{"--compress=lzx"}},
	{"lzms", []string{"--compress=lzms"}},
	{"solid", []string{"--solid"}},
	{"pipable", []string{"--compress=lzx", "--pipable"}},
}

func TestDirMatchesWimlib(t *testing.T) {
	requireWimlib(t)
	for _, c := range compressions {
		t.Run(c.name, func(t *testing.T) {
			w := capture(t, makeTree(t), "tree", c.args...)
			checkDir(t, w, "1")
			checkDir(t, w, "1", "--path", "/a")
			checkDir(t, w, "tree", "--path", "/big/rel-link")
		})
	}
	t.Run("two-images", func(t *testing.T) {
		w := twoImages(t, "none")
		checkDir(t, w, "1")
		checkDir(t, w, "Second")
	})
	t.Run("ntfs", func(t *testing.T) {
		checkDir(t, ntfsWIM(t), "1")
	})
}

// checkDir compares dir's path list, and --detailed's fields, with
// wimlib-imagex dir's for the same arguments.
func checkDir(t *testing.T, w string, args ...string) {
	t.Helper()
	got := lines(must(t, 0, append([]string{"dir", w}, args...)...).stdout)
	want := lines(wimlib(t, append([]string{"dir", w}, args...)...))
	for i := range want {
		want[i] = oneLine(want[i]) // wimlens escapes what wimlib prints raw
	}
	if got[0] != want[0] {
		t.Errorf("dir %q: first line %q, wimlib %q", args, got[0], want[0])
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("dir %q: paths differ from wimlib's:\n got %q\nwant %q", args, got, want)
	}

	detailed := append([]string{"dir", w, "--detailed"}, args...)
	compareEntries(t, parseDetailed(t, must(t, 0, detailed...).stdout), parseDetailed(t, wimlib(t, detailed...)))
}

func parseDetailed(t *testing.T, out string) []wimlibref.Entry {
	t.Helper()
	e, err := wimlibref.ParseDir(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDirDetailedShowsSDDLStreamsAndTargets(t *testing.T) {
	out := must(t, 0, "dir", ntfsWIM(t), "--detailed", "--path", "/f.txt").stdout
	for _, want := range []string{"SDDL                = O:", `Named data stream "ads":`, `Named data stream "Zone.Identifier":`} {
		if !strings.Contains(out, want) {
			t.Errorf("dir --detailed lacks %q:\n%s", want, out)
		}
	}
	requireWimlib(t)
	w := capture(t, makeTree(t), "tree", "--compress=none")
	out = must(t, 0, "dir", w, "--detailed", "--path", "/big/rel-link").stdout
	if !strings.Contains(out, `Reparse Target      = "..\a\b\hello.txt"`) {
		t.Errorf("dir --detailed lacks the symlink's target:\n%s", out)
	}
}

// TestDirJSONSecurity: the security descriptor as structure comes with
// --detailed only, and says what the SDDL beside it says.
func TestDirJSONSecurity(t *testing.T) {
	w := filepath.Join(wimlibref.Dir(), "ntfs-lzx-2m.wim")
	entry := func(args ...string) view.File {
		out := must(t, 0, append([]string{"dir", w, "--json", "--path", "/Program Files/App/app.exe"}, args...)...).stdout
		var d view.Dir
		check(t, json.Unmarshal([]byte(out), &d))
		if len(d.Entries) != 1 {
			t.Fatalf("%d entries", len(d.Entries))
		}
		return d.Entries[0]
	}
	if f := entry(); f.Security != nil || f.SDDL == "" {
		t.Errorf("dir --json: security %v, SDDL %q", f.Security, f.SDDL)
	}
	f := entry("--detailed")
	if f.SDDL != "O:BAG:BAD:AI(D;;FW;;;WD)(D;;SD;;;BU)(A;;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;WD)" {
		t.Errorf("SDDL %s", f.SDDL)
	}
	s := f.Security
	if s == nil || s.Owner.Name != "Administrators" || s.DACL == nil || len(s.DACL.ACEs) != 5 {
		t.Fatalf("security %+v", s)
	}
	if e := s.DACL.ACEs[0]; e.Type != "deny" || e.Principal.Name != "Everyone" || !slices.Equal(e.Rights, []string{"Write"}) {
		t.Errorf("first ACE %+v", e)
	}
}

func TestDirErrors(t *testing.T) {
	requireWimlib(t)
	w := twoImages(t, "none")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dir", w}, "has 2 images: name one"},
		{[]string{"dir", w, "3"}, `has no image "3"`},
		{[]string{"dir", w, "Third"}, `has no image "Third"`},
		{[]string{"dir", w, "1", "--path", "/nope"}, `image 1 has no "/nope"`},
		{[]string{"dir", w, "1", "2"}, "expected FILE [IMAGE]"},
	} {
		r := must(t, 2, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr %q lacks %q", c.args, r.stderr, c.want)
		}
	}
}

// dir --path P --detailed says what P's data says as a PE file: version
// and signer in the text (strings quoted and escaped) and in --json; the
// entries below a folder are not read.
func TestDirDetailedPE(t *testing.T) {
	w := filepath.Join(wimlibref.Dir(), "pe.wim")
	out := must(t, 0, "dir", w, "1", "--path", "/odd/signed-lz32.dll", "--detailed").stdout
	for _, want := range []string{
		"PE Machine          = x86 (0x014c), PE32, Windows console, DLL\n",
		"File Version        = 5.1.2600.2180\n",
		`CompanyName         = "Microsoft Corporation"` + "\n",
		`Signature 1         = SHA-256 signed by "CN=wimlens Test Signer SHA-256,O=wimlens signers,C=ZZ"` + "\n",
		`    Issued By       = "CN=wimlens Test Code Signing CA,O=wimlens tests,C=ZZ"` + "\n",
		`Signature 1.1       = SHA-1 signed by "CN=wimlens Test Signer SHA-1,O=wimlens signers,C=ZZ"` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dir --detailed lacks %q:\n%s", want, out)
		}
	}
	hostile := must(t, 0, "dir", w, "1", "--path", "/odd/hostile.dll", "--detailed").stdout
	if !strings.Contains(hostile, `FileDescription     = "\u202elld.exe\x07"`) {
		t.Errorf("a hostile version string is not escaped:\n%s", hostile)
	}
	if out := must(t, 0, "dir", w, "1", "--path", "/odd/text.dll", "--detailed").stdout; strings.Contains(out, "PE ") || strings.Contains(out, "Signature") {
		t.Errorf("text named .dll read as PE:\n%s", out)
	}
	if out := must(t, 0, "dir", w, "1", "--path", "/Windows", "--detailed").stdout; strings.Contains(out, "PE Machine") {
		t.Errorf("files below --path are read as PE:\n%s", out)
	}

	var doc view.Dir
	if err := json.Unmarshal([]byte(must(t, 0, "dir", w, "1", "--path", "/Windows/Boot/EFI/shimx64.efi", "--detailed", "--json").stdout), &doc); err != nil {
		t.Fatal(err)
	}
	pe := doc.Entries[0].PE
	if pe == nil || pe.Format != "PE32+" || !pe.Signed || len(pe.Signatures) != 2 || pe.Signatures[1].Issuer.CN != "Microsoft UEFI CA 2023" {
		t.Fatalf("dir --json: %+v", pe)
	}
	var plain view.Dir
	if err := json.Unmarshal([]byte(must(t, 0, "dir", w, "1", "--path", "/Windows/Boot/EFI/shimx64.efi", "--json").stdout), &plain); err != nil || plain.Entries[0].PE != nil {
		t.Fatalf("dir --json without --detailed reads PE: %v %+v", err, plain.Entries[0].PE)
	}
}
