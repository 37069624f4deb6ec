//go:build js && wasm

package nodehost

import (
	"crypto/sha1"
	"encoding/binary"
	"hash"
	"syscall/js"
	"unsafe"

	"github.com/wimlens/wimlens/core/digest"
)

// SHA1 is Node's native SHA-1 (crypto.createHash) when the host is
// Node (see node.go). It hashes at once, with no promise to wait for,
// through one reused buffer: copying each input into fresh JS memory, as
// WebCrypto needs without a view of ours, cost more than the hash itself
// (8.7 MB of metadata: 100 ms against 15).
func SHA1() (digest.Hasher, bool) {
	crypto := nodeModule("crypto")
	if crypto.IsUndefined() || crypto.Get("createHash").Type() != js.TypeFunction {
		return nil, false
	}
	n := &nodeSHA1{nodeHasher: nodeHasher{crypto: crypto, jsBuffer: newJSBuffer()}}
	b := &nodeBatch{jsBuffer: newJSBuffer(), crypto: crypto, pieces: make([]byte, 8*batchMax), sum: n.Sum}
	u8 := js.Global().Get("Uint8Array")
	b.where, b.out = u8.New(len(b.pieces)), u8.New(digest.Size*batchMax)
	b.fn = js.Global().Get("Function").New("crypto", "data", "where", "out", "n", sumAllJS)
	n.batch = b
	return n, true
}

// nodeSHA1 is Node's SHA-1 as a digest.Hasher.
type nodeSHA1 struct {
	nodeHasher
	batch *nodeBatch
}

func (n *nodeSHA1) Sum(b []byte) digest.SHA1 {
	if len(b) < nodeMin {
		return sha1.Sum(b)
	}
	h := n.new()
	n.write(h, b)
	var sum digest.SHA1
	js.CopyBytesToGo(sum[:], h.Call("digest"))
	return sum
}

func (n *nodeSHA1) SumAll(bufs [][]byte, sums []digest.SHA1) { n.batch.sumAll(bufs, sums) }

func (n *nodeSHA1) New() hash.Hash { return &nodeHash{n: &n.nodeHasher, h: n.new()} }

// nodeBatch hashes many buffers in one call into JavaScript: verify's
// small blobs, most of an image's files, each cost more in calls and in
// Go's SHA-1 than Node took to hash it.
type nodeBatch struct {
	jsBuffer                          // the pieces' bytes
	crypto   js.Value                 // Node's crypto module
	fn       js.Value                 // sumAllJS
	where    js.Value                 // each piece's offset in the buffer and length
	out      js.Value                 // their digests
	pieces   []byte                   // where, built in Go
	sum      func([]byte) digest.SHA1 // for a piece larger than the buffer
}

// batchMax bounds the pieces of one call.
const batchMax = 4096

// sumAllJS hashes n pieces of data, found in where as pairs of uint32
// (offset, length), into out. crypto.hash, one call a hash, is newer than
// some Node 20 releases.
const sumAllJS = `const w = new Uint32Array(where.buffer, where.byteOffset, 2 * n);
for (let i = 0; i < n; i++) {
	const v = data.subarray(w[2 * i], w[2 * i] + w[2 * i + 1]);
	out.set(crypto.hash ? crypto.hash("sha1", v, "buffer") : crypto.createHash("sha1").update(v).digest(), 20 * i);
}`

// sumAll is Node's SumAll: pieces are packed into the buffer, as many as
// fit, and hashed in one call; a piece larger than the buffer goes to
// Sum. Pieces lying one after another in memory, as a batch's
// blobs mostly do, are copied to JavaScript in one go.
func (b *nodeBatch) sumAll(bufs [][]byte, sums []digest.SHA1) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < len(bufs); {
		if len(bufs[i]) > nodeBufSize {
			sums[i] = b.sum(bufs[i])
			i++
			continue
		}
		j, used := i, 0
		var run []byte // the next bytes to copy, at used-len(run)
		for ; j < len(bufs) && j-i < batchMax && len(bufs[j]) <= nodeBufSize-used; j++ {
			p := bufs[j]
			if len(run) > 0 && len(p) > 0 && unsafe.Add(unsafe.Pointer(unsafe.SliceData(run)), len(run)) != unsafe.Pointer(unsafe.SliceData(p)) {
				b.copyAt(used-len(run), run)
				run = nil
			}
			switch {
			case len(run) == 0:
				run = p
			case len(p) > 0: // p follows run in memory
				run = unsafe.Slice(unsafe.SliceData(run), len(run)+len(p))
			}
			binary.LittleEndian.PutUint32(b.pieces[8*(j-i):], uint32(used))
			binary.LittleEndian.PutUint32(b.pieces[8*(j-i)+4:], uint32(len(p)))
			used += len(p)
		}
		b.copyAt(used-len(run), run)
		js.CopyBytesToJS(b.where, b.pieces[:8*(j-i)])
		b.fn.Invoke(b.crypto, b.buf, b.where, b.out, j-i)
		js.CopyBytesToGo(unsafe.Slice(&sums[i][0], digest.Size*(j-i)), b.out)
		i = j
	}
}

// copyAt copies p into the buffer at off.
func (b *nodeBatch) copyAt(off int, p []byte) {
	switch {
	case len(p) == 0:
	case off == 0:
		js.CopyBytesToJS(b.buf, p)
	default:
		js.CopyBytesToJS(b.buf.Call("subarray", off), p)
	}
}

// nodeHasher makes Node hashes and feeds them through its buffer.
type nodeHasher struct {
	crypto js.Value
	jsBuffer
}

func (n *nodeHasher) new() js.Value { return n.crypto.Call("createHash", "sha1") }

func (n *nodeHasher) write(h js.Value, b []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.feed(b, func(k int) error {
		h.Call("update", n.view(k))
		return nil
	})
}

// nodeHash is a hash.Hash over a Node hash.
type nodeHash struct {
	n *nodeHasher
	h js.Value
}

func (x *nodeHash) Write(p []byte) (int, error) {
	x.n.write(x.h, p)
	return len(p), nil
}

// Sum digests a copy, as Node's digest ends the hash it is called on.
func (x *nodeHash) Sum(b []byte) []byte {
	var sum digest.SHA1
	js.CopyBytesToGo(sum[:], x.h.Call("copy").Call("digest"))
	return append(b, sum[:]...)
}

func (x *nodeHash) Reset()         { x.h = x.n.new() }
func (x *nodeHash) Size() int      { return sha1.Size }
func (x *nodeHash) BlockSize() int { return sha1.BlockSize }

// nodeMin is the smallest buffer hashed by Node: below it, Go's SHA-1
// costs less than the calls into JavaScript.
const nodeMin = 4 << 10
