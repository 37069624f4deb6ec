package search

import (
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// fuzzy ranks names (paths, when the text has a '/') by Levenshtein
// distance from the text, ignoring case.
type fuzzy struct {
	text string // lower-cased, '/'-separated, without a leading '/'
	path bool
	max  int // the largest distance that still counts as a match
}

func newFuzzy(text string) *fuzzy {
	text = strings.ToLower(strings.ReplaceAll(text, `\`, "/"))
	z := &fuzzy{path: strings.Contains(text, "/"), text: strings.TrimPrefix(text, "/")}
	// A third of the text may be mistyped: enough for typos, few enough
	// that a short query does not match every short name.
	z.max = max(1, utf8.RuneCountInString(z.text)/3)
	return z
}

// distance scores a file by its name and its path without the leading '/'
// (used when the text has a '/'). A file matches when its name is close,
// when its name without the extension is ("notpad" finds notepad.exe) or
// when it contains the text ("note" finds notepad.exe); ranking stays by
// the whole name's distance, so an exact name comes first.
func (z *fuzzy) distance(name, path string) (int, bool) {
	if z.path {
		name = path
	}
	name = strings.ToLower(name)
	d := levenshtein.ComputeDistance(z.text, name)
	if d <= z.max || strings.Contains(name, z.text) {
		return d, true
	}
	if dot := strings.LastIndexByte(name, '.'); dot > strings.LastIndexByte(name, '/')+1 {
		if levenshtein.ComputeDistance(z.text, name[:dot]) <= z.max {
			return d, true
		}
	}
	return 0, false
}
