//go:build js && wasm

package jsbridge

import (
	"crypto/sha1"
	"syscall/js"

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
		in := uint8Array.New(len(b))
		js.CopyBytesToJS(in, b)
		out, err := await(subtle.Call("digest", "SHA-1", in))
		if err != nil {
			return sha1.Sum(b)
		}
		var h digest.SHA1
		js.CopyBytesToGo(h[:], uint8Array.New(out))
		return h
	})
}
