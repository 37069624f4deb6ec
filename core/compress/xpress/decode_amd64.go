package xpress

// decodeItems decodes literals and matches into dst from out, as
// Decompress's loop does, while a refill's worth of src remains. It
// stops, without consuming it, at a match that does not fit the output
// or whose length bytes lie too near the end of src, and returns the
// loop's state where it stopped; the loop decodes that item itself. It
// is assembly (decode_amd64.s).
//
//go:noescape
func decodeItems(table *[tableSize]uint16, src, dst []byte, buf uint64, nbits, pos, out int) (rbuf uint64, rnbits, rpos, rout int)
