package sddl

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf16"
)

// This file prints the application data of callback ACEs (a conditional
// expression, [MS-DTYP] 2.4.4.17) and of resource attribute ACEs (a claim,
// [MS-DTYP] 2.4.10.1) in their SDDL forms. Both are optional extras: data
// that does not decode leaves the ACE printed without them, and never fails
// the descriptor.

// condMagic starts every conditional expression.
const condMagic = "artx"

// Conditional expression token bytes.
const (
	tokPadding   = 0x00
	tokInt8      = 0x01
	tokInt64     = 0x04
	tokUnicode   = 0x10
	tokOctets    = 0x18
	tokComposite = 0x50
	tokSID       = 0x51
	tokLocalAttr = 0xf8
	tokDevAttr   = 0xfb
	tokNot       = 0xa2
)

// condOps are the operators by token byte, with their operand counts.
var condOps = map[byte]struct {
	name  string
	nargs int
}{
	0x80: {"==", 2}, 0x81: {"!=", 2}, 0x82: {"<", 2}, 0x83: {"<=", 2},
	0x84: {">", 2}, 0x85: {">=", 2}, 0x86: {"Contains", 2}, 0x88: {"Any_of", 2},
	0x8e: {"Not_Contains", 2}, 0x8f: {"Not_Any_of", 2},
	0xa0: {"&&", 2}, 0xa1: {"||", 2}, tokNot: {"!", 1},
	0x87: {"Exists", 1}, 0x8d: {"Not_Exists", 1},
	// Windows spells Member_of_any so, whatever [MS-DTYP] says.
	0x89: {"Member_of", 1}, 0x8a: {"Device_Member_of", 1},
	0x8b: {"Member_of_any", 1}, 0x8c: {"Device_Member_of_Any", 1},
	0x90: {"Not_Member_of", 1}, 0x91: {"Not_Device_Member_of", 1},
	0x92: {"Not_Member_of_Any", 1}, 0x93: {"Not_Device_Member_of_Any", 1},
}

// attrPrefixes are how attribute tokens print; local attributes are bare.
// Windows prints the prefixes in capitals.
var attrPrefixes = [...]string{"", "@USER.", "@RESOURCE.", "@DEVICE."}

type condNode struct {
	op       byte   // operator token, or 0 for an operand
	text     string // an operand's SDDL
	lhs, rhs *condNode
}

// formatCondition gives the SDDL of a conditional expression, or false when
// data is not one.
func formatCondition(data []byte) (string, bool) {
	if !strings.HasPrefix(string(data), condMagic) {
		return "", false
	}
	var stack []*condNode
	r := condReader{b: data, pos: len(condMagic)}
	for r.pos < len(r.b) {
		t := r.b[r.pos]
		if t == tokPadding {
			// Padding only ends the expression.
			for _, c := range r.b[r.pos:] {
				if c != 0 {
					return "", false
				}
			}
			break
		}
		if op, ok := condOps[t]; ok {
			if len(stack) < op.nargs {
				return "", false
			}
			r.pos++
			n := &condNode{op: t, rhs: stack[len(stack)-1]}
			stack = stack[:len(stack)-1]
			if op.nargs == 2 {
				n.lhs = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, n)
			continue
		}
		var text string
		var ok bool
		if t >= tokLocalAttr && t <= tokDevAttr {
			r.pos++
			var name []uint16
			if name, ok = r.utf16(); !ok || len(name) == 0 {
				return "", false
			}
			text = attrPrefixes[t-tokLocalAttr] + escapeAttrName(name)
		} else if text, ok = r.literal(true); !ok {
			return "", false
		}
		stack = append(stack, &condNode{text: text})
	}
	switch len(stack) {
	case 0:
		return "()", true
	case 1:
		var sb strings.Builder
		writeCondNode(&sb, stack[0], true)
		return sb.String(), true
	}
	return "", false
}

