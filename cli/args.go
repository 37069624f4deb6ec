package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// command is one verb's command line: the flags the verb adds, --ref,
// which every verb takes since any may open a split WIM, and how many
// arguments it wants after the flags are taken out.
type command struct {
	*flag.FlagSet
	refs     globs
	min, max int // arguments, FILE included; max < 0 for no limit
	synopsis string
}

func newCommand(name string, min, max int, synopsis string) *command {
	c := &command{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), min: min, max: max, synopsis: synopsis}
	c.SetOutput(io.Discard) // report prints the one-line error
	c.Var(&c.refs, "ref", "`GLOB` naming other parts of a split WIM (repeatable)")
	return c
}

// open parses args, checks their number and opens FILE, the first of
// them. It returns the arguments after FILE; the caller closes the archive.
func (c *command) open(e *env, args []string) (*archive, []string, error) {
	args, err := c.parse(args)
	if err != nil {
		return nil, nil, err
	}
	if len(args) < c.min || (c.max >= 0 && len(args) > c.max) {
		return nil, nil, usagef("%s: expected %s, got %s", c.Name(), c.synopsis, count(len(args), "argument", "arguments"))
	}
	a, err := openArchive(e, args[0], c.refs)
	return a, args[1:], err
}

// parse parses flags wherever they are on the line, as wimlib-imagex does
// (wimlens dir FILE 1 --detailed), and returns the other arguments. After
// "--" everything is an argument, for paths that start with "-".
func (c *command) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.Parse(args); err == flag.ErrHelp {
			return nil, &helpError{c.usage()}
		} else if err != nil {
			return nil, c.flagError(err)
		}
		rest := c.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// globs is a repeatable string flag.
type globs []string

func (g *globs) String() string     { return strings.Join(*g, " ") }
func (g *globs) Set(s string) error { *g = append(*g, s); return nil }

// helpError answers VERB --help: the verb's usage, printed on stdout.
type helpError struct{ usage string }

func (h *helpError) Error() string { return h.usage }

// usage is the verb's lines of the main usage, then its flags, named as
// they are written (--path PATH).
func (c *command) usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	verb := false // in the verb's lines: its own, and those that go on with it
	for line := range strings.Lines(usage) {
		own := strings.HasPrefix(line, "  "+c.Name()+" ")
		verb = own || verb && strings.HasPrefix(line, "          ")
		switch {
		case own:
			b.WriteString("  wimlens " + line[2:])
		case verb:
			b.WriteString("        " + line) // under the verb, past "wimlens"
		}
	}
	b.WriteString("\nflags:\n")
	c.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		fmt.Fprintf(&b, "  %-18s %s\n", strings.TrimSpace("--"+f.Name+" "+arg), text)
	})
	b.WriteString("\n`wimlens help` lists every command; cli/README.md describes them.\n")
	return b.String()
}

// flagError rewords the flag package's errors, which name flags with one
// dash (-path), the way the usage names them (--path).
func (c *command) flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return usagef("%s: unknown flag --%s", c.Name(), name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		if f := c.Lookup(name); f != nil {
			arg, _ := flag.UnquoteUsage(f)
			return usagef("%s: --%s needs a value: --%s %s", c.Name(), name, name, arg)
		}
	}
	if f, value := c.badValue(msg); f != nil {
		var v any
		if g, ok := f.Value.(flag.Getter); ok {
			v = g.Get()
		}
		switch v.(type) {
		case bool:
			return usagef("%s: --%s takes no value, not %s", c.Name(), f.Name, value)
		case int, int64:
			return usagef("%s: --%s wants a whole number, not %s", c.Name(), f.Name, value)
		}
	}
	return usagef("%s: %s", c.Name(), strings.ReplaceAll(msg, " -", " --"))
}

// badValue reads the flag package's `invalid value "V" for flag -NAME: ...`
// and `invalid boolean value "V" for -NAME: ...`: the flag and "V".
func (c *command) badValue(msg string) (*flag.Flag, string) {
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		if rest, ok = strings.CutPrefix(msg, "invalid boolean value "); !ok {
			return nil, ""
		}
	}
	value, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return nil, ""
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest[len(value):], " for flag -"), " for -")
	name, _, _ := strings.Cut(rest, ":")
	return c.Lookup(name), value
}
