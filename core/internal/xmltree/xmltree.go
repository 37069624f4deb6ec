// Package xmltree reads an XML document into a tree of elements: the
// little of XML a WIM's XML data uses (elements, attributes, text,
// entities, CDATA; comments, processing instructions and DOCTYPE are
// read past). It replaced encoding/xml, whose reflection the js/wasm
// engines paid for at every open (tens of milliseconds, and as much
// again compiling it), for a document of a few hundred bytes.
//
// It is as strict as encoding/xml's Strict mode on what a WIM could hold:
// tags must nest and close, attribute values be quoted, entities be
// known, characters be XML characters. Names are read as encoding/xml
// reads them, without its check of each character's Unicode class.
package xmltree

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Element is an element of the document.
type Element struct {
	Name     string // the local name: after a prefix's colon
	Attr     []Attr
	Text     string // the character data directly inside the element
	Children []*Element
}

// Attr is an attribute; Name is local, as in Element.
type Attr struct {
	Name, Value string
}

// SyntaxError is a document that is not well-formed XML.
type SyntaxError struct {
	Line int // 1-based
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("XML syntax error on line %d: %s", e.Line, e.Msg)
}

// maxDepth bounds nesting, as encoding/xml's unmarshal does: a hostile
// document must not grow the stack of open elements without limit.
const maxDepth = 10000

// Parse reads the document's root element, with everything it holds.
// What precedes the root is read past, checked; what follows it is not
// read.
func Parse(doc string) (*Element, error) { return ParseCapped(doc, 0) }

// ParseCapped is Parse that fails once the document holds more than
// maxElements elements (0: no cap): a few megabytes of "<a/>" would
// otherwise build a tree tens of times the size of the document.
func ParseCapped(doc string, maxElements int) (*Element, error) {
	p := &parser{s: doc}
	elements := 0
	var open []*Element
	var names []string // the open elements' names as written, prefixes and all
	// Their text so far: a builder each, as text cut by many comments
	// would take quadratic time to add up piece by piece.
	var texts []*strings.Builder
	for {
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected EOF")
		}
		var text string
		var err error
		switch rest := p.s[p.i:]; {
		case rest[0] != '<':
			text, err = p.text()
		case strings.HasPrefix(rest, "</"):
			p.i += 2
			name := p.name()
			if !validName(name) {
				return nil, p.fail("expected element name after </")
			}
			p.space()
			if !p.eat('>') {
				return nil, p.fail("invalid characters between </" + name + " and >")
			}
			if len(open) == 0 {
				return nil, p.fail("unexpected end element </" + name + ">")
			}
			if was := names[len(names)-1]; name != was {
				return nil, p.fail("element <" + was + "> closed by </" + name + ">")
			}
			e := open[len(open)-1]
			e.Text = texts[len(texts)-1].String()
			open, names, texts = open[:len(open)-1], names[:len(names)-1], texts[:len(texts)-1]
			if len(open) == 0 {
				return e, nil
			}
		case strings.HasPrefix(rest, "<![CDATA["):
			text, err = p.cdata()
		case strings.HasPrefix(rest, "<!-"):
			err = p.comment()
		case strings.HasPrefix(rest, "<!["):
			err = p.fail("invalid <![ sequence")
		case strings.HasPrefix(rest, "<!"):
			err = p.directive()
		case strings.HasPrefix(rest, "<?"):
			err = p.instruction()
		default:
			p.i++
			var e *Element
			var name string
			var closed bool
			if e, name, closed, err = p.start(); err != nil {
				return nil, err
			}
			if elements++; maxElements > 0 && elements > maxElements {
				return nil, p.fail(fmt.Sprintf("more than %d elements", maxElements))
			}
			if len(open) > 0 {
				parent := open[len(open)-1]
				parent.Children = append(parent.Children, e)
			} else if closed {
				return e, nil
			}
			if !closed {
				if len(open) == maxDepth {
					return nil, p.fail("exceeded max depth")
				}
				open, names, texts = append(open, e), append(names, name), append(texts, new(strings.Builder))
			}
		}
		if err != nil {
			return nil, err
		}
		if len(texts) > 0 {
			texts[len(texts)-1].WriteString(text)
		}
	}
}

