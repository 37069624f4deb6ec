// Package cbs reads what Component Based Servicing knows of the packages
// in an image: the package manifests (Windows\servicing\Packages\*.mum)
// and the states the registry gives them (State).
package cbs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/internal/xmltree"
)

// Bounds on a manifest: the largest, a cumulative update's, hold a few
// thousand elements in under a megabyte.
const (
	MaxManifestSize = 8 << 20
	MaxElements     = 1 << 18
)

// The kinds of a manifest's *inputerr.Error (errors.Is finds them).
var (
	// ErrTooLarge: the file is larger than MaxManifestSize.
	ErrTooLarge = errors.New("package manifest too large")
	// ErrMalformed: the file is not well-formed XML (the cause is an
	// *xmltree.SyntaxError), or is not text.
	ErrMalformed = errors.New("package manifest is not well-formed XML")
	// ErrNotManifest: well-formed XML, but not a package manifest: no
	// <assembly> root, or no <assemblyIdentity> in it.
	ErrNotManifest = errors.New("not a package manifest")
)

// Identity is an <assemblyIdentity>.
type Identity struct {
	Name, Version, Architecture, Language, PublicKeyToken, BuildType string
}

// Package is what a .mum file says of its package. Attributes a file
// does not have are "".
type Package struct {
	Identity Identity
	// The <assembly> element's attributes.
	Description, DisplayName, Company, Copyright, SupportInformation string
	CreationTimeStamp, LastUpdateTimeStamp                           string // as written (2023-10-20T18:12:33Z)
	// The <package> element's attributes. Identifier holds the KB
	// article of an update ("KB5031455"); Features on Demand carry the
	// placeholder KB777778, language packs a name.
	Identifier, ReleaseType, Restart, Permanence string
	Updates                                      []Update
	Capabilities                                 []string // names a Feature on Demand declares (<declareCapability>)
}

// Update is an <update> of the package: a feature or a part of it.
type Update struct {
	Name, DisplayName, Description string
}

// KB is the package's Knowledge Base article number ("5031455") when
// its identifier is one ("KB5031455"), else "".
func (p *Package) KB() string {
	id := p.Identifier
	if len(id) < 3 || !strings.EqualFold(id[:2], "KB") || strings.Trim(id[2:], "0123456789") != "" {
		return ""
	}
	return id[2:]
}

// Parse reads a .mum file from its bytes (a caller checks a file's size
// against MaxManifestSize before reading it): UTF-8 or UTF-16LE, with or
// without a byte-order mark. Only the predefined entities are known,
// so no entity expands into more text than it takes.
func Parse(b []byte) (*Package, error) {
	if len(b) > MaxManifestSize {
		return nil, &inputerr.Error{Kind: ErrTooLarge, Offset: -1, Detail: fmt.Sprintf("%d bytes, more than the %d read", len(b), MaxManifestSize)}
	}
	root, err := xmltree.ParseBytes(b, MaxElements)
	if err != nil {
		return nil, &inputerr.Error{Kind: ErrMalformed, Offset: -1, Err: err}
	}
	if root.Name != "assembly" {
		return nil, &inputerr.Error{Kind: ErrNotManifest, Offset: -1, Detail: fmt.Sprintf("the root element is <%s>, not <assembly>", root.Name)}
	}
	p := &Package{
		Description:         root.Get("description"),
		DisplayName:         root.Get("displayName"),
		Company:             root.Get("company"),
		Copyright:           root.Get("copyright"),
		SupportInformation:  root.Get("supportInformation"),
		CreationTimeStamp:   root.Get("creationTimeStamp"),
		LastUpdateTimeStamp: root.Get("lastUpdateTimeStamp"),
	}
	id := root.Child("assemblyIdentity")
	if id == nil {
		return nil, &inputerr.Error{Kind: ErrNotManifest, Offset: -1, Detail: "<assembly> holds no <assemblyIdentity>"}
	}
	p.Identity = identity(id)
	if pkg := root.Child("package"); pkg != nil {
		p.Identifier = pkg.Get("identifier")
		p.ReleaseType = pkg.Get("releaseType")
		p.Restart = pkg.Get("restart")
		p.Permanence = pkg.Get("permanence")
		for _, c := range pkg.Children {
			switch c.Name {
			case "update":
				p.Updates = append(p.Updates, Update{c.Get("name"), c.Get("displayName"), c.Get("description")})
			case "declareCapability":
				for _, cap := range c.Children {
					if ci := cap.Child("capabilityIdentity"); cap.Name == "capability" && ci != nil {
						p.Capabilities = append(p.Capabilities, ci.Get("name"))
					}
				}
			}
		}
	}
	return p, nil
}

func identity(e *xmltree.Element) Identity {
	return Identity{
		Name:           e.Get("name"),
		Version:        e.Get("version"),
		Architecture:   e.Get("processorArchitecture"),
		Language:       e.Get("language"),
		PublicKeyToken: e.Get("publicKeyToken"),
		BuildType:      e.Get("buildType"),
	}
}
