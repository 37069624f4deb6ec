package wim

import (
	"errors"
	"fmt"
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
)

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
	b.WriteString(e.Field)
	b.WriteString(": ")
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
