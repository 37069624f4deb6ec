package sddl

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// ACL is an access control list: an 8-byte header and AceCount ACEs.
type ACL struct {
	Revision byte // 2, or 4 when it may hold object ACEs
	Sbz1     byte
	Size     uint16 // AclSize: header and ACEs, in bytes
	Sbz2     uint16
	ACEs     []ACE // AceCount of them
}

// ACEType is an ACE_HEADER's AceType.
type ACEType byte

// ACE types, as winnt.h names them *_ACE_TYPE.
const (
	AccessAllowed               ACEType = 0x00
	AccessDenied                ACEType = 0x01
	SystemAudit                 ACEType = 0x02
	SystemAlarm                 ACEType = 0x03
	AccessAllowedCompound       ACEType = 0x04
	AccessAllowedObject         ACEType = 0x05
	AccessDeniedObject          ACEType = 0x06
	SystemAuditObject           ACEType = 0x07
	SystemAlarmObject           ACEType = 0x08
	AccessAllowedCallback       ACEType = 0x09
	AccessDeniedCallback        ACEType = 0x0a
	AccessAllowedCallbackObject ACEType = 0x0b
	AccessDeniedCallbackObject  ACEType = 0x0c
	SystemAuditCallback         ACEType = 0x0d
	SystemAlarmCallback         ACEType = 0x0e
	SystemAuditCallbackObject   ACEType = 0x0f
	SystemAlarmCallbackObject   ACEType = 0x10
	SystemMandatoryLabel        ACEType = 0x11
	SystemResourceAttribute     ACEType = 0x12
	SystemScopedPolicyID        ACEType = 0x13
	SystemProcessTrustLabel     ACEType = 0x14
	SystemAccessFilter          ACEType = 0x15
)

// aceTypeNames are the SDDL names of ACE types; the types missing here have
// none, and print as hex.
var aceTypeNames = map[ACEType]string{
	AccessAllowed:               "A",
	AccessDenied:                "D",
	SystemAudit:                 "AU",
	SystemAlarm:                 "AL",
	AccessAllowedObject:         "OA",
	AccessDeniedObject:          "OD",
	SystemAuditObject:           "OU",
	SystemAlarmObject:           "OL",
	AccessAllowedCallback:       "XA",
	AccessDeniedCallback:        "XD",
	AccessAllowedCallbackObject: "ZA",
	SystemAuditCallback:         "XU",
	SystemMandatoryLabel:        "ML",
	SystemResourceAttribute:     "RA",
	SystemScopedPolicyID:        "SP",
	SystemProcessTrustLabel:     "TL",
	SystemAccessFilter:          "FL",
}

// layout says how an ACE's body is laid out after its header.
type layout int

const (
	layoutUnknown layout = iota // body kept raw
	layoutBasic                 // mask, SID
	layoutObject                // mask, object flags, optional GUIDs, SID
)

func (t ACEType) layout() layout {
	switch t {
	case AccessAllowedObject, AccessDeniedObject, SystemAuditObject, SystemAlarmObject,
		AccessAllowedCallbackObject, AccessDeniedCallbackObject,
		SystemAuditCallbackObject, SystemAlarmCallbackObject:
		return layoutObject
	case AccessAllowedCompound:
		return layoutUnknown
	}
	if t <= SystemAccessFilter {
		return layoutBasic
	}
	return layoutUnknown
}

// conditional reports whether the data after an ACE's SID is a conditional
// expression, as in callback ACEs and access filter ACEs.
func (t ACEType) conditional() bool {
	switch t {
	case AccessAllowedCallback, AccessDeniedCallback, AccessAllowedCallbackObject,
		AccessDeniedCallbackObject, SystemAuditCallback, SystemAlarmCallback,
		SystemAuditCallbackObject, SystemAlarmCallbackObject, SystemAccessFilter:
		return true
	}
	return false
}

// ACEFlags is an ACE_HEADER's AceFlags.
type ACEFlags byte

// ACE flags, as winnt.h names them.
const (
	ObjectInherit      ACEFlags = 0x01
	ContainerInherit   ACEFlags = 0x02
	NoPropagateInherit ACEFlags = 0x04
	InheritOnly        ACEFlags = 0x08
	Inherited          ACEFlags = 0x10
	Critical           ACEFlags = 0x20
	SuccessfulAccess   ACEFlags = 0x40 // TRUST_PROTECTED_FILTER on an access filter ACE
	FailedAccess       ACEFlags = 0x80
)

// Object ACE flags: which of the two GUIDs an object ACE carries.
const (
	ObjectTypePresent          = 0x1
	InheritedObjectTypePresent = 0x2
)

// GUID is a GUID as stored on disk: Data1-3 little-endian, Data4 as bytes.
type GUID [16]byte

