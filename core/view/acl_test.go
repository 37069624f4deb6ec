package view

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/sddl"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// A descriptor as binary and as the SDDL it prints as.
type sample struct{ bin, sddl string }

// samples reads testdata/descriptors.txt: hand-made descriptors covering
// every kind of ACE, in "hex SDDL" lines.
func samples(t testing.TB) []sample {
	f, err := os.Open("testdata/descriptors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if h, s, ok := strings.Cut(sc.Text(), " "); ok && !strings.HasPrefix(h, "#") {
			b, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, sample{string(b), s})
		}
	}
	return out
}

// vectorDescriptors gives every security descriptor of every image of the
// test vectors: real ones, captured from NTFS by wimlib.
func vectorDescriptors(t *testing.T) [][]byte {
	vs, err := wimlibref.Vectors()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out [][]byte
	for _, v := range vs {
		a := wimlibref.Open(t, v.Files...)
		for i := 1; i <= a.ImageCount(); i++ {
			img, err := a.Image(i)
			if err != nil {
				t.Fatalf("%s image %d: %v", v.Name, i, err)
			}
			for _, sd := range img.Security {
				if !seen[string(sd)] {
					seen[string(sd)] = true
					out = append(out, sd)
				}
			}
		}
	}
	return out
}

// TestSecurityRoundTrip prints each descriptor's structure back as SDDL:
// it must say exactly what the SDDL field says.
func TestSecurityRoundTrip(t *testing.T) {
	check := func(t *testing.T, b []byte, want string) {
		d, err := sddl.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.String(); want != "" && got != want {
			t.Fatalf("SDDL changed:\ngot  %s\nwant %s", got, want)
		}
		s := SecurityOf(d)
		got, err := render(s)
		if err != nil {
			t.Fatalf("%v in %s", err, d)
		}
		if got != d.String() {
			t.Errorf("the structure prints as\n%s\nthe SDDL is\n%s", got, d)
		}
	}
	for i, s := range samples(t) {
		t.Run(fmt.Sprint("sample ", i), func(t *testing.T) { check(t, []byte(s.bin), s.sddl) })
	}
	real := vectorDescriptors(t)
	if len(real) < 10 {
		t.Fatalf("only %d descriptors in the test vectors", len(real))
	}
	for i, b := range real {
		t.Run(fmt.Sprint("vector ", i), func(t *testing.T) { check(t, b, "") })
	}
}

func TestSecurityWords(t *testing.T) {
	const ti = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
	s := securityOf(t, "O:"+ti+"G:S-1-5-21-1-2-3-1001D:PAI(A;OICI;FA;;;BA)(D;ID;0x1200a9;;;WD)(A;CIIO;GXGR;;;AC)(A;;CCDCSD;;;S-1-2-3)"+
		"(A;;0x1301bf;;;SY)(A;;0x300;;;BU)S:NO_ACCESS_CONTROL")
	want := &Security{
		Owner:   &Principal{SID: ti, Name: `NT SERVICE\TrustedInstaller`},
		Group:   &Principal{SID: "S-1-5-21-1-2-3-1001", Name: "account 1001 of a machine or domain"},
		Control: []string{"DACL present", "SACL present", "DACL auto-inherited", "DACL protected", "self-relative"},
		DACL: &ACL{Protected: true, AutoInherited: true, ACEs: []ACE{
			{Type: "allow", Flags: []string{"files inherit", "folders inherit"}, Principal: &Principal{"S-1-5-32-544", "Administrators"},
				Mask: "0x1f01ff", Rights: []string{"Full control"}},
			{Type: "deny", Flags: []string{"inherited"}, Principal: &Principal{"S-1-1-0", "Everyone"},
				Mask: "0x1200a9", Rights: []string{"Read & execute"}},
			{Type: "allow", Flags: []string{"folders inherit", "inherit only"}, Principal: &Principal{"S-1-15-2-1", "ALL APPLICATION PACKAGES"},
				Mask: "0xa0000000", Rights: []string{"generic execute", "generic read"}},
			{Type: "allow", Principal: &Principal{SID: "S-1-2-3"},
				Mask: "0x10003", Rights: []string{"read data / list folder", "write data / add file", "delete"}},
			{Type: "allow", Principal: &Principal{"S-1-5-18", "SYSTEM"}, Mask: "0x1301bf", Rights: []string{"Modify"}},
			{Type: "allow", Principal: &Principal{"S-1-5-32-545", "Users"}, Mask: "0x300", Rights: []string{"write attributes", "0x200"}},
		}},
		SACL: &ACL{Null: true},
	}
	if g, w := js(t, s), js(t, want); g != w {
		t.Errorf("got  %s\nwant %s", g, w)
	}

	// No DACL, and an empty one: absent, and present with no ACEs.
	if s := securityOf(t, "O:WDG:WD"); s.DACL != nil || s.SACL != nil {
		t.Errorf("no DACL: %s", js(t, s))
	}
	if got := js(t, securityOf(t, "D:P").DACL); got != `{"protected":true}` {
		t.Errorf("empty DACL: %s", got)
	}
	if got := js(t, securityOf(t, "D:NO_ACCESS_CONTROL").DACL); got != `{"null":true}` {
		t.Errorf("NULL DACL: %s", got)
	}

	// The hand-made samples hold the rarer kinds of ACE.
	var types, flags, rights []string
	conds := 0
	for _, sm := range samples(t) {
		d, err := sddl.Parse([]byte(sm.bin))
		if err != nil {
			t.Fatal(err)
		}
		s := SecurityOf(d)
		for _, a := range []*ACL{s.DACL, s.SACL} {
			if a == nil {
				continue
			}
			for _, e := range a.ACEs {
				types = append(types, e.Type)
				flags = append(flags, e.Flags...)
				rights = append(rights, e.Rights...)
				if e.Condition != "" || e.Attribute != "" {
					conds++
				}
			}
		}
	}
	for _, w := range []string{"allow object", "deny conditional object", "0x16", "allow compound", "mandatory label",
		"resource attribute", "access filter", "scoped policy", "trust label", "audit", "alarm", "allow conditional"} {
		if !slices.Contains(types, w) {
			t.Errorf("no ACE of type %q in %q", w, types)
		}
	}
	for _, w := range []string{"trust protected", "audit success", "audit failure", "no propagation"} {
		if !slices.Contains(flags, w) {
			t.Errorf("no flag %q", w)
		}
	}
	for _, w := range []string{"no write up", "no read up", "no execute up", "Execute", "Read (registry)", "0x4000200"} {
		if !slices.Contains(rights, w) {
			t.Errorf("no right %q", w)
		}
	}
	if conds != 3 {
		t.Errorf("%d conditions and claims, want 3", conds)
	}
}

