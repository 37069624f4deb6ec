package peinfo

import (
	"errors"
	"fmt"
)

// ErrNotPE is what a file without the MZ and PE signatures wraps.
var ErrNotPE = errors.New("not a PE file")

// ErrTruncated is what a structure that ends past the end of the file wraps.
var ErrTruncated = errors.New("the file ends too early")

// FormatError says what is wrong with a PE file and where: Msg is a
// sentence about the structure, Offset the file offset it was read from.
type FormatError struct {
	Offset int64  // file offset of the structure at fault
	Msg    string // what is wrong, in words
	Kind   error  // ErrNotPE, ErrTruncated or nil
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s (offset 0x%x)", e.Msg, e.Offset)
}

func (e *FormatError) Unwrap() error { return e.Kind }

func formatErr(kind error, off int64, format string, args ...any) error {
	return &FormatError{Offset: off, Msg: fmt.Sprintf(format, args...), Kind: kind}
}
