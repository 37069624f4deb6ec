package main

import (
	"errors"
	"strings"

	"github.com/wimlens/wimlens/core/view"
)

func runInfo(e *env, args []string) error {
	c := newCommand("info", 1, 2, "FILE [IMAGE]")
	header := c.Bool("header", false, "print the WIM header")
	blobs := c.Bool("blobs", false, "print the blob table")
	xml := c.Bool("xml", false, "print the XML document")
	asJSON := c.Bool("json", false, "print JSON")
	a, args, err := c.open(e, args)
	if cut := (*cutShort)(nil); errors.As(err, &cut) && !*asJSON {
		printHeader(e.out, cut.header) // what a truncated file still shows
	}
	if err != nil {
		return err
	}
	defer a.Close()
	image := 0 // all
	if len(args) == 1 && args[0] != "all" && args[0] != "*" {
		if image, err = a.resolve(args[0]); err != nil {
			return err
		}
	}
	if *asJSON {
		out := view.Info{Archive: view.DescribeArchive(a.Archive)}
		if image > 0 {
			out.Images = imageOnly(out.Images, image)
		}
		if *header {
			out.Header = view.StoredHeader(a.given)
		}
		if *blobs {
			out.BlobTable = view.DescribeBlobs(a.Archive)
		}
		if *xml {
			out.XML = &a.Info.Raw
		}
		return writeJSON(e.out, out)
	}
	// As wimlib-imagex info: the summary and images unless a part is asked
	// for, then the parts asked for.
	if !*header && !*blobs && !*xml {
		if image == 0 {
			printSummary(e.out, a)
		}
		printImages(e.out, a, image)
		return nil
	}
	if *header {
		printHeader(e.out, a.given)
	}
	if *blobs {
		printBlobs(e.out, a)
	}
	if *xml {
		e.out.WriteString(a.Info.Raw)
		if !strings.HasSuffix(a.Info.Raw, "\n") {
			e.out.WriteString("\n")
		}
	}
	return nil
}

func imageOnly(images []view.Image, index int) []view.Image {
	for _, im := range images {
		if im.Index == index {
			return []view.Image{im}
		}
	}
	return []view.Image{}
}
