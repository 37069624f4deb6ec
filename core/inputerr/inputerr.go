// Package inputerr is the one shape of an error from input, shared by the
// packages of core: the kind of damage (a sentinel of the package that
// found it, which errors.Is finds), the field at fault, where it is, and
// what is wrong in words a support engineer reads.
//
// Each package keeps the words its messages have always had (tests, the
// CLI's golden outputs and the page pin them): a Style, one per package,
// says how its messages read, while the fields beneath are the same
// everywhere, so a caller asks errors.As for one type whatever failed.
package inputerr

import (
	"errors"
	"fmt"
	"strings"
)

// Error is input that cannot be read.
type Error struct {
	// Kind is the sentinel of this kind of damage (wim.ErrFormat,
	// meta.ErrBadDentry, sddl.ErrACLSize, compress.ErrCorrupt...). It
	// is nil only when Err carries the kind (an image's metadata error
	// inside the archive's) or there is none (a host's read that failed).
	Kind   error
	Field  string // the structure or field at fault ("header chunk size", "owner SID"); "" when Detail names it
	Offset int64  // byte offset of Field in what was read (Style.At says what), as the data gave it; -1 when not known
	Detail string // what is wrong, with the numbers
	Err    error  // the error this one comes from (a decoder's, a nested structure's, a reader's), or nil

	// Where, beyond Offset, when known: the 1-based part of a split WIM
	// (0 for a single file), the SHA-1 of the blob or resource involved,
	// the directory of an image whose entries were being read, and the
	// 1-based line of a text file (an INF file's), which is said after
	// the prefix ("INF file, line 12: ...").
	Part     int
	Resource string
	Dir      string
	Line     int

	Style Style
}

// Style is how one package's messages read. The zero Style reads as the
// archive's: "field: kind: detail (part 2, offset 208, blob ...)".
type Style struct {
	Prefix string // said first, followed by ": " ("sddl", "lzx")
	// At is the words before Offset, said with it right after Field
	// ("at byte", "at metadata offset") for a package whose offsets are
	// always known; "" says "offset N", when known, in the closing
	// parentheses instead.
	At string
	// Unsaid leaves Kind's own words out: At or Detail already says
	// the kind, or the package's messages never named it.
	Unsaid bool
	// Hex says offsets in hexadecimal ("offset 0x3c"), as a PE file's
	// are read.
	Hex bool
	// Subject makes Field the subject of the sentence Detail ends,
	// joined by a space, not ": " (`the key "X" claims 3 subkeys...`).
	Subject bool
	// OffsetUnsaid keeps Offset for callers but leaves it out of the
	// closing parentheses: Detail says it where it helps, in its own words.
	OffsetUnsaid bool
}

func (e *Error) Error() string {
	var b strings.Builder
	head := e.Style.Prefix
	if e.Line > 0 {
		if head != "" {
			head += ", "
		}
		head += fmt.Sprintf("line %d", e.Line)
	}
	if head != "" {
		b.WriteString(head)
		b.WriteString(": ")
	}
	start := b.Len()
	b.WriteString(e.Field)
	if e.Style.At != "" {
		if e.Field != "" {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s %s", e.Style.At, e.offset())
	}
	switch {
	case b.Len() > start && e.Style.Subject:
		b.WriteByte(' ')
	case b.Len() > start:
		b.WriteString(": ")
	}
	// The kind is said first unless the cause already says it: the cause
	// then ends the sentence ("...: the file is truncated").
	sep := ""
	say := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = ": "
	}
	if e.Kind != nil && !e.Style.Unsaid && !errors.Is(e.Err, e.Kind) {
		say(e.Kind.Error())
	}
	if e.Detail != "" {
		say(e.Detail)
	}
	if e.Err != nil {
		say(e.Err.Error())
	}
	var where []string
	if e.Part > 0 {
		where = append(where, fmt.Sprintf("part %d", e.Part))
	}
	if e.Style.At == "" && e.Offset >= 0 && !e.Style.OffsetUnsaid {
		where = append(where, "offset "+e.offset())
	}
	if e.Resource != "" {
		where = append(where, "blob "+e.Resource)
	}
	if e.Dir != "" {
		where = append(where, "in "+e.Dir)
	}
	if len(where) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(where, ", "))
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) offset() string {
	if e.Style.Hex {
		return fmt.Sprintf("%#x", e.Offset)
	}
	return fmt.Sprint(e.Offset)
}

// Is reports whether target is the error's kind, or what the kind
// itself matches (wim.ErrTruncated matches io.ErrUnexpectedEOF).
func (e *Error) Is(target error) bool { return e.Kind != nil && errors.Is(e.Kind, target) }

// Unwrap returns the cause, so errors.Is and errors.As look through it too.
func (e *Error) Unwrap() error { return e.Err }
