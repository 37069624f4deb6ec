package view

import (
	"testing"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
)

// The outward names are converted from the core's String methods: each
// must be one the protocol declares.
func TestKindsAreDeclared(t *testing.T) {
	streams := map[meta.StreamType]StreamType{meta.StreamData: StreamData, meta.StreamReparse: StreamReparse, meta.StreamEFS: StreamEFS}
	for m, v := range streams {
		if got := StreamType(m.String()); got != v {
			t.Errorf("meta stream type %d goes out as %q, view declares %q", m, got, v)
		}
	}
	changes := map[diff.Kind]ChangeKind{diff.Added: ChangeAdded, diff.Deleted: ChangeDeleted, diff.Modified: ChangeModified, diff.Renamed: ChangeRenamed}
	for d, v := range changes {
		if got := ChangeKind(d.String()); got != v {
			t.Errorf("diff kind %q goes out as %q, view declares %q", rune(d), got, v)
		}
	}
}
