//go:build !wasm

package lzms

import "io"

// DecompressAt is Decompress for the n-byte chunk at off in r, which it
// reads as decoding goes rather than whole (see decompressAt). It exists
// where the item loop can read windows: on js/wasm, decodeItems reads
// the whole chunk.
func (d *Decompressor) DecompressAt(dst []byte, r io.ReaderAt, off int64, n int, written func(int)) error {
	d.written, d.reported = written, 0
	defer func() { d.written = nil }()
	return d.decompressAt(dst, r, off, n)
}
