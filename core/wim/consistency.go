package wim

import (
	"fmt"
	"strconv"
	"strings"
)

// Inconsistencies lists what is wrong with the archive as a whole rather
// than with one blob: what makes wimlib refuse to open it, which is opened
// here anyway so that what can be read is. Part 1's problems were found at
// open (Warnings): its XML data malformed or counting other images than
// its header, a header image count other than the blob table's image
// metadata, an image's metadata referenced other than once. Every other
// part given carries a copy of the XML data, read and checked here, as
// wimlib does when it opens each part. Verify counts each as a fault.
func (a *Archive) Inconsistencies() []error {
	out := append([]error(nil), a.Warnings...)
	for _, p := range a.parts[1:] {
		if p == nil {
			continue
		}
		if _, err := readXML(a, p); err != nil {
			out = append(out, err)
		}
	}
	return out
}

// MissingPartsError says which parts of a split archive were not given.
type MissingPartsError struct {
	Total   int
	Missing []int // ascending
}

// Error says "part 2 of 3 is missing", "parts 2 and 3 of 3 are missing",
// "parts 2, 3 and 5 of 5 are missing", and without part 1, that it holds
// the file tree.
func (e *MissingPartsError) Error() string {
	n := len(e.Missing)
	var s string
	if n == 1 {
		s = fmt.Sprintf("part %d of %d is missing", e.Missing[0], e.Total)
	} else {
		var b strings.Builder
		for i, m := range e.Missing {
			switch {
			case i == n-1:
				b.WriteString(" and ")
			case i > 0:
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(m))
		}
		s = fmt.Sprintf("parts %s of %d are missing", b.String(), e.Total)
	}
	if e.Missing[0] == 1 {
		s += " (part 1 holds the file tree: no file can be checked)"
	}
	return s
}

func (e *MissingPartsError) Unwrap() error { return ErrMissingPart }
