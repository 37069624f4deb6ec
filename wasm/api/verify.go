package api

import (
	"context"
	"fmt"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// maxFaultPaths bounds the paths listed per corrupt blob; maxListedFiles
// those behind the page's disclosure of missing parts or bad entries.
const (
	maxFaultPaths  = 20
	maxListedFiles = 1000
)

// verify verifies the archive, or joins the reports of engines that
// shared the work (see shards.go), then finds the files each fault hits.
func (s *session) verify(ctx context.Context, reports *view.ShardReports, out Out) (*view.Verified, error) {
	var rep *bulk.VerifyReport
	var err error
	if reports != nil {
		rep, err = s.joinShards(reports)
	} else {
		rep, err = bulk.Verify(ctx, s.a, s.bulk, out.Progress)
	}
	if err != nil {
		return nil, err
	}
	v := &view.Verified{Blobs: rep.Blobs, Bytes: rep.Bytes, HasIntegrity: rep.HasIntegrity, Faults: []view.VerifyFault{}}
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
		vf := view.VerifyFault{Kind: f.Kind, Error: *view.DescribeError(f.Err), Paths: []string{}, Users: len(f.UsedBy)}
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
