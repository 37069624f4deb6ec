package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/view"
)

// The page verifies on every core (web/src/verify-pool.ts): besides the
// engine it browses with, it starts helper engines, each in a worker of
// its own with the same files. Every engine verifies the shards it claims
// (verifyShards, bulk.VerifyShards) and the engine the page browses with
// joins all their reports (verify with Reports), which gives the report a
// lone verify makes: the shards' reports merged in order.

// verifyShards verifies the shards claim names (see bulk.VerifyShards).
// progress counts this engine's work out of the whole archive's.
func (s *session) verifyShards(ctx context.Context, claim func() int, out Out) (*view.ShardReports, error) {
	if claim == nil {
		return nil, errors.New("verifyShards was sent without a shard counter")
	}
	n := bulk.ShardCount(s.a)
	reps, err := bulk.VerifyShards(ctx, s.a, s.bulk, out.Progress, n, claim)
	if err != nil {
		return nil, err
	}
	res := &view.ShardReports{N: n, Shards: []view.ShardReport{}}
	for k, r := range reps {
		sr := view.ShardReport{Shard: k, Blobs: r.Blobs, Bytes: r.Bytes, HasIntegrity: r.HasIntegrity, Unsound: r.Unsound}
		if r.Integrity != nil {
			sr.Integrity = view.DescribeError(r.Integrity)
		}
		for _, f := range r.Faults {
			sr.Faults = append(sr.Faults, view.ShardFault{Hash: f.Hash.String(), Error: *view.DescribeError(f.Err)})
		}
		res.Shards = append(res.Shards, sr)
	}
	slices.SortFunc(res.Shards, func(x, y view.ShardReport) int { return cmp.Compare(x.Shard, y.Shard) })
	return res, nil
}

// joinShards is the archive's report from the reports of all its shards,
// each of which must be there once.
func (s *session) joinShards(sr *view.ShardReports) (*bulk.VerifyReport, error) {
	n := bulk.ShardCount(s.a)
	if sr.N != n {
		return nil, fmt.Errorf("internal error: an engine cut the archive in %d verify shards, this one in %d", sr.N, n)
	}
	all := make([]*bulk.VerifyReport, n)
	for _, r := range sr.Shards {
		if r.Shard < 0 || r.Shard >= n || all[r.Shard] != nil {
			return nil, fmt.Errorf("internal error: verify shard %d of %d reported twice or out of range", r.Shard, n)
		}
		rep := &bulk.VerifyReport{Blobs: r.Blobs, Bytes: r.Bytes, HasIntegrity: r.HasIntegrity, Unsound: r.Unsound}
		if r.Integrity != nil {
			rep.Integrity = view.Undescribe(r.Integrity)
		}
		for _, f := range r.Faults {
			h, err := digest.Parse(f.Hash)
			if err != nil {
				return nil, fmt.Errorf("internal error: verify shard %d: %w", r.Shard, err)
			}
			rep.Faults = append(rep.Faults, bulk.BlobFault{Hash: h, Err: view.Undescribe(&f.Error)})
		}
		all[r.Shard] = rep
	}
	for k, r := range all {
		if r == nil {
			return nil, fmt.Errorf("internal error: no engine reported on verify shard %d of %d", k, n)
		}
	}
	return bulk.MergeReports(all...), nil
}
