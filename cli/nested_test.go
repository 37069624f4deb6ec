package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/internal/wimtest"
)

const winrePath = "/Windows/System32/Recovery/Winre.wim"

// A WIM inside an image opens in place, and reads as wimlib-imagex reads
// the same WIM extracted: info is its text (the Path line aside), dir its
// entries, verify passes as wimlib's does. Paths also match ignoring case.
func TestNestedAgainstWimlib(t *testing.T) {
	requireWimlib(t)
	vector, err := filepath.Abs(windowsVector)
	check(t, err)
	dest := t.TempDir()
	wimlib(t, "extract", vector, "1", winrePath, "--dest-dir="+dest, "--no-acls")
	extracted := filepath.Join(dest, "Winre.wim")
	nested := vector + "@1:" + winrePath

	got := must(t, 0, "info", nested).stdout
	want := wimlib(t, "info", extracted)
	compareText(t, strings.Replace(got, "Path:           "+nested, "Path:           "+extracted, 1), want)

	entries, err := wimlibref.ParseDir(strings.NewReader(wimlib(t, "dir", extracted, "1", "--detailed")))
	check(t, err)
	checkDirAgainst(t, nested, "1", entries)
	checkDirAgainst(t, vector+"@Windows 10 Pro:/windows/system32/RECOVERY/winre.wim", "1", entries)

	wimlib(t, "verify", extracted)
	r := must(t, 0, "verify", nested)
	if !strings.Contains(r.stdout, "Verifying the WIM "+nested+", not the file it is stored in") || !strings.Contains(r.stdout, "OK:") {
		t.Errorf("verify:\n%s", r.stdout)
	}
	// Every verb takes it; diff's two-file form on either side.
	must(t, 0, "cat", nested, "1", "/Windows/System32/config/SOFTWARE")
	must(t, 0, "search", nested, "1", "SOFTWARE")
	if r := must(t, 0, "reg", nested, "1", `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`); !strings.Contains(r.stdout, "WindowsPE") {
		t.Errorf("reg:\n%s", r.stdout)
	}
	must(t, 0, "diff", nested, "1", extracted, "1")
	must(t, 0, "diff", extracted, "1", nested, "1")
	must(t, 0, "extract", nested, "1", "--dest", filepath.Join(t.TempDir(), "x"))
	// A recovery image has no packages or apps: windows says so, exit 1.
	if r := must(t, 1, "windows", nested); !strings.Contains(r.stdout, "19045") {
		t.Errorf("windows:\n%s", r.stdout)
	}
}

// What is not a WIM, a WIM cut short, a path or image not there, a folder:
// each says so naming both levels, exit 2.
func TestNestedHostile(t *testing.T) {
	dir := t.TempDir()
	inner := wimtest.Build(&wimtest.Entry{Name: "x.txt", Data: []byte("inner\n")})
	outer := filepath.Join(dir, "outer.wim")
	check(t, os.WriteFile(outer, wimtest.Build(
		&wimtest.Entry{Name: "notwim.wim", Data: []byte("this is not a WIM, only text that is long enough to be read as a header, or nearly so........................................................................................................................................................................")},
		&wimtest.Entry{Name: "cut.wim", Data: inner[:len(inner)/2]},
		&wimtest.Entry{Name: "Dir", Dir: true, Children: []*wimtest.Entry{{Name: "a.wim", Data: inner}}},
		&wimtest.Entry{Name: "dir", Dir: true, Children: []*wimtest.Entry{{Name: "a.wim", Data: inner}}},
	), 0o644))
	for _, c := range []struct{ spec, want string }{
		{"@1:/notwim.wim", "in " + outer + ", image 1, /notwim.wim: header magic: not a WIM file"},
		{"@1:/cut.wim", "in " + outer + ", image 1, /cut.wim: the file ends at"},
		{"@1:/Dir", "in " + outer + ", image 1, /Dir: is a folder, not a WIM"},
		{"@1:/nope.wim", outer + `: image 1 has no "/nope.wim"`},
		{"@2:/notwim.wim", outer + ` has no image "2"`},
		{"@1:/DIR/a.wim", `"/DIR/a.wim" is ambiguous when case is ignored`},
		{"@1", `after "@" comes IMAGE:PATH`},
	} {
		r := wimlens(t, "dir", outer+c.spec)
		if r.code != exitError || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1+strings.Count(r.stderr, "(run wimlens help") {
			t.Errorf("%s: exit %d, stderr %q; want %q", c.spec, r.code, r.stderr, c.want)
		}
	}
	// A name only its case tells apart opens as stored.
	if r := must(t, 0, "cat", outer+"@1:/dir/a.wim", "1", "/x.txt"); r.stdout != "inner\n" {
		t.Errorf("cat: %q", r.stdout)
	}
}

// Nesting repeats up to maxNesting levels, and past it is refused.
func TestNestedDepth(t *testing.T) {
	data := wimtest.Build(&wimtest.Entry{Name: "x.txt", Data: []byte("deepest\n")})
	for range maxNesting + 1 {
		data = wimtest.Build(&wimtest.Entry{Name: "n.wim", Data: data})
	}
	file := filepath.Join(t.TempDir(), "top.wim")
	check(t, os.WriteFile(file, data, 0o644))
	spec := file + strings.Repeat("@1:/n.wim", maxNesting)
	if r := must(t, 0, "cat", spec, "1", "/n.wim"); !strings.HasPrefix(r.stdout, "MSWIM\x00\x00\x00") {
		t.Errorf("level %d: %q", maxNesting, r.stdout[:min(8, len(r.stdout))])
	}
	if r := wimlens(t, "cat", spec+"@1:/n.wim", "1", "/x.txt"); r.code != exitError || !strings.Contains(r.stderr, "WIMs nest more than 4 deep") {
		t.Errorf("level %d: exit %d, %q", maxNesting+1, r.code, r.stderr)
	}
}

// A file on disk whose name holds '@' opens as it is; the name is cut at
// '@' only when no file has it whole.
func TestNestedAtInName(t *testing.T) {
	dir := t.TempDir()
	plain := wimtest.Build(&wimtest.Entry{Name: "plain.txt", Data: []byte("plain\n")})
	holder := wimtest.Build(&wimtest.Entry{Name: "in.wim", Data: wimtest.Build(&wimtest.Entry{Name: "inner.txt", Data: []byte("inner\n")})})
	at := filepath.Join(dir, "a@1:/in.wim")
	check(t, os.MkdirAll(filepath.Dir(at), 0o755))
	check(t, os.WriteFile(at, plain, 0o644))
	check(t, os.WriteFile(filepath.Join(dir, "a"), holder, 0o644))
	if r := must(t, 0, "cat", at, "1", "/plain.txt"); r.stdout != "plain\n" {
		t.Errorf("whole name: %q", r.stdout)
	}
	check(t, os.Remove(at))
	if r := must(t, 0, "cat", at, "1", "/inner.txt"); r.stdout != "inner\n" {
		t.Errorf("cut name: %q", r.stdout)
	}
	mail := filepath.Join(dir, "me@example.wim")
	check(t, os.WriteFile(mail, plain, 0o644))
	must(t, 0, "dir", mail)
}
