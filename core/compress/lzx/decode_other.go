//go:build !wasm && !amd64

package lzx

// decodeItems leaves all items to decodeBlock's loop, which the compiler
// turns into fair code here (see decode_amd64.go).
func decodeItems(_ *Decompressor, _ *bitReader, _ []byte, out int) (next int, ok bool) {
	return out, true
}
