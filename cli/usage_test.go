package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/internal/wimtest"
)

// TestBadInputIsOneLineAndExit2 checks that bad usage and unreadable
// input end with exit status 2 and one error line (plus a pointer to the
// usage for usage errors), never a stack trace.
func TestBadInputIsOneLineAndExit2(t *testing.T) {
	dir := t.TempDir()
	notWIM := filepath.Join(dir, "not.wim")
	check(t, os.WriteFile(notWIM, []byte(strings.Repeat("not a wim ", 100)), 0o644))
	short := filepath.Join(dir, "short.wim")
	check(t, os.WriteFile(short, []byte("MSWIM\x00\x00\x00"), 0o644))
	for _, args := range [][]string{
		{"frobnicate"},
		{"info"},
		{"info", "a", "b", "c"},
		{"info", filepath.Join(dir, "missing.wim")},
		{"info", dir},
		{"info", notWIM},
		{"dir", short},
		{"verify", notWIM, "--bogus"},
		{"cat", notWIM, "1"},
	} {
		r := wimlens(t, args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != exitError || !strings.HasPrefix(first, "wimlens: ") || strings.Contains(r.stderr, "goroutine") {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if n := strings.Count(r.stderr, "\n"); n > 2 && args[0] != "frobnicate" {
			t.Errorf("%q: %d lines on stderr: %q", args, n, r.stderr)
		}
	}
	if r := wimlens(t); r.code != exitError || !strings.Contains(r.stderr, "usage:") {
		t.Errorf("no arguments: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := wimlens(t, "help"); r.code != exitOK || !strings.Contains(r.stdout, "usage:") {
		t.Errorf("help: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestFlagsMayFollowArgumentsAndDashDashEndsThem(t *testing.T) {
	requireWimlib(t)
	src := makeTree(t)
	check(t, os.WriteFile(filepath.Join(src, "-dash"), []byte("dash\n"), 0o644))
	w := capture(t, src, "tree", "--compress=none")
	if r := must(t, 0, "dir", w, "--path", "/a", "1"); !strings.HasPrefix(r.stdout, "/a\n") {
		t.Errorf("dir with the flag first: %q", r.stdout)
	}
	if r := must(t, 0, "cat", w, "1", "--", "-dash"); r.stdout != "dash\n" {
		t.Errorf("cat -- -dash: %q", r.stdout)
	}
}

// TestBinary builds the command as make build does and runs it: the exit
// status must reach the shell.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "wimlens")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "info", filepath.Join(t.TempDir(), "missing.wim")).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitError || strings.Count(string(out), "\n") != 1 {
		t.Errorf("wimlens info missing.wim: %v, output %q", err, out)
	}
}

// VERB --help (and help VERB) prints the verb's usage on stdout, its flags
// named as they are written, and exits 0.
func TestVerbHelp(t *testing.T) {
	for name := range verbs {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}} {
			r := must(t, exitOK, args...)
			if !strings.HasPrefix(r.stdout, "usage:\n  wimlens "+name+" ") || !strings.Contains(r.stdout, "\n  --ref GLOB ") || r.stderr != "" {
				t.Errorf("%q: stdout %q, stderr %q", args, r.stdout, r.stderr)
			}
		}
	}
	r := must(t, exitOK, "search", "--help")
	for _, want := range []string{"[--sha1 H] [--streams]", "--limit N ", "--glob "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("search --help lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		if r := must(t, exitOK, arg); !strings.HasPrefix(r.stdout, "wimlens ") || strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("%s: %q", arg, r.stdout)
		}
	}
}

// Errors name flags as the usage writes them, and only usage errors point
// to the usage.
func TestMessagesSayWhatIsWrongInWords(t *testing.T) {
	w := filepath.Join(t.TempDir(), "one.wim")
	check(t, os.WriteFile(w, wimtest.Build(&wimtest.Entry{Name: "a.txt", Data: []byte("a")}), 0o644))
	const usageHint = "\n(run wimlens help for usage)\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dir", w, "--bogus"}, "wimlens: dir: unknown flag --bogus" + usageHint},
		{[]string{"dir", w, "--path"}, "wimlens: dir: --path needs a value: --path PATH" + usageHint},
		{[]string{"dir", w, "--detailed=maybe"}, `wimlens: dir: --detailed takes no value, not "maybe"` + usageHint},
		{[]string{"search", w, "1", "a", "--limit", "ten"}, `wimlens: search: --limit wants a whole number, not "ten"` + usageHint},
		{[]string{"dir", w, "1", "2"}, "wimlens: dir: expected FILE [IMAGE], got 3 arguments" + usageHint},
		{[]string{"frobnicate"}, `wimlens: unknown command "frobnicate"` + usageHint},
		{[]string{"info", "missing.wim"}, "wimlens: no such file: missing.wim\n"},
		{[]string{"dir", w, "2"}, `wimlens: ` + w + ` has no image "2" (it has 1 image: 1 "crafted")` + "\n"},
		{[]string{"cat", w, "1", "/b.txt"}, `wimlens: image 1 has no "/b.txt"` + "\n"},
	} {
		if r := must(t, exitError, c.args...); r.stderr != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.args, r.stderr, c.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"/Program Files/café ✓.txt":    "/Program Files/café ✓.txt", // as wimlib prints it
		`/back\slash "quoted".txt`:     `/back\slash "quoted".txt`,
		"/invoice\u202etxt.exe":        `/invoice\u202etxt.exe`,
		"/a\u2066b\u2069c\u200e\u200f": `/a\u2066b\u2069c\u200e\u200f`,
		"/zero\u200bwidth\ufeff":       `/zero\u200bwidth\ufeff`,
		"/nl\nname\r\ttab":             `/nl\nname\r\ttab`,
		"/esc\x1b[31mred\x7f\x00":      `/esc\x1b[31mred\x7f\x00`,
		"/c1\u0085 nbsp\u00a0":         `/c1\u0085 nbsp\u00a0`,
		"/tag\U000e0041":               `/tag\U000e0041`,
		"/bad\xffutf8":                 `/bad\xffutf8`,
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
		if raw, _ := unescape(oneLine(in)); raw != in && in != `/back\slash "quoted".txt` {
			t.Errorf("unescape(oneLine(%q)) = %q", in, raw)
		}
	}
}

