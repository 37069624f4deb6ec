package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/registry"
	"github.com/wimlens/wimlens/core/view"
)

// runReg prints a key of the image's registry as `reg query` does: its
// path, its values (name, type, data) and its subkeys; with --recursive,
// every key below it too. Damage in the hive is an error on the key or
// value it is found in, printed, and the rest is read: the exit status is
// then 1.
func runReg(e *env, args []string) error {
	c := newCommand("reg", 3, 3, "FILE IMAGE KEY")
	asJSON := c.Bool("json", false, "print JSON")
	recursive := c.Bool("recursive", false, "print every key below KEY too")
	a, rest, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	img, n, err := a.image(rest[:1])
	if err != nil {
		return err
	}
	k, file, err := registry.New(a.Archive, n, img).Key(rest[1])
	if err != nil {
		return fmt.Errorf("image %d: %w", n, err)
	}
	var w view.RegWalk
	if *recursive {
		w = walkKeys(e, k, file, !*asJSON)
	} else {
		w.Keys = []view.RegKey{registry.Describe(k, file, true)}
		w.Errors = []view.ErrorInfo{}
		if !*asJSON {
			printKey(e.out, e.stderr, w.Keys[0], true)
		}
	}
	switch {
	case *asJSON && *recursive:
		err = writeJSON(e.out, w)
	case *asJSON:
		err = writeJSON(e.out, w.Keys[0])
	}
	if bad := unreadable(w); err == nil && bad > 0 {
		return &problemsError{fmt.Sprintf("image %d: %s of %s could not be read", n, count(bad, "part", "parts"), oneLine(k.Path()))}
	}
	return err
}

// walkKeys describes k and every key below it, printing each as it comes
// when print is set; subkeys that cannot be entered go to stderr.
func walkKeys(e *env, k *hive.Key, file string, print bool) view.RegWalk {
	w := view.RegWalk{Keys: []view.RegKey{}, Errors: []view.ErrorInfo{}}
	seen := map[*hive.Key]bool{}
	k.Walk(func(k *hive.Key, err error) error {
		if !seen[k] {
			seen[k] = true
			d := registry.Describe(k, file, false)
			w.Keys = append(w.Keys, d)
			if print {
				printKey(e.out, e.stderr, d, false)
			}
			if d.Error != nil {
				// Describe has said it; what Walk says of the same list
				// is the same.
				return nil
			}
		}
		if err != nil {
			w.Errors = append(w.Errors, *view.DescribeError(err))
			if print {
				e.out.Flush()
				fmt.Fprintf(e.stderr, "wimlens: %s\n", oneLine(err.Error()))
			}
		}
		return nil
	})
	return w
}

// unreadable counts the keys, values and subkeys that could not be read.
func unreadable(w view.RegWalk) int {
	n := len(w.Errors)
	for _, k := range w.Keys {
		if k.Error != nil {
			n++
		}
		for _, v := range k.Values {
			if v.Error != nil {
				n++
			}
		}
	}
	return n
}

// printKey writes a key as `reg query` does: its path, then a line a
// value, "    NAME    TYPE    DATA", then, with subkeys, their paths.
// Errors go to stderr.
func printKey(out io.Writer, stderr io.Writer, k view.RegKey, subkeys bool) {
	fmt.Fprintf(out, "%s\n", oneLine(k.Path))
	for _, v := range k.Values {
		name := v.Name
		if name == "" {
			name = "(Default)"
		}
		fmt.Fprintf(out, "    %s    %s    %s\n", oneLine(name), oneLine(v.Type), valueText(v))
	}
	if k.Error != nil {
		fmt.Fprintf(stderr, "wimlens: %s\n", oneLine(k.Error.Message))
	}
	fmt.Fprintln(out)
	if subkeys && len(k.Subkeys) > 0 {
		for _, s := range k.Subkeys {
			fmt.Fprintf(out, "%s\\%s\n", oneLine(k.Path), oneLine(s.Name))
		}
		fmt.Fprintln(out)
	}
}

// valueText is a value's data on one line: strings as they are (a list
// joined by \0, as reg query joins it), numbers in hex and decimal, other
// data in hex, cut at view.RegShownBytes.
func valueText(v view.RegValue) string {
	switch {
	case v.Error != nil:
		return "(cannot be read: " + oneLine(v.Error.Message) + ")"
	case v.Text != nil:
		return oneLine(*v.Text)
	case v.Strings != nil:
		return oneLine(strings.Join(v.Strings, `\0`))
	case v.Decimal != "":
		return v.Hex + " (" + v.Decimal + ")"
	case v.Cut:
		return fmt.Sprintf("%s... (%s; the first %d shown)", strings.ToUpper(v.Hex), count(int(v.Size), "byte", "bytes"), view.RegShownBytes)
	}
	return strings.ToUpper(v.Hex)
}
