//go:build js && wasm

package jsbridge

import (
	"crypto/sha1"
	"math/rand/v2"
	"testing"

	"github.com/wimlens/wimlens/core/digest"
)

// The assembly's SHA-1 is Go's, for every length around the block and
// padding boundaries and for data written in pieces of any size.
func TestWasmSHA1(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	for n := 0; n <= 300; n++ {
		if got, want := wasmSum(data[:n]), sha1.Sum(data[:n]); got != want {
			t.Fatalf("%d bytes: %x, want %x", n, got, want)
		}
	}
	for range 200 {
		n := r.IntN(len(data))
		h := newWasmSHA1()
		for p := data[:n]; len(p) > 0; {
			k := min(r.IntN(200), len(p))
			h.Write(p[:k])
			p = p[k:]
		}
		want := sha1.Sum(data[:n])
		if got := h.Sum(nil); string(got) != string(want[:]) {
			t.Fatalf("%d bytes in pieces: %x, want %x", n, got, want)
		}
		// Sum leaves the hash as it was.
		h.Write(data[n : n+1])
		if got, want := h.Sum(nil), sha1.Sum(data[:n+1]); string(got) != string(want[:]) {
			t.Fatalf("%d bytes after a Sum: %x, want %x", n+1, got, want)
		}
	}
}

func BenchmarkSHA1(b *testing.B) {
	data := make([]byte, 1<<20)
	b.Run("wasm", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			wasmSum(data)
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			sha1.Sum(data)
		}
	})
}

// The browser's Hasher is Go's SHA-1 whichever way it goes: WebCrypto for
// large buffers, one at a time or a batch's at once (Node has WebCrypto
// too), the assembly's for small ones and for data in pieces.
func TestBrowserSHA1(t *testing.T) {
	h := SHA1()
	if h.(*browserSHA1).subtle.IsUndefined() {
		t.Fatal("no WebCrypto: the fast path is never taken")
	}
	r := rand.New(rand.NewPCG(3, 4))
	var bufs [][]byte
	for _, n := range []int{0, 100, webCryptoBatchMin - 1, webCryptoBatchMin, webCryptoMin, 3*webCryptoMin + 7} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		bufs = append(bufs, b)
		if got, want := h.Sum(b), sha1.Sum(b); got != want {
			t.Fatalf("Sum of %d bytes: %x, want %x", n, got, want)
		}
		x := h.New()
		x.Write(b[:n/2])
		x.Write(b[n/2:])
		if got, want := [20]byte(x.Sum(nil)), sha1.Sum(b); got != want {
			t.Fatalf("New of %d bytes: %x, want %x", n, got, want)
		}
	}
	sums := make([]digest.SHA1, len(bufs))
	h.SumAll(bufs, sums)
	for i, b := range bufs {
		if sums[i] != sha1.Sum(b) {
			t.Fatalf("SumAll: piece %d of %d bytes: %x", i, len(b), sums[i])
		}
	}
}
