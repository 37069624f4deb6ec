//go:build js && wasm

package jsbridge

import (
	"crypto/sha1"
	"encoding/binary"
	"hash"

	"github.com/wimlens/wimlens/core/digest"
)

// sha1Block runs SHA-1's compression function over every whole 64-byte
// block of p (sha1block_wasm.s), with w for the schedule.
//
//go:noescape
func sha1Block(h *[5]uint32, w *[16]uint32, p []byte)

// wasmSHA1 is SHA-1 over sha1Block: in the browser, what WebCrypto does
// not hash (small blobs, which its promise costs more than, and blobs
// hashed in pieces, which it cannot) took Go's SHA-1 at about 100 MB/s,
// slower than decoding LZX.
type wasmSHA1 struct {
	h   [5]uint32
	w   [16]uint32
	x   [64]byte // a block's bytes not yet hashed
	nx  int
	len uint64
}

func newWasmSHA1() hash.Hash {
	d := new(wasmSHA1)
	d.Reset()
	return d
}

func (d *wasmSHA1) Reset() {
	d.h = [5]uint32{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}
	d.nx, d.len = 0, 0
}

func (d *wasmSHA1) Size() int      { return sha1.Size }
func (d *wasmSHA1) BlockSize() int { return sha1.BlockSize }

func (d *wasmSHA1) Write(p []byte) (int, error) {
	n := len(p)
	d.len += uint64(n)
	if d.nx > 0 {
		k := copy(d.x[d.nx:], p)
		d.nx += k
		p = p[k:]
		if d.nx < len(d.x) {
			return n, nil
		}
		sha1Block(&d.h, &d.w, d.x[:])
		d.nx = 0
	}
	if whole := len(p) &^ 63; whole > 0 {
		sha1Block(&d.h, &d.w, p[:whole])
		p = p[whole:]
	}
	d.nx = copy(d.x[:], p)
	return n, nil
}

// Sum appends the digest of what was written, which it leaves as it was.
func (d *wasmSHA1) Sum(b []byte) []byte {
	c := *d
	var pad [72]byte
	pad[0] = 0x80
	k := 55 - int(c.len%64) // zeros to make the length 56 mod 64
	if k < 0 {
		k += 64
	}
	binary.BigEndian.PutUint64(pad[1+k:], c.len<<3)
	c.Write(pad[:1+k+8])
	for _, v := range c.h {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

// wasmSum is sha1.Sum over sha1Block.
func wasmSum(p []byte) (sum digest.SHA1) {
	var d wasmSHA1
	d.Reset()
	d.Write(p)
	d.Sum(sum[:0])
	return sum
}
