package lzms

// The loops of building a code in assembly (huffman_wasm.s): on js/wasm
// every jump of Go's code goes through a dispatcher, and these loops are
// mostly jumps. What they do is said in huffman_other.go.

//go:noescape
func countSort(freqs []uint32, start []uint16, keys []uint32) int

//go:noescape
func mergeNodes(keys, node []uint32, parent []uint16)

//go:noescape
func nodeDepths(node []uint32, parent []uint16, count *[maxCodewordLen + 1]uint32) int

//go:noescape
func assignLengths(keys []uint32, lens []uint8, count *[maxCodewordLen + 1]uint32)