// String gives the lowercase, brace-less form SDDL uses.
func (g GUID) String() string {
	return fmt.Sprintf("%08x-%04x-%04x-%x-%x",
		binary.LittleEndian.Uint32(g[0:]), binary.LittleEndian.Uint16(g[4:]),
		binary.LittleEndian.Uint16(g[6:]), g[8:10], g[10:])
}

// ACE is one access control entry.
type ACE struct {
	Type  ACEType
	Flags ACEFlags
	Size  uint16 // AceSize, header included
	Mask  uint32

	// Object ACEs only: ObjectFlags says which GUIDs are present.
	ObjectFlags         uint32
	ObjectType          GUID
	InheritedObjectType GUID

	SID *SID // nil for types whose layout is unknown

	// Data holds the bytes after the decoded fields: the application data of
	// a callback ACE (its condition) or of a resource attribute ACE (its
	// claim), padding for others, and the whole body after the header for a
	// type whose layout is unknown.
	Data []byte
}

const (
	aclHeaderLen = 8
	aceHeaderLen = 4
)

// parseACL decodes the ACL at b[off:].
func parseACL(b []byte, off int, what string) (*ACL, error) {
	if off+aclHeaderLen > len(b) {
		return nil, formatErr(ErrTruncated, what, off, "%d bytes left, an ACL header needs %d", len(b)-off, aclHeaderLen)
	}
	a := &ACL{
		Revision: b[off],
		Sbz1:     b[off+1],
		Size:     binary.LittleEndian.Uint16(b[off+2:]),
		Sbz2:     binary.LittleEndian.Uint16(b[off+6:]),
	}
	count := int(binary.LittleEndian.Uint16(b[off+4:]))
	end := off + int(a.Size)
	if a.Size < aclHeaderLen || end > len(b) {
		return nil, formatErr(ErrACLSize, what, off, "size %d, but the header needs %d and %d bytes are left", a.Size, aclHeaderLen, len(b)-off)
	}
	// Every ACE takes at least a header, which bounds what count can ask for.
	if room := (end - off - aclHeaderLen) / aceHeaderLen; count > room {
		return nil, formatErr(ErrACESize, what, off, "%d ACEs cannot fit in %d bytes", count, a.Size)
	}
	a.ACEs = make([]ACE, count)
	pos := off + aclHeaderLen
	for i := range a.ACEs {
		n, err := parseACE(b[:end], pos, &a.ACEs[i])
		if err != nil {
			// Named here, not per ACE, so that good data costs no formatting.
			err.Field = fmt.Sprintf("%s ACE %d%s", what, i, err.Field)
			return nil, err
		}
		pos += n
	}
	return a, nil
}

// parseACE decodes the ACE at b[off:] into e and returns its size. b ends
// where the ACL does. The caller completes the error's What.
func parseACE(b []byte, off int, e *ACE) (int, *inputerr.Error) {
	const what = ""
	if off+aceHeaderLen > len(b) {
		return 0, formatErr(ErrACESize, what, off, "%d bytes left in the ACL, an ACE header needs %d", len(b)-off, aceHeaderLen)
	}
	e.Type = ACEType(b[off])
	e.Flags = ACEFlags(b[off+1])
	e.Size = binary.LittleEndian.Uint16(b[off+2:])
	end := off + int(e.Size)
	if e.Size < aceHeaderLen || end > len(b) {
		return 0, formatErr(ErrACESize, what, off, "size %d, but the header needs %d and %d bytes are left in the ACL", e.Size, aceHeaderLen, len(b)-off)
	}
	pos := off + aceHeaderLen
	short := func(field string) *inputerr.Error {
		return formatErr(ErrACESize, what, off, "size %d leaves no room for the %s", e.Size, field)
	}
	l := e.Type.layout()
	if l != layoutUnknown {
		if pos+4 > end {
			return 0, short("access mask")
		}
		e.Mask = binary.LittleEndian.Uint32(b[pos:])
		pos += 4
	}
	if l == layoutObject {
		if pos+4 > end {
			return 0, short("object flags")
		}
		e.ObjectFlags = binary.LittleEndian.Uint32(b[pos:])
		pos += 4
		if e.ObjectFlags&ObjectTypePresent != 0 {
			if pos+16 > end {
				return 0, short("object type GUID")
			}
			copy(e.ObjectType[:], b[pos:])
			pos += 16
		}
		if e.ObjectFlags&InheritedObjectTypePresent != 0 {
			if pos+16 > end {
				return 0, short("inherited object type GUID")
			}
			copy(e.InheritedObjectType[:], b[pos:])
			pos += 16
		}
	}
	if l != layoutUnknown {
		s, n, err := parseSID(b, pos, end, " SID", ErrACESize)
		if err != nil {
			return 0, err
		}
		e.SID = s
		pos += n
	}
	e.Data = b[pos:end:end]
	return int(e.Size), nil
}