// writeCondNode prints n the way Windows does: a binary operator's or a
// member-of operator's expression is always parenthesized, so is every
// operand of a logical operator, and so is the whole expression. It keeps
// a stack of its own: an ACE's 64 KiB may nest some 65,000 operators, too
// deep for a call per level on the page's engine.
func writeCondNode(sb *strings.Builder, n *condNode, parens bool) {
	// step is a node to print, or text when n is nil.
	type step struct {
		n      *condNode
		parens bool
		text   string
	}
	stack := []step{{n: n, parens: parens}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := s.n
		if n == nil {
			sb.WriteString(s.text)
			continue
		}
		memberOf := n.op >= 0x89 && n.op <= 0x8c || n.op >= 0x90 && n.op <= 0x93
		parens := s.parens || n.lhs != nil || memberOf
		logical := n.op == 0xa0 || n.op == 0xa1 || n.op == tokNot
		if parens {
			sb.WriteByte('(')
			stack = append(stack, step{text: ")"})
		}
		// The rest is pushed last to first.
		if n.rhs != nil {
			stack = append(stack, step{n: n.rhs, parens: logical})
			if n.op != tokNot {
				stack = append(stack, step{text: " "})
			}
		}
		if n.op == 0 {
			stack = append(stack, step{text: n.text})
		} else {
			stack = append(stack, step{text: condOps[n.op].name})
		}
		if n.lhs != nil {
			stack = append(stack, step{text: " "}, step{n: n.lhs, parens: logical})
		}
	}
}

// escapeAttrName writes an attribute name, with the characters SDDL cannot
// hold in one as %xxxx.
func escapeAttrName(name []uint16) string {
	var sb strings.Builder
	for _, c := range name {
		if c > ' ' && c < 127 && !strings.ContainsRune(`!"&()<=>|%`, rune(c)) {
			sb.WriteByte(byte(c))
			continue
		}
		sb.WriteByte('%')
		for shift := 12; shift >= 0; shift -= 4 {
			sb.WriteByte(hexDigits[c>>shift&15])
		}
	}
	return sb.String()
}

// condReader walks the tokens of a conditional expression.
type condReader struct {
	b   []byte
	pos int
}

// bytes reads a 32-bit length and that many bytes.
func (r *condReader) bytes() ([]byte, bool) {
	if r.pos+4 > len(r.b) {
		return nil, false
	}
	n := binary.LittleEndian.Uint32(r.b[r.pos:])
	if uint64(n) > uint64(len(r.b)-r.pos-4) {
		return nil, false
	}
	v := r.b[r.pos+4 : r.pos+4+int(n)]
	r.pos += 4 + int(n)
	return v, true
}

// utf16 reads a length-prefixed UTF-16LE string.
func (r *condReader) utf16() ([]uint16, bool) {
	v, ok := r.bytes()
	if !ok || len(v)%2 != 0 {
		return nil, false
	}
	return decodeUTF16(v), true
}

// literal reads one literal token; composites may nest only when nest is
// set, as Windows allows lists only of scalars.
func (r *condReader) literal(nest bool) (string, bool) {
	t := r.b[r.pos]
	r.pos++
	switch {
	case t >= tokInt8 && t <= tokInt64:
		if r.pos+10 > len(r.b) {
			return "", false
		}
		v := int64(binary.LittleEndian.Uint64(r.b[r.pos:]))
		sign, base := r.b[r.pos+8], r.b[r.pos+9]
		r.pos += 10
		return formatCondInt(v, sign, base)
	case t == tokUnicode:
		s, ok := r.utf16()
		if !ok {
			return "", false
		}
		return quoteString(s)
	case t == tokOctets:
		v, ok := r.bytes()
		return "#" + hex.EncodeToString(v), ok
	case t == tokSID:
		v, ok := r.bytes()
		if !ok {
			return "", false
		}
		s, n, err := parseSID(v, 0, len(v), "", ErrTruncated)
		if err != nil || n != len(v) {
			return "", false
		}
		return "SID(" + s.sddl() + ")", true
	case t == tokComposite && nest:
		v, ok := r.bytes()
		if !ok {
			return "", false
		}
		sub := condReader{b: v}
		var sb strings.Builder
		sb.WriteByte('{')
		for sub.pos < len(sub.b) {
			if sub.pos > 0 {
				sb.WriteString(", ")
			}
			s, ok := sub.literal(false)
			if !ok {
				return "", false
			}
			sb.WriteString(s)
		}
		sb.WriteByte('}')
		return sb.String(), true
	}
	return "", false
}

