//go:build !wasm

package lzms

// decodeItems leaves all items to decode's loop, which the compiler turns
// into good code here (see decode_wasm.go).
func decodeItems(_ *Decompressor, _, _ []byte) int { return itemsLeft }
