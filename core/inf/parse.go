package inf

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type parser struct {
	s       string
	i       int
	line    int
	f       *File
	cur     *Section
	buf     []byte
	vals    []string // the values of the entry being read
	arena   []string // where entries' values are kept, a block at a time
	entries int
	fields  int
	early   int // the first line with something on it before any section
}

// isSpace is white space within a line. NUL is one too: SetupAPI reads
// it as a space, and drops it at the end of a field as it drops spaces.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0
}

func (p *parser) fail(kind error, format string, args ...any) error {
	return fault(kind, p.line, "", fmt.Sprintf(format, args...), nil)
}

func (p *parser) run() error {
	for p.i < len(p.s) {
		var err error
		switch c := p.s[p.i]; {
		case c == '\n':
			p.line++
			p.i++
		case isSpace(c):
			p.i++
		case c == ';':
			p.skipLine()
		case c == '[':
			err = p.section()
		default:
			err = p.entry()
		}
		if err != nil {
			return err
		}
	}
	if p.early != 0 && p.f.byName["strings"] == nil {
		return fault(ErrSyntax, p.early, "", "a line before the first [section]", nil)
	}
	return nil
}

// skipLine moves to the end of the line, leaving its '\n'.
func (p *parser) skipLine() {
	if n := strings.IndexByte(p.s[p.i:], '\n'); n >= 0 {
		p.i += n
	} else {
		p.i = len(p.s)
	}
}

// section reads "[name]"; the rest of its line is ignored, as SetupAPI
// ignores it.
func (p *parser) section() error {
	start := p.i + 1
	n := strings.IndexAny(p.s[start:], "]\n")
	if n < 0 || p.s[start+n] == '\n' {
		return p.fail(ErrSyntax, "the section name is not closed by ]")
	}
	name := p.s[start : start+n]
	if utf8.RuneCountInString(name) > MaxSection {
		return p.fail(ErrTooLarge, "a section name longer than %d characters", MaxSection)
	}
	key := strings.ToLower(name)
	if p.cur = p.f.byName[key]; p.cur == nil {
		p.cur = &Section{Name: name, Line: p.line, f: p.f}
		p.f.byName[key] = p.cur
		p.f.Sections = append(p.f.Sections, p.cur)
	}
	p.i = start + n + 1
	p.skipLine()
	return nil
}

// entry reads a line of fields, joined lines and all.
func (p *parser) entry() error {
	if p.cur == nil {
		// Windows refuses such a line only when the file has no
		// [Strings] section (Wine's tests of SetupAPI show it): it is
		// passed over, and judged at the end.
		if p.early == 0 {
			p.early = p.line
		}
		p.skipLine()
		return nil
	}
	if p.entries++; p.entries > MaxEntries {
		return p.fail(ErrTooLarge, "more than %d lines with something on them", MaxEntries)
	}
	e := Entry{Line: p.line}
	p.vals = p.vals[:0]
	for {
		if p.fields++; p.fields > MaxFields {
			return p.fail(ErrTooLarge, "more than %d fields", MaxFields)
		}
		v, end, err := p.field(!e.HasKey && len(p.vals) == 0)
		if err != nil {
			return err
		}
		if end == '=' {
			e.Key, e.HasKey = v, true
			continue
		}
		p.vals = append(p.vals, v)
		if end != ',' {
			break
		}
	}
	// Values live in blocks shared by many entries: a slice each would
	// cost an allocation per line.
	if len(p.arena)+len(p.vals) > cap(p.arena) {
		p.arena = make([]string, 0, max(4096, len(p.vals)))
	}
	n := len(p.arena)
	p.arena = append(p.arena, p.vals...)
	e.Values = p.arena[n:len(p.arena):len(p.arena)]
	p.cur.Entries = append(p.cur.Entries, e)
	return nil
}

// field reads one field and says what ended it: ',', '=' (only when
// key, the line's first field, may be a key), or 0 at the end of the
// line (or of a comment, or of the file). Unquoted white space around
// the field is dropped.
func (p *parser) field(key bool) (string, byte, error) {
	p.buf = p.buf[:0]
	keep := 0 // bytes of buf up to its last character that is not unquoted white space
	p.skipSpaces()
	// A field as written in the file (no quotes, joins or NULs) is a
	// piece of the text, not a copy.
	start, verbatim := p.i, true
	token := func() (string, byte, error) {
		if utf8.RuneCount(p.buf[:keep]) > MaxField {
			return "", 0, p.fail(ErrTooLarge, "a field longer than %d characters", MaxField)
		}
		if verbatim {
			return p.s[start : start+keep], 0, nil
		}
		return string(p.buf[:keep]), 0, nil
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\n':
			return token()
		case c == ';':
			p.skipLine()
			return token()
		case c == ',' || c == '=' && key:
			p.i++
			v, _, err := token()
			return v, c, err
		case c == '"':
			p.quoted()
			keep, verbatim = len(p.buf), false
		case c == '\\':
			if p.continued() {
				p.buf = p.buf[:keep]
				verbatim = false
				p.skipSpaces()
				continue
			}
			keep = len(p.buf)
		case c == 0:
			p.buf = append(p.buf, ' ')
			verbatim = false
			p.i++
		case isSpace(c):
			p.buf = append(p.buf, c)
			p.i++
		default:
			p.buf = append(p.buf, c)
			keep = len(p.buf)
			p.i++
		}
		if len(p.buf) > utf8.UTFMax*MaxField { // checked exactly by token
			return "", 0, p.fail(ErrTooLarge, "a field longer than %d characters", MaxField)
		}
	}
	return token()
}

func (p *parser) skipSpaces() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

// quoted reads a quoted part of a field after its opening quote: ""
// is a quote; an unclosed quote ends with its line.
func (p *parser) quoted() {
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '\n' || c == '\r' && p.i+1 < len(p.s) && p.s[p.i+1] == '\n' {
			return
		}
		p.i++
		if c == '"' {
			if p.i < len(p.s) && p.s[p.i] == '"' {
				p.i++
			} else {
				return
			}
		}
		if c == 0 {
			c = ' '
		}
		p.buf = append(p.buf, c)
		if len(p.buf) > utf8.UTFMax*MaxField {
			return // field fails on the length
		}
	}
}

// continued reads a run of '\' and says whether it joins the next line:
// nothing but white space, more '\' or a comment may follow it on its
// line. If not, the run is part of the field.
func (p *parser) continued() bool {
	j := p.i
	for j < len(p.s) && (p.s[j] == '\\' || isSpace(p.s[j])) {
		j++
	}
	if j < len(p.s) && p.s[j] == ';' {
		if n := strings.IndexByte(p.s[j:], '\n'); n >= 0 {
			j += n
		} else {
			j = len(p.s)
		}
	}
	switch {
	case j == len(p.s):
		p.i = j
		return true
	case p.s[j] == '\n':
		p.i = j + 1
		p.line++
		return true
	}
	p.buf = append(p.buf, p.s[p.i:j]...)
	p.i = j
	return false
}
