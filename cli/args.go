package main

import (
	"flag"
	"io"
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
		return nil, nil, usagef("%s: expected %s, got %d argument(s)", c.Name(), c.synopsis, len(args))
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
			return nil, err
		} else if err != nil {
			return nil, usagef("%s: %v", c.Name(), err)
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