// String prints e as an SDDL ACE string:
// (type;flags;rights;object_guid;inherit_object_guid;sid) plus a condition or
// attribute where the type has one.
func (e *ACE) String() string {
	var sb strings.Builder
	e.writeTo(&sb)
	return sb.String()
}

func (e *ACE) writeTo(sb *strings.Builder) {
	sb.WriteByte('(')
	if name, ok := aceTypeNames[e.Type]; ok {
		sb.WriteString(name)
	} else {
		writeHex(sb, uint32(e.Type))
	}
	sb.WriteByte(';')
	e.writeFlags(sb)
	sb.WriteByte(';')
	if e.Type.layout() != layoutUnknown {
		writeMask(sb, e.Type, e.Mask)
	}
	sb.WriteByte(';')
	if e.ObjectFlags&ObjectTypePresent != 0 {
		sb.WriteString(e.ObjectType.String())
	}
	sb.WriteByte(';')
	if e.ObjectFlags&InheritedObjectTypePresent != 0 {
		sb.WriteString(e.InheritedObjectType.String())
	}
	sb.WriteByte(';')
	if e.SID != nil {
		sb.WriteString(e.SID.sddl())
	}
	if c := e.Condition(); c != "" {
		sb.WriteByte(';')
		sb.WriteString(c)
	} else if c := e.Attribute(); c != "" {
		sb.WriteByte(';')
		sb.WriteString(c)
	}
	sb.WriteByte(')')
}

// Condition gives the SDDL of a callback or access filter ACE's conditional
// expression, or "" when e has none that decodes.
func (e *ACE) Condition() string {
	if !e.Type.conditional() {
		return ""
	}
	c, _ := formatCondition(e.Data)
	return c
}

// Attribute gives the SDDL of a resource attribute ACE's claim, or "" when
// e has none that decodes.
func (e *ACE) Attribute() string {
	if e.Type != SystemResourceAttribute {
		return ""
	}
	c, _ := formatClaim(e.Data)
	return c
}

// aceFlagNames are printed in bit order, as Windows does.
var aceFlagNames = [8]string{"OI", "CI", "NP", "IO", "ID", "CR", "SA", "FA"}

func (e *ACE) writeFlags(sb *strings.Builder) {
	for i, name := range aceFlagNames {
		f := ACEFlags(1) << i
		if e.Flags&f == 0 {
			continue
		}
		if f == SuccessfulAccess && e.Type == SystemAccessFilter {
			name = "TP"
		}
		sb.WriteString(name)
	}
}

// maskAliases are the rights strings that stand for a whole mask. Windows
// uses one only when the mask equals it exactly. KEY_EXECUTE (KX) has the
// same value as KEY_READ, and Windows prints KR for it.
var maskAliases = []struct {
	mask uint32
	name string
}{
	{0x001f01ff, "FA"}, // FILE_ALL_ACCESS
	{0x00120089, "FR"}, // FILE_GENERIC_READ
	{0x00120116, "FW"}, // FILE_GENERIC_WRITE
	{0x001200a0, "FX"}, // FILE_GENERIC_EXECUTE
	{0x000f003f, "KA"}, // KEY_ALL_ACCESS
	{0x00020019, "KR"}, // KEY_READ
	{0x00020006, "KW"}, // KEY_WRITE
}

// maskBits name the single bits that rights strings can spell, indexed by
// bit number. Windows spells a mask bit by bit, lowest first, when every set
// bit has a name, and prints the whole mask in hex otherwise.
var maskBits = [32]string{
	0: "CC", 1: "DC", 2: "LC", 3: "SW", 4: "RP", 5: "WP", 6: "DT", 7: "LO", 8: "CR",
	16: "SD", 17: "RC", 18: "WD", 19: "WO",
	28: "GA", 29: "GX", 30: "GW", 31: "GR",
}

// labelBits are the mask bits of a mandatory label ACE, whose low bits are
// the no-write-up, no-read-up and no-execute-up policies rather than rights.
var labelBits = [32]string{0: "NW", 1: "NR", 2: "NX"}

func writeMask(sb *strings.Builder, t ACEType, m uint32) {
	names := &maskBits
	if t == SystemMandatoryLabel {
		names = &labelBits
	} else {
		for _, a := range maskAliases {
			if a.mask == m {
				sb.WriteString(a.name)
				return
			}
		}
	}
	for i, name := range names {
		if m&(1<<i) != 0 && name == "" {
			writeHex(sb, m)
			return
		}
	}
	for i, name := range names {
		if m&(1<<i) != 0 {
			sb.WriteString(name)
		}
	}
}

func writeHex(sb *strings.Builder, v uint32) {
	sb.WriteString("0x")
	sb.WriteString(strconv.FormatUint(uint64(v), 16))
}
