// Package compress holds what WIM's three decoders (xpress, lzx, lzms) share:
// the interface the container calls and the error they return on bad input.
package compress

import (
	"errors"
	"io"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Decompressor decodes one compressed chunk. dst has exactly the chunk's
// uncompressed size; the call fails unless src fills it exactly. A
// Decompressor keeps tables between calls and is not safe for concurrent use.
type Decompressor interface {
	Decompress(dst, src []byte) error
}

// ReaderAtDecompressor is a Decompressor that can also decode a chunk
// from a file as it reads it, for chunks too large to hold twice (a solid
// resource's, of tens of MiB).
type ReaderAtDecompressor interface {
	Decompressor
	// DecompressAt decodes the n-byte chunk at off in r into dst. The
	// caller has checked that the chunk lies within r. written, if not
	// nil, is called now and then with how many bytes of dst decoding has
	// reached, and may block: a caller decoding several chunks at once
	// paces them by it, to bound the memory their pages take.
	DecompressAt(dst []byte, r io.ReaderAt, off int64, n int, written func(int)) error
}

// ErrCorrupt is what every decoding error matches with errors.Is.
var ErrCorrupt = errors.New("corrupt compressed data")

// Corrupt is the error for bad input: which codec, where in src decoding
// went wrong, and why. It reads "lzx: corrupt data at input byte 12: bad
// block type".
func Corrupt(codec string, offset int, reason string) error {
	return &inputerr.Error{Kind: ErrCorrupt, Offset: int64(offset), Detail: reason,
		Style: inputerr.Style{Prefix: codec, At: "corrupt data at input byte", Unsaid: true}}
}