// FuzzSecurity: whatever a descriptor holds, describing it never panics,
// its structure prints back as its SDDL, and its JSON stays within a
// small multiple of its size.
func FuzzSecurity(f *testing.F) {
	for _, s := range samples(f) {
		f.Add([]byte(s.bin))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := sddl.Parse(b)
		if err != nil {
			return
		}
		s := SecurityOf(d)
		got, err := render(s)
		if err != nil {
			t.Fatal(err)
		}
		if got != d.String() {
			t.Fatalf("the structure prints as\n%s\nthe SDDL is\n%s", got, d)
		}
		j, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(j) > 64*len(b)+4096 {
			t.Fatalf("%d bytes of JSON for %d of descriptor", len(j), len(b))
		}
	})
}

func securityOf(t *testing.T, s string) *Security {
	t.Helper()
	for _, sm := range samples(t) {
		if sm.sddl == s {
			d, err := sddl.Parse([]byte(sm.bin))
			if err != nil {
				t.Fatal(err)
			}
			return SecurityOf(d)
		}
	}
	t.Fatalf("no sample prints as %s", s)
	return nil
}

func js(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// PrintSecurity is render for the tests outside the package, which check
// the structure of every file DescribeFile describes.
var PrintSecurity = render

// render prints s as SDDL by turning its words back into the bits they
// name and handing those to core/sddl, so that a word that loses or
// misstates a bit shows as a difference.
func render(s *Security) (string, error) {
	var sb strings.Builder
	var control sddl.Control
	for _, w := range s.Control {
		i := slices.Index(controlWords[:], w)
		if i < 0 {
			return "", fmt.Errorf("unknown control %q", w)
		}
		control |= 1 << i
	}
	if err := sidPart(&sb, "O:", s.Owner); err != nil {
		return "", err
	}
	if err := sidPart(&sb, "G:", s.Group); err != nil {
		return "", err
	}
	for _, p := range []struct {
		prefix                        string
		a                             *ACL
		present, prot, inherited, req sddl.Control
	}{
		{"D:", s.DACL, sddl.DACLPresent, sddl.DACLProtected, sddl.DACLAutoInherited, sddl.DACLAutoInheritReq},
		{"S:", s.SACL, sddl.SACLPresent, sddl.SACLProtected, sddl.SACLAutoInherited, sddl.SACLAutoInheritReq},
	} {
		if (p.a != nil) != (control&p.present != 0) {
			return "", fmt.Errorf("%s present is %v, control says %v", p.prefix, p.a != nil, control&p.present != 0)
		}
		if p.a == nil {
			continue
		}
		if p.a.Protected != (control&p.prot != 0) || p.a.AutoInherited != (control&p.inherited != 0) ||
			p.a.AutoInheritRequired != (control&p.req != 0) {
			return "", fmt.Errorf("%s flags disagree with control %v", p.prefix, s.Control)
		}
		sb.WriteString(p.prefix)
		for _, f := range []struct {
			on   bool
			sddl string
		}{{p.a.Protected, "P"}, {p.a.AutoInheritRequired, "AR"}, {p.a.AutoInherited, "AI"}, {p.a.Null, "NO_ACCESS_CONTROL"}} {
			if f.on {
				sb.WriteString(f.sddl)
			}
		}
		if p.a.Null && len(p.a.ACEs) > 0 {
			return "", errors.New("a NULL ACL with ACEs")
		}
		for _, e := range p.a.ACEs {
			ace, err := renderACE(e)
			if err != nil {
				return "", err
			}
			sb.WriteString(ace)
		}
	}
	return sb.String(), nil
}

func sidPart(sb *strings.Builder, prefix string, p *Principal) error {
	if p == nil {
		return nil
	}
	s, err := sidOf(p.SID)
	if err != nil {
		return err
	}
	if p.Name != s.Name() {
		return fmt.Errorf("%s is named %q, not %q", p.SID, p.Name, s.Name())
	}
	sb.WriteString(prefix)
	if a := s.Alias(); a != "" {
		sb.WriteString(a)
	} else {
		sb.WriteString(s.String())
	}
	return nil
}

func renderACE(e ACE) (string, error) {
	var a sddl.ACE
	if i := slices.Index(aceTypeWords, e.Type); i >= 0 {
		a.Type = sddl.ACEType(i)
	} else if v, err := strconv.ParseUint(strings.TrimPrefix(e.Type, "0x"), 16, 8); err == nil && strings.HasPrefix(e.Type, "0x") {
		a.Type = sddl.ACEType(v)
	} else {
		return "", fmt.Errorf("unknown ACE type %q", e.Type)
	}
	words := aceFlagWords
	if a.Type == sddl.SystemAccessFilter {
		words = filterFlagWords
	}
	for _, w := range e.Flags {
		i := slices.Index(words[:], w)
		if i < 0 {
			return "", fmt.Errorf("unknown ACE flag %q", w)
		}
		a.Flags |= 1 << i
	}
	if e.Principal != nil {
		s, err := sidOf(e.Principal.SID)
		if err != nil {
			return "", err
		}
		if e.Principal.Name != s.Name() {
			return "", fmt.Errorf("%s is named %q", e.Principal.SID, e.Principal.Name)
		}
		a.SID = s
		m, err := strconv.ParseUint(strings.TrimPrefix(e.Mask, "0x"), 16, 32)
		if err != nil {
			return "", fmt.Errorf("mask %q: %v", e.Mask, err)
		}
		a.Mask = uint32(m)
		if w, err := maskOf(a.Type, e.Rights); err != nil || w != a.Mask {
			return "", fmt.Errorf("rights %q say %#x (%v), the mask is %s", e.Rights, w, err, e.Mask)
		}
	} else if e.Mask != "" || e.Rights != nil {
		return "", errors.New("a mask without a SID")
	}
	for _, g := range []struct {
		s    string
		bit  uint32
		dest *sddl.GUID
	}{{e.ObjectType, sddl.ObjectTypePresent, &a.ObjectType}, {e.InheritedObjectType, sddl.InheritedObjectTypePresent, &a.InheritedObjectType}} {
		if g.s == "" {
			continue
		}
		h, err := hex.DecodeString(strings.ReplaceAll(g.s, "-", ""))
		if err != nil || len(h) != 16 {
			return "", fmt.Errorf("GUID %q", g.s)
		}
		binary.LittleEndian.PutUint32(g.dest[0:], binary.BigEndian.Uint32(h))
		binary.LittleEndian.PutUint16(g.dest[4:], binary.BigEndian.Uint16(h[4:]))
		binary.LittleEndian.PutUint16(g.dest[6:], binary.BigEndian.Uint16(h[6:]))
		copy(g.dest[8:], h[8:])
		a.ObjectFlags |= g.bit
	}
	out := a.String()
	if extra := e.Condition + e.Attribute; extra != "" {
		if e.Condition != "" && e.Attribute != "" {
			return "", errors.New("both a condition and an attribute")
		}
		out = out[:len(out)-1] + ";" + extra + ")"
	}
	return out, nil
}

// maskOf reads rights words back into a mask.
func maskOf(t sddl.ACEType, rights []string) (uint32, error) {
	words := rightWords
	if t == sddl.SystemMandatoryLabel {
		words = labelWords
	} else if len(rights) == 1 {
		for _, w := range wholeMasks {
			if w.name == rights[0] {
				return w.mask, nil
			}
		}
	}
	var m uint32
	for _, r := range rights {
		if i := slices.Index(words[:], r); i >= 0 && r != "" {
			m |= 1 << i
		} else if v, err := strconv.ParseUint(strings.TrimPrefix(r, "0x"), 16, 32); err == nil && strings.HasPrefix(r, "0x") {
			m |= uint32(v)
		} else {
			return 0, fmt.Errorf("unknown right %q", r)
		}
	}
	return m, nil
}

// sidOf reads the S-R-I-S... form, the authority in decimal or as 0x and
// 12 hex digits.
func sidOf(s string) (*sddl.SID, error) {
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
	sid := &sddl.SID{Revision: byte(rev), SubAuthority: []uint32{}}
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
