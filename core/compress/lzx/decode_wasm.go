package lzx

// decodeItems decodes literals and matches of the current block into blk
// from out, as decodeBlock's loop does, while both a whole item and two
// refills' worth of br.src remain; it returns where it stopped, and
// ok false for a match outside the output, with br just past it.
// decodeBlock's loop decodes the rest. It is assembly (decode_wasm.s):
// on the test corpus under Node, Go's loop decodes 200 MB/s of text and
// 176 of x86 code, this 315 and 255.
//
//go:noescape
func decodeItems(d *Decompressor, br *bitReader, blk []byte, out int) (next int, ok bool)
