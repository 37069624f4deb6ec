package view

import (
	"context"
	"fmt"
	"slices"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// FaultKind says what a verify fault is about.
type FaultKind string

// Fault kinds.
const (
	FaultDamaged FaultKind = "damaged" // a blob that cannot be read or hashes wrong
	FaultMissing FaultKind = "missing" // a blob files use that no part given holds
	FaultImage   FaultKind = "image"   // an image's metadata that does not parse
	// FaultEntries is entries of an image that no writer makes, of one
	// kind (meta.AnomalyKind.Fault): a cycle, "." or "..", two of one name...
	FaultEntries FaultKind = "entries"
	// FaultArchive is the archive as a whole: its XML data, its image
	// counts (wim.Archive.Inconsistencies).
	FaultArchive FaultKind = "archive"
	// FaultParts is the parts of a split archive that were not given,
	// with the files whose data they hold (a Use each, without Stream):
	// those cannot be checked. It stands for every FaultMissing there
	// would be.
	FaultParts FaultKind = "parts"
)

// Fault is a problem a verify found, with every place that uses what
// failed, as the core has them (DescribeVerify says them for the CLI and
// the page).
type Fault struct {
	Kind   FaultKind
	Hash   digest.SHA1 // the blob, or the image's metadata blob; zero for the archive and parts
	Err    error
	UsedBy []Use
}

// Use is a place a blob is used: a file's stream (Stream names a named
// one), or with Metadata, an image's metadata. For FaultEntries, it is an
// entry of that kind and Detail says what is wrong with it.
type Use struct {
	Image    int
	File     *meta.File
	Stream   string
	Metadata bool
	Detail   string
}

// errNotHeld is a missing blob's error.
type errNotHeld struct{}

func (errNotHeld) Error() string { return "no part given holds this blob" }
func (errNotHeld) Unwrap() error { return wim.ErrMissingBlob }

// EntriesError is a FaultEntries' error: entries of one anomaly kind.
type EntriesError struct{ Kind meta.AnomalyKind }

func (e *EntriesError) Error() string {
	return fmt.Sprintf("the image's file tree has entries no writer makes (%s): %s", e.Kind, e.Kind.Describe())
}

func (e *EntriesError) Unwrap() error { return wim.ErrFormat }

// Faults lists rep's damaged blobs with every place in every image that
// uses each, and adds the archive's inconsistencies, the blobs files use
// that no part holds (one FaultParts when parts are missing), the images
// that do not parse and their entries no writer makes. It parses an image
// only when a blob is damaged or verify could not vouch for it
// (VerifyReport.Unsound), which spares parsing every image of a clean
// archive. image returns image i parsed: Archive.Image, or a cache of
// parsed images. A cancelled ctx stops the walk.
func Faults(ctx context.Context, a *wim.Archive, rep *bulk.VerifyReport, image func(i int) (*meta.Image, error)) ([]Fault, error) {
	var out []Fault
	for _, err := range a.Inconsistencies() {
		out = append(out, Fault{Kind: FaultArchive, Err: err})
	}
	byHash := map[digest.SHA1]int{} // index into out
	for _, f := range rep.Faults {
		byHash[f.Hash] = len(out)
		out = append(out, Fault{Kind: FaultDamaged, Hash: f.Hash, Err: f.Err})
	}
	total, missingParts := a.Parts()
	var parts *Fault // FaultParts, when parts are missing
	if len(missingParts) > 0 {
		parts = &Fault{Kind: FaultParts, Err: &wim.MissingPartsError{Total: total, Missing: missingParts}}
	}
	var entries []Fault
	for i := 1; i <= a.ImageCount(); i++ {
		mb, err := a.MetadataBlob(i)
		if err != nil {
			continue
		}
		if k, ok := byHash[mb.Hash]; ok {
			out[k].UsedBy = append(out[k].UsedBy, Use{Image: i, Metadata: true})
			continue
		}
		if len(rep.Faults) == 0 && !slices.Contains(rep.Unsound, i) {
			continue
		}
		img, err := image(i)
		if err != nil {
			out = append(out, Fault{Kind: FaultImage, Hash: mb.Hash, Err: err, UsedBy: []Use{{Image: i, Metadata: true}}})
			continue
		}
		byKind := map[meta.AnomalyKind]int{} // index into entries
		err = img.Walk(func(f *meta.File) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, an := range f.Anomalies() {
				// A missing blob is listed by the blob, below.
				if !an.Kind.Fault() || an.Kind == meta.AnomalyMissingBlob {
					continue
				}
				k, ok := byKind[an.Kind]
				if !ok {
					k = len(entries)
					byKind[an.Kind] = k
					entries = append(entries, Fault{Kind: FaultEntries, Hash: mb.Hash, Err: &EntriesError{an.Kind}})
				}
				entries[k].UsedBy = append(entries[k].UsedBy, Use{Image: i, File: f, Detail: an.Detail})
			}
			inParts := false // whether parts lists f already
			for _, s := range f.Streams {
				if s.Missing && parts != nil {
					if !inParts {
						parts.UsedBy = append(parts.UsedBy, Use{Image: i, File: f})
						inParts = true
					}
					continue
				}
				if _, ok := byHash[s.Hash]; s.Missing && !ok {
					byHash[s.Hash] = len(out)
					out = append(out, Fault{Kind: FaultMissing, Hash: s.Hash, Err: errNotHeld{}})
				}
				if k, ok := byHash[s.Hash]; ok {
					out[k].UsedBy = append(out[k].UsedBy, Use{Image: i, File: f, Stream: s.Name})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out = append(out, entries...)
	if parts != nil {
		out = append(out, *parts)
	}
	return out, nil
}

// Verify is verify's one report: what `wimlens verify --json` prints and
// what the worker's verify answers, with the one verdict (Verdict).
type Verify struct {
	OK             bool          `json:"ok"`    // Verdict's: nothing wrong
	Blobs          int           `json:"blobs"` // blobs hashed, metadata included
	Bytes          int64         `json:"bytes"` // uncompressed bytes hashed
	Integrity      Integrity     `json:"integrity"`
	IntegrityError *ErrorInfo    `json:"integrityError,omitempty"` // why the integrity table is bad
	MissingParts   []int         `json:"missingParts,omitempty"`
	Faults         []VerifyFault `json:"faults"`
}

// Integrity is the integrity tables' verdict.
type Integrity string

// Integrity verdicts.
const (
	IntegrityOK     Integrity = "ok"
	IntegrityAbsent Integrity = "absent" // no part has an integrity table
	IntegrityBad    Integrity = "bad"
)

// VerifyFault is one of Faults: a blob that failed or is missing, an
// image's metadata that does not parse or its entries of one kind that no
// writer makes, the archive as a whole, or the parts not given, with the
// places each touches.
type VerifyFault struct {
	Kind   FaultKind  `json:"kind"`
	Hash   string     `json:"sha1,omitempty"` // the blob or image metadata, if any
	Error  ErrorInfo  `json:"error"`
	UsedBy []FaultUse `json:"usedBy"`
	// Unlisted counts the places left out of UsedBy when it is bounded
	// (the page's: see DescribeVerify); the CLI lists them all.
	Unlisted int `json:"unlisted,omitempty"`
}

// FaultUse is a place a fault touches: a file's stream, an image's
// metadata, or for FaultEntries an entry and what is wrong with it.
type FaultUse struct {
	Image    int    `json:"image"`
	Path     string `json:"path,omitempty"`
	Stream   string `json:"stream,omitempty"` // a named stream's name
	Metadata bool   `json:"metadata,omitempty"`
	Detail   string `json:"detail,omitempty"`
}

// Verdict is the one verdict on a verify, the CLI's exit status and the
// page's: OK only when verify found no fault, the integrity tables match
// (or there are none) and no part is missing, since what a missing part
// holds cannot be checked.
func Verdict(rep *bulk.VerifyReport, faults []Fault, missingParts []int) bool {
	return rep.Integrity == nil && len(faults) == 0 && len(missingParts) == 0
}

// The page's bounds on the places listed: maxFaultPaths per blob,
// maxListedFiles behind its disclosure of missing parts or bad entries.
const (
	maxFaultPaths  = 20
	maxListedFiles = 1000
)

// DescribeVerify is the report on rep: the faults Faults finds (image is
// as there), each with the places it touches, all of them, or with
// bounded, as many as the page shows.
func DescribeVerify(ctx context.Context, a *wim.Archive, rep *bulk.VerifyReport, image func(i int) (*meta.Image, error), bounded bool) (*Verify, error) {
	faults, err := Faults(ctx, a, rep, image)
	if err != nil {
		return nil, err
	}
	_, missing := a.Parts()
	v := &Verify{Blobs: rep.Blobs, Bytes: rep.Bytes, Integrity: IntegrityAbsent, MissingParts: missing,
		Faults: []VerifyFault{}, OK: Verdict(rep, faults, missing)}
	switch {
	case rep.Integrity != nil:
		v.Integrity, v.IntegrityError = IntegrityBad, DescribeError(rep.Integrity)
	case rep.HasIntegrity:
		v.Integrity = IntegrityOK
	}
	for _, f := range faults {
		vf := VerifyFault{Kind: f.Kind, Error: *DescribeError(f.Err), UsedBy: []FaultUse{}}
		if !f.Hash.IsZero() {
			vf.Hash = f.Hash.String()
		}
		uses := f.UsedBy
		if bounded {
			limit := maxFaultPaths
			if f.Kind == FaultParts || f.Kind == FaultEntries {
				limit = maxListedFiles
			}
			uses = uses[:min(len(uses), limit)]
			vf.Unlisted = len(f.UsedBy) - len(uses)
		}
		for _, u := range uses {
			fu := FaultUse{Image: u.Image, Stream: u.Stream, Metadata: u.Metadata, Detail: u.Detail}
			if u.File != nil {
				fu.Path = u.File.Path()
			}
			vf.UsedBy = append(vf.UsedBy, fu)
		}
		v.Faults = append(v.Faults, vf)
	}
	return v, nil
}

// The page verifies on every core (web/src/verify-pool.ts): every engine
// verifies the shards it claims and the engine the page browses with
// joins all their reports (wasm/api/shards.go). These are what engines
// tell each other.

// ShardReports is what an engine says of the shards it verified.
type ShardReports struct {
	N      int           `json:"n"` // how many shards the archive is cut in
	Shards []ShardReport `json:"shards"`
}

// ShardReport is the verify report of one shard, its errors described for
// the engine that joins the reports.
type ShardReport struct {
	Shard        int          `json:"shard"`
	Blobs        int          `json:"blobs"`
	Bytes        int64        `json:"bytes"`
	HasIntegrity bool         `json:"hasIntegrity"`
	Integrity    *ErrorInfo   `json:"integrity,omitempty"`
	Unsound      []int        `json:"unsound,omitempty"`
	Faults       []ShardFault `json:"faults,omitempty"`
}

// ShardFault is a damaged blob of a shard.
type ShardFault struct {
	Hash  string    `json:"sha1"`
	Error ErrorInfo `json:"error"`
}
