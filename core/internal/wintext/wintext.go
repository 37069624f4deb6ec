// Package wintext decodes the text files Windows keeps in an image (INF
// files, package manifests, provisioning lists) into Go strings. A
// byte-order mark says UTF-16LE or UTF-8; without one, text whose second
// byte is NUL is UTF-16LE (ASCII written in UTF-16, as Windows' own
// IsTextUnicode judges it), and anything else is what the caller says
// the format uses when it has no mark.
package wintext

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Encoding is how a file's bytes were read.
type Encoding int

const (
	UTF8 Encoding = iota
	UTF16LE
	// Windows1252 is "ANSI" as an English-language Windows reads it:
	// an ANSI file's bytes mean whatever the code page of the machine
	// reading it says, and nothing in the file names that code page.
	Windows1252
)

func (e Encoding) String() string {
	switch e {
	case UTF16LE:
		return "UTF-16LE"
	case Windows1252:
		return "ANSI (read as Windows-1252)"
	}
	return "UTF-8"
}

// ErrNotText is the kind of a file whose bytes are not text in the
// encoding they claim.
var ErrNotText = errors.New("not text")

// notText is the error for the first wrong byte, at off from the file's
// start; its words say the offset, as they always have.
func notText(enc Encoding, off int, what string) error {
	return &inputerr.Error{Kind: ErrNotText, Offset: int64(off),
		Detail: fmt.Sprintf("not %s text: %s at byte %d", enc, what, off),
		Style:  inputerr.Style{Unsaid: true, OffsetUnsaid: true}}
}

// Decode reads b as text; unmarked is the encoding of a file with no
// byte-order mark that does not look like UTF-16LE.
func Decode(b []byte, unmarked Encoding) (string, Encoding, error) {
	switch {
	case len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe:
		s, err := utf16LE(b[2:], 2)
		return s, UTF16LE, err
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf:
		s, err := validUTF8(b[3:], 3)
		return s, UTF8, err
	case len(b) >= 2 && b[0] != 0 && b[1] == 0:
		s, err := utf16LE(b, 0)
		return s, UTF16LE, err
	case unmarked == Windows1252:
		return windows1252(b), Windows1252, nil
	}
	s, err := validUTF8(b, 0)
	return s, UTF8, err
}

// utf16LE decodes b, which starts at byte base of the file. An unpaired
// surrogate is an error, not U+FFFD: a name that cannot be written back
// as it was is not shown as if it were another.
func utf16LE(b []byte, base int) (string, error) {
	if len(b)%2 != 0 {
		return "", notText(UTF16LE, base+len(b)-1, "an odd number of bytes")
	}
	var s strings.Builder
	s.Grow(len(b) / 2 * 3 / 2)
	for i := 0; i < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case !utf16.IsSurrogate(u):
			s.WriteRune(u)
		case u < 0xdc00 && i+3 < len(b) && b[i+3]&0xfc == 0xdc:
			s.WriteRune(utf16.DecodeRune(u, rune(b[i+2])|rune(b[i+3])<<8))
			i += 2
		default:
			return "", notText(UTF16LE, base+i, fmt.Sprintf("an unpaired surrogate %#04x", u))
		}
	}
	return s.String(), nil
}

func validUTF8(b []byte, base int) (string, error) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return "", notText(UTF8, base+i, fmt.Sprintf("the byte %#02x", b[i]))
		}
		i += n
	}
	return string(b), nil
}

// cp1252 is Windows-1252 from 0x80 to 0x9f; the five bytes it leaves
// undefined become the C1 controls of the same number, as Windows'
// MultiByteToWideChar makes them.
var cp1252 = [32]rune{
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
}

func windows1252(b []byte) string {
	var s strings.Builder
	s.Grow(len(b))
	for _, c := range b {
		switch {
		case c < 0x80:
			s.WriteByte(c)
		case c < 0xa0:
			s.WriteRune(cp1252[c-0x80])
		default:
			s.WriteRune(rune(c)) // Latin-1 from 0xa0 on
		}
	}
	return s.String()
}
