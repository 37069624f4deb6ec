// Package view turns an archive and its files into plain, JSON-ready
// descriptions: what the CLI prints with --json and what the web worker
// sends to the page. One place decides how a WIM is shown, so both faces
// agree.
package view

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/reparse"
	"github.com/wimlens/wimlens/core/sddl"
	"github.com/wimlens/wimlens/core/wim"
)

// Archive describes a WIM file (all its parts) and its images.
type Archive struct {
	GUID         string   `json:"guid"`
	Version      string   `json:"version"` // "0x10d00" or "0xe00" (solid)
	Flags        []string `json:"flags"`
	Compression  string   `json:"compression"`
	ChunkSize    uint32   `json:"chunkSize"`
	TotalParts   int      `json:"totalParts"`
	MissingParts []int    `json:"missingParts,omitempty"`
	ImageCount   int      `json:"imageCount"`
	BootIndex    uint32   `json:"bootIndex"`
	Pipable      bool     `json:"pipable"`
	Solid        bool     `json:"solid"` // some blobs live in solid resources (ESD)
	HasIntegrity bool     `json:"hasIntegrity"`
	Blobs        int      `json:"blobs"`
	Images       []Image  `json:"images"`
	Warnings     []string `json:"warnings,omitempty"`
}

// Image is one image's XML information.
type Image struct {
	Index                int      `json:"index"`
	Name                 string   `json:"name"`
	Description          string   `json:"description"`
	DisplayName          string   `json:"displayName,omitempty"`
	DisplayDescription   string   `json:"displayDescription,omitempty"`
	Flags                string   `json:"flags,omitempty"`
	DirCount             uint64   `json:"dirCount"`
	FileCount            uint64   `json:"fileCount"`
	TotalBytes           uint64   `json:"totalBytes"`
	HardLinkBytes        uint64   `json:"hardLinkBytes"`
	CreationTime         string   `json:"creationTime,omitempty"`
	LastModificationTime string   `json:"lastModificationTime,omitempty"`
	WIMBoot              bool     `json:"wimboot"`
	Windows              *Windows `json:"windows,omitempty"`
}

