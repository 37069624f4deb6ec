package sddl

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// SID is a security identifier as stored on disk: revision, sub-authority
// count, a 48-bit big-endian identifier authority, then little-endian
// 32-bit sub-authorities.
type SID struct {
	Revision     byte
	Authority    [6]byte
	SubAuthority []uint32
}

// sidHeaderLen is the part of a SID before its sub-authorities.
const sidHeaderLen = 8

// parseSID decodes the SID at b[off:end]. what names it in errors.
func parseSID(b []byte, off, end int, what string, kind error) (*SID, int, *inputerr.Error) {
	if off+sidHeaderLen > end {
		return nil, 0, formatErr(kind, what, off, "%d bytes left, a SID needs at least %d", end-off, sidHeaderLen)
	}
	n := int(b[off+1])
	size := sidHeaderLen + 4*n
	if off+size > end {
		return nil, 0, formatErr(kind, what, off, "a SID with %d sub-authorities needs %d bytes, %d left", n, size, end-off)
	}
	s := &SID{Revision: b[off], SubAuthority: make([]uint32, n)}
	copy(s.Authority[:], b[off+2:off+8])
	for i := range s.SubAuthority {
		s.SubAuthority[i] = binary.LittleEndian.Uint32(b[off+sidHeaderLen+4*i:])
	}
	return s, size, nil
}

// String gives the S-R-I-S-S... form. Like Windows, an authority that does not
// fit in 32 bits is printed as 12 hex digits.
func (s *SID) String() string {
	var sb strings.Builder
	sb.WriteString("S-")
	sb.WriteString(strconv.Itoa(int(s.Revision)))
	sb.WriteByte('-')
	a := s.Authority
	if a[0] != 0 || a[1] != 0 {
		sb.WriteString("0x")
		for _, c := range a {
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&15])
		}
	} else {
		sb.WriteString(strconv.FormatUint(uint64(binary.BigEndian.Uint32(a[2:])), 10))
	}
	for _, x := range s.SubAuthority {
		sb.WriteByte('-')
		sb.WriteString(strconv.FormatUint(uint64(x), 10))
	}
	return sb.String()
}

const hexDigits = "0123456789abcdef"

// Alias gives the two-letter SDDL alias Windows prints for s, or "" when it
// prints the full string. Aliases that stand for a SID in the local machine's
// or domain's account domain (DA, DU, LA, ...) are never given: which domain
// that is depends on the machine doing the conversion, and an image carries
// no such machine.
func (s *SID) Alias() string {
	return wellKnown[s.String()].alias
}

// Name gives what Windows shows s as, or "" when it has no name here:
// well-known SIDs by name, a machine's or domain's accounts by their
// relative ID (which account of which machine, an image cannot say), and
// services and app capabilities as such.
func (s *SID) Name() string {
	str := s.String()
	if w, ok := wellKnown[str]; ok {
		return w.name
	}
	switch {
	case strings.HasPrefix(str, "S-1-5-21-") && len(s.SubAuthority) == 5:
		rid := s.SubAuthority[4]
		if n, ok := domainRIDs[rid]; ok {
			return n
		}
		return "account " + strconv.FormatUint(uint64(rid), 10) + " of a machine or domain"
	case strings.HasPrefix(str, "S-1-5-80-"):
		return `a service (NT SERVICE\…)`
	case strings.HasPrefix(str, "S-1-15-3-"):
		return "an app capability"
	}
	return ""
}

// sddl gives what SDDL prints for s: its alias or its full string.
func (s *SID) sddl() string {
	if a := s.Alias(); a != "" {
		return a
	}
	return s.String()
}