type parser struct {
	s string
	i int
}

func (p *parser) fail(msg string) error {
	return &SyntaxError{Line: 1 + strings.Count(p.s[:min(p.i, len(p.s))], "\n"), Msg: msg}
}

func (p *parser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *parser) space() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

// name reads a name as written, prefix included, as encoding/xml does:
// ASCII letters, digits and "_:.-", and any non-ASCII byte. Empty if
// there is none.
func (p *parser) name() string {
	j := p.i
	for j < len(p.s) && (p.s[j] >= utf8.RuneSelf || isNameByte(p.s[j])) {
		j++
	}
	n := p.s[p.i:j]
	p.i = j
	return n
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' ||
		'0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
}

// validName is whether n may be a name: not empty, not a digit or '-'
// or '.' first. (encoding/xml checks non-ASCII characters' Unicode
// classes too; nothing a WIM holds depends on that.)
func validName(n string) bool {
	return n != "" && !('0' <= n[0] && n[0] <= '9' || n[0] == '-' || n[0] == '.')
}

// local is a name without its prefix; false if it is not a name, or has
// more than one colon.
func local(n string) (string, bool) {
	if !validName(n) || strings.Count(n, ":") > 1 {
		return "", false
	}
	if space, loc, ok := strings.Cut(n, ":"); ok && space != "" && loc != "" {
		return loc, true
	}
	return n, true
}

// start reads a start tag after its '<': the element, its name as
// written, and whether the tag closed it too (<x/>).
func (p *parser) start() (e *Element, name string, closed bool, err error) {
	name = p.name()
	loc, ok := local(name)
	if !ok {
		return nil, "", false, p.fail("expected element name after <")
	}
	e = &Element{Name: loc}
	for {
		p.space()
		switch {
		case p.i >= len(p.s):
			return nil, "", false, p.fail("unexpected EOF")
		case p.eat('>'):
			return e, name, false, nil
		case p.eat('/'):
			if !p.eat('>') {
				return nil, "", false, p.fail("expected /> in element")
			}
			return e, name, true, nil
		}
		an := p.name()
		aloc, ok := local(an)
		if !ok {
			return nil, "", false, p.fail("expected attribute name in element")
		}
		p.space()
		if !p.eat('=') {
			return nil, "", false, p.fail("attribute name without = in element")
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' && p.s[p.i] != '\'' {
			return nil, "", false, p.fail("unquoted or missing attribute value in element")
		}
		q := p.s[p.i]
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return nil, "", false, p.fail("unexpected EOF")
		}
		raw := p.s[p.i+1 : p.i+1+end]
		if strings.IndexByte(raw, '<') >= 0 {
			p.i += 1 + strings.IndexByte(raw, '<')
			return nil, "", false, p.fail("unescaped < inside quoted string")
		}
		v, err := p.unescape(raw)
		if err != nil {
			return nil, "", false, err
		}
		p.i += 1 + end + 1
		e.Attr = append(e.Attr, Attr{aloc, v})
	}
}

// text reads character data up to the next '<'.
func (p *parser) text() (string, error) {
	end := strings.IndexByte(p.s[p.i:], '<')
	if end < 0 {
		end = len(p.s) - p.i
	}
	raw := p.s[p.i : p.i+end]
	if i := strings.Index(raw, "]]>"); i >= 0 {
		p.i += i
		return "", p.fail("unescaped ]]> not in CDATA section")
	}
	t, err := p.unescape(raw)
	p.i += end
	return t, err
}

// unescape decodes raw's entities, with line ends made "\n" as XML
// asks, and checks what it decoded is XML characters.
func (p *parser) unescape(raw string) (string, error) {
	if !strings.ContainsAny(raw, "&\r") {
		return raw, p.check(raw)
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '\r':
			b.WriteByte('\n')
			if i++; i < len(raw) && raw[i] == '\n' {
				i++
			}
		case '&':
			end := strings.IndexByte(raw[i:], ';')
			if end < 0 {
				return "", p.fail("invalid character entity " + raw[i:] + " (no semicolon)")
			}
			ent := raw[i+1 : i+end]
			r, ok := entity(ent)
			if !ok {
				return "", p.fail("invalid character entity &" + ent + ";")
			}
			b.WriteRune(r) // a surrogate becomes U+FFFD, as in encoding/xml
			i += end + 1
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), p.check(b.String())
}

