package wim

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"runtime"
	"testing"

	"github.com/wimlens/wimlens/internal/wimtest"
)

// Metadata hashes in pieces while it reads: over several pieces, it must
// still return the resource as it is and catch a byte changed in any.
func TestMetadataHashedInPieces(t *testing.T) {
	root := &wimtest.Entry{Name: "d", Dir: true}
	for e, i := root, 1; i < 20_000; i++ { // 2.4 MB of metadata: three pieces
		c := &wimtest.Entry{Name: "d", Dir: true}
		e.Children = []*wimtest.Entry{c}
		e = c
	}
	b := wimtest.Build(root)
	open := func() *Archive {
		a, err := Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := open()
	mb, _ := a.MetadataBlob(1)
	if mb.Size <= 2*hashPiece {
		t.Fatalf("metadata of %d bytes spans fewer than three pieces", mb.Size)
	}
	// In pieces on several threads, at once on one.
	for _, procs := range []int{runtime.GOMAXPROCS(0), 1} {
		was := runtime.GOMAXPROCS(procs)
		buf, err := a.Metadata(1)
		if err != nil {
			t.Fatal(err)
		}
		if want := b[208 : 208+mb.Size]; !bytes.Equal(buf, want) || sha1.Sum(buf) != mb.Hash {
			t.Fatalf("%d threads: Metadata returned other bytes than the resource's", procs)
		}
		for _, at := range []int64{0, hashPiece + 5, mb.Size - 1} {
			b[208+at] ^= 1
			if _, err := open().Metadata(1); !errors.Is(err, ErrChecksum) {
				t.Errorf("%d threads, byte %d changed: %v", procs, at, err)
			}
			b[208+at] ^= 1
		}
		runtime.GOMAXPROCS(was)
	}
}
