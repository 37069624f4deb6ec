package api

import (
	"context"
	"fmt"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// Verified is the outcome of verify.
type Verified struct {
	OK           bool            `json:"ok"`
	Blobs        int             `json:"blobs"`
	Bytes        int64           `json:"bytes"`
	HasIntegrity bool            `json:"hasIntegrity"`
	Integrity    *view.ErrorInfo `json:"integrity,omitempty"`
	Faults       []VerifyFault   `json:"faults"`
}

// VerifyFault is one of view.Faults: a blob that failed or is missing,
// an image's metadata that does not parse or its entries of one kind that
// no writer makes, the archive as a whole, or the parts not given, with
// the places each touches.
type VerifyFault struct {
	Kind  string          `json:"kind"`           // view's Fault kinds
	Hash  string          `json:"sha1,omitempty"` // the blob or image metadata, if any
	Error *view.ErrorInfo `json:"error"`
	// Paths are "image N: /path" (and ": what is wrong" for entries), at
	// most maxFaultPaths (maxListedFiles for entries and parts).
	Paths []string `json:"paths"`
	Users int      `json:"users"` // all of them: streams, entries, or files for parts
}

// maxFaultPaths bounds the paths listed per corrupt blob; maxListedFiles
// those behind the page's disclosure of missing parts or bad entries.
const (
	maxFaultPaths  = 20
	maxListedFiles = 1000
)

// verify verifies the archive, or joins the reports of engines that
// shared the work (see shards.go), then finds the files each fault hits.
func (s *session) verify(ctx context.Context, reports *view.ShardReports, out Out) (*Verified, error) {
	var rep *bulk.VerifyReport
	var err error
	if reports != nil {
		rep, err = s.joinShards(reports)
	} else {
		rep, err = bulk.Verify(ctx, s.a, out.Progress)
	}
	if err != nil {
		return nil, err
	}
	v := &Verified{Blobs: rep.Blobs, Bytes: rep.Bytes, HasIntegrity: rep.HasIntegrity, Faults: []VerifyFault{}}
	if rep.Integrity != nil {
		v.Integrity = view.DescribeError(rep.Integrity)
	}
	faults, err := view.Faults(ctx, s.a, rep, func(i int) (*meta.Image, error) {
		li, err := s.image(i)
		if err != nil {
			return nil, err
		}
		return li.img, nil
	})
	if err != nil {
		return nil, err
	}
	for _, f := range faults {
		vf := VerifyFault{Kind: f.Kind, Error: view.DescribeError(f.Err), Paths: []string{}, Users: len(f.UsedBy)}
		if !f.Hash.IsZero() {
			vf.Hash = f.Hash.String()
		}
		limit := maxFaultPaths
		if f.Kind == view.FaultParts || f.Kind == view.FaultEntries {
			limit = maxListedFiles
		}
		for _, u := range f.UsedBy[:min(len(f.UsedBy), limit)] {
			path := fmt.Sprintf("image %d: its metadata (the whole file tree)", u.Image)
			if !u.Metadata {
				path = fmt.Sprintf("image %d: %s", u.Image, u.File.Path())
			}
			if u.Stream != "" {
				path += ":" + u.Stream
			}
			if u.Detail != "" {
				path += ": " + u.Detail
			}
			vf.Paths = append(vf.Paths, path)
		}
		v.Faults = append(v.Faults, vf)
	}
	v.OK = rep.Integrity == nil && len(v.Faults) == 0
	return v, nil
}
