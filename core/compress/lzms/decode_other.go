//go:build !wasm && !amd64

package lzms

// decodeItems leaves all items to decode's loop (see decode_amd64.go).
func decodeItems(_ *Decompressor, _, _ []byte) int { return itemsLeft }

const itemsInWindows = false
