package xmltree

import "github.com/wimlens/wimlens/core/internal/wintext"

// ParseBytes is ParseCapped over a file's bytes: UTF-8 or UTF-16LE,
// told apart by the byte-order mark or, without one, by the NUL after
// the first '<' (XML 1.0, appendix F). A declared encoding is not read:
// text that is not what the bytes say fails as not text.
func ParseBytes(b []byte, maxElements int) (*Element, error) {
	doc, _, err := wintext.Decode(b, wintext.UTF8)
	if err != nil {
		return nil, err
	}
	return ParseCapped(doc, maxElements)
}

// Get is the value of the attribute of that (local) name, "" when the
// element has none.
func (e *Element) Get(name string) string {
	for _, a := range e.Attr {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// Child is the first child element of that (local) name, nil when
// there is none.
func (e *Element) Child(name string) *Element {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}
