package wim

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/wimlens/wimlens/core/digest"
)

// blobIndex finds blobs by SHA-1: open addressing over pointers into the
// blob arenas. A Go map did the same job, but on js/wasm filling one with a
// 100k-blob table took a third of the time to open the file. The slot
// comes from a hash keyed with random numbers, not from the digest's own
// bytes, so a hostile blob table cannot pile its entries into one probe
// chain. A digest is already uniform, so a cheap keyed mix does, where
// hash/maphash cost as much again on js/wasm.
type blobIndex struct {
	key   [3]uint64
	slots []*Blob // a power of two long, at most half full
	n     int
}

func newBlobIndex(capacity int) blobIndex {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	return blobIndex{key: [3]uint64{rand.Uint64(), rand.Uint64(), rand.Uint64()}, slots: make([]*Blob, size)}
}

// slot mixes all of h with the key: each word times a distinct odd
// constant is a bijection, so digests equal but in one word never collide
// before the top bits are taken.
func (x *blobIndex) slot(h digest.SHA1) int {
	le := binary.LittleEndian
	v := (le.Uint64(h[0:])^x.key[0])*0x9e3779b97f4a7c15 ^
		(le.Uint64(h[8:])^x.key[1])*0xc2b2ae3d27d4eb4f ^
		(uint64(le.Uint32(h[16:]))^x.key[2])*0x165667b19e3779f9
	return int(v>>32) & (len(x.slots) - 1)
}

// find returns the slot holding h, or the empty slot where it belongs.
func (x *blobIndex) find(h digest.SHA1) int {
	mask := len(x.slots) - 1
	i := x.slot(h)
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
