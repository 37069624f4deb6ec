package main

import (
	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/inspect"
	"github.com/wimlens/wimlens/core/meta"
)

// runDiff compares two images, of one WIM (FILE A B) or of two (OLD_FILE
// OLD_IMAGE NEW_FILE NEW_IMAGE), from stored hashes and metadata alone.
// Like diff(1) it exits 0 when the images are equal and 1 when they differ.
func runDiff(e *env, args []string) error {
	c := newCommand("diff", 3, 4, "FILE IMAGE_A IMAGE_B, or OLD_FILE OLD_IMAGE NEW_FILE NEW_IMAGE")
	times := c.Bool("times", false, "count timestamp changes too")
	asJSON := c.Bool("json", false, "print JSON with each change's details")
	a, rest, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	oldImg, _, err := a.image(rest[:1])
	if err != nil {
		return err
	}
	var newImg *meta.Image
	if len(rest) == 2 {
		newImg, _, err = a.image(rest[1:])
	} else {
		b, err2 := openArchive(e, rest[1], c.refs)
		if err2 != nil {
			return err2
		}
		defer b.Close()
		newImg, _, err = b.image(rest[2:])
	}
	if err != nil {
		return err
	}
	res, err := diff.Images(e.ctx, oldImg, newImg, diff.Options{Times: *times}, nil)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(e.out, inspect.DescribeDiff(res))
	} else {
		err = diff.NameStatus(e.out, res.Changes)
	}
	if err == nil && len(res.Changes) > 0 {
		return &quietError{}
	}
	return err
}

// quietError makes a verb exit 1 without a message, the output being the
// answer: diff found differences, search found nothing.
type quietError struct{}

func (*quietError) Error() string { return "no match, or the images differ" }
