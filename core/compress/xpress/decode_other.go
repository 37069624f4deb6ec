//go:build !wasm && !amd64

package xpress

// decodeItems leaves all items to Decompress's loop, which the compiler
// turns into fair code here (see decode_amd64.go).
func decodeItems(_ *[tableSize]uint16, _, _ []byte, buf uint64, nbits, pos, out int) (rbuf uint64, rnbits, rpos, rout int) {
	return buf, nbits, pos, out
}
