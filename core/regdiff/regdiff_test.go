package regdiff

import (
	"strings"
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

// A key that lists the root again (a cycle) is a problem on that key,
// and is not entered again: two such hives compare, the same, in one
// pass. (Where only one side has it, the key is one that side alone has,
// and is listed as added or removed without being entered.)
func TestCycle(t *testing.T) {
	sys := vector(t, "SYSTEM")
	bad := append([]byte(nil), sys...)
	const base = 0x1000
	le := func(off int) uint32 {
		return uint32(bad[off]) | uint32(bad[off+1])<<8 | uint32(bad[off+2])<<16 | uint32(bad[off+3])<<24
	}
	root := le(36)
	// The root's subkey list: an lf or lh list, whose first entry's offset
	// is made the root's own.
	list := int(le(base + int(root) + 4 + 28))
	at := base + list + 4
	if s := string(bad[at : at+2]); s != "lf" && s != "lh" {
		t.Fatalf("the root's subkey list is %q", s)
	}
	for i := range 4 {
		bad[at+4+i] = byte(root >> (8 * i))
	}
	d := compare(bad, bad, DefaultLimits)
	if d == nil || d.Error != nil {
		t.Fatalf("%+v", d)
	}
	found := false
	for _, p := range d.Problems {
		if strings.Contains(p.Message, "already reached") {
			found = true
		}
	}
	if !found {
		t.Errorf("no cycle among the problems: %+v", d.Problems)
	}
	if d.Total != 0 {
		t.Errorf("%d changes between a hive and itself: %+v", d.Total, d.Changes)
	}
}
