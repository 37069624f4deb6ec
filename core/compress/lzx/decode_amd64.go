package lzx

// decodeItems decodes literals and matches of the current block into blk
// from out, as decodeBlock's loop does, while both a whole item and two
// refills' worth of br.src remain; it returns where it stopped, and
// ok false for a match outside the output, with br just past it.
// decodeBlock's loop decodes the rest. It is assembly (decode_amd64.s).
//
//go:noescape
func decodeItems(d *Decompressor, br *bitReader, blk []byte, out int) (next int, ok bool)
