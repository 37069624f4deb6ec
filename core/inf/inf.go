// Package inf reads Windows setup information files (.inf): the driver
// packages of Windows\INF\oem*.inf and of the driver store
// (System32\DriverStore\FileRepository\*\*.inf), as SetupAPI reads them.
//
// The syntax is Microsoft's "General Syntax Rules for INF Files" and
// "INF Strings Section"; where those pages are silent, this follows
// Wine's SetupAPI (dlls/setupapi/parser.c), read for its facts:
// sections of the same name merge; a line before the first section makes
// the file unreadable unless it has a [Strings] section; ';' starts a
// comment outside quotes; a '\' that ends a line (after spaces, or before
// a comment) joins the next line; a value's quotes are dropped and ""
// inside them is one quote; an unclosed quote runs to the end of its
// line; '=' makes the first field a key only before any ','; Ctrl-Z ends
// the file and NUL is a space. Wine's tests, which record what Windows
// answers, are the check (TestLinesAsSetupAPIReadsThem). Fields are kept
// as written; %strkey% tokens are replaced when a value is asked for
// (File.Expand), and in keys when a line is looked up (Section.Get), as
// SetupAPI does.
package inf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/internal/wintext"
)

// Bounds on what a file may make us hold. Real INF files are under
// 1 MiB; the largest display-driver ones a few MiB, twice that in
// UTF-16.
const (
	MaxFileSize = 32 << 20 // bytes of file
	MaxField    = 4096     // characters in one field, as SetupAPI's MAX_INF_STRING_LENGTH
	MaxSection  = 255      // characters in a section name (SetupAPI's limit)
	MaxEntries  = 1 << 19  // lines holding something, in all
	MaxFields   = 1 << 20  // fields and keys, in all
)

var (
	// ErrTooLarge: the file, a field or a count is past one of the bounds above.
	ErrTooLarge = errors.New("too large")
	// ErrSyntax: the file breaks a rule SetupAPI refuses a file for, or
	// a value is not of its form (DriverVer's date).
	ErrSyntax = errors.New("malformed")
	// ErrEncoding: the bytes are not text in the encoding they claim.
	ErrEncoding = errors.New("not text")
)

// style is how an INF file's errors read: "INF file, line 12: ...", the
// line (an *inputerr.Error's Line) said when the error is about one.
var style = inputerr.Style{Prefix: "INF file", Unsaid: true}

// fault is a file, or a value in it, that cannot be read: of kind
// ErrTooLarge, ErrSyntax or ErrEncoding, on a 1-based line of the file (0
// when about the whole file).
func fault(kind error, line int, field, detail string, cause error) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Line: line, Field: field, Offset: -1, Detail: detail, Err: cause, Style: style}
}

// File is a parsed INF file.
type File struct {
	Encoding wintext.Encoding
	Sections []*Section // in the order each name first appears
	byName   map[string]*Section
	strs     map[string]string // %strkey% -> value, keys in lower case
}

// Section is every line of the sections of one name (compared without
// case), in file order.
type Section struct {
	Name    string // as first written
	Line    int
	Entries []Entry
	f       *File
}

// Entry is a line of a section: "key = value, value, ..." or
// "value, value, ...". Values are as written, quotes resolved, strings
// not substituted.
type Entry struct {
	Line   int
	Key    string
	HasKey bool
	Values []string
}

// Section finds a section by name, without regard to case.
func (f *File) Section(name string) *Section { return f.byName[strings.ToLower(name)] }

// Get is the first entry of the section whose key, strings substituted,
// is key, without regard to case; nil when there is none. As SetupAPI
// has it, a line of one field and no '=' is keyed by that field.
func (s *Section) Get(key string) *Entry {
	for i := range s.Entries {
		e := &s.Entries[i]
		k := e.Key
		if !e.HasKey {
			if len(e.Values) != 1 {
				continue
			}
			k = e.Values[0]
		}
		if strings.EqualFold(s.f.Expand(k), key) {
			return e
		}
	}
	return nil
}

// Parse reads an INF file from its bytes (a caller checks a file's size
// against MaxFileSize before reading it): UTF-16LE or UTF-8 after their
// byte-order marks, ANSI (read as Windows-1252) without one.
func Parse(b []byte) (*File, error) {
	if len(b) > MaxFileSize {
		return nil, fault(ErrTooLarge, 0, "", fmt.Sprintf("%d bytes, more than the %d read", len(b), MaxFileSize), nil)
	}
	text, enc, err := wintext.Decode(b, wintext.Windows1252)
	if err != nil {
		return nil, fault(ErrEncoding, 0, "", "", err)
	}
	if i := strings.IndexByte(text, 0x1a); i >= 0 { // Ctrl-Z: the end of an old DOS text file
		text = text[:i]
	}
	p := &parser{s: text, line: 1, f: &File{Encoding: enc, byName: map[string]*Section{}}}
	if err := p.run(); err != nil {
		return nil, err
	}
	p.f.strs = stringTable(p.f)
	return p.f, nil
}
