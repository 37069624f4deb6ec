package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// The page verifies on every core (web/src/verify-pool.ts): besides the
// engine it browses with, it starts helper engines, each in a worker of
// its own with the same files. Every engine verifies the shards it claims
// (verifyShards, wim.VerifyShards) and the engine the page browses with
// joins all their reports (verify with Reports), which gives the report a
// lone verify makes: the shards' reports merged in order.

// ShardReports is what an engine says of the shards it verified.
type ShardReports struct {
	N      int           `json:"n"` // how many shards the archive is cut in
	Shards []ShardReport `json:"shards"`
}

// ShardReport is wim.VerifyReport of one shard, its errors described for
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

// ShardFault is a wim.BlobFault of a shard.
type ShardFault struct {
	Hash  string     `json:"sha1"`
	Error *ErrorInfo `json:"error"`
}

// described is an error another engine met, as it described it: Describe
// gives back the same description.
type described struct{ info ErrorInfo }

func (e *described) Error() string { return e.info.Message }

func undescribe(info *ErrorInfo) error {
	if info == nil {
		return errors.New("an engine reported an error without saying which")
	}
	return &described{*info}
}

// verifyShards verifies the shards claim names (see wim.VerifyShards).
// progress counts this engine's work out of the whole archive's.
func (s *session) verifyShards(ctx context.Context, claim func() int, out Out) (*ShardReports, error) {
	if claim == nil {
		return nil, errors.New("verifyShards was sent without a shard counter")
	}
	n := s.a.ShardCount()
	reps, err := s.a.VerifyShards(ctx, out.Progress, n, claim)
	if err != nil {
		return nil, err
	}
	res := &ShardReports{N: n, Shards: []ShardReport{}}
	for k, r := range reps {
		sr := ShardReport{Shard: k, Blobs: r.Blobs, Bytes: r.Bytes, HasIntegrity: r.HasIntegrity, Unsound: r.Unsound}
		if r.Integrity != nil {
			sr.Integrity = Describe(r.Integrity)
		}
		for _, f := range r.Faults {
			sr.Faults = append(sr.Faults, ShardFault{Hash: f.Hash.String(), Error: Describe(f.Err)})
		}
		res.Shards = append(res.Shards, sr)
	}
	slices.SortFunc(res.Shards, func(x, y ShardReport) int { return cmp.Compare(x.Shard, y.Shard) })
	return res, nil
}

// joinShards is the archive's report from the reports of all its shards,
// each of which must be there once.
func (s *session) joinShards(sr *ShardReports) (*wim.VerifyReport, error) {
	n := s.a.ShardCount()
	if sr.N != n {
		return nil, fmt.Errorf("internal error: an engine cut the archive in %d verify shards, this one in %d", sr.N, n)
	}
	all := make([]*wim.VerifyReport, n)
	for _, r := range sr.Shards {
		if r.Shard < 0 || r.Shard >= n || all[r.Shard] != nil {
			return nil, fmt.Errorf("internal error: verify shard %d of %d reported twice or out of range", r.Shard, n)
		}
		rep := &wim.VerifyReport{Blobs: r.Blobs, Bytes: r.Bytes, HasIntegrity: r.HasIntegrity, Unsound: r.Unsound}
		if r.Integrity != nil {
			rep.Integrity = undescribe(r.Integrity)
		}
		for _, f := range r.Faults {
			h, err := digest.Parse(f.Hash)
			if err != nil {
				return nil, fmt.Errorf("internal error: verify shard %d: %w", r.Shard, err)
			}
			rep.Faults = append(rep.Faults, wim.BlobFault{Hash: h, Err: undescribe(f.Error)})
		}
		all[r.Shard] = rep
	}
	for k, r := range all {
		if r == nil {
			return nil, fmt.Errorf("internal error: no engine reported on verify shard %d of %d", k, n)
		}
	}
	return wim.MergeReports(all...), nil
}