// formatCondInt prints an integer literal in the base and with the sign its
// token records: sign 1 is '+', 2 is '-', 3 none; base 1 is octal, 2
// decimal, 3 hex.
func formatCondInt(v int64, sign, base byte) (string, bool) {
	if sign < 1 || sign > 3 || base < 1 || base > 3 {
		return "", false
	}
	prefix := ""
	u := uint64(v)
	if sign != 3 {
		if sign == 1 && v < 0 || sign == 2 && v > 0 {
			return "", false
		}
		prefix = "+"
		if v < 0 {
			prefix = "-"
			u = -u
		}
	}
	switch base {
	case 1:
		if u == 0 {
			return prefix + "0", true
		}
		return prefix + "0" + strconv.FormatUint(u, 8), true
	case 2:
		if sign == 3 {
			return strconv.FormatInt(v, 10), true
		}
		return prefix + strconv.FormatUint(u, 10), true
	}
	return prefix + "0x" + strconv.FormatUint(u, 16), true
}

// quoteString gives a string literal. SDDL has no escape for a double
// quote, so a string holding one cannot be printed.
func quoteString(s []uint16) (string, bool) {
	str := string(utf16.Decode(s))
	if strings.ContainsRune(str, '"') {
		return "", false
	}
	return `"` + str + `"`, true
}

// decodeUTF16 reads UTF-16LE code units; an odd trailing byte is dropped.
func decodeUTF16(b []byte) []uint16 {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return u
}

// Claim value types of CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1, with the
// letters SDDL gives them after T.
var claimTypes = map[uint16]byte{
	0x01: 'I', // INT64
	0x02: 'U', // UINT64
	0x03: 'S', // STRING
	0x05: 'D', // SID
	0x06: 'B', // BOOLEAN
	0x10: 'X', // OCTET_STRING
}

// claimHeaderLen covers Name, ValueType, Reserved, Flags and ValueCount.
const claimHeaderLen = 16

// formatClaim gives the SDDL of a resource attribute ACE's claim,
// ("name",Tx,0xflags,value,...), or false when data is not one. Offsets in
// the claim are relative to its start.
func formatClaim(data []byte) (string, bool) {
	if len(data) < claimHeaderLen {
		return "", false
	}
	name, ok := claimString(data, binary.LittleEndian.Uint32(data))
	if !ok {
		return "", false
	}
	letter, ok := claimTypes[binary.LittleEndian.Uint16(data[4:])]
	if !ok {
		return "", false
	}
	flags := binary.LittleEndian.Uint32(data[8:])
	count := binary.LittleEndian.Uint32(data[12:])
	if uint64(count) > uint64(len(data)-claimHeaderLen)/4 {
		return "", false
	}
	var sb strings.Builder
	sb.WriteString(`("`)
	sb.WriteString(escapeAttrName(name))
	sb.WriteString(`",T`)
	sb.WriteByte(letter)
	sb.WriteString(",")
	writeHex(&sb, flags)
	for i := range int(count) {
		off := uint64(binary.LittleEndian.Uint32(data[claimHeaderLen+4*i:]))
		if off > uint64(len(data)) {
			return "", false
		}
		v := data[off:]
		sb.WriteByte(',')
		switch letter {
		case 'I', 'U', 'B':
			if len(v) < 8 {
				return "", false
			}
			x := binary.LittleEndian.Uint64(v)
			if letter == 'I' {
				sb.WriteString(strconv.FormatInt(int64(x), 10))
			} else {
				sb.WriteString(strconv.FormatUint(x, 10))
			}
		case 'S':
			s, ok := claimString(data, uint32(off))
			if !ok {
				return "", false
			}
			q, ok := quoteString(s)
			if !ok {
				return "", false
			}
			sb.WriteString(q)
		case 'D', 'X':
			r := condReader{b: v}
			b, ok := r.bytes()
			if !ok {
				return "", false
			}
			if letter == 'X' {
				sb.WriteString(hex.EncodeToString(b))
				break
			}
			s, n, err := parseSID(b, 0, len(b), "", ErrTruncated)
			if err != nil || n != len(b) {
				return "", false
			}
			sb.WriteString(s.sddl())
		}
	}
	sb.WriteByte(')')
	return sb.String(), true
}

// claimString reads the NUL-terminated UTF-16LE string at off.
func claimString(data []byte, off uint32) ([]uint16, bool) {
	if uint64(off) >= uint64(len(data)) {
		return nil, false
	}
	b := data[off:]
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 && b[i+1] == 0 {
			return decodeUTF16(b[:i]), true
		}
	}
	return nil, false
}
