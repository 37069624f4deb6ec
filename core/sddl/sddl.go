// Package sddl decodes the self-relative SECURITY_DESCRIPTORs a WIM's security
// table holds and prints them in the Security Descriptor Definition Language,
// the way Windows' ConvertSecurityDescriptorToStringSecurityDescriptorW does
// when asked for owner, group, DACL, SACL and label information.
//
// Parsing checks every offset and length against the data and fails only on
// structure it cannot follow. Values it does not know (an ACE type, a
// revision, bits in a mask) are kept and printed in numeric form instead.
package sddl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Control holds SECURITY_DESCRIPTOR_CONTROL bits.
type Control uint16

// Control bits, as winnt.h names them SE_*.
const (
	OwnerDefaulted     Control = 0x0001
	GroupDefaulted     Control = 0x0002
	DACLPresent        Control = 0x0004
	DACLDefaulted      Control = 0x0008
	SACLPresent        Control = 0x0010
	SACLDefaulted      Control = 0x0020
	DACLAutoInheritReq Control = 0x0100
	SACLAutoInheritReq Control = 0x0200
	DACLAutoInherited  Control = 0x0400
	SACLAutoInherited  Control = 0x0800
	DACLProtected      Control = 0x1000
	SACLProtected      Control = 0x2000
	RMControlValid     Control = 0x4000
	SelfRelative       Control = 0x8000
)

// Descriptor is a decoded self-relative SECURITY_DESCRIPTOR.
//
// DACL is nil both when the descriptor has none (Control lacks DACLPresent)
// and when it has a NULL DACL (DACLPresent with a zero offset), which grants
// everyone everything; Control tells the two apart. The same holds for SACL.
// An ACL whose present bit is clear is ignored, as Windows ignores it.
type Descriptor struct {
	Revision byte
	Sbz1     byte // resource manager control bits when RMControlValid is set
	Control  Control
	Owner    *SID // nil when the offset is zero
	Group    *SID
	SACL     *ACL
	DACL     *ACL
}

// headerLen is the size of SECURITY_DESCRIPTOR_RELATIVE.
const headerLen = 20

// Kinds of failure. Every error Parse returns is an *inputerr.Error whose
// Kind is one of these, so errors.Is tells what went wrong; its Field names
// the structure at fault ("owner SID", "DACL ACE 3") and Offset is that
// structure's byte offset in the descriptor.
var (
	ErrTruncated = errors.New("data ends inside the structure")
	ErrOffset    = errors.New("offset points outside the descriptor")
	ErrACLSize   = errors.New("bad ACL size")
	ErrACESize   = errors.New("bad ACE size")
)

// style: "sddl: owner SID at byte 4: offset points outside the descriptor: ...".
var style = inputerr.Style{Prefix: "sddl", At: "at byte"}

func formatErr(kind error, what string, off int, format string, args ...any) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Field: what, Offset: int64(off), Detail: fmt.Sprintf(format, args...), Style: style}
}

// Parse decodes a self-relative security descriptor. Offsets are taken as
// relative to b whether or not Control has SelfRelative set: WIM stores no
// other kind, and absolute pointers would mean nothing here.
func Parse(b []byte) (*Descriptor, error) {
	if len(b) < headerLen {
		return nil, formatErr(ErrTruncated, "descriptor header", 0, "%d bytes, the header needs %d", len(b), headerLen)
	}
	d := &Descriptor{
		Revision: b[0],
		Sbz1:     b[1],
		Control:  Control(binary.LittleEndian.Uint16(b[2:])),
	}
	var err error
	if d.Owner, err = parseSIDAt(b, 4, "owner SID"); err != nil {
		return nil, err
	}
	if d.Group, err = parseSIDAt(b, 8, "group SID"); err != nil {
		return nil, err
	}
	if d.Control&SACLPresent != 0 {
		if d.SACL, err = parseACLAt(b, 12, "SACL"); err != nil {
			return nil, err
		}
	}
	if d.Control&DACLPresent != 0 {
		if d.DACL, err = parseACLAt(b, 16, "DACL"); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Format is Parse followed by String.
func Format(b []byte) (string, error) {
	d, err := Parse(b)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// offsetAt reads the header offset field at field, checking that it lies
// within b. Zero means absent.
func offsetAt(b []byte, field int, what string) (int, error) {
	off := binary.LittleEndian.Uint32(b[field:])
	if off != 0 && (off < headerLen || uint64(off) >= uint64(len(b))) {
		return 0, formatErr(ErrOffset, what, field, "offset %d is not past the header and inside the %d-byte descriptor", off, len(b))
	}
	return int(off), nil
}

func parseSIDAt(b []byte, field int, what string) (*SID, error) {
	off, err := offsetAt(b, field, what)
	if err != nil || off == 0 {
		return nil, err
	}
	s, _, ferr := parseSID(b, off, len(b), what, ErrTruncated)
	if ferr != nil {
		return nil, ferr
	}
	return s, nil
}

func parseACLAt(b []byte, field int, what string) (*ACL, error) {
	off, err := offsetAt(b, field, what)
	if err != nil || off == 0 {
		return nil, err
	}
	return parseACL(b, off, what)
}

// String prints d in SDDL: O:, G:, D: and S: parts in that order, each only
// when d has it. A NULL DACL or SACL prints as NO_ACCESS_CONTROL after its
// control flags.
func (d *Descriptor) String() string {
	var sb strings.Builder
	if d.Owner != nil {
		sb.WriteString("O:")
		sb.WriteString(d.Owner.sddl())
	}
	if d.Group != nil {
		sb.WriteString("G:")
		sb.WriteString(d.Group.sddl())
	}
	if d.Control&DACLPresent != 0 {
		sb.WriteString("D:")
		d.writeACL(&sb, d.DACL, DACLProtected, DACLAutoInheritReq, DACLAutoInherited)
	}
	if d.Control&SACLPresent != 0 {
		sb.WriteString("S:")
		d.writeACL(&sb, d.SACL, SACLProtected, SACLAutoInheritReq, SACLAutoInherited)
	}
	return sb.String()
}

func (d *Descriptor) writeACL(sb *strings.Builder, a *ACL, protected, inheritReq, inherited Control) {
	if d.Control&protected != 0 {
		sb.WriteString("P")
	}
	if d.Control&inheritReq != 0 {
		sb.WriteString("AR")
	}
	if d.Control&inherited != 0 {
		sb.WriteString("AI")
	}
	if a == nil {
		sb.WriteString("NO_ACCESS_CONTROL")
		return
	}
	for i := range a.ACEs {
		a.ACEs[i].writeTo(sb)
	}
}
