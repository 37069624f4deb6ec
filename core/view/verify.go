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
// failed. The CLI and the web worker each word it their way.
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
			for _, an := range f.Anomalies {
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

// Verified is the outcome of the worker's verify.
type Verified struct {
	OK           bool          `json:"ok"`
	Blobs        int           `json:"blobs"`
	Bytes        int64         `json:"bytes"`
	HasIntegrity bool          `json:"hasIntegrity"`
	Integrity    *ErrorInfo    `json:"integrity,omitempty"`
	Faults       []VerifyFault `json:"faults"`
}

// VerifyFault is one of Faults, as the page shows it: a blob that failed or is missing,
// an image's metadata that does not parse or its entries of one kind that
// no writer makes, the archive as a whole, or the parts not given, with
// the places each touches.
type VerifyFault struct {
	Kind  FaultKind `json:"kind"`
	Hash  string    `json:"sha1,omitempty"` // the blob or image metadata, if any
	Error ErrorInfo `json:"error"`
	// Paths are "image N: /path" (and ": what is wrong" for entries), at
	// most maxFaultPaths (maxListedFiles for entries and parts).
	Paths []string `json:"paths"`
	Users int      `json:"users"` // all of them: streams, entries, or files for parts
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
