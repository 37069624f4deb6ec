package wim

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Sentinel errors; every error from input wraps one of these or a decoder's
// compress.ErrCorrupt, so callers can test the kind with errors.Is.
var (
	ErrNotWIM      = errors.New("not a WIM file")
	ErrFormat      = errors.New("malformed WIM")
	ErrChecksum    = errors.New("SHA-1 mismatch")
	ErrUnsupported = errors.New("unsupported WIM feature")
	ErrEncrypted   = errors.New("encrypted ESD: the file's contents are encrypted and cannot be read without Microsoft's key")
	ErrMissingBlob = errors.New("blob not found in any part")
	ErrMissingPart = errors.New("split WIM part missing")
	// ErrDifferentWIMs: files opened together as the parts of one WIM
	// belong to different WIMs (see DifferentWIMsError).
	ErrDifferentWIMs = errors.New("files from different WIMs")
	// ErrTruncated: the file ends before what its header or blob table
	// places in it. errors.Is matches it with io.ErrUnexpectedEOF too.
	ErrTruncated error = truncated{}
)

type truncated struct{}

func (truncated) Error() string        { return "the file is truncated (incomplete download?)" }
func (truncated) Is(target error) bool { return target == io.ErrUnexpectedEOF }

// DifferentWIMsError reports two files given as the parts of one WIM whose
// GUIDs differ: two WIMs, to be opened (and compared) one at a time.
type DifferentWIMsError struct {
	Names [2]string // the files, the first given and the one that differs
	GUIDs [2]string // their GUIDs, as GUIDString writes them
}

func (e *DifferentWIMsError) Error() string {
	return fmt.Sprintf("%s and %s are two different WIMs (GUIDs %s and %s), not parts of one split WIM",
		e.Names[0], e.Names[1], e.GUIDs[0], e.GUIDs[1])
}

func (e *DifferentWIMsError) Is(target error) bool { return target == ErrDifferentWIMs }

// FormatError reports input that cannot be read: which structure, where in
// the file, which resource, and why.
type FormatError struct {
	Part     int    // 1-based part of a split WIM; 0 for a single file
	Offset   int64  // byte offset in that part's file; -1 when not meaningful
	Field    string // the structure or field, e.g. "header", "blob table entry 12"
	Resource string // SHA-1 of the blob or resource involved, if any
	Err      error  // the cause
}

func (e *FormatError) Error() string {
	var b strings.Builder
	if e.Field != "" { // the cause says what on its own
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	var where []string
	if e.Part > 0 {
		where = append(where, fmt.Sprintf("part %d", e.Part))
	}
	if e.Offset >= 0 {
		where = append(where, fmt.Sprintf("offset %d", e.Offset))
	}
	if e.Resource != "" {
		where = append(where, "blob "+e.Resource)
	}
	if len(where) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(where, ", "))
		b.WriteString(")")
	}
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// malformed builds a FormatError whose cause wraps ErrFormat.
func malformed(part int, off int64, field, format string, args ...any) *FormatError {
	return &FormatError{Part: part, Offset: off, Field: field,
		Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
}

// pastEnd is the error for what (e.g. "its blob table"), off + n bytes
// into a part that holds only size: a truncated file, or, when the end
// lies beyond any real file, a damaged location.
func pastEnd(part int, at int64, size int64, what string, off, n uint64) *FormatError {
	if end := off + n; end >= off && end <= maxResourceSize {
		return &FormatError{Part: part, Offset: -1, Err: fmt.Errorf("the file ends at %s bytes but %s reaches %s: %w",
			grouped(uint64(size)), what, grouped(end), ErrTruncated)}
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
