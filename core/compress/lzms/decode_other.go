//go:build !wasm

package lzms

import "io"

// decodeItems leaves all items to decode's loop, which the compiler turns
// into good code here (see decode_wasm.go).
func decodeItems(_ *Decompressor, _, _ []byte) int { return itemsLeft }

// DecompressAt is Decompress for the n-byte chunk at off in r, which it
// reads as decoding goes rather than whole (see decompressAt). It exists
// where decode's loop does all the decoding: on js/wasm, decodeItems
// reads the whole chunk.
func (d *Decompressor) DecompressAt(dst []byte, r io.ReaderAt, off int64, n int) error {
	return d.decompressAt(dst, r, off, n)
}
