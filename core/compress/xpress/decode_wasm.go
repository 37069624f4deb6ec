package xpress

// decodeItems decodes literals and matches into dst from out, as
// Decompress's loop does, while a refill's worth of src remains. It
// stops, without consuming it, at a match that does not fit the output
// or whose length bytes lie too near the end of src, and returns the
// loop's state where it stopped; the loop decodes that item itself. It
// is assembly (decode_wasm.s): on the test chunks under Node, Go's loop
// decodes 290 MB/s of text and 205 of binaries, this 660-670 and 305-320
// (470-540 and 285-295 when it left every long match to the loop).
//
//go:noescape
func decodeItems(table *[tableSize]uint16, src, dst []byte, buf uint64, nbits, pos, out int) (rbuf uint64, rnbits, rpos, rout int)
