package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestZipDirGivesBackEveryRecord, in order, across batches and with names
// as long as a zip allows.
func TestZipDirGivesBackEveryRecord(t *testing.T) {
	var d zipDir
	var want []byte
	for i := range 3000 {
		name := fmt.Sprintf("folder/sub/%d.txt", i)
		if i%1000 == 7 {
			name = strings.Repeat("n", uint16max)
		}
		r := newZipRecord(name, 0o644, time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC))
		r.offset, r.csize, r.usize, r.crc = uint64(i)*100, uint64(i), uint64(i), uint32(i)
		want = r.appendCentral(want)
		d.add(r)
	}
	if len(d.packed) < 2 {
		t.Fatalf("%d batches deflated, want several", len(d.packed))
	}
	var got []byte
	if err := d.each(func(p []byte) error { got = append(got, p...); return nil }); err != nil {
		t.Fatal(err)
	}
	if d.n != 3000 || !bytes.Equal(got, want) {
		t.Errorf("%d records, %d bytes given back; want 3000, %d bytes", d.n, len(got), len(want))
	}
}
