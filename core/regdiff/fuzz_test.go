package regdiff

import (
	"context"
	"testing"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/hivetest"
)

func vector(t testing.TB, name string) []byte {
	b, err := hivetest.Gunzip("../../testvectors/hives/" + name + ".gz")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// compare opens two hives as windiff does (whole, in memory) and compares
// them; nil when either does not open.
func compare(a, b []byte, lim Limits) *view.WinHiveDiff {
	oh, err := hive.OpenBytes(a, `HKLM\X`)
	if err != nil {
		return nil
	}
	nh, err := hive.OpenBytes(b, `HKLM\X`)
	if err != nil {
		return nil
	}
	var d view.WinHiveDiff
	Compare(context.Background(), oh, nh, lim, &d)
	return &d
}

// FuzzRegistryDiff compares two mutated hives: it never panics, lists at
// most the limit, keeps at most the limit of problems (and one that counts
// the rest), and reads no more than the budget, which the fuzzer's time
// per input shows.
func FuzzRegistryDiff(f *testing.F) {
	soft, sys, empty := vector(f, "SOFTWARE"), vector(f, "SYSTEM"), vector(f, "empty")
	f.Add(sys, sys)
	f.Add(empty, sys)
	f.Add(sys, empty)
	// SOFTWARE is 8 MB, mostly free cells: its first 256 KiB hold the root
	// and its first keys, and hive.Open reads what the file holds.
	f.Add(soft[:256<<10], sys)
	lim := Limits{Changes: 50, Problems: 5}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		d := compare(a, b, lim)
		if d == nil {
			return
		}
		if len(d.Changes) > lim.Changes || len(d.Changes) > d.Total {
			t.Fatalf("%d changes listed of %d, limit %d", len(d.Changes), d.Total, lim.Changes)
		}
		if len(d.Problems) > lim.Problems+1 {
			t.Fatalf("%d problems kept, limit %d", len(d.Problems), lim.Problems)
		}
	})
}
