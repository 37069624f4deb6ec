package api

import (
	"context"
	"fmt"

	"github.com/wimlens/wimlens/core/inspect"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Verified is the outcome of verify.
type Verified struct {
	OK           bool          `json:"ok"`
	Blobs        int           `json:"blobs"`
	Bytes        int64         `json:"bytes"`
	HasIntegrity bool          `json:"hasIntegrity"`
	Integrity    *ErrorInfo    `json:"integrity,omitempty"`
	Faults       []VerifyFault `json:"faults"`
}

// VerifyFault is a blob that failed or is missing, or an image's metadata
// that does not parse, with the files that use it (see inspect.Faults).
type VerifyFault struct {
	Hash  string     `json:"sha1"`
	Error *ErrorInfo `json:"error"`
	Paths []string   `json:"paths"` // "image N: /path", at most maxFaultPaths
	Users int        `json:"users"` // all the streams that use it
}

// maxFaultPaths bounds the paths listed per corrupt blob.
const maxFaultPaths = 20

// verify verifies the archive, or joins the reports of engines that
// shared the work (see shards.go), then finds the files each fault hits.
func (s *session) verify(ctx context.Context, reports *ShardReports, out Out) (*Verified, error) {
	var rep *wim.VerifyReport
	var err error
	if reports != nil {
		rep, err = s.joinShards(reports)
	} else {
		rep, err = s.a.Verify(ctx, out.Progress)
	}
	if err != nil {
		return nil, err
	}
	v := &Verified{Blobs: rep.Blobs, Bytes: rep.Bytes, HasIntegrity: rep.HasIntegrity, Faults: []VerifyFault{}}
	if rep.Integrity != nil {
		v.Integrity = Describe(rep.Integrity)
	}
	faults, err := inspect.Faults(ctx, s.a, rep, func(i int) (*meta.Image, error) {
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
		vf := VerifyFault{Hash: f.Hash.String(), Error: Describe(f.Err), Paths: []string{}, Users: len(f.UsedBy)}
		for _, u := range f.UsedBy[:min(len(f.UsedBy), maxFaultPaths)] {
			path := fmt.Sprintf("image %d: its metadata (the whole file tree)", u.Image)
			if !u.Metadata {
				path = fmt.Sprintf("image %d: %s", u.Image, u.File.Path())
			}
			if u.Stream != "" {
				path += ":" + u.Stream
			}
			vf.Paths = append(vf.Paths, path)
		}
		v.Faults = append(v.Faults, vf)
	}
	v.OK = rep.Integrity == nil && len(v.Faults) == 0
	return v, nil
}
