package wim

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/wimlens/wimlens/core/digest"
)

// blobIndex finds blob table entries by SHA-1: open addressing over entry
// numbers, whose digests it reads from the tables as stored, so indexing
// touches no Blob (see blobTable). A Go map did the same job, but on
// js/wasm filling one with a 100k-blob table took a third of the time to
// open the file. The slot comes from a hash keyed with random numbers, not
// from the digest's own bytes, so a hostile blob table cannot pile its
// entries into one probe chain. A digest is already uniform, so a cheap
// keyed mix does, where hash/maphash cost as much again on js/wasm.
type blobIndex struct {
	key   [3]uint64
	slots []uint32 // an entry's number + 1, 0 when empty; a power of two long, at most half full
	n     int
	hash  func(id uint32) *digest.SHA1
}

func newBlobIndex(capacity int, hash func(id uint32) *digest.SHA1) blobIndex {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	return blobIndex{key: [3]uint64{rand.Uint64(), rand.Uint64(), rand.Uint64()}, slots: make([]uint32, size), hash: hash}
}

// slot mixes all of h with the key: each word times a distinct odd
// constant is a bijection, so digests equal but in one word never collide
// before the top bits are taken.
func (x *blobIndex) slot(h *digest.SHA1) int {
	le := binary.LittleEndian
	v := (le.Uint64(h[0:])^x.key[0])*0x9e3779b97f4a7c15 ^
		(le.Uint64(h[8:])^x.key[1])*0xc2b2ae3d27d4eb4f ^
		(uint64(le.Uint32(h[16:]))^x.key[2])*0x165667b19e3779f9
	return int(v>>32) & (len(x.slots) - 1)
}

// find returns the slot holding h, or the empty slot where it belongs.
func (x *blobIndex) find(h *digest.SHA1) int {
	mask := len(x.slots) - 1
	i := x.slot(h)
	for x.slots[i] != 0 && *x.hash(x.slots[i] - 1) != *h {
		i = (i + 1) & mask
	}
	return i
}

// get returns the number of the entry named h.
func (x *blobIndex) get(h digest.SHA1) (uint32, bool) {
	if x.n == 0 {
		return 0, false
	}
	s := x.slots[x.find(&h)]
	return s - 1, s != 0
}

// add indexes entry id unless one with its hash is there already, and
// reports whether it did.
func (x *blobIndex) add(id uint32) bool {
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		*x = newBlobIndex(2*(x.n+1), x.hash)
		for _, s := range old {
			if s != 0 {
				x.slots[x.find(x.hash(s-1))] = s
				x.n++
			}
		}
	}
	i := x.find(x.hash(id))
	if x.slots[i] != 0 {
		return false
	}
	x.slots[i] = id + 1
	x.n++
	return true
}
