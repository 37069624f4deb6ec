package api

import (
	"encoding/json"
	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// Engines sharing a verify (the page's engine and helpers with their own
// copy of the files, claiming shards from one counter) report, once
// joined, what a lone verify reports: on clean vectors, and on copies
// damaged in their blobs and integrity-covered bytes.
func TestVerifyShardsJoinAsOne(t *testing.T) {
	for _, name := range []string{"ntfs-xpress-integrity.wim", "ntfs-solid.esd", "ntfs-two.wim", "ntfs-xpress-4k.wim"} {
		src := filepath.Join("..", "..", "testvectors", name)
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		damaged := append([]byte(nil), b...)
		for _, at := range []int{len(b) / 5, len(b) / 3, len(b) / 2} {
			damaged[at] ^= 0x55
		}
		bad := filepath.Join(t.TempDir(), "bad-"+name)
		if err := os.WriteFile(bad, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{src, bad} {
			t.Run(filepath.Base(path), func(t *testing.T) {
				alone, _ := do[*view.Verify](t, open(t, path), Request{Op: "verify"})
				if path == bad && alone.OK {
					t.Fatalf("the damage went unnoticed: %+v", alone)
				}
				for _, engines := range []int{2, 3} {
					joined := verifyShared(t, path, engines)
					a, _ := json.Marshal(alone)
					j, _ := json.Marshal(joined)
					if string(a) != string(j) {
						t.Fatalf("%d engines:\n%s\nalone:\n%s", engines, j, a)
					}
				}
			})
		}
	}
}

// verifyShared verifies path on engines engines as the page does: each
// but the first opens its own copy, all claim from one counter at once,
// and the first joins their reports, which travel as JSON.
func verifyShared(t *testing.T, path string, engines int) *view.Verify {
	t.Helper()
	main := open(t, path)
	var next atomic.Int64
	claim := func() int { return int(next.Add(1) - 1) }
	all := &view.ShardReports{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for e := range engines {
		wg.Go(func() {
			s, req := main, Request{Op: "verifyShards", Claim: claim}
			if e > 0 {
				s, req.Files = NewServer(nil), []Part{part(t, path)}
			}
			res, err := s.Handle(req, &collector{})
			if err != nil {
				t.Errorf("engine %d: %v", e, err)
				return
			}
			wire, _ := json.Marshal(res)
			var r view.ShardReports
			if err := json.Unmarshal(wire, &r); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			all.N = r.N
			all.Shards = append(all.Shards, r.Shards...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	v, _ := do[*view.Verify](t, main, Request{Op: "verify", Reports: all})
	return v
}

// A report that lacks a shard, or has one twice, is refused, not taken
// for a whole archive's.
func TestVerifyJoinRefusesIncompleteReports(t *testing.T) {
	path := filepath.Join("..", "..", "testvectors", "ntfs-two.wim")
	s := open(t, path)
	one, _ := do[*view.ShardReports](t, s, Request{Op: "verifyShards", Claim: bulk.Only(0)})
	for _, r := range []*view.ShardReports{one, {N: one.N, Shards: append(one.Shards, one.Shards...)}, {N: one.N + 1}} {
		if _, err := s.Handle(Request{Op: "verify", Reports: r}, &collector{}); err == nil {
			t.Fatalf("joined %+v", r)
		}
	}
	if _, err := s.Handle(Request{Op: "verifyShards"}, &collector{}); err == nil {
		t.Fatal("verifyShards without a counter")
	}
}

// A field added to bulk.VerifyReport must travel between engines too:
// ShardReport carries these, and joinShards gives them back.
func TestShardReportCarriesEveryField(t *testing.T) {
	carried := []string{"Blobs", "Bytes", "Faults", "Integrity", "HasIntegrity", "Unsound"}
	rt := reflect.TypeFor[bulk.VerifyReport]()
	var fields []string
	for i := range rt.NumField() {
		fields = append(fields, rt.Field(i).Name)
	}
	if !slices.Equal(fields, carried) {
		t.Fatalf("bulk.VerifyReport has %v; ShardReport carries %v", fields, carried)
	}
}
