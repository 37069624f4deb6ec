package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// NameStatus writes changes one a line as `git diff --name-status` does,
// "A\tPATH", "D\tPATH", "M\tPATH", "R\tOLD\tNEW", with three differences:
// renames carry no similarity score (R, not R100), folders are listed as
// well as files, and paths are image paths, "/"-rooted, so that the root
// itself can be listed. A path that holds a control character, '"' or '\'
// is quoted as git quotes it with core.quotePath off: in double quotes,
// with C escapes.
func NameStatus(w io.Writer, changes []Change) error {
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		if c.Kind == Renamed {
			fmt.Fprintf(bw, "%c\t%s\t%s\n", c.Kind, quote(c.OldPath), quote(c.Path))
		} else {
			fmt.Fprintf(bw, "%c\t%s\n", c.Kind, quote(c.Path))
		}
	}
	return bw.Flush()
}

// quote follows git's quote_c_style: \a \b \t \n \v \f \r \" \\ by name,
// other bytes below 0x20 and 0x7f in octal, everything else (UTF-8
// included) as it is.
func quote(path string) string {
	if !strings.ContainsFunc(path, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }) {
		return path
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x07 && c <= 0x0d:
			b.WriteByte('\\')
			b.WriteByte("abtnvfr"[c-0x07])
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
