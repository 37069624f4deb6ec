package hive

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/wimlens/wimlens/core/inputerr"
)

// The kinds of damage an *inputerr.Error from a hive reports (errors.Is
// finds them).
var (
	ErrNotHive     = errors.New("not a registry hive")
	ErrUnsupported = errors.New("unsupported hive")
	ErrOutside     = errors.New("outside the hive")
	ErrCorrupt     = errors.New("corrupt hive structure")
	ErrTooLarge    = errors.New("value too large")
	ErrCycle       = errors.New("key cycle")
	ErrTooDeep     = errors.New("keys nested too deep")
	ErrShared      = errors.New("cells shared between keys")
	// Warnings: Open reads the hive anyway, as Windows does.
	ErrChecksum  = errors.New("base block checksum mismatch")
	ErrDirty     = errors.New("hive not cleanly written")
	ErrTruncated = errors.New("hive truncated")
)

// Lookup errors: the hive is sound, the key or value is not there, or a
// value is asked for as what it is not.
var (
	ErrNotFound  = errors.New("not found")
	ErrWrongType = errors.New("value of another type")
)

// style is how a hive's errors read: the site (an *inputerr.Error's
// Field: the key by its path, with the hive's name in front when it was
// given one, and the value) is the subject of one sentence, and the file
// offset (Offset) is said in it where it helps a support engineer.
var style = inputerr.Style{Unsaid: true, Subject: true, OffsetUnsaid: true}

func keyWords(path string) string {
	if path == "" {
		return "the root key"
	}
	return "the key " + quote(path)
}

// quote shows a name from the hive as it is, between double quotes (not in
// Go's %q form, which a support engineer would have to decode); terminals
// escape what they must when they print it.
func quote(s string) string { return `"` + s + `"` }

// site is where a reader is while it reads: the key and, within it, the
// value; its errors carry both.
type site struct {
	key     string
	value   string
	isValue bool
	base    bool
}

// words names the site: "the value "UBR" of the key "HKLM\SOFTWARE\...""
func (s site) words() string {
	switch {
	case s.base && s.key != "":
		return "the hive " + s.key
	case s.base:
		return "the hive"
	case s.isValue && s.value == "":
		return "the default value of " + keyWords(s.key)
	case s.isValue:
		return "the value " + quote(s.value) + " of " + keyWords(s.key)
	}
	return keyWords(s.key)
}

// fail is damage at the site, in the structure at file offset off (-1
// when none).
func (s site) fail(off int64, kind error, format string, args ...any) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Field: s.words(), Offset: off, Detail: fmt.Sprintf(format, args...), Style: style}
}

// bytesText writes a byte count with thousands separators.
func bytesText(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + " bytes"
}
