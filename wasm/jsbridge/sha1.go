//go:build js && wasm

package jsbridge

import (
	"crypto/sha1"
	"hash"
	"syscall/js"
	"unsafe"

	"github.com/wimlens/wimlens/core/digest"
)

// webCryptoMin is the smallest buffer handed to WebCrypto: below it, the
// copy into JS and the wait for the promise cost more than Go's SHA-1.
const webCryptoMin = 64 << 10

// InstallSHA1 makes digest.Sum use the browser's SHA-1, native code several
// times faster than Go's portable one on js/wasm. It runs off the worker's
// thread, so the goroutine waits while others decode. WebCrypto exists
// only in secure contexts (https, localhost); elsewhere Go's is kept.
func InstallSHA1() {
	if nodeSHA1() {
		return
	}
	subtle := js.Global().Get("crypto")
	if subtle.IsUndefined() {
		return
	}
	if subtle = subtle.Get("subtle"); subtle.IsUndefined() {
		return
	}
	uint8Array := js.Global().Get("Uint8Array")
	digest.SetSum(func(b []byte) digest.SHA1 {
		if len(b) < webCryptoMin {
			return sha1.Sum(b)
		}
		in := jsView(b)
		promise := subtle.Call("digest", "SHA-1", in)
		// A view whose memory grew (which detaches the old buffer) before
		// WebCrypto copied it reads as empty: hash here instead.
		if in.Get("byteLength").Int() != len(b) {
			return sha1.Sum(b)
		}
		out, err := await(promise)
		if err != nil {
			return sha1.Sum(b)
		}
		var h digest.SHA1
		js.CopyBytesToGo(h[:], uint8Array.New(out))
		return h
	})
}

// nodeSHA1 installs Node's native SHA-1 (crypto.createHash) for Sum and
// New when the host is Node (see node.go), and reports whether it did. It
// hashes at once, with no promise to wait for, through one reused buffer:
// copying each input into fresh JS memory, as WebCrypto needs without a
// view of ours, cost more than the hash itself (8.7 MB of metadata: 100 ms
// against 15).
func nodeSHA1() bool {
	crypto := nodeModule("crypto")
	if crypto.IsUndefined() || crypto.Get("createHash").Type() != js.TypeFunction {
		return false
	}
	n := &nodeHasher{crypto: crypto, jsBuffer: newJSBuffer()}
	digest.SetSum(func(b []byte) digest.SHA1 {
		if len(b) < nodeMin {
			return sha1.Sum(b)
		}
		h := n.new()
		n.write(h, b)
		var sum digest.SHA1
		js.CopyBytesToGo(sum[:], h.Call("digest"))
		return sum
	})
	digest.SetNew(func() hash.Hash { return &nodeHash{n: n, h: n.new()} })
	return true
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

// jsView is b for JavaScript: a view into the engine's memory when the
// worker script shared it as wimlensMemory, else a copy. WebCrypto copies
// its input when called, so a view spares a copy of our own: for a 13 MB
// metadata resource that copy took 70 ms, most of it the first touch of
// fresh pages.
func jsView(b []byte) js.Value {
	u8 := js.Global().Get("Uint8Array")
	if mem := js.Global().Get("wimlensMemory"); mem.Truthy() {
		// The collector does not move objects. Growing the memory in
		// between would detach the view; the caller checks for that.
		return u8.New(mem.Get("buffer"), uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b))
	}
	in := u8.New(len(b))
	js.CopyBytesToJS(in, b)
	return in
}
