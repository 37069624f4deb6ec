package sddl

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// This file holds test-only helpers: an encoder from Descriptor to the
// self-relative binary form, and a small SDDL reader that covers what the
// tests' real-world strings use, so those strings can be turned into binary
// descriptors and printed back.

func encodeSID(s *SID) []byte {
	b := make([]byte, 8, 8+4*len(s.SubAuthority))
	b[0] = s.Revision
	b[1] = byte(len(s.SubAuthority))
	copy(b[2:8], s.Authority[:])
	for _, x := range s.SubAuthority {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

func encodeACE(e *ACE) []byte {
	body := []byte{}
	if e.Type.layout() != layoutUnknown {
		body = binary.LittleEndian.AppendUint32(body, e.Mask)
	}
	if e.Type.layout() == layoutObject {
		body = binary.LittleEndian.AppendUint32(body, e.ObjectFlags)
		if e.ObjectFlags&ObjectTypePresent != 0 {
			body = append(body, e.ObjectType[:]...)
		}
		if e.ObjectFlags&InheritedObjectTypePresent != 0 {
			body = append(body, e.InheritedObjectType[:]...)
		}
	}
	if e.SID != nil {
		body = append(body, encodeSID(e.SID)...)
	}
	body = append(body, e.Data...)
	size := e.Size
	if size == 0 {
		size = uint16(4 + len(body))
	}
	b := []byte{byte(e.Type), byte(e.Flags), 0, 0}
	binary.LittleEndian.PutUint16(b[2:], size)
	return append(b, body...)
}

func encodeACL(a *ACL) []byte {
	var aces []byte
	rev := byte(2)
	for i := range a.ACEs {
		aces = append(aces, encodeACE(&a.ACEs[i])...)
		if a.ACEs[i].Type.layout() == layoutObject {
			rev = 4
		}
	}
	if a.Revision != 0 {
		rev = a.Revision
	}
	size := a.Size
	if size == 0 {
		size = uint16(8 + len(aces))
	}
	b := []byte{rev, 0, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint16(b[2:], size)
	binary.LittleEndian.PutUint16(b[4:], uint16(len(a.ACEs)))
	return append(b, aces...)
}

// encode lays d out as Windows does: header, SACL, DACL, owner, group.
func encode(d *Descriptor) []byte {
	b := make([]byte, headerLen)
	b[0] = 1
	if d.Revision != 0 {
		b[0] = d.Revision
	}
	ctl := d.Control | SelfRelative
	if d.SACL != nil {
		ctl |= SACLPresent
	}
	if d.DACL != nil {
		ctl |= DACLPresent
	}
	binary.LittleEndian.PutUint16(b[2:], uint16(ctl))
	place := func(field int, part []byte) {
		binary.LittleEndian.PutUint32(b[field:], uint32(len(b)))
		b = append(b, part...)
	}
	if d.SACL != nil {
		place(12, encodeACL(d.SACL))
	}
	if d.DACL != nil {
		place(16, encodeACL(d.DACL))
	}
	if d.Owner != nil {
		place(4, encodeSID(d.Owner))
	}
	if d.Group != nil {
		place(8, encodeSID(d.Group))
	}
	return b
}

// sidOf parses "S-1-..." or an alias.
func sidOf(s string) (*SID, error) {
	for str, w := range wellKnown {
		if w.alias == s && s != "" {
			s = str
		}
	}
	parts := strings.Split(s, "-")
	if len(parts) < 3 || parts[0] != "S" {
		return nil, fmt.Errorf("bad SID %q", s)
	}
	rev, err := strconv.ParseUint(parts[1], 10, 8)
	if err != nil {
		return nil, err
	}
	auth, err := strconv.ParseUint(parts[2], 0, 48)
	if err != nil {
		return nil, err
	}
	sid := &SID{Revision: byte(rev)}
	for i := range 6 {
		sid.Authority[i] = byte(auth >> (40 - 8*i))
	}
	for _, p := range parts[3:] {
		x, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return nil, err
		}
		sid.SubAuthority = append(sid.SubAuthority, uint32(x))
	}
	return sid, nil
}

func mustSID(t testing.TB, s string) *SID {
	t.Helper()
	sid, err := sidOf(s)
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

func guidOf(s string) (GUID, error) {
	var g GUID
	h, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(h) != 16 {
		return g, fmt.Errorf("bad GUID %q", s)
	}
	// Data1-3 are stored little-endian.
	binary.LittleEndian.PutUint32(g[0:], binary.BigEndian.Uint32(h[0:]))
	binary.LittleEndian.PutUint16(g[4:], binary.BigEndian.Uint16(h[4:]))
	binary.LittleEndian.PutUint16(g[6:], binary.BigEndian.Uint16(h[6:]))
	copy(g[8:], h[8:])
	return g, nil
}

// rightsOf reads an SDDL rights field: hex, a whole-mask alias or 2-letter
// per-bit tokens.
func rightsOf(s string, t ACEType) (uint32, error) {
	if strings.HasPrefix(s, "0x") {
		v, err := strconv.ParseUint(s[2:], 16, 32)
		return uint32(v), err
	}
	for _, a := range maskAliases {
		if a.name == s {
			return a.mask, nil
		}
	}
	if s == "KX" {
		return 0x20019, nil
	}
	names := &maskBits
	if t == SystemMandatoryLabel {
		names = &labelBits
	}
	var m uint32
	for len(s) >= 2 {
		found := false
		for i, n := range names {
			if n != "" && n == s[:2] {
				m |= 1 << i
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("bad right %q", s[:2])
		}
		s = s[2:]
	}
	if s != "" {
		return 0, fmt.Errorf("odd rights")
	}
	return m, nil
}

func aceOf(s string) (ACE, error) {
	var e ACE
	f := strings.Split(s, ";")
	if len(f) != 6 {
		return e, fmt.Errorf("ACE %q: want 6 fields", s)
	}
	found := false
	for t, n := range aceTypeNames {
		if n == f[0] {
			e.Type, found = t, true
		}
	}
	if !found {
		return e, fmt.Errorf("bad ACE type %q", f[0])
	}
	for fl := f[1]; fl != ""; fl = fl[2:] {
		bit := -1
		for i, n := range aceFlagNames {
			if strings.HasPrefix(fl, n) {
				bit = i
			}
		}
		if bit < 0 {
			return e, fmt.Errorf("bad ACE flags %q", f[1])
		}
		e.Flags |= 1 << bit
	}
	var err error
	if e.Mask, err = rightsOf(f[2], e.Type); err != nil {
		return e, err
	}
	if f[3] != "" {
		e.ObjectFlags |= ObjectTypePresent
		if e.ObjectType, err = guidOf(f[3]); err != nil {
			return e, err
		}
	}
	if f[4] != "" {
		e.ObjectFlags |= InheritedObjectTypePresent
		if e.InheritedObjectType, err = guidOf(f[4]); err != nil {
			return e, err
		}
	}
	e.SID, err = sidOf(f[5])
	return e, err
}

// descriptorOf reads the SDDL the tests use into a Descriptor.
func descriptorOf(s string) (*Descriptor, error) {
	d := &Descriptor{}
	for s != "" {
		if len(s) < 2 || s[1] != ':' {
			return nil, fmt.Errorf("expected a part at %q", s)
		}
		part := s[0]
		s = s[2:]
		// A part runs to the next "X:" outside parentheses.
		end, depth := len(s), 0
		for i := 0; i < len(s); i++ {
			switch {
			case s[i] == '(':
				depth++
			case s[i] == ')':
				depth--
			case depth == 0 && i+1 < len(s) && s[i+1] == ':' && strings.IndexByte("OGDS", s[i]) >= 0:
				end = i
				i = len(s)
			}
		}
		body := s[:end]
		s = s[end:]
		switch part {
		case 'O', 'G':
			sid, err := sidOf(body)
			if err != nil {
				return nil, err
			}
			if part == 'O' {
				d.Owner = sid
			} else {
				d.Group = sid
			}
		case 'D', 'S':
			present, protected, req, inh := DACLPresent, DACLProtected, DACLAutoInheritReq, DACLAutoInherited
			if part == 'S' {
				present, protected, req, inh = SACLPresent, SACLProtected, SACLAutoInheritReq, SACLAutoInherited
			}
			d.Control |= present
			acl := &ACL{}
			null := false
			for body != "" && body[0] != '(' {
				switch {
				case strings.HasPrefix(body, "P"):
					d.Control |= protected
					body = body[1:]
				case strings.HasPrefix(body, "AR"):
					d.Control |= req
					body = body[2:]
				case strings.HasPrefix(body, "AI"):
					d.Control |= inh
					body = body[2:]
				case strings.HasPrefix(body, "NO_ACCESS_CONTROL"):
					null = true
					body = body[len("NO_ACCESS_CONTROL"):]
				default:
					return nil, fmt.Errorf("bad ACL flags at %q", body)
				}
			}
			for body != "" {
				i := strings.IndexByte(body, ')')
				if body[0] != '(' || i < 0 {
					return nil, fmt.Errorf("bad ACE at %q", body)
				}
				e, err := aceOf(body[1:i])
				if err != nil {
					return nil, err
				}
				acl.ACEs = append(acl.ACEs, e)
				body = body[i+1:]
			}
			if null {
				acl = nil
			}
			if part == 'D' {
				d.DACL = acl
			} else {
				d.SACL = acl
			}
		default:
			return nil, fmt.Errorf("unknown part %c", part)
		}
	}
	return d, nil
}

// binaryOf turns test SDDL into a binary descriptor. A NULL ACL keeps its
// present bit and a zero offset.
func binaryOf(t testing.TB, s string) []byte {
	t.Helper()
	d, err := descriptorOf(s)
	if err != nil {
		t.Fatalf("test SDDL %q: %v", s, err)
	}
	return encode(d)
}
