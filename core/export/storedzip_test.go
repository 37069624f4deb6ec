package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// memFile is an io.WriterAt in memory, as a file grows.
type memFile struct {
	mu sync.Mutex
	b  []byte
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if end := int(off) + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

func storedZip(t *testing.T, a *wim.Archive, root *meta.File) ([]byte, *Result) {
	t.Helper()
	var f memFile
	z := NewStoredZip(&f)
	res, err := Export(context.Background(), a, []*meta.File{root}, z, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return f.b, res
}

// TestStoredZipHoldsWhatTheDeflatedOneDoes, every file stored, on a solid
// and an LZX vector (hard links, copies, files of many pieces).
func TestStoredZipHoldsWhatTheDeflatedOneDoes(t *testing.T) {
	for _, name := range []string{"ntfs-solid.esd", "ntfs-lzx-2m.wim"} {
		a, img := vector(t, name)
		var deflated bytes.Buffer
		if _, err := Zip(context.Background(), &deflated, a, img.Root, bulk.Options{}, nil); err != nil {
			t.Fatal(err)
		}
		stored, res := storedZip(t, a, img.Root)
		if len(res.Failed) > 0 {
			t.Fatalf("%s: failed %v", name, res.Failed)
		}
		want, got := readZip(t, deflated.Bytes()), readZip(t, stored)
		if !maps.Equal(got, want) {
			t.Errorf("%s: the stored zip holds %d entries, the deflated %d, or their data differ", name, len(got), len(want))
		}
		zr, err := zip.NewReader(bytes.NewReader(stored), int64(len(stored)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Method != zip.Store || f.Flags&zipDescriptor != 0 {
				t.Errorf("%s: %s has method %d, flags %#x", name, f.Name, f.Method, f.Flags)
			}
		}
	}
}

// TestStoredZipKeepsADamagedFileAsFarAsItCame: its place is taken when its
// first bytes come, so a file found damaged after them stays, listed as
// failed; one that fails before any byte is left out.
func TestStoredZipKeepsADamagedFileAsFarAsItCame(t *testing.T) {
	b := wimtest.Build(
		&wimtest.Entry{Name: "gone.txt", Data: []byte("no blob"), MissingBlob: true},
		&wimtest.Entry{Name: "damaged.txt", Data: []byte("DAMAGED CONTENT")},
		&wimtest.Entry{Name: "fine.txt", Data: []byte("fine")},
		&wimtest.Entry{Name: "empty.txt"},
	)
	i := bytes.Index(b, []byte("DAMAGED CONTENT"))
	b[i] = 'X'
	a, img := image(t, b)
	z, res := storedZip(t, a, img.Root)
	var failed []string
	for _, p := range res.Failed {
		failed = append(failed, p.Path)
		if p.Path == "/damaged.txt" && !errors.Is(p.Err, wim.ErrChecksum) {
			t.Errorf("/damaged.txt: %v, want ErrChecksum", p.Err)
		}
	}
	if slices.Sort(failed); !slices.Equal(failed, []string{"/damaged.txt", "/gone.txt"}) {
		t.Errorf("failed %q", failed)
	}
	want := map[string]string{"damaged.txt": "XAMAGED CONTENT", "fine.txt": "fine", "empty.txt": ""}
	if got := readZip(t, z); !maps.Equal(got, want) {
		t.Errorf("zip holds %q, want %q", got, want)
	}
}

// TestStoredZipLocalHeaderPast4GiB: a file of 4 GiB or more carries its
// sizes in ZIP64's extra field, in the local header too.
func TestStoredZipLocalHeaderPast4GiB(t *testing.T) {
	r := newZipRecord("big", 0o644, time.Date(2024, 1, 2, 3, 4, 6, 0, time.UTC))
	r.csize, r.usize, r.crc = 5<<30, 5<<30, 0x12345678
	h, err := r.localHeader(true)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint32(h[14:]) != 0x12345678 || le.Uint32(h[18:]) != uint32max || le.Uint32(h[22:]) != uint32max {
		t.Errorf("local header: % x", h[:zipLocalLen])
	}
	extra := h[zipLocalLen+len("big"):]
	if int(le.Uint16(h[28:])) != len(extra) || len(extra) != zipTimeExtraLen+zip64LocalExtraLen {
		t.Fatalf("extra fields of %d bytes, said %d", len(extra), le.Uint16(h[28:]))
	}
	z64 := extra[zipTimeExtraLen:]
	if le.Uint16(z64) != zip64ExtraID || le.Uint16(z64[2:]) != 16 || le.Uint64(z64[4:]) != 5<<30 || le.Uint64(z64[12:]) != 5<<30 {
		t.Errorf("ZIP64 extra: % x", z64)
	}
}