// Windows is the WINDOWS block DISM writes for Windows images.
type Windows struct {
	Arch             string   `json:"arch"`
	ProductName      string   `json:"productName,omitempty"`
	EditionID        string   `json:"editionId,omitempty"`
	InstallationType string   `json:"installationType,omitempty"`
	ProductType      string   `json:"productType,omitempty"`
	ProductSuite     string   `json:"productSuite,omitempty"`
	HAL              string   `json:"hal,omitempty"`
	Languages        []string `json:"languages,omitempty"`
	DefaultLanguage  string   `json:"defaultLanguage,omitempty"`
	Version          string   `json:"version"` // MAJOR.MINOR.BUILD.SPBUILD
	SPLevel          uint64   `json:"spLevel"`
	SystemRoot       string   `json:"systemRoot,omitempty"`
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// DescribeHeader is what a header alone tells, for a file that fails to
// open past it.
func DescribeHeader(h *wim.Header) Archive {
	out := Archive{
		GUID: h.GUIDString(), Version: fmt.Sprintf("%#x", h.Version), Flags: h.Flags.Names(),
		Compression: h.Compression().String(), ChunkSize: h.ChunkSize, TotalParts: int(h.TotalParts),
		ImageCount: int(h.ImageCount), BootIndex: h.BootIndex, Pipable: h.Pipable(),
		HasIntegrity: h.Integrity.OriginalSize > 0, Images: []Image{},
	}
	if out.Flags == nil {
		out.Flags = []string{}
	}
	return out
}

// DescribeArchive describes a as wimlib-imagex info does, and more.
func DescribeArchive(a *wim.Archive) Archive {
	total, missing := a.Parts()
	out := DescribeHeader(a.Header)
	out.TotalParts, out.MissingParts, out.ImageCount, out.Blobs = total, missing, a.ImageCount(), a.BlobCount()
	for i := 1; i <= total; i++ {
		if ph := a.PartHeader(i); ph != nil && ph.Integrity.OriginalSize > 0 {
			out.HasIntegrity = true
		}
	}
	out.Solid = a.Solid()
	for _, w := range a.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	for _, im := range a.Info.Images {
		x := Image{
			Index: im.Index, Name: im.Name, Description: im.Description,
			DisplayName: im.DisplayName, DisplayDescription: im.DisplayDescription, Flags: im.Flags,
			DirCount: im.DirCount, FileCount: im.FileCount, TotalBytes: im.TotalBytes, HardLinkBytes: im.HardLinkBytes,
			CreationTime: timeString(im.CreationTime), LastModificationTime: timeString(im.LastModificationTime),
			WIMBoot: im.WIMBoot,
		}
		if w := im.Windows; w != nil {
			x.Windows = &Windows{
				Arch: w.ArchName(), ProductName: w.ProductName, EditionID: w.EditionID,
				InstallationType: w.InstallationType, ProductType: w.ProductType, ProductSuite: w.ProductSuite,
				HAL: w.HAL, Languages: w.Languages, DefaultLanguage: w.DefaultLanguage,
				Version: fmt.Sprintf("%d.%d.%d.%d", w.Major, w.Minor, w.Build, w.SPBuild),
				SPLevel: w.SPLevel, SystemRoot: w.SystemRoot,
			}
		}
		out.Images = append(out.Images, x)
	}
	return out
}

// File is everything known about one entry of an image.
type File struct {
	Path           string    `json:"path"`
	Name           string    `json:"name"`
	ShortName      string    `json:"shortName,omitempty"`
	Dir            bool      `json:"dir"`
	Size           int64     `json:"size"`
	Attributes     uint32    `json:"attributes"`
	AttributeNames []string  `json:"attributeNames"`
	Created        string    `json:"created"`
	Modified       string    `json:"modified"`
	Accessed       string    `json:"accessed"`
	SecurityID     int32     `json:"securityId"`
	SDDL           string    `json:"sddl,omitempty"`
	SDDLError      string    `json:"sddlError,omitempty"`
	Streams        []Stream  `json:"streams"`
	Reparse        *Reparse  `json:"reparse,omitempty"`
	LinkGroup      uint64    `json:"linkGroup,omitempty"`
	LinkCount      int       `json:"linkCount,omitempty"` // names of a hard-linked file, listed only on request
	Unix           *Unix     `json:"unix,omitempty"`
	ObjectID       string    `json:"objectId,omitempty"`
	Children       int       `json:"children,omitempty"`
	Anomalies      []Anomaly `json:"anomalies,omitempty"`
}

// Stream is one stream with where its blob is stored.
type Stream struct {
	Name        string `json:"name"` // "" for the unnamed stream
	Type        string `json:"type"` // data, reparse, efs
	Hash        string `json:"sha1"`
	Size        int64  `json:"size"`
	Missing     bool   `json:"missing,omitempty"`
	StoredSize  int64  `json:"storedSize,omitempty"` // the blob's resource in the file; the whole resource if solid
	Solid       bool   `json:"solid,omitempty"`
	Compression string `json:"compression,omitempty"`
	RefCount    uint32 `json:"refCount,omitempty"` // references to the blob across the archive's images
}

// Reparse is a decoded reparse point.
type Reparse struct {
	Tag            string `json:"tag"` // hex
	TagName        string `json:"tagName"`
	Target         string `json:"target,omitempty"`
	SubstituteName string `json:"substituteName,omitempty"`
	PrintName      string `json:"printName,omitempty"`
	Relative       bool   `json:"relative,omitempty"`
	Error          string `json:"error,omitempty"`
}

// Unix is wimlib's UNIX metadata.
type Unix struct {
	UID  uint32 `json:"uid"`
	GID  uint32 `json:"gid"`
	Mode string `json:"mode"` // octal
	Rdev uint32 `json:"rdev"`
}

// Anomaly is something wrong with the entry, kept and flagged.
type Anomaly struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// DescribeFile describes f; a (may be nil) supplies where blobs are stored.
// Reading the reparse data is the only I/O, and its failure is reported in
// the result, not returned.
func DescribeFile(a *wim.Archive, f *meta.File) File {
	out := File{
		Path: f.Path(), Name: f.Name, ShortName: f.ShortName, Dir: f.IsDir(), Size: f.Size(),
		Attributes: uint32(f.Attributes), AttributeNames: f.Attributes.Names(),
		Created: timeString(f.Creation.Time()), Modified: timeString(f.LastWrite.Time()),
		Accessed: timeString(f.LastAccess.Time()), SecurityID: f.SecurityID, LinkGroup: f.LinkGroup,
		Children: len(f.Children()), Streams: []Stream{},
	}
	if out.AttributeNames == nil {
		out.AttributeNames = []string{}
	}
	if sd := f.SecurityDescriptor(); sd != nil {
		s, err := sddl.Format(sd)
		out.SDDL = s
		if err != nil {
			out.SDDLError = err.Error()
		}
	}
	for _, s := range f.Streams {
		st := Stream{Name: s.Name, Type: s.Type.String(), Hash: s.Hash.String(), Size: s.Size, Missing: s.Missing}
		if a != nil {
			if b, ok := a.Blob(s.Hash); ok {
				st.StoredSize, st.Solid, st.RefCount = b.StoredSize(), b.Solid(), b.RefCount
				st.Compression = b.Compression().String()
			}
		}
		out.Streams = append(out.Streams, st)
	}
	if f.Attributes&meta.AttrReparsePoint != 0 {
		out.Reparse = describeReparse(f)
	}
	// Only the group's size: listing its n paths in each of its n
	// entries made dir --json quadratic.
	if n := len(f.Links()); n > 1 {
		out.LinkCount = n
	}
	if u := f.Unix; u != nil {
		out.Unix = &Unix{UID: u.UID, GID: u.GID, Mode: fmt.Sprintf("0%o", u.Mode), Rdev: u.Rdev}
	}
	if len(f.ObjectID) > 0 {
		out.ObjectID = hex.EncodeToString(f.ObjectID)
	}
	for _, an := range f.Anomalies {
		out.Anomalies = append(out.Anomalies, Anomaly{Kind: string(an.Kind), Detail: an.Detail})
	}
	return out
}

func describeReparse(f *meta.File) *Reparse {
	r := &Reparse{Tag: fmt.Sprintf("0x%08x", f.ReparseTag), TagName: reparse.TagName(f.ReparseTag)}
	data, err := f.ReadReparseData()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	p, err := reparse.Parse(f.ReparseTag, data)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Target, r.SubstituteName, r.PrintName, r.Relative = p.Target(), p.SubstituteName, p.PrintName, p.Relative
	return r
}
