//go:build !wasm

package lzx

// decodeItems leaves all items to decodeBlock's loop, which the compiler
// turns into good code here (see decode_wasm.go).
func decodeItems(_ *Decompressor, _ *bitReader, _ []byte, out int) (next int, ok bool) {
	return out, true
}
