package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/wim"
)

// Built for js/wasm, the CLI has one thread; verify takes the second core
// by running itself again as a helper engine (host_js.go). The two claim
// shards of the archive from one counter (bulk.VerifyShards) and the
// helper sends its reports back. These are what they say to each other.

// shardReport is a bulk.VerifyReport sent between engines: errors travel
// as their messages, which is all verify prints of them.
type shardReport struct {
	Blobs        int
	Bytes        int64
	Faults       []shardFault
	Integrity    string
	HasIntegrity bool
	Unsound      []int
}

type shardFault struct {
	Hash digest.SHA1
	Err  string
}

func toShardReport(r *bulk.VerifyReport) *shardReport {
	s := &shardReport{Blobs: r.Blobs, Bytes: r.Bytes, HasIntegrity: r.HasIntegrity, Unsound: r.Unsound}
	for _, f := range r.Faults {
		s.Faults = append(s.Faults, shardFault{f.Hash, f.Err.Error()})
	}
	if r.Integrity != nil {
		s.Integrity = r.Integrity.Error()
	}
	return s
}

func (s *shardReport) report() *bulk.VerifyReport {
	r := &bulk.VerifyReport{Blobs: s.Blobs, Bytes: s.Bytes, HasIntegrity: s.HasIntegrity, Unsound: s.Unsound}
	for _, f := range s.Faults {
		r.Faults = append(r.Faults, bulk.BlobFault{Hash: f.Hash, Err: errors.New(f.Err)})
	}
	if s.Integrity != "" {
		r.Integrity = errors.New(s.Integrity)
	}
	return r
}

// helperReports is what a helper sends: the reports of the shards it
// verified, and how many shards it cut the archive in, which the engines
// compute alike.
type helperReports struct {
	N       int
	Reports map[int]*shardReport
}

// The reports travel as text of our own, not JSON: encoding/json's
// reflection was the last code the engines made hot, and Node waited for
// V8 to finish compiling it before it let the program exit. The text is
// N, then for each shard a line
//
//	k blobs bytes hasIntegrity integrity unsound... faults
//
// (unsound being a count and the images' numbers) and a line "sha1 err"
// for each of its faults, where a string is its length in bytes, a colon
// and its bytes.

func (r *helperReports) MarshalText() ([]byte, error) {
	b := strconv.AppendInt(nil, int64(r.N), 10)
	str := func(s string) {
		s = strings.ToValidUTF8(s, "\uFFFD") // JS strings carry it between the engines
		b = append(strconv.AppendInt(append(b, ' '), int64(len(s)), 10), ':')
		b = append(b, s...)
	}
	for k, s := range r.Reports {
		b = append(b, '\n')
		for _, n := range []int64{int64(k), int64(s.Blobs), s.Bytes} {
			b = strconv.AppendInt(append(b, ' '), n, 10)
		}
		b = strconv.AppendBool(append(b, ' '), s.HasIntegrity)
		str(s.Integrity)
		for _, n := range append([]int{len(s.Unsound)}, s.Unsound...) {
			b = strconv.AppendInt(append(b, ' '), int64(n), 10)
		}
		b = strconv.AppendInt(append(b, ' '), int64(len(s.Faults)), 10)
		for _, f := range s.Faults {
			b = append(append(b, '\n'), f.Hash.String()...)
			str(f.Err)
		}
	}
	return b, nil
}

func (r *helperReports) UnmarshalText(text []byte) error {
	t := reportText{s: string(text)}
	r.N = t.int()
	r.Reports = map[int]*shardReport{}
	for t.err == nil && t.s != "" {
		k := t.int()
		s := &shardReport{Blobs: t.int(), Bytes: int64(t.int())}
		s.HasIntegrity, _ = strconv.ParseBool(t.word())
		s.Integrity = t.str()
		for range min(t.int(), len(t.s)) {
			s.Unsound = append(s.Unsound, t.int())
		}
		for range min(t.int(), len(t.s)) {
			var f shardFault
			if f.Hash, t.err = digest.Parse(t.word()); t.err == nil {
				f.Err = t.str()
			}
			s.Faults = append(s.Faults, f)
		}
		r.Reports[k] = s
	}
	return t.err
}

// reportText reads helperReports' text; its first error sticks.
type reportText struct {
	s   string
	err error
}

// word reads up to the next space or line end, and past it.
func (t *reportText) word() string {
	t.s = strings.TrimLeft(t.s, " \n")
	i := strings.IndexAny(t.s, " \n")
	if i < 0 {
		i = len(t.s)
	}
	w := t.s[:i]
	t.s = t.s[i:]
	if w == "" && t.err == nil {
		t.err = errors.New("helper reports: too short")
	}
	return w
}

func (t *reportText) int() int {
	n, err := strconv.Atoi(t.word())
	if err != nil && t.err == nil {
		t.err = fmt.Errorf("helper reports: %w", err)
	}
	return n
}

func (t *reportText) str() string {
	t.s = strings.TrimLeft(t.s, " ")
	n, rest, ok := strings.Cut(t.s, ":")
	size, err := strconv.Atoi(n)
	if !ok || err != nil || size < 0 || size > len(rest) {
		if t.err == nil {
			t.err = errors.New("helper reports: bad string")
		}
		t.s = ""
		return ""
	}
	t.s = rest[size:]
	return rest[:size]
}

// runShards does a helper's job: it opens the archive as verify would, for
// verify's arguments args, verifies the shards claim names, and returns
// their reports as helperReports' text.
func runShards(ctx context.Context, args []string, claim func() int) ([]byte, error) {
	c, _ := verifyCommand()
	a, _, err := c.open(&env{ctx: ctx, stderr: io.Discard}, args)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	n := bulk.ShardCount(a.Archive)
	reps, err := bulk.VerifyShards(ctx, a.Archive, engine(), nil, n, claim)
	if err != nil {
		return nil, err
	}
	out := helperReports{N: n, Reports: map[int]*shardReport{}}
	for k, r := range reps {
		out.Reports[k] = toShardReport(r)
	}
	return out.MarshalText()
}

// shardHelper is a helper engine at work on the archive verify opened.
type shardHelper interface {
	// claim names the next shard to verify, from the helper's counter.
	claim() int
	// reports waits for the helper's reports.
	reports() (*helperReports, error)
	stop()
}

// verifyShared verifies a with the helper, if there is one: both claim
// shards, and this engine verifies any the helper did not report on.
// progress counts both engines' work as if the helper went at this one's
// pace.
func verifyShared(ctx context.Context, a *wim.Archive, progress wim.Progress, h shardHelper) (*bulk.VerifyReport, error) {
	opts := engine()
	if h == nil {
		return bulk.Verify(ctx, a, opts, progress)
	}
	var twice wim.Progress
	if progress != nil {
		twice = func(done, total int64) { progress(min(2*done, total), total) }
	}
	n := bulk.ShardCount(a)
	mine, err := bulk.VerifyShards(ctx, a, opts, twice, n, h.claim)
	if err != nil {
		return nil, err
	}
	if theirs, err := h.reports(); err == nil && theirs.N == n {
		for k, r := range theirs.Reports {
			if _, ok := mine[k]; !ok && k >= 0 && k < n {
				mine[k] = r.report()
			}
		}
	}
	all := make([]*bulk.VerifyReport, n)
	for k := range all {
		if all[k] = mine[k]; all[k] == nil {
			reps, err := bulk.VerifyShards(ctx, a, opts, nil, n, bulk.Only(k))
			if err != nil {
				return nil, err
			}
			all[k] = reps[k]
		}
	}
	return bulk.MergeReports(all...), nil
}
