// Package huff holds the loops XPRESS's and LZX's decoders share to build
// a canonical Huffman decode table, whose entries are symbol<<4 | length.
// On js/wasm they are assembly (huff_wasm.s): Go's code there sends every
// jump through a dispatcher, and building tables took a tenth of
// decoding LZX under Node.
package huff
