package view

import (
	"strconv"

	"github.com/wimlens/wimlens/core/sddl"
)

// Security is a security descriptor as people read it: who owns the file,
// and each ACE with its principal named and its rights and flags in words.
// It says what the descriptor's SDDL says, no more and no less (the tests
// print it back to SDDL), so that the page need not parse SDDL to draw a
// table.
type Security struct {
	Owner   *Principal `json:"owner,omitempty"`
	Group   *Principal `json:"group,omitempty"`
	Control []string   `json:"control,omitempty"` // the descriptor's control bits, in words
	// DACL and SACL are absent when the descriptor has none.
	DACL *ACL `json:"dacl,omitempty"`
	SACL *ACL `json:"sacl,omitempty"`
}

// Principal is a SID, with the name Windows shows for it when it has one.
type Principal struct {
	SID  string `json:"sid"` // always the S-1-... form, never an SDDL alias
	Name string `json:"name,omitempty"`
}

// ACL is a DACL or SACL. Null (SDDL's NO_ACCESS_CONTROL) lets everyone do
// anything; an ACL that is not null and has no ACEs lets no one do anything.
type ACL struct {
	Null                bool  `json:"null,omitempty"`
	Protected           bool  `json:"protected,omitempty"`     // does not inherit from its parent
	AutoInherited       bool  `json:"autoInherited,omitempty"` // its inherited ACEs were propagated
	AutoInheritRequired bool  `json:"autoInheritRequired,omitempty"`
	ACEs                []ACE `json:"aces,omitempty"`
}

// ACE is one access control entry.
type ACE struct {
	Type  string   `json:"type"`            // "allow", "deny", "audit", "mandatory label", ...; hex when unknown
	Flags []string `json:"flags,omitempty"` // inheritance and audit flags, in words
	// Principal, Mask and Rights are absent for an ACE type whose layout
	// is unknown.
	Principal *Principal `json:"principal,omitempty"`
	Mask      string     `json:"mask,omitempty"`   // the access mask in hex
	Rights    []string   `json:"rights,omitempty"` // the mask in words
	// Object ACEs' GUIDs, when present.
	ObjectType          string `json:"objectType,omitempty"`
	InheritedObjectType string `json:"inheritedObjectType,omitempty"`
	Condition           string `json:"condition,omitempty"` // a conditional ACE's expression, in SDDL
	Attribute           string `json:"attribute,omitempty"` // a resource attribute ACE's claim, in SDDL
}

// SecurityOf describes d.
func SecurityOf(d *sddl.Descriptor) *Security {
	s := &Security{
		Owner:   principalOf(d.Owner),
		Group:   principalOf(d.Group),
		Control: bitWords(uint32(d.Control), controlWords[:]),
	}
	if d.Control&sddl.DACLPresent != 0 {
		s.DACL = aclOf(d.DACL, d.Control, sddl.DACLProtected, sddl.DACLAutoInherited, sddl.DACLAutoInheritReq)
	}
	if d.Control&sddl.SACLPresent != 0 {
		s.SACL = aclOf(d.SACL, d.Control, sddl.SACLProtected, sddl.SACLAutoInherited, sddl.SACLAutoInheritReq)
	}
	return s
}

func principalOf(s *sddl.SID) *Principal {
	if s == nil {
		return nil
	}
	return &Principal{SID: s.String(), Name: s.Name()}
}

func aclOf(a *sddl.ACL, c, protected, inherited, inheritReq sddl.Control) *ACL {
	out := &ACL{
		Null:                a == nil,
		Protected:           c&protected != 0,
		AutoInherited:       c&inherited != 0,
		AutoInheritRequired: c&inheritReq != 0,
	}
	if a == nil {
		return out
	}
	out.ACEs = make([]ACE, len(a.ACEs))
	for i := range a.ACEs {
		out.ACEs[i] = aceOf(&a.ACEs[i])
	}
	return out
}

func aceOf(e *sddl.ACE) ACE {
	flags := &aceFlagWords
	if e.Type == sddl.SystemAccessFilter {
		flags = &filterFlagWords
	}
	out := ACE{
		Type:      hexWord(aceTypeWords, int(e.Type)),
		Flags:     bitWords(uint32(e.Flags), flags[:]),
		Condition: e.Condition(),
		Attribute: e.Attribute(),
	}
	// A type whose layout is unknown has neither mask nor SID.
	if e.SID != nil {
		out.Principal = principalOf(e.SID)
		out.Mask = "0x" + strconv.FormatUint(uint64(e.Mask), 16)
		out.Rights = rightsOf(e.Type, e.Mask)
	}
	if e.ObjectFlags&sddl.ObjectTypePresent != 0 {
		out.ObjectType = e.ObjectType.String()
	}
	if e.ObjectFlags&sddl.InheritedObjectTypePresent != 0 {
		out.InheritedObjectType = e.InheritedObjectType.String()
	}
	return out
}

