package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
