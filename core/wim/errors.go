package wim

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Sentinel errors; every error from input is an *inputerr.Error whose kind
// is one of these, a decoder's compress.ErrCorrupt or an image's metadata
// error (meta.ErrBadDentry...), so callers can test the kind with errors.Is.
var (
	ErrNotWIM      = errors.New("not a WIM file")
	ErrFormat      = errors.New("malformed WIM")
	ErrChecksum    = errors.New("SHA-1 mismatch")
	ErrUnsupported = errors.New("unsupported WIM feature")
	ErrEncrypted   = errors.New("encrypted ESD: the file's contents are encrypted and cannot be read without Microsoft's key")
	ErrMissingBlob = errors.New("blob not found in any part")
	ErrMissingPart = errors.New("split WIM part missing")
	// ErrDifferentWIMs: files opened together as the parts of one WIM
	// belong to different WIMs.
	ErrDifferentWIMs = errors.New("files from different WIMs")
	// ErrTruncated: the file ends before what its header or blob table
	// places in it. errors.Is matches it with io.ErrUnexpectedEOF too.
	ErrTruncated error = truncated{}
)

type truncated struct{}

func (truncated) Error() string        { return "the file is truncated (incomplete download?)" }
func (truncated) Is(target error) bool { return target == io.ErrUnexpectedEOF }

// differentWIMs is the error for two files given as the parts of one WIM
// whose GUIDs differ: two WIMs, to be opened (and compared) one at a time.
func differentWIMs(names, guids [2]string) error {
	return &inputerr.Error{Kind: ErrDifferentWIMs, Offset: -1, Style: inputerr.Style{Unsaid: true},
		Detail: fmt.Sprintf("%s and %s are two different WIMs (GUIDs %s and %s), not parts of one split WIM",
			names[0], names[1], guids[0], guids[1])}
}

// bad is the error for input that cannot be read: kind, which part, where
// in that part's file (-1 when not meaningful), which structure, and why.
// Every error of this package from input is an *inputerr.Error; it reads
// "field: kind: detail (part 2, offset 208, blob ...)".
func bad(kind error, part int, off int64, field, format string, args ...any) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Part: part, Offset: off, Field: field, Detail: fmt.Sprintf(format, args...)}
}

// wimPrefixed is how the errors of a lookup read, which name no place in
// the file: "wim: blob 5a3c...: blob not found in any part".
var wimPrefixed = inputerr.Style{Prefix: "wim"}

// malformed is bad's most common kind, ErrFormat.
func malformed(part int, off int64, field, format string, args ...any) *inputerr.Error {
	return bad(ErrFormat, part, off, field, format, args...)
}

// cutShort is the error for a file that ends too soon: the kind ends the
// sentence ("...: the file is truncated (incomplete download?)").
func cutShort(part int, off int64, field, format string, args ...any) *inputerr.Error {
	e := bad(ErrTruncated, part, off, field, format, args...)
	e.Err = ErrTruncated
	return e
}

// pastEnd is the error for what (e.g. "its blob table"), off + n bytes
// into a part that holds only size: a truncated file, or, when the end
// lies beyond any real file, a damaged location.
func pastEnd(part int, at int64, size int64, what string, off, n uint64) *inputerr.Error {
	if end := off + n; end >= off && end <= maxResourceSize {
		return cutShort(part, -1, "", "the file ends at %s bytes but %s reaches %s", grouped(uint64(size)), what, grouped(end))
	}
	return malformed(part, at, what, "located at offset %s + %s bytes, beyond any real file", grouped(off), grouped(n))
}

// grouped writes n with its digits in groups of three: 8,984,194.
func grouped(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
