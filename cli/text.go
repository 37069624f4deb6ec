package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text for people: names from an image escaped for the terminal, counts
// with their nouns, lists in words.

// oneLine makes a name, path or message from an image safe to print on a
// terminal, on one line; every text output and message of the CLI prints
// names through it. Controls show as \n, \r, \t or \xNN; the characters
// that hide or disguise themselves (bidi overrides such as U+202E, which
// turns "gpj.exe" around, zero-width and other invisible characters,
// unusual spaces: those the page marks, web/src/text.ts) as \uXXXX, or
// \UXXXXXXXX past U+FFFF; bytes that are not UTF-8 as \xNN. Anything
// else, '\' included, stays as it is, so ordinary names print as
// wimlib-imagex prints them.
func oneLine(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && invisible(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case invisible(r) && r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		case invisible(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unescape reverses oneLine, so that a path copied from dir's output
// finds its entry; ok is false when s holds no escape oneLine writes.
func unescape(s string) (string, bool) {
	if !strings.Contains(s, `\`) {
		return s, false
	}
	var b strings.Builder
	found := false
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		digits := 0
		switch s[i+1] {
		case 'n', 'r', 't':
			b.WriteByte("\n\r\t"[strings.IndexByte("nrt", s[i+1])])
			i, found = i+1, true
			continue
		case 'x':
			digits = 2
		case 'u':
			digits = 4
		case 'U':
			digits = 8
		}
		v, err := strconv.ParseUint(s[i+2:min(i+2+digits, len(s))], 16, 32)
		switch {
		case digits == 0 || i+2+digits > len(s) || err != nil:
			b.WriteByte(s[i])
			continue
		case digits == 2:
			b.WriteByte(byte(v))
		default:
			b.WriteRune(rune(v))
		}
		i, found = i+1+digits, true
	}
	return b.String(), found
}

// needsEscape reports whether oneLine changes s; ASCII text is checked
// a byte at a time, since dir prints hundreds of thousands of paths.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return true
		} else if c >= 0x80 {
			return !utf8.ValidString(s[i:]) || strings.IndexFunc(s[i:], invisible) >= 0
		}
	}
	return false
}

// invisible is the page's set of characters to spell out: controls,
// format characters (bidi controls, zero-width joiners, soft hyphen, BOM,
// tags), line and paragraph separators, private use, spaces other than
// the plain one, and letters that draw as nothing.
func invisible(r rune) bool {
	switch r {
	case 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x17b4, 0x17b5, 0xfffc:
		return true
	}
	return r >= 0x2000 && r <= 0x200a || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co)
}

// count is n and its noun: "1 fault", "2 faults", "0 faults".
func count(n int, singular, plural string) string {
	return strconv.Itoa(n) + " " + pick(n, singular, plural)
}

// pick is the word for n of a thing: singular for 1, plural otherwise
// ("1 part is", "2 parts are").
func pick(n int, singular, plural string) string {
	if n == 1 {
		return singular
	}
	return plural
}

// andList writes items as a sentence does: "2", "2 and 3", "2, 3 and 4".
func andList[T any](items []T) string {
	s := make([]string, len(items))
	for i, v := range items {
		s[i] = fmt.Sprint(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
