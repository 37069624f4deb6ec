package api

import (
	"context"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// verify verifies the archive, or joins the reports of engines that
// shared the work (see shards.go), then finds the files each fault hits,
// as many as the page lists.
func (s *session) verify(ctx context.Context, reports *view.ShardReports, out Out) (*view.Verify, error) {
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
	return view.DescribeVerify(ctx, s.a, rep, func(i int) (*meta.Image, error) {
		li, err := s.image(i)
		if err != nil {
			return nil, err
		}
		return li.img, nil
	}, true)
}
