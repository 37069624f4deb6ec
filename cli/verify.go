package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/view"
)

// verifyCommand is verify's command line, which a helper engine reads too.
func verifyCommand() (*command, *bool) {
	c := newCommand("verify", 1, 1, "FILE")
	return c, c.Bool("json", false, "print JSON")
}

// helperMin is the least an archive holds for verify to take a helper
// engine, where there are helpers: starting one costs a few tenths of a
// second.
var helperMin int64 = 64 << 20

func runVerify(e *env, args []string) error {
	c, asJSON := verifyCommand()
	// The helper starts while this engine opens the archive.
	h := startShardHelper(args)
	defer func() {
		if h != nil {
			h.stop()
		}
	}()
	a, _, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if h != nil && bulk.VerifyBytes(a.Archive) < helperMin {
		h.stop()
		h = nil
	}
	progress, clear := e.progress("verifying")
	rep, err := verifyShared(e.ctx, a.Archive, progress, h)
	clear()
	if err != nil {
		return err
	}
	v, err := view.DescribeVerify(e.ctx, a.Archive, rep, a.Image, false)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(e.out, v)
	} else {
		if a.outer != nil {
			// What is checked is the inner WIM, read through the outer one;
			// the outer file's own blobs are verify OUTER's business.
			fmt.Fprintf(e.out, "Verifying the WIM %s, not the file it is stored in\n", oneLine(a.name))
		}
		printVerify(e.out, v)
	}
	if err == nil && !v.OK {
		why := count(len(v.Faults), "fault", "faults")
		if v.Integrity == view.IntegrityBad {
			why += ", integrity table bad"
		}
		err = &problemsError{fmt.Sprintf("%s: verification failed: %s", a.name, why)}
	}
	return err
}

// maxListed bounds the files the text output lists under the missing
// parts or a kind of bad entries; --json lists them all.
const maxListed = 10

func printVerify(w io.Writer, v *view.Verify) {
	for _, f := range v.Faults {
		uses := f.UsedBy
		switch f.Kind {
		case view.FaultArchive:
			fmt.Fprintf(w, "archive: %s\n", oneLine(f.Error.Message))
		case view.FaultParts:
			if len(uses) == 0 {
				fmt.Fprintf(w, "%s\n", sentence(f.Error.Message))
			} else {
				fmt.Fprintf(w, "%s: %s can't be checked\n", sentence(f.Error.Message), count(len(uses), "file", "files"))
			}
		case view.FaultEntries:
			fmt.Fprintf(w, "image %d: %s\n", uses[0].Image, oneLine(f.Error.Message))
		case view.FaultImage:
			fmt.Fprintf(w, "image %d metadata (blob %s): %s\n", uses[0].Image, f.Hash, oneLine(f.Error.Message))
			uses = nil
		default:
			fmt.Fprintf(w, "%s blob %s: %s\n", f.Kind, f.Hash, oneLine(f.Error.Message))
		}
		listed := uses
		if f.Kind == view.FaultParts || f.Kind == view.FaultEntries {
			listed = uses[:min(len(uses), maxListed)]
		}
		for _, u := range listed {
			switch {
			case u.Metadata:
				fmt.Fprintf(w, "    image %d metadata\n", u.Image)
			case u.Detail != "":
				fmt.Fprintf(w, "    %s: %s\n", oneLine(u.Path), oneLine(u.Detail))
			case u.Stream != "":
				fmt.Fprintf(w, "    image %d: %s:%s\n", u.Image, oneLine(u.Path), oneLine(u.Stream))
			default:
				fmt.Fprintf(w, "    image %d: %s\n", u.Image, oneLine(u.Path))
			}
		}
		if more := len(uses) - len(listed); more > 0 {
			fmt.Fprintf(w, "    and %d more (verify --json lists them all)\n", more)
		}
	}
	if v.IntegrityError != nil {
		fmt.Fprintf(w, "integrity table: %s\n", oneLine(v.IntegrityError.Message))
	}
	verdict := "OK"
	if !v.OK {
		verdict = "PROBLEMS FOUND"
	}
	fmt.Fprintf(w, "%s: %s, %d bytes checked; %s; integrity table %s\n",
		verdict, count(v.Blobs, "blob", "blobs"), v.Bytes, count(len(v.Faults), "fault", "faults"), v.Integrity)
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