// rightsOf names a mask: by the name the Windows security dialog gives it
// when it has one, else bit by bit, the bits without a name in one hex
// number at the end.
func rightsOf(t sddl.ACEType, m uint32) []string {
	words := &rightWords
	if t == sddl.SystemMandatoryLabel {
		words = &labelWords
	} else {
		for _, w := range wholeMasks {
			if w.mask == m {
				return []string{w.name}
			}
		}
	}
	out := bitWords(m, words[:])
	var unnamed uint32
	for i, w := range words {
		if w == "" {
			unnamed |= 1 << i
		}
	}
	if m&unnamed != 0 {
		out = append(out, "0x"+strconv.FormatUint(uint64(m&unnamed), 16))
	}
	return out
}

// bitWords gives the words of v's set bits that have one, lowest bit first.
func bitWords(v uint32, words []string) []string {
	var out []string
	for i, w := range words {
		if v&(1<<i) != 0 && w != "" {
			out = append(out, w)
		}
	}
	return out
}

// hexWord gives words[v], or v in hex when it has no word.
func hexWord(words []string, v int) string {
	if v < len(words) {
		return words[v]
	}
	return "0x" + strconv.FormatUint(uint64(v), 16)
}

// aceTypeWords name the ACE types by number. The callback types are the
// ones SDDL calls conditional: their application data is a condition.
var aceTypeWords = []string{
	sddl.AccessAllowed:               "allow",
	sddl.AccessDenied:                "deny",
	sddl.SystemAudit:                 "audit",
	sddl.SystemAlarm:                 "alarm",
	sddl.AccessAllowedCompound:       "allow compound",
	sddl.AccessAllowedObject:         "allow object",
	sddl.AccessDeniedObject:          "deny object",
	sddl.SystemAuditObject:           "audit object",
	sddl.SystemAlarmObject:           "alarm object",
	sddl.AccessAllowedCallback:       "allow conditional",
	sddl.AccessDeniedCallback:        "deny conditional",
	sddl.AccessAllowedCallbackObject: "allow conditional object",
	sddl.AccessDeniedCallbackObject:  "deny conditional object",
	sddl.SystemAuditCallback:         "audit conditional",
	sddl.SystemAlarmCallback:         "alarm conditional",
	sddl.SystemAuditCallbackObject:   "audit conditional object",
	sddl.SystemAlarmCallbackObject:   "alarm conditional object",
	sddl.SystemMandatoryLabel:        "mandatory label",
	sddl.SystemResourceAttribute:     "resource attribute",
	sddl.SystemScopedPolicyID:        "scoped policy",
	sddl.SystemProcessTrustLabel:     "trust label",
	sddl.SystemAccessFilter:          "access filter",
}

// aceFlagWords name the ACE flags by bit number, as sddl.ACEFlags has them.
var aceFlagWords = [8]string{
	"files inherit", "folders inherit", "no propagation", "inherit only",
	"inherited", "critical", "audit success", "audit failure",
}

// filterFlagWords are an access filter ACE's flags, whose success-audit bit
// means trust protected.
var filterFlagWords = func() [8]string {
	w := aceFlagWords
	w[6] = "trust protected"
	return w
}()

// controlWords name the SECURITY_DESCRIPTOR_CONTROL bits by bit number.
var controlWords = [16]string{
	"owner defaulted", "group defaulted", "DACL present", "DACL defaulted",
	"SACL present", "SACL defaulted", "DACL untrusted", "server security",
	"DACL auto-inherit required", "SACL auto-inherit required",
	"DACL auto-inherited", "SACL auto-inherited",
	"DACL protected", "SACL protected", "RM control valid", "self-relative",
}

// wholeMasks are masks the Windows security dialog names as a whole, and
// the registry's that SDDL names (KA, KR, KW).
var wholeMasks = []struct {
	mask uint32
	name string
}{
	{0x001f01ff, "Full control"},
	{0x001301bf, "Modify"},
	{0x001200a9, "Read & execute"},
	{0x00120089, "Read"},
	{0x00120116, "Write"},
	{0x001200a0, "Execute"},
	{0x000f003f, "Full control (registry)"},
	{0x00020019, "Read (registry)"},
	{0x00020006, "Write (registry)"},
}

// rightWords name an access mask's bits as a file's or folder's rights.
var rightWords = [32]string{
	0: "read data / list folder", 1: "write data / add file", 2: "append data / add folder",
	3: "read extended attributes", 4: "write extended attributes", 5: "execute / traverse",
	6: "delete child", 7: "read attributes", 8: "write attributes",
	16: "delete", 17: "read permissions", 18: "change permissions", 19: "take ownership",
	20: "synchronize", 24: "access system security", 25: "maximum allowed",
	28: "generic all", 29: "generic execute", 30: "generic write", 31: "generic read",
}

// labelWords name a mandatory label's policy bits.
var labelWords = [32]string{0: "no write up", 1: "no read up", 2: "no execute up"}
