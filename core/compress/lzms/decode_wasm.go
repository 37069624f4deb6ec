package lzms

// decodeItems decodes items into dst as decode's loop does, from and into
// d.st, while a whole item is sure to stay within in, and returns what it
// stopped at: the last items, a code due for a rebuild (after the item
// that ran its countdown out) or a corrupt match. It is assembly
// (decode_wasm.s).
//
//go:noescape
func decodeItems(d *Decompressor, dst, in []byte) int

// itemsInWindows: decodeItems reads both streams from in, the whole chunk.
const itemsInWindows = false
