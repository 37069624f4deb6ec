package regdiff

import (
	"testing"

	"github.com/wimlens/wimlens/core/view"
)

// A hive compared with itself lists nothing; with another, what differs
// both ways round.
func TestSameAndSwapped(t *testing.T) {
	sys, empty := vector(t, "SYSTEM"), vector(t, "empty")
	d := compare(sys, sys, DefaultLimits)
	if d == nil || d.Total != 0 || d.Error != nil || len(d.Problems) != 0 || d.Keys < 10 {
		t.Fatalf("SYSTEM against itself: %+v", d)
	}
	add := compare(empty, sys, DefaultLimits)
	del := compare(sys, empty, DefaultLimits)
	if add.Total == 0 || add.Total != del.Total {
		t.Fatalf("empty → SYSTEM: %d changes; SYSTEM → empty: %d", add.Total, del.Total)
	}
	for i, c := range add.Changes {
		r := del.Changes[i]
		switch {
		case c.Kind == view.RegKeyAdded && r.Kind == view.RegKeyRemoved, c.Kind == view.RegValueAdded && r.Kind == view.RegValueRemoved:
		default:
			t.Errorf("change %d: %s, swapped %s", i, c.Kind, r.Kind)
		}
		if c.Key != r.Key || c.Value != r.Value || c.New != r.Old || c.NewType != r.OldType {
			t.Errorf("change %d: %+v, swapped %+v", i, c, r)
		}
	}
}

// The limit cuts the list, not the count.
func TestLimit(t *testing.T) {
	sys, empty := vector(t, "SYSTEM"), vector(t, "empty")
	all := compare(empty, sys, DefaultLimits)
	cut := compare(empty, sys, Limits{Changes: 1, Problems: 1})
	if len(cut.Changes) != 1 || cut.Total != all.Total || cut.Limit != 1 {
		t.Fatalf("limit 1: %d listed of %d (all: %d)", len(cut.Changes), cut.Total, all.Total)
	}
}
