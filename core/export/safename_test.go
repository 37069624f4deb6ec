package export

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
)

func TestSafeName(t *testing.T) {
	for _, name := range []string{
		"", ".", "..", // empty, self, parent
		"/etc/passwd", "/", // absolute
		"a/b", `a\b`, `..\..\x`, // separators
		`\\server\share`,          // UNC
		"C:", "c:evil.txt", "Z:x", // drive letters
		"a\x00b",                                                                       // NUL
		"CON", "con", "PRN", "AUX", "NUL", "nul.txt", "NUL.tar.gz", "CON .txt", "aux ", // devices
		"COM1", "com9.log", "LPT1", "lpt9", "COM0", "LPT¹", "COM³.txt", "CONIN$", "conout$.x",
	} {
		if err := SafeName(name); !errors.Is(err, ErrUnsafeName) {
			t.Errorf("SafeName(%q) = %v, want an ErrUnsafeName", name, err)
		}
	}
	// The refusal quotes the name as it is: the CLI and the page escape
	// what they show, once.
	if err := SafeName(`a\b`); err == nil || err.Error() != `unsafe name: "a\b" holds a path separator` {
		t.Errorf("SafeName(`a\\b`) = %v", err)
	}
	var ie *inputerr.Error
	if err := SafeName("nul.txt"); !errors.As(err, &ie) || ie.Detail != `"nul.txt" is a Windows device name` {
		t.Errorf("SafeName(nul.txt) = %v, want an *inputerr.Error saying why", err)
	}
	for _, name := range []string{
		"file.txt", "...", "a..b", ".hidden", "name:colon", "1:2", "CONFIG", "console.log", "COM10", "LPT", "COMA",
		"NULL", "auxiliary.txt", "Café ✓.txt", "trailing dot.", "trailing space ", "semi;colon", "%2e%2e%2f",
	} {
		if err := SafeName(name); err != nil {
			t.Errorf("SafeName(%q) = %v, want nil", name, err)
		}
	}
}

// FuzzSafeName checks that every name SafeName lets through is one local
// path element on this system: it cannot climb out, be absolute, or name
// more than one element.
func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"a", "..", "C:x", "nul.txt", "a/b", `a\b`, "COM¹", "x\x00y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if SafeName(name) != nil {
			return
		}
		if !filepath.IsLocal(name) || filepath.Base(name) != name || strings.ContainsAny(name, `/\`) {
			t.Errorf("SafeName(%q) = nil, but it is not one local path element", name)
		}
	})
}
