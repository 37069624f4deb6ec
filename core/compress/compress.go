// Package compress holds what WIM's three decoders (xpress, lzx, lzms) share:
// the interface the container calls and the error they return on bad input.
package compress

import (
	"errors"
	"fmt"
)

// Decompressor decodes one compressed chunk. dst has exactly the chunk's
// uncompressed size; the call fails unless src fills it exactly. A
// Decompressor keeps tables between calls and is not safe for concurrent use.
type Decompressor interface {
	Decompress(dst, src []byte) error
}

// ErrCorrupt is what every decoding error matches with errors.Is.
var ErrCorrupt = errors.New("corrupt compressed data")

// CorruptError says which codec failed, where in the input, and why.
type CorruptError struct {
	Codec  string // "xpress", "lzx" or "lzms"
	Offset int    // byte offset in src where decoding went wrong
	Reason string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s: corrupt data at input byte %d: %s", e.Codec, e.Offset, e.Reason)
}

func (e *CorruptError) Unwrap() error { return ErrCorrupt }