// wellKnown are the SIDs whose meaning does not depend on a domain: those of
// sddl.h with their aliases, and a few others Windows images hold, with the
// names Windows shows for them.
var wellKnown = map[string]struct{ alias, name string }{
	"S-1-1-0":            {"WD", "Everyone"},
	"S-1-3-0":            {"CO", "CREATOR OWNER"},
	"S-1-3-1":            {"CG", "CREATOR GROUP"},
	"S-1-3-4":            {"OW", "OWNER RIGHTS"},
	"S-1-5-2":            {"NU", "NETWORK"},
	"S-1-5-4":            {"IU", "INTERACTIVE"},
	"S-1-5-6":            {"SU", "SERVICE"},
	"S-1-5-7":            {"AN", "ANONYMOUS LOGON"},
	"S-1-5-9":            {"ED", "ENTERPRISE DOMAIN CONTROLLERS"},
	"S-1-5-10":           {"PS", "SELF"},
	"S-1-5-11":           {"AU", "Authenticated Users"},
	"S-1-5-12":           {"RC", "RESTRICTED"},
	"S-1-5-18":           {"SY", "SYSTEM"},
	"S-1-5-19":           {"LS", "LOCAL SERVICE"},
	"S-1-5-20":           {"NS", "NETWORK SERVICE"},
	"S-1-5-33":           {"WR", "WRITE RESTRICTED"},
	"S-1-5-32-544":       {"BA", "Administrators"},
	"S-1-5-32-545":       {"BU", "Users"},
	"S-1-5-32-546":       {"BG", "Guests"},
	"S-1-5-32-547":       {"PU", "Power Users"},
	"S-1-5-32-548":       {"AO", "Account Operators"},
	"S-1-5-32-549":       {"SO", "Server Operators"},
	"S-1-5-32-550":       {"PO", "Print Operators"},
	"S-1-5-32-551":       {"BO", "Backup Operators"},
	"S-1-5-32-552":       {"RE", "Replicator"},
	"S-1-5-32-554":       {"RU", "Pre-Windows 2000 Compatible Access"},
	"S-1-5-32-555":       {"RD", "Remote Desktop Users"},
	"S-1-5-32-556":       {"NO", "Network Configuration Operators"},
	"S-1-5-32-558":       {"MU", "Performance Monitor Users"},
	"S-1-5-32-559":       {"LU", "Performance Log Users"},
	"S-1-5-32-568":       {"IS", "IIS_IUSRS"},
	"S-1-5-32-569":       {"CY", "Cryptographic Operators"},
	"S-1-5-32-573":       {"ER", "Event Log Readers"},
	"S-1-5-32-574":       {"CD", "Certificate Service DCOM Access"},
	"S-1-5-32-575":       {"RA", "RDS Remote Access Servers"},
	"S-1-5-32-576":       {"ES", "RDS Endpoint Servers"},
	"S-1-5-32-577":       {"MS", "RDS Management Servers"},
	"S-1-5-32-578":       {"HA", "Hyper-V Administrators"},
	"S-1-5-32-579":       {"AA", "Access Control Assistance Operators"},
	"S-1-5-32-580":       {"RM", "Remote Management Users"},
	"S-1-5-84-0-0-0-0-0": {"UD", "User-Mode Drivers"},
	"S-1-15-2-1":         {"AC", "ALL APPLICATION PACKAGES"},
	"S-1-16-4096":        {"LW", "Low integrity"},
	"S-1-16-8192":        {"ME", "Medium integrity"},
	"S-1-16-8448":        {"MP", "Medium Plus integrity"},
	"S-1-16-12288":       {"HI", "High integrity"},
	"S-1-16-16384":       {"SI", "System integrity"},
	"S-1-18-1":           {"AS", "Authentication authority asserted identity"},
	"S-1-18-2":           {"SS", "Service asserted identity"},
	"S-1-5-32-562":       {"", "Distributed COM Users"},
	"S-1-5-32-583":       {"", "Device Owners"},
	"S-1-15-2-2":         {"", "ALL RESTRICTED APPLICATION PACKAGES"},
	"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464": {"", "NT SERVICE\\TrustedInstaller"},
}

// domainRIDs name the accounts every machine or domain has, by relative ID
// (the last sub-authority of S-1-5-21-x-y-z-RID).
var domainRIDs = map[uint32]string{
	500: "Administrator",
	501: "Guest",
	503: "DefaultAccount",
	504: "WDAGUtilityAccount",
	512: "Domain Admins",
	513: "Domain Users",
}
