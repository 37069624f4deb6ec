package main

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/wim"
)

// What info --header and --blobs show, as JSON and as text alike; the
// archive and files themselves are described by core/view.

// headerJSON is the WIM header as stored.
type headerJSON struct {
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
	BlobTable    resJSON  `json:"blobTable"`
	XML          resJSON  `json:"xml"`
	BootMetadata resJSON  `json:"bootMetadata"`
	BootIndex    uint32   `json:"bootIndex"`
	Integrity    resJSON  `json:"integrity"`
}

// resJSON is a resource header.
type resJSON struct {
	Offset       uint64 `json:"offset"`
	StoredSize   uint64 `json:"storedSize"`
	OriginalSize uint64 `json:"originalSize"`
	Flags        uint8  `json:"flags"`
}

func describeHeader(h *wim.Header) *headerJSON {
	res := func(r wim.ResourceHeader) resJSON {
		return resJSON{Offset: r.Offset, StoredSize: r.StoredSize, OriginalSize: r.OriginalSize, Flags: uint8(r.Flags)}
	}
	d := &headerJSON{
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

// blobJSON is one blob table entry.
type blobJSON struct {
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

func describeBlob(b *wim.Blob) blobJSON {
	d := blobJSON{
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

// describeBlobs lists the images' metadata resources, then the other blobs
// in table order, as wimlib-imagex info --blobs does.
func describeBlobs(a *archive) []blobJSON {
	out := []blobJSON{}
	for i := 1; i <= a.ImageCount(); i++ {
		if b, err := a.MetadataBlob(i); err == nil {
			out = append(out, describeBlob(b))
		}
	}
	for _, b := range a.Blobs() {
		out = append(out, describeBlob(b))
	}
	return out
}

// writeJSON writes v indented, as every --json does.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