// entity is the character an entity's name (between & and ;) stands for.
func entity(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	num, ok := strings.CutPrefix(name, "#")
	if !ok {
		return 0, false
	}
	base := 10
	if n, ok := strings.CutPrefix(num, "x"); ok {
		num, base = n, 16
	}
	for i := range len(num) {
		if c := num[i]; !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(num, base, 32)
	if err != nil || v > unicode.MaxRune {
		return 0, false
	}
	return rune(v), true
}

// check fails on bytes that are not UTF-8 or characters XML does not
// allow.
func (p *parser) check(s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return p.fail("invalid UTF-8")
		case !isChar(r):
			return p.fail(fmt.Sprintf("illegal character code %U", r))
		}
		i += n
	}
	return nil
}

func isChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// cdata reads a CDATA section: its text is not unescaped.
func (p *parser) cdata() (string, error) {
	p.i += len("<![CDATA[")
	end := strings.Index(p.s[p.i:], "]]>")
	if end < 0 {
		p.i = len(p.s)
		return "", p.fail("unexpected EOF in CDATA section")
	}
	raw := p.s[p.i : p.i+end]
	p.i += end + 3
	text := strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n")
	return text, p.check(text)
}

// comment reads past <!-- ... -->, where "--" may only end it.
func (p *parser) comment() error {
	if !strings.HasPrefix(p.s[p.i:], "<!--") {
		return p.fail("invalid sequence <!- not part of <!--")
	}
	body := p.s[p.i+4:]
	end := strings.Index(body, "--")
	if end < 0 || end+2 == len(body) {
		p.i = len(p.s)
		return p.fail("unexpected EOF")
	}
	p.i += 4 + end
	if body[end+2] != '>' {
		return p.fail(`invalid sequence "--" not allowed in comments`)
	}
	p.i += 3
	return nil
}

// instruction reads past <?target ...?>; an XML declaration must say
// version 1.0 if it names a version.
func (p *parser) instruction() error {
	p.i += 2
	target := p.name()
	if !validName(target) {
		return p.fail("expected target name after <?")
	}
	p.space()
	end := strings.Index(p.s[p.i:], "?>")
	if end < 0 {
		p.i = len(p.s)
		return p.fail("unexpected EOF")
	}
	body := p.s[p.i : p.i+end]
	p.i += end + 2
	if v := version(body); target == "xml" && v != "" && v != "1.0" {
		return p.fail("unsupported version " + strconv.Quote(v) + "; only version 1.0 is supported")
	}
	return nil
}

// version finds version="..." or version='...' in an XML declaration,
// as encoding/xml does: the first "version=" with a quote right after.
func version(body string) string {
	const param = "version="
	for i := 0; ; {
		k := strings.Index(body[i:], param)
		if k < 0 || i+k+len(param) >= len(body) {
			return ""
		}
		i += k + len(param)
		if q := body[i]; q == '"' || q == '\'' {
			v, _, ok := strings.Cut(body[i+1:], body[i:i+1])
			if !ok {
				return ""
			}
			return v
		}
		i++
	}
}

// directive reads past <!...> (a DOCTYPE), whose angle brackets nest and
// whose quoted strings and comments may hold '>'. As in encoding/xml,
// the byte after "<!" is the directive's whatever it is.
func (p *parser) directive() error {
	p.i += 3
	depth := 0
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; c {
		case '"', '\'':
			end := strings.IndexByte(p.s[p.i+1:], c)
			if end < 0 {
				p.i = len(p.s)
				return p.fail("unexpected EOF")
			}
			p.i += end + 1
		case '<':
			if !strings.HasPrefix(p.s[p.i:], "<!--") {
				depth++
				continue
			}
			end := strings.Index(p.s[p.i+4:], "-->")
			if end < 0 {
				p.i = len(p.s)
				return p.fail("unexpected EOF")
			}
			p.i += 4 + end + 2
		case '>':
			if depth == 0 {
				p.i++
				return nil
			}
			depth--
		}
	}
	return p.fail("unexpected EOF")
}
