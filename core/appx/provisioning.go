package appx

import (
	"errors"
	"fmt"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/internal/xmltree"
)

// Bounds on AppxProvisioning.xml: a real one lists a few hundred
// packages in tens of kilobytes.
const (
	MaxProvisioningSize = 4 << 20
	MaxElements         = 1 << 17
)

// The kinds of a provisioning list's *inputerr.Error (errors.Is finds them).
var (
	// ErrTooLarge: the file is larger than MaxProvisioningSize.
	ErrTooLarge = errors.New("provisioning list too large")
	// ErrMalformed: the file is not well-formed XML, or not text.
	ErrMalformed = errors.New("provisioning list is not well-formed XML")
	// ErrNotProvisioning: well-formed XML whose root is not <AppxProvisionList>.
	ErrNotProvisioning = errors.New("not an AppxProvisioning.xml")
)

// ProvisionList is ProgramData\Microsoft\Windows\AppxProvisioning.xml:
// the packages provisioned for every new user, and the package families
// that are not to be provisioned again. Microsoft does not document the
// file; its shape is that of the files Windows 10 and 11 write:
//
//	<AppxProvisionList xmlns="http://schemas.microsoft.com/appx/2013/appxprovisionpackage">
//	  <EndOfLife><Package FamilyName="Microsoft.BingMaps_8wekyb3d8bbwe"/></EndOfLife>
//	  <Provisioned><Package FullName="..." PackageType="bundle" ProvisionSourceIsBundle="true"/></Provisioned>
//	</AppxProvisionList>
type ProvisionList struct {
	Provisioned []Provisioned
	EndOfLife   []string // package family names
}

// Provisioned is a package provisioned for all users: an app, a bundle,
// a framework or a resource package.
type Provisioned struct {
	FullName                string
	ID                      FullName // FullName's parts; zero when Err
	Err                     error    // why FullName is not a package full name (ErrFullName)
	PackageType             string   // "bundle", "resource", ...; "" for a main package
	ProvisionSourceIsBundle bool
	IsLOBApp                bool // a line-of-business app, not from the Store
}

// ParseProvisioning reads an AppxProvisioning.xml from its bytes (a
// caller checks a file's size against MaxProvisioningSize before reading
// it). A
// package whose full name is malformed is kept, with its Err.
func ParseProvisioning(b []byte) (*ProvisionList, error) {
	if len(b) > MaxProvisioningSize {
		return nil, &inputerr.Error{Kind: ErrTooLarge, Offset: -1, Detail: fmt.Sprintf("%d bytes, more than the %d read", len(b), MaxProvisioningSize)}
	}
	root, err := xmltree.ParseBytes(b, MaxElements)
	if err != nil {
		return nil, &inputerr.Error{Kind: ErrMalformed, Offset: -1, Err: err}
	}
	if root.Name != "AppxProvisionList" {
		return nil, &inputerr.Error{Kind: ErrNotProvisioning, Offset: -1, Detail: fmt.Sprintf("the root element is <%s>, not <AppxProvisionList>", root.Name)}
	}
	l := &ProvisionList{}
	for _, list := range root.Children {
		for _, p := range list.Children {
			switch {
			case p.Name != "Package":
			case list.Name == "EndOfLife":
				l.EndOfLife = append(l.EndOfLife, p.Get("FamilyName"))
			case list.Name == "Provisioned":
				pp := Provisioned{
					FullName:                p.Get("FullName"),
					PackageType:             p.Get("PackageType"),
					ProvisionSourceIsBundle: boolean(p.Get("ProvisionSourceIsBundle")),
					IsLOBApp:                boolean(p.Get("IsLOBApp")),
				}
				pp.ID, pp.Err = ParseFullName(pp.FullName)
				l.Provisioned = append(l.Provisioned, pp)
			}
		}
	}
	return l, nil
}

// boolean reads an xsd:boolean.
func boolean(v string) bool { return v == "true" || v == "1" }
