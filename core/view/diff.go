package view

import (
	"slices"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/sddl"
)

// Diff is a comparison of two images, as `wimlens diff --json` prints it
// and the browser's diff view shows it.
type Diff struct {
	Summary  DiffCounts            `json:"summary"`
	ByFolder map[string]DiffCounts `json:"byFolder"`
	Changes  []Change              `json:"changes"`
}

// DiffCounts counts changes by kind, with bytes added and removed.
type DiffCounts struct {
	Added        int   `json:"added"`
	Deleted      int   `json:"deleted"`
	Modified     int   `json:"modified"`
	Renamed      int   `json:"renamed"`
	BytesAdded   int64 `json:"bytesAdded"`
	BytesRemoved int64 `json:"bytesRemoved"`
}

// Change is one change with both sides' details, so a reader sees what
// changed without opening either image.
type Change struct {
	Kind      ChangeKind `json:"kind"`
	Path      string     `json:"path"`
	OldPath   string     `json:"oldPath,omitempty"`
	Dir       bool       `json:"dir"`
	Reasons   []string   `json:"reasons,omitempty"`
	SizeDelta int64      `json:"sizeDelta"`
	Old       *Side      `json:"old,omitempty"`
	New       *Side      `json:"new,omitempty"`
}

// ChangeKind is a change's kind, as `git diff --name-status` writes it.
type ChangeKind string

// Change kinds: diff.Kind's letters.
const (
	ChangeAdded    ChangeKind = "A"
	ChangeDeleted  ChangeKind = "D"
	ChangeModified ChangeKind = "M"
	ChangeRenamed  ChangeKind = "R"
)

// Side is what a diff shows of one version of an entry.
type Side struct {
	Size       int64    `json:"size"`
	SHA1       string   `json:"sha1,omitempty"`
	Attributes []string `json:"attributes"`
	SDDL       string   `json:"sddl,omitempty"`
	// Security is what SDDL says, as structure, on a change whose reasons
	// include "security" only: the page draws the two descriptors as
	// permission tables, and every other change would carry it for
	// nothing (a comparison of two builds lists 100,000 changes).
	Security *Security `json:"security,omitempty"`
	Streams  []Stream  `json:"streams,omitempty"` // named streams
	Modified string    `json:"modified"`
}

// DiffOther names the image the worker's diff compares against: one of
// the first file's, or, with Second, one of the file opened by openSecond.
type DiffOther struct {
	Second bool `json:"second,omitempty"`
	Image  int  `json:"image"`
}

// Compared answers the worker's diff: the comparison as `wimlens diff
// --json` prints it, and for each change the node ids of its old and new
// versions (-1 for none), so the page can read either with the usual
// requests.
type Compared struct {
	Diff
	Nodes [][2]int `json:"nodes"`
}

func counts(c diff.Counts) DiffCounts {
	return DiffCounts{c.Added, c.Deleted, c.Modified, c.Renamed, c.BytesAdded, c.BytesRemoved}
}

// DescribeDiff turns a diff result into its JSON form.
func DescribeDiff(r *diff.Result) Diff {
	out := Diff{Summary: counts(r.Summary.Counts), ByFolder: map[string]DiffCounts{}, Changes: []Change{}}
	for k, c := range r.Summary.ByFolder {
		out.ByFolder[k] = counts(c)
	}
	for _, c := range r.Changes {
		security := slices.Contains(c.Reasons, diff.ReasonSecurity)
		out.Changes = append(out.Changes, Change{
			Kind: ChangeKind(c.Kind.String()), Path: c.Path, OldPath: c.OldPath, Dir: c.Dir,
			Reasons: c.Reasons, SizeDelta: c.SizeDelta, Old: side(c.Old, security), New: side(c.New, security),
		})
	}
	return out
}

// side describes one version of a changed entry; withSecurity adds its
// descriptor's structure.
func side(f *meta.File, withSecurity bool) *Side {
	if f == nil {
		return nil
	}
	s := &Side{Size: f.Size(), Attributes: f.Attributes.Names(), Modified: TimeText(f.LastWrite.Time())}
	if s.Attributes == nil {
		s.Attributes = []string{}
	}
	if d := f.Data(); d != nil && !d.Hash.IsZero() {
		s.SHA1 = d.Hash.String()
	}
	if sd := f.SecurityDescriptor(); sd != nil {
		s.SDDL, _ = sddl.Format(sd)
		if withSecurity {
			if d, err := sddl.Parse(sd); err == nil {
				s.Security = SecurityOf(d)
			}
		}
	}
	for _, st := range f.NamedStreams() {
		s.Streams = append(s.Streams, Stream{Name: st.Name, Type: StreamType(st.Type.String()), Hash: st.Hash.String(), Size: st.Size})
	}
	return s
}
