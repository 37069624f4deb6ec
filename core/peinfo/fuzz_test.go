package peinfo

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
)

// countingReader bounds what a parse may read: every read is checked
// against the size before it is made, so the total stays a small multiple
// of the file (a few directories, each at most the file).
type countingReader struct {
	r *bytes.Reader
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.n += int64(len(p))
	return c.r.ReadAt(p, off)
}

func fuzzSeeds(f *testing.F) {
	for _, name := range vectorNames(f) {
		if data, _ := readVector(f, name); len(data) <= 256<<10 {
			f.Add(data)
		}
	}
}

func checkErr(t *testing.T, err error) {
	var fe *inputerr.Error
	if err != nil && (!errors.As(err, &fe) || !errors.Is(err, ErrNotPE) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrFormat)) {
		t.Fatalf("error %v is not an *inputerr.Error", err)
	}
}

// openFuzz opens data through a counting reader; nil when it is no PE file.
func openFuzz(t *testing.T, data []byte) (*File, *countingReader) {
	c := &countingReader{r: bytes.NewReader(data)}
	pf, err := Open(c, int64(len(data)))
	checkErr(t, err)
	return pf, c
}

func FuzzVersion(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, c := openFuzz(t, data)
		if pf == nil {
			return
		}
		v, err := pf.Version()
		checkErr(t, err)
		if v != nil {
			_ = v.Lookup("FileVersion")
		}
		_ = pf.MachineName() + pf.SubsystemName()
		if c.n > 8*int64(len(data))+4096 {
			t.Fatalf("read %d bytes of a %d-byte file", c.n, len(data))
		}
	})
}

func FuzzSignature(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, c := openFuzz(t, data)
		if pf == nil {
			return
		}
		sigs, err := pf.Signatures()
		checkErr(t, err)
		for _, s := range sigs {
			if s.Nested > maxNesting {
				t.Fatalf("nested %d deep", s.Nested)
			}
		}
		if c.n > 2*int64(len(data))+4096 {
			t.Fatalf("read %d bytes of a %d-byte file", c.n, len(data))
		}
	})
}
