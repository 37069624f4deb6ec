package view

import (
	"fmt"
	"strings"

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
			CreationTime: TimeText(im.CreationTime), LastModificationTime: TimeText(im.LastModificationTime),
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

// Info is `wimlens info --json`: the archive as the browser shows it, with
// the header, blob table and XML document when asked for.
type Info struct {
	Archive
	Header    *Header `json:"header,omitempty"`
	BlobTable []Blob  `json:"blobTable,omitempty"`
	XML       *string `json:"xml,omitempty"`
}

// Header is the WIM header as stored (info --header).
type Header struct {
	Magic        string   `json:"magic"` // NULs shown as \0
	Size         uint32   `json:"size"`
	Version      uint32   `json:"version"`
	Flags        uint32   `json:"flags"`
	FlagNames    []string `json:"flagNames"`
	ChunkSize    uint32   `json:"chunkSize"`
	GUID         string   `json:"guid"`
	PartNumber   uint16   `json:"partNumber"`
	TotalParts   uint16   `json:"totalParts"`
	ImageCount   uint32   `json:"imageCount"`
	BlobTable    Resource `json:"blobTable"`
	XML          Resource `json:"xml"`
	BootMetadata Resource `json:"bootMetadata"`
	BootIndex    uint32   `json:"bootIndex"`
	Integrity    Resource `json:"integrity"`
}

// Resource is a resource header.
type Resource struct {
	Offset       uint64 `json:"offset"`
	StoredSize   uint64 `json:"storedSize"`
	OriginalSize uint64 `json:"originalSize"`
	Flags        uint8  `json:"flags"`
}

// StoredHeader describes h field by field, as stored.
func StoredHeader(h *wim.Header) *Header {
	res := func(r wim.ResourceHeader) Resource {
		return Resource{Offset: r.Offset, StoredSize: r.StoredSize, OriginalSize: r.OriginalSize, Flags: uint8(r.Flags)}
	}
	d := &Header{
		Magic: strings.ReplaceAll(h.Magic, "\x00", `\0`), Size: h.Size, Version: h.Version,
		Flags: uint32(h.Flags), FlagNames: h.Flags.Names(), ChunkSize: h.ChunkSize, GUID: h.GUIDString(),
		PartNumber: h.PartNumber, TotalParts: h.TotalParts, ImageCount: h.ImageCount,
		BlobTable: res(h.BlobTable), XML: res(h.XML), BootMetadata: res(h.BootMetadata),
		BootIndex: h.BootIndex, Integrity: res(h.Integrity),
	}
	if d.FlagNames == nil {
		d.FlagNames = []string{}
	}
	return d
}

// Blob is one blob table entry (info --blobs).
type Blob struct {
	Hash        string   `json:"sha1"`
	Size        int64    `json:"size"`       // uncompressed
	StoredSize  int64    `json:"storedSize"` // its resource in the file; the whole resource when solid
	Offset      uint64   `json:"offset"`     // in the part's file, or in the solid resource
	Part        int      `json:"part"`
	RefCount    uint32   `json:"refCount"`
	Flags       []string `json:"flags"`
	Solid       bool     `json:"solid"`
	Compression string   `json:"compression"`
	// A solid blob's resource: its offset in the file and its bytes
	// uncompressed.
	SolidOffset int64 `json:"solidOffset,omitempty"`
	SolidSize   int64 `json:"solidSize,omitempty"`
}

// DescribeBlob describes one blob table entry.
func DescribeBlob(b *wim.Blob) Blob {
	d := Blob{
		Hash: b.Hash.String(), Size: b.Size, StoredSize: b.StoredSize(), Offset: b.Resource.Offset,
		Part: b.Part(), RefCount: b.RefCount, Flags: b.Resource.Flags.Names(), Solid: b.Solid(),
		Compression: b.Compression().String(),
	}
	if d.Flags == nil {
		d.Flags = []string{}
	}
	if d.Solid {
		d.SolidOffset, d.SolidSize = b.SolidResource()
	}
	return d
}

// DescribeBlobs lists the images' metadata resources, then the other
// blobs in table order, as wimlib-imagex info --blobs does.
func DescribeBlobs(a *wim.Archive) []Blob {
	out := []Blob{}
	for i := 1; i <= a.ImageCount(); i++ {
		if b, err := a.MetadataBlob(i); err == nil {
			out = append(out, DescribeBlob(b))
		}
	}
	for _, b := range a.Blobs() {
		out = append(out, DescribeBlob(b))
	}
	return out
}

// Opened is the worker's answer to open. When the files cannot be opened,
// Archive holds what their headers say, when they could be read.
type Opened struct {
	Archive Archive   `json:"archive"`
	XML     string    `json:"xml"` // the XML data as stored, for the raw view
	Stats   ReadStats `json:"stats"`
}

// ReadStats sums what the worker read of the open files.
type ReadStats struct {
	BytesRead int64 `json:"bytesRead"` // bytes fetched from the files
	Reads     int64 `json:"reads"`     // reads of the files
	Hits      int64 `json:"hits"`      // chunks served from the worker's cache
	Size      int64 `json:"size"`      // all the files' bytes together
}
