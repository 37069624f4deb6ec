package peinfo

import (
	"errors"
	"fmt"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Kinds of damage. Every error from a PE file is an *inputerr.Error whose
// Kind is one of these, whose Detail is a sentence about the structure and
// whose Offset is the file offset it was read from.
var (
	// ErrNotPE is what a file without the MZ and PE signatures wraps.
	ErrNotPE = errors.New("not a PE file")
	// ErrTruncated is what a structure that ends past the end of the
	// file wraps.
	ErrTruncated = errors.New("the file ends too early")
	// ErrFormat is every other structure that cannot be read.
	ErrFormat = errors.New("malformed PE file")
)

// style: "the optional header magic is 0x1234, neither PE32 (0x10b) nor
// PE32+ (0x20b) (offset 0x98)"; the detail says the kind.
var style = inputerr.Style{Unsaid: true, Hex: true}

func formatErr(kind error, off int64, format string, args ...any) error {
	return &inputerr.Error{Kind: kind, Offset: off, Detail: fmt.Sprintf(format, args...), Style: style}
}
