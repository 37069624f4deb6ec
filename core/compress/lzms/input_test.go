//go:build !wasm

package lzms

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"testing"
)

// decodeBoth decodes src into n bytes with Decompress and with
// DecompressAt (src placed at an odd offset of a larger file, windows of
// win bytes) and fails unless both give the same bytes or the same error,
// and unless DecompressAt tells positions writtenStep apart within dst.
func decodeBoth(t *testing.T, d *Decompressor, src []byte, n, win int) []byte {
	t.Helper()
	defer func(old int) { windowSize = old }(windowSize)
	windowSize = win
	want := make([]byte, n)
	wantErr := d.Decompress(want, src)
	file := append(append([]byte("pre"), src...), "post"...)
	got := make([]byte, n)
	told := 0
	err := d.DecompressAt(got, bytes.NewReader(file), 3, len(src), func(pos int) {
		if pos < told+writtenStep || pos > n {
			t.Fatalf("told %d after %d, of %d bytes", pos, told, n)
		}
		told = pos
	})
	switch {
	case (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error():
		t.Fatalf("window %d: DecompressAt says %v, Decompress %v", win, err, wantErr)
	case err == nil && !bytes.Equal(got, want):
		t.Fatalf("window %d: DecompressAt and Decompress decode different bytes", win)
	}
	return got
}

// Windows slide with room for the items between two rebuilds, so the
// smallest that slide are some 44 KiB, and only the solid case holds
// more than two of those.
const minWindow = 44 << 10

// Every case decodes through windows as it does whole: the solid case
// through windows that slide every few rebuilds up to ones that hold
// half the chunk, the others (too small for two windows) read whole.
func TestDecompressAt(t *testing.T) {
	d := NewDecompressor()
	for _, c := range loadCases(t) {
		wins := []int{256 << 10}
		if c.name == "solid" {
			wins = []int{minWindow, 50 << 10, 64 << 10, 100 << 10, len(c.comp) / 2 &^ 1}
		}
		for _, win := range wins {
			got := decodeBoth(t, d, c.comp, c.size, win)
			if sha256.Sum256(got) != c.sum {
				t.Fatalf("%s, window %d: wrong bytes", c.name, win)
			}
		}
	}
}

// DecompressAt tells how far it has written as it goes: at least every
// writtenStep bytes or so, in increasing order, each position already
// decoded (the bytes before it as Decompress makes them, but for the
// x86 filter, undone at the end).
func TestDecompressAtTellsProgress(t *testing.T) {
	for _, c := range loadCases(t) {
		if c.name != "solid" {
			continue
		}
		want := make([]byte, c.size)
		if err := NewDecompressor().Decompress(want, c.comp); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, c.size)
		var told []int
		err := NewDecompressor().DecompressAt(got, bytes.NewReader(c.comp), 0, len(c.comp), func(n int) { told = append(told, n) })
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("DecompressAt with progress: %v, or bytes differ", err)
		}
		if len(told) < c.size/(2*writtenStep) {
			t.Fatalf("told %d times for %d bytes", len(told), c.size)
		}
		last := 0
		for _, n := range told {
			if n < last+writtenStep || n > c.size {
				t.Fatalf("told %d after %d, of %d bytes", n, last, c.size)
			}
			last = n
		}
		if c.size-last > 2*writtenStep {
			t.Fatalf("last told %d of %d bytes", last, c.size)
		}
	}
}

// Damaged chunks fail with the same error, at the same input offset,
// either way.
func TestDecompressAtDamaged(t *testing.T) {
	d := NewDecompressor()
	r := rand.New(rand.NewPCG(1, 2))
	c := findCase(t, "solid")
	for range 40 {
		src := bytes.Clone(c.comp)
		for range 1 + r.IntN(4) {
			src[r.IntN(len(src))] ^= byte(1 + r.IntN(255))
		}
		if r.IntN(4) == 0 {
			src = src[:2*minWindow+2*r.IntN(len(src)/2-minWindow)]
		}
		decodeBoth(t, d, src, c.size, minWindow+2*r.IntN(20000))
	}
}

func FuzzDecompressAt(f *testing.F) {
	c := findCase(f, "solid")
	f.Add(c.comp, uint32(maxFuzzSize), uint16(0))
	d := NewDecompressor()
	f.Fuzz(func(t *testing.T, src []byte, size uint32, win uint16) {
		decodeBoth(t, d, src, int(size%(maxFuzzSize+1)), minWindow+int(win)&^1)
	})
}

// failingReader fails every read that reaches past its first n bytes.
type failingReader struct {
	r *bytes.Reader
	n int64
}

var errDisk = errors.New("disk error")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.n {
		return 0, errDisk
	}
	return f.r.ReadAt(p, off)
}

// A read that fails as the windows slide ends decoding with its error.
func TestDecompressAtReadError(t *testing.T) {
	defer func(old int) { windowSize = old }(windowSize)
	windowSize = minWindow
	c := findCase(t, "solid")
	for _, n := range []int{10, minWindow + 10, len(c.comp) - 10} {
		r := failingReader{bytes.NewReader(c.comp), int64(n)}
		err := NewDecompressor().DecompressAt(make([]byte, c.size), r, 0, len(c.comp), nil)
		if !errors.Is(err, errDisk) {
			t.Errorf("reads failing past byte %d: got %v", n, err)
		}
	}
}
