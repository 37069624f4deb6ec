package export

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"testing"
	"time"
)

// TestZipFileOfManyEntriesReadsBack: past 65,535 entries the end of the
// central directory needs ZIP64's records, which archive/zip must find.
func TestZipFileOfManyEntriesReadsBack(t *testing.T) {
	var buf bytes.Buffer
	z := zipFile{w: &buf}
	mod := time.Date(2024, 2, 29, 13, 14, 16, 0, time.UTC)
	const n = 70000
	for i := range n {
		r := newZipRecord(fmt.Sprintf("d/%d.txt", i), 0o644, mod)
		data := []byte(fmt.Sprint(i))
		r.crc, r.csize, r.usize = crc32.ChecksumIEEE(data), uint64(len(data)), uint64(len(data))
		if err := z.whole(r, data); err != nil {
			t.Fatal(err)
		}
	}
	s, err := z.stream(newZipRecord("ü/streamed.txt", 0o444, time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(s, "streamed")
	if err := s.end(crc32.ChecksumIEEE([]byte("streamed")), 8); err != nil {
		t.Fatal(err)
	}
	if err := z.close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != n+1 {
		t.Fatalf("%d entries read back, want %d", len(zr.File), n+1)
	}
	for _, i := range []int{0, 65535, n - 1} {
		f := zr.File[i]
		if f.Name != fmt.Sprintf("d/%d.txt", i) || !f.Modified.Equal(mod) || f.Mode() != 0o644 {
			t.Errorf("entry %d: %q modified %v mode %v", i, f.Name, f.Modified, f.Mode())
		}
	}
	last := zr.File[n]
	// No time is a DOS date of zero, which archive/zip reads as 1979.
	if last.Name != "ü/streamed.txt" || last.Flags&zipUTF8 == 0 || last.Mode() != 0o444 || last.Modified.Year() >= 1980 {
		t.Errorf("streamed entry: %q flags %#x mode %v modified %v", last.Name, last.Flags, last.Mode(), last.Modified)
	}
	rc, err := last.Open()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(rc); err != nil || string(b) != "streamed" {
		t.Errorf("streamed entry holds %q (%v)", b, err)
	}
}

// TestZipFileDirectoryPast4GiB: an entry, and so the central directory,
// past 4 GiB take ZIP64's offsets; the records say where they are.
func TestZipFileDirectoryPast4GiB(t *testing.T) {
	var buf bytes.Buffer
	const at = 5 << 30 // as if 5 GiB were written before
	z := zipFile{w: &buf, off: at}
	r := newZipRecord("late", 0o644, time.Time{})
	if err := z.whole(r); err != nil {
		t.Fatal(err)
	}
	dirAt := z.off
	if err := z.close(); err != nil {
		t.Fatal(err)
	}
	const endLen, locLen = 22, 20 // the end record's, ZIP64's locator's
	b := buf.Bytes()
	le := binary.LittleEndian
	central := b[dirAt-at:]
	if le.Uint32(central) != 0x02014b50 || le.Uint32(central[42:]) != uint32max {
		t.Fatalf("central directory header: % x", central[:46])
	}
	extra := central[46+len("late"):]
	if le.Uint16(extra) != zip64ExtraID || le.Uint64(extra[20:]) != at {
		t.Errorf("ZIP64 extra: % x, want the offset %d", extra[:28], uint64(at))
	}
	end := b[len(b)-endLen-locLen-zip64EndLen:]
	if le.Uint32(end) != 0x06064b50 || le.Uint64(end[40:]) != uint64(len(central)-endLen-locLen-zip64EndLen) || le.Uint64(end[48:]) != dirAt {
		t.Errorf("ZIP64 end record: % x", end[:zip64EndLen])
	}
	loc := end[zip64EndLen:]
	if le.Uint32(loc) != 0x07064b50 || le.Uint64(loc[8:]) != dirAt+uint64(len(central)-endLen-locLen-zip64EndLen) {
		t.Errorf("ZIP64 locator: % x", loc[:locLen])
	}
	eocd := loc[locLen:]
	if le.Uint32(eocd) != 0x06054b50 || le.Uint32(eocd[16:]) != uint32max {
		t.Errorf("end record: % x", eocd)
	}
}
