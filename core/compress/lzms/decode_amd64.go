package lzms

// decodeItems decodes items into dst as decode's loop does, from and into
// d.st, while a whole item is sure to stay within in (the forward stream)
// and d.in.bwd (the backward one), and returns what it stopped at: the
// last items or a window's edge, a code due for a rebuild (after the item
// that ran its countdown out) or a corrupt match. It is assembly
// (decode_amd64.s).
//
//go:noescape
func decodeItems(d *Decompressor, dst, in []byte) int

// itemsInWindows: decodeItems reads the two streams from their own
// windows.
const itemsInWindows = true
