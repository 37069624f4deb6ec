//go:build js && wasm

package jsbridge

import (
	"hash"
	"syscall/js"
	"unsafe"

	"github.com/wimlens/wimlens/core/digest"
)

// webCryptoMin is the smallest buffer handed to WebCrypto: below it, the
// copy into JS and the wait for the promise cost more than our SHA-1.
// In a batch (SumAll), whose promises are waited for together, the wait
// is shared, and buffers from webCryptoBatchMin go.
const (
	webCryptoMin      = 64 << 10
	webCryptoBatchMin = 16 << 10
)

// browserSHA1 is the browser's SHA-1, native code several times faster
// than ours on js/wasm. It runs off the worker's thread, so the goroutine
// waits while others decode. WebCrypto exists only in secure contexts
// (https, localhost); elsewhere, and for what WebCrypto is not given
// (small buffers, data in pieces), the SHA-1 is sha1block_wasm.s's.
type browserSHA1 struct {
	subtle     js.Value // crypto.subtle; undefined without WebCrypto
	uint8Array js.Value
	all        js.Value // Promise.all
}

// SHA1 is the SHA-1 the browser engine hashes with.
func SHA1() digest.Hasher {
	b := &browserSHA1{uint8Array: js.Global().Get("Uint8Array")}
	b.all = js.Global().Get("Promise").Get("all").Call("bind", js.Global().Get("Promise"))
	if c := js.Global().Get("crypto"); !c.IsUndefined() {
		b.subtle = c.Get("subtle")
	}
	return b
}

// start has WebCrypto hash p, or says it cannot.
func (b *browserSHA1) start(p []byte) (js.Value, bool) {
	if b.subtle.IsUndefined() {
		return js.Value{}, false
	}
	in, ok := jsView(p)
	if !ok {
		return js.Value{}, false
	}
	promise := b.subtle.Call("digest", "SHA-1", in)
	// A view whose memory grew (which detaches the old buffer) before
	// WebCrypto copied it reads as empty: hash here instead.
	return promise, in.Get("byteLength").Int() == len(p)
}

func (b *browserSHA1) Sum(p []byte) digest.SHA1 {
	if len(p) < webCryptoMin {
		return wasmSum(p)
	}
	promise, ok := b.start(p)
	if !ok {
		return wasmSum(p)
	}
	out, err := await(promise)
	if err != nil {
		return wasmSum(p)
	}
	var h digest.SHA1
	js.CopyBytesToGo(h[:], b.uint8Array.New(out))
	return h
}

// SumAll waits for a batch's WebCrypto promises at once.
func (b *browserSHA1) SumAll(bufs [][]byte, sums []digest.SHA1) {
	var promises []any
	var which []int
	for i, p := range bufs {
		if len(p) >= webCryptoBatchMin {
			if promise, ok := b.start(p); ok {
				promises = append(promises, promise)
				which = append(which, i)
				continue
			}
		}
		sums[i] = wasmSum(p)
	}
	if len(which) == 0 {
		return
	}
	out, err := await(b.all.Invoke(js.ValueOf(promises)))
	for k, i := range which {
		if err != nil {
			sums[i] = wasmSum(bufs[i])
			continue
		}
		js.CopyBytesToGo(sums[i][:], b.uint8Array.New(out.Index(k)))
	}
}

func (b *browserSHA1) New() hash.Hash { return newWasmSHA1() }

// jsView is b for JavaScript: a view into the engine's memory when the
// worker script shared it as wimlensMemory, else a copy. WebCrypto copies
// its input when called, so a view spares a copy of our own: for a 13 MB
// metadata resource that copy took 70 ms, most of it the first touch of
// fresh pages. ok is false when the memory grew (which detaches its
// buffer) as the view was made.
func jsView(b []byte) (v js.Value, ok bool) {
	u8 := js.Global().Get("Uint8Array")
	if mem := js.Global().Get("wimlensMemory"); mem.Truthy() {
		// The collector does not move objects. Boxing the arguments
		// allocates, which may grow the memory: the buffer is boxed last
		// and checked after.
		args := []any{nil, uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b)}
		buf := mem.Get("buffer")
		args[0] = buf
		if buf.Get("byteLength").Int() == 0 {
			return js.Value{}, false
		}
		return u8.New(args...), true
	}
	in := u8.New(len(b))
	js.CopyBytesToJS(in, b)
	return in, true
}
