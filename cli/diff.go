package main

import (
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windiff"
)

// runDiff compares two images, of one WIM (FILE A B) or of two (OLD_FILE
// OLD_IMAGE NEW_FILE NEW_IMAGE), from stored hashes and metadata alone.
// Like diff(1) it exits 0 when the images are equal and 1 when they differ.
func runDiff(e *env, args []string) error {
	c := newCommand("diff", 3, 4, "FILE IMAGE_A IMAGE_B, or OLD_FILE OLD_IMAGE NEW_FILE NEW_IMAGE")
	times := c.Bool("times", false, "count timestamp changes too")
	asJSON := c.Bool("json", false, "print JSON with each change's details")
	win := c.Bool("windows", false, "say what changed in Windows: version, packages, drivers, services, apps, boot files, WinRE, PE file versions, registry")
	a, rest, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	oldImg, oldN, err := a.image(rest[:1])
	if err != nil {
		return err
	}
	var newImg *meta.Image
	newA, newN := a, 0
	if len(rest) == 2 {
		newImg, newN, err = a.image(rest[1:])
	} else {
		b, err2 := openArchive(e, rest[1], c.refs)
		if err2 != nil {
			return err2
		}
		defer b.Close()
		newA = b
		newImg, newN, err = b.image(rest[2:])
	}
	if err != nil {
		return err
	}
	res, err := diff.Images(e.ctx, oldImg, newImg, diff.Options{Times: *times}, nil)
	if err != nil {
		return err
	}
	if *win {
		return diffWindows(e, windiff.Image{Archive: a.Archive, N: oldN, Tree: oldImg},
			windiff.Image{Archive: newA.Archive, N: newN, Tree: newImg}, res, *asJSON)
	}
	if *asJSON {
		err = writeJSON(e.out, view.DescribeDiff(res))
	} else {
		writeChanges(e, res.Changes)
	}
	if err == nil && len(res.Changes) > 0 {
		return &quietError{}
	}
	return err
}

// writeChanges prints one change a line, as `git diff --name-status`
// does, "A\tPATH", "D\tPATH", "M\tPATH", "R\tOLD\tNEW", and after a tab
// what changed in a modified (or renamed and modified) entry:
// "M\tPATH\t(content, security)". Renames carry no similarity score,
// folders are listed as well as files, and paths are image paths,
// "/"-rooted, escaped by oneLine.
func writeChanges(e *env, changes []diff.Change) {
	for _, c := range changes {
		fmt.Fprintf(e.out, "%c\t", c.Kind)
		if c.Kind == diff.Renamed {
			fmt.Fprintf(e.out, "%s\t", oneLine(c.OldPath))
		}
		e.out.WriteString(oneLine(c.Path))
		if len(c.Reasons) > 0 {
			fmt.Fprintf(e.out, "\t(%s)", oneLine(strings.Join(c.Reasons, ", ")))
		}
		e.out.WriteByte('\n')
	}
}

// quietError makes a verb exit 1 without a message, the output being the
// answer: diff found differences, search found nothing.
type quietError struct{}

func (*quietError) Error() string { return "no match, or the images differ" }
