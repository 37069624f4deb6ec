package wim

import (
	"hash/maphash"

	"github.com/wimlens/wimlens/core/digest"
)

// blobIndex finds blobs by SHA-1: open addressing over pointers into the
// blob arenas. A Go map did the same job, but on js/wasm filling one with a
// 100k-blob table took a third of the time to open the file. The slot
// comes from a seeded hash, not from the digest's own bytes, so a hostile
// blob table cannot pile its entries into one probe chain.
type blobIndex struct {
	seed  maphash.Seed
	slots []*Blob // a power of two long, at most half full
	n     int
}

func newBlobIndex(capacity int) blobIndex {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	return blobIndex{seed: maphash.MakeSeed(), slots: make([]*Blob, size)}
}

// find returns the slot holding h, or the empty slot where it belongs.
func (x *blobIndex) find(h digest.SHA1) int {
	mask := len(x.slots) - 1
	i := int(maphash.Bytes(x.seed, h[:])) & mask
	for x.slots[i] != nil && x.slots[i].Hash != h {
		i = (i + 1) & mask
	}
	return i
}

func (x *blobIndex) get(h digest.SHA1) (*Blob, bool) {
	if x.n == 0 {
		return nil, false
	}
	b := x.slots[x.find(h)]
	return b, b != nil
}

// add indexes b unless a blob with its hash is there already, and reports
// whether it did.
func (x *blobIndex) add(b *Blob) bool {
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		*x = newBlobIndex(2 * (x.n + 1))
		for _, o := range old {
			if o != nil {
				x.slots[x.find(o.Hash)] = o
				x.n++
			}
		}
	}
	i := x.find(b.Hash)
	if x.slots[i] != nil {
		return false
	}
	x.slots[i] = b
	x.n++
	return true
}
