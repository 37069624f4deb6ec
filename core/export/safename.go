// Package export writes files and folders of a WIM image out: into a zip
// (Zip, for the browser worker and the CLI) or into any other Sink (the
// CLI's directory writer). It decides once, for every writer, which entry
// names are safe to write, how hard links, reparse points and named
// streams are treated, and checks every byte written against its SHA-1.
//
// Names in a WIM are attacker-controlled: a crafted image can name an entry
// "..", "C:", "a/b" or "CON". SafeName refuses those, and Export never
// writes a refused entry or anything below it.
package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// ErrUnsafeName is the kind of every error SafeName returns, an
// *inputerr.Error whose detail quotes the name and says why.
var ErrUnsafeName = errors.New("unsafe name")

// SafeName says why a WIM entry name may not be written to disk or into a
// zip, or returns nil when it is safe. A name is refused when it is empty,
// "." or "..", holds '/', '\' or NUL (so it cannot be absolute, UNC or
// climb out), starts with a drive letter and colon ("C:", "c:x"), or is a
// Windows device name, which Windows opens as the device whatever folder
// it is in: CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9 and LPT0-9 (also
// with the superscript digits ¹²³), in any case, with or without an
// extension and trailing spaces ("nul.txt", "COM1 .log").
func SafeName(name string) error {
	refuse := func(why string) error { return unsafeName(`"%s" %s`, name, why) }
	switch {
	case name == "":
		return refuse("is empty")
	case name == "." || name == "..":
		return refuse("names a directory itself or its parent")
	case strings.ContainsAny(name, `/\`):
		return refuse("holds a path separator")
	case strings.ContainsRune(name, 0):
		return refuse("holds a NUL character")
	case len(name) >= 2 && name[1] == ':' && isASCIILetter(name[0]):
		return refuse("starts with a drive letter")
	case isDeviceName(name):
		return refuse("is a Windows device name")
	}
	return nil
}

// unsafeName is the error for a name refused: 'unsafe name: "nul.txt" is
// a Windows device name'.
func unsafeName(format string, args ...any) error {
	return &inputerr.Error{Kind: ErrUnsafeName, Offset: -1, Detail: fmt.Sprintf(format, args...)}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isDeviceName applies Windows' rule: the part before the first dot, with
// trailing spaces removed, is compared case-insensitively with the reserved
// device names.
func isDeviceName(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) < 4 || (stem[:3] != "COM" && stem[:3] != "LPT") {
		return false
	}
	switch stem[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}
