package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// Exit statuses.
const (
	exitOK          = 0
	exitProblems    = 1 // the file has problems, or entries were not extracted
	exitError       = 2 // bad usage or unreadable input
	exitInterrupted = 130
)

const usage = `usage: wimlens COMMAND FILE [ARGS] [--ref GLOB]

  info    FILE [IMAGE] [--header] [--blobs] [--xml] [--json]
  dir     FILE [IMAGE] [--path PATH] [--detailed | --links] [--json]
  cat     FILE IMAGE PATH[:STREAM]
  extract FILE IMAGE [PATH...] (--dest DIR | --zip OUT.zip) [--notes]
  verify  FILE [--json]
  diff    FILE IMAGE_A IMAGE_B [--times] [--json]
  diff    OLD_FILE OLD_IMAGE NEW_FILE NEW_IMAGE [--times] [--json]
  search  FILE IMAGE QUERY [--glob | --fuzzy] [--min-size N] [--max-size N]
          [--sha1 H] [--streams] [--reparse] [--attributes LIST] [--limit N] [--json]
  windows FILE [IMAGE] [--json]   what Windows the image holds, from its files
  reg     FILE IMAGE KEY [--recursive] [--json]   a registry key of the image
          (HKLM\SOFTWARE\..., HKLM\SYSTEM\CurrentControlSet\..., HKU\.DEFAULT,
          HKU\DefaultUser for Users\Default\NTUSER.DAT)
  serve   [--addr HOST:PORT]   the web app, offline (built in by make build)

IMAGE is a 1-based index or an image name. A split WIM opens by its first
part; its other parts are found beside it (NAME2.swm, NAME3.swm, ...) or
named with --ref GLOB, repeatable, on any command.

Exit status: 0 fine; 1 problems found (verify), entries not extracted,
images differ (diff), nothing matched (search), a part of the image's
Windows could not be read (windows), or a key or value could not (reg);
2 bad usage or unreadable input; 130 interrupted.
`

// env is what a verb runs with.
type env struct {
	ctx    context.Context
	out    *bufio.Writer
	stderr io.Writer
	tty    bool // stderr is a terminal: draw progress there
}

type verb func(e *env, args []string) error

var verbs = map[string]verb{
	"info":    runInfo,
	"dir":     runDir,
	"cat":     runCat,
	"extract": runExtract,
	"verify":  runVerify,
	"diff":    runDiff,
	"search":  runSearch,
	"windows": runWindows,
	"reg":     runReg,
	"serve":   runServe,
}

// run is the whole command: it returns the exit status and never panics
// out to the user.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "wimlens: internal error: %s\n", oneLine(fmt.Sprint(r)))
			code = exitError
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && verbs[args[1]] != nil {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr) // help VERB
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return exitOK
	}
	v, ok := verbs[args[0]]
	if !ok {
		return report(stderr, usagef(`unknown command "%s"`, args[0]))
	}
	e := &env{ctx: ctx, out: bufio.NewWriterSize(stdout, 64<<10), stderr: stderr, tty: isTerminal(stderr)}
	err := v(e, args[1:])
	if he, ok := errors.AsType[*helpError](err); ok {
		e.out.WriteString(he.usage) // VERB --help
		err = nil
	}
	if ferr := e.out.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	return report(stderr, err)
}

// version names this build: the module version Go stamped into it, else
// the commit it was built from.
func version() string {
	v := "(unknown version)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		if v == "" || v == "(devel)" {
			v = "(development build)"
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" {
					v = "commit " + s.Value[:min(12, len(s.Value))]
				}
			}
		}
		v += ", " + bi.GoVersion
	}
	return "wimlens " + v
}

// usageError is a command line wimlens cannot run.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// problemsError ends a verb that ran through but found problems, already
// listed on stderr; its message is the summary.
type problemsError struct{ msg string }

func (p *problemsError) Error() string { return p.msg }

// report prints err as one line and picks the exit status.
func report(stderr io.Writer, err error) int {
	var ue *usageError
	var pe *problemsError
	var qe *quietError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &qe):
		return exitProblems
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "wimlens: interrupted")
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "wimlens: %s\n(run wimlens help for usage)\n", oneLine(ue.msg))
		return exitError
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "wimlens: %s\n", oneLine(pe.msg))
		return exitProblems
	}
	fmt.Fprintf(stderr, "wimlens: %s\n", oneLine(err.Error()))
	return exitError
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && fileIsTerminal(f)
}

// statIsTerminal reports whether f is a character device, as a terminal is.
func statIsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