func TestCountsAndLists(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{count(0, "fault", "faults"), "0 faults"},
		{count(1, "fault", "faults"), "1 fault"},
		{count(2, "name refused", "names refused"), "2 names refused"},
		{andList([]int{2}), "2"},
		{andList([]int{2, 3}), "2 and 3"},
		{andList([]int{2, 3, 4}), "2, 3 and 4"},
		{andList([]string{}), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Names that would drive the terminal or disguise themselves print
// escaped, the same way, in dir, dir --detailed, search and diff, and the
// escaped path finds its entry.
func TestHostileNamesAreEscapedEverywhere(t *testing.T) {
	hostile := []string{"invoice\u202etxt.exe", "bell\x07\x1b[2J", "two\nlines", "rtl\u2067x\u2069"}
	var entries []*wimtest.Entry
	for _, n := range hostile {
		entries = append(entries, &wimtest.Entry{Name: n, Data: []byte(n)})
	}
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before.wim"), filepath.Join(dir, "after.wim")
	check(t, os.WriteFile(before, wimtest.Build(&wimtest.Entry{Name: "plain.txt", Data: []byte("p")}), 0o644))
	check(t, os.WriteFile(after, wimtest.Build(append(entries, &wimtest.Entry{Name: "plain.txt", Data: []byte("q")})...), 0o644))
	outputs := map[string]string{
		"dir":            must(t, 0, "dir", after).stdout,
		"dir --path /":   must(t, 0, "dir", after, "--path", "/").stdout,
		"dir --detailed": must(t, 0, "dir", after, "--detailed").stdout,
		"search":         must(t, 0, "search", after, "1", "", "--max-size", "100").stdout,
		"diff":           must(t, 1, "diff", before, "1", after, "1").stdout,
	}
	for what, out := range outputs {
		if strings.ContainsFunc(out, func(r rune) bool { return r != '\n' && r != '\t' && invisible(r) }) {
			t.Errorf("%s prints a control or invisible character raw:\n%q", what, out)
		}
		for _, n := range hostile {
			if !strings.Contains(out, "/"+oneLine(n)) {
				t.Errorf("%s lacks %q:\n%s", what, oneLine(n), out)
			}
		}
	}
	if !strings.Contains(outputs["diff"], "M\t/plain.txt\t(content)\n") {
		t.Errorf("diff does not say why plain.txt changed:\n%s", outputs["diff"])
	}
	for _, n := range hostile {
		if r := must(t, 0, "cat", after, "1", "/"+oneLine(n)); r.stdout != n {
			t.Errorf("cat of the escaped path %q: %q", oneLine(n), r.stdout)
		}
	}
}

// extract's summary counts in words and names only the problems there were.
func TestExtractSummaryInWords(t *testing.T) {
	w := filepath.Join(t.TempDir(), "dots.wim")
	check(t, os.WriteFile(w, wimtest.Build(&wimtest.Entry{Name: "..", Data: []byte("up")}, &wimtest.Entry{Name: "ok.txt", Data: []byte("ok")}), 0o644))
	r := must(t, exitProblems, "extract", w, "1", "--dest", filepath.Join(t.TempDir(), "out"))
	if !strings.Contains(r.stderr, "wimlens: wrote 1 entry (2 bytes of file data) to ") || !strings.HasSuffix(r.stderr, "\nwimlens: 1 name refused; the rest was extracted\n") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

// info escapes the XML's text as dir escapes names.
func TestInfoEscapesTheXMLsText(t *testing.T) {
	w := filepath.Join(t.TempDir(), "named.wim")
	doc := "<WIM><IMAGE INDEX=\"1\"><NAME>evil\u202etxt.exe</NAME><DESCRIPTION>tab\there\u2066</DESCRIPTION></IMAGE></WIM>"
	check(t, os.WriteFile(w, wimtest.BuildXML(doc, &wimtest.Entry{Name: "a"}), 0o644))
	out := must(t, 0, "info", w).stdout
	for _, want := range []string{"Name:                   evil\\u202etxt.exe\n", "Description:            tab\\there\\u2066\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
}
