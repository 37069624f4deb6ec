// Package appx reads what an image says of its provisioned apps: the
// package full names that key SOFTWARE\Microsoft\Windows\CurrentVersion\
// Appx\AppxAllUserStore\Applications, and
// ProgramData\Microsoft\Windows\AppxProvisioning.xml.
package appx

import (
	"errors"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
)

// ErrFullName: a string that is not a package full name, the kind of
// ParseFullName's *inputerr.Error.
var ErrFullName = errors.New("not a package full name")

// FullName is a package's five-part identity as its full name writes
// it: Name_Version_Architecture_ResourceId_PublisherId
// (learn.microsoft.com/windows/apps/desktop/modernize/package-identity-overview;
// lengths from appmodel's "Identity constants").
type FullName struct {
	Name         string // 3 to 50 of A-Z a-z 0-9 . -
	Version      string // four numbers to 65535: 22204.1400.4.0
	Architecture string // x86, x64, arm, arm64, x86a64 or neutral
	ResourceID   string // "" for most packages, "~" for bundles, "split.scale-100" ...
	PublisherID  string // 13 characters of Crockford's base 32: 8wekyb3d8bbwe
}

// Family is the package family name, Name_PublisherId: what stays the
// same across versions and architectures.
func (n FullName) Family() string { return n.Name + "_" + n.PublisherID }

func (n FullName) String() string {
	return n.Name + "_" + n.Version + "_" + n.Architecture + "_" + n.ResourceID + "_" + n.PublisherID
}

var architectures = map[string]bool{"x86": true, "x64": true, "arm": true, "arm64": true, "x86a64": true, "neutral": true}

// ParseFullName splits a package full name into its parts, checking each.
func ParseFullName(s string) (FullName, error) {
	bad := func(why string) (FullName, error) {
		return FullName{}, &inputerr.Error{Kind: ErrFullName, Offset: -1, Detail: `"` + s + `": ` + why}
	}
	if len(s) < 30 || len(s) > 127 {
		return bad("a full name has 30 to 127 characters")
	}
	parts := strings.Split(s, "_")
	if len(parts) != 5 {
		return bad("a full name has five parts joined by '_'")
	}
	n := FullName{parts[0], parts[1], parts[2], parts[3], parts[4]}
	switch {
	case len(n.Name) < 3 || len(n.Name) > 50 || !identChars(n.Name):
		return bad("the name is not 3 to 50 letters, digits, '.' or '-'")
	case !version(n.Version):
		return bad("the version is not four numbers to 65535 joined by dots")
	case !architectures[strings.ToLower(n.Architecture)]:
		return bad(`the architecture "` + parts[2] + `" is none of x86, x64, arm, arm64, x86a64, neutral`)
	case len(n.ResourceID) > 30 || n.ResourceID != "~" && !identChars(n.ResourceID):
		return bad("the resource ID is not '~' or up to 30 letters, digits, '.' or '-'")
	case !publisherID(n.PublisherID):
		return bad("the publisher ID is not 13 characters of base 32")
	}
	return n, nil
}

func identChars(s string) bool {
	for i := range len(s) {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func version(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
		if _, err := strconv.ParseUint(p, 10, 16); err != nil {
			return false
		}
	}
	return true
}

// publisherID: Crockford's base 32 in lower case, which has no i, l, o or u.
func publisherID(s string) bool {
	if len(s) != 13 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u') {
			return false
		}
	}
	return true
}
