package view

import (
	"encoding/hex"
	"fmt"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/reparse"
	"github.com/wimlens/wimlens/core/sddl"
	"github.com/wimlens/wimlens/core/wim"
)

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
	Security       *Security `json:"security,omitempty"` // what the SDDL says, as structure
	Streams        []Stream  `json:"streams"`
	Reparse        *Reparse  `json:"reparse,omitempty"`
	LinkGroup      uint64    `json:"linkGroup,omitempty"`
	LinkCount      int       `json:"linkCount,omitempty"` // names of a hard-linked file, listed only on request
	Unix           *Unix     `json:"unix,omitempty"`
	ObjectID       string    `json:"objectId,omitempty"`
	Children       int       `json:"children,omitempty"`
	Anomalies      []Anomaly `json:"anomalies,omitempty"`
	// PE is what a Windows executable's data says of it (DescribePE):
	// only where asked for, as reading it reads the file's data.
	PE *PE `json:"pe,omitempty"`
}

// Stream is one stream with where its blob is stored.
type Stream struct {
	Name        string     `json:"name"` // "" for the unnamed stream
	Type        StreamType `json:"type"`
	Hash        string     `json:"sha1"`
	Size        int64      `json:"size"`
	Missing     bool       `json:"missing,omitempty"`
	StoredSize  int64      `json:"storedSize,omitempty"` // the blob's resource in the file; the whole resource if solid
	Solid       bool       `json:"solid,omitempty"`
	Compression string     `json:"compression,omitempty"`
	RefCount    uint32     `json:"refCount,omitempty"` // references to the blob across the archive's images
}

// StreamType is what a stream holds: meta.StreamType's names.
type StreamType string

// Stream types.
const (
	StreamData    StreamType = "data" // file contents, unnamed or named
	StreamReparse StreamType = "reparse"
	StreamEFS     StreamType = "efs" // an encrypted file's raw data
)

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

// Anomaly is something wrong with an entry, kept and flagged (one of
// meta's AnomalyKinds, and what it is about this entry).
type Anomaly struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// ImageAnomaly is an anomaly with the path of the entry it is about, as an
// image's summary lists it.
type ImageAnomaly struct {
	Path string `json:"path"`
	Anomaly
}

func describeAnomaly(a meta.Anomaly) Anomaly { return Anomaly{Kind: string(a.Kind), Detail: a.Detail} }

// DescribeFile describes f; a (may be nil) supplies where blobs are stored.
// Reading the reparse data is the only I/O, and its failure is reported in
// the result, not returned.
func DescribeFile(a *wim.Archive, f *meta.File) File {
	out := File{
		Path: f.Path(), Name: f.Name, ShortName: f.ShortName, Dir: f.IsDir(), Size: f.Size(),
		Attributes: uint32(f.Attributes), AttributeNames: f.Attributes.Names(),
		Created: TimeText(f.Creation.Time()), Modified: TimeText(f.LastWrite.Time()),
		Accessed: TimeText(f.LastAccess.Time()), SecurityID: f.SecurityID, LinkGroup: f.LinkGroup,
		Children: len(f.Children()), Streams: []Stream{},
	}
	if out.AttributeNames == nil {
		out.AttributeNames = []string{}
	}
	if sd := f.SecurityDescriptor(); sd != nil {
		if d, err := sddl.Parse(sd); err != nil {
			out.SDDLError = err.Error()
		} else {
			out.SDDL, out.Security = d.String(), SecurityOf(d)
		}
	}
	for _, s := range f.Streams {
		st := Stream{Name: s.Name, Type: StreamType(s.Type.String()), Hash: s.Hash.String(), Size: s.Size, Missing: s.Missing}
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
	if u := f.Unix(); u != nil {
		out.Unix = &Unix{UID: u.UID, GID: u.GID, Mode: fmt.Sprintf("0%o", u.Mode), Rdev: u.Rdev}
	}
	if id := f.ObjectID(); len(id) > 0 {
		out.ObjectID = hex.EncodeToString(id)
	}
	for _, an := range f.Anomalies() {
		out.Anomalies = append(out.Anomalies, describeAnomaly(an))
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
