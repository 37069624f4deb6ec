//go:build !wasm

package lzms

// The loops of building a code: the counting sort of sortByFreq and the
// three steps of lengths (table's are internal/huff's). On js/wasm
// they are assembly (huffman_wasm.s), and TestHuffmanLengths and
// TestDecodeTable check them there too.

// countSort puts the keys freq<<10 | symbol for freqs in order of
// min(freq, n-1), symbols in order within each, through the buckets start
// (n of each), and returns where the last bucket, left unsorted, begins.
func countSort(freqs []uint32, start []uint16, keys []uint32) int {
	last := uint32(len(freqs) - 1)
	clear(start)
	for _, f := range freqs {
		start[min(f, last)]++
	}
	sum := uint16(0)
	for i, c := range start {
		start[i] = sum
		sum += c
	}
	top := start[last]
	for s, f := range freqs {
		i := min(f, last)
		keys[start[i]] = f<<10 | uint32(s)
		start[i]++
	}
	return int(top)
}

// mergeNodes makes the len(node) internal nodes of the Huffman tree of
// the sorted keys (freq<<10 | symbol, then two sentinels of all ones, so
// len(node)+3 of them): node[e] gets each one's frequency, parent[k] the
// parent of each but the root (the last).
//
// It is a two-queue merge: leaves come sorted; internal nodes are made in
// nondecreasing frequency order, so node[lo:e] is sorted too. Each step
// takes the lowest two, a leaf winning a tie. Infinite leaves past the
// last and an infinite node at e stand in for empty queues, and parent[lo]
// is written whether or not node lo is taken (a later take rewrites it),
// so that picking needs no branches.
func mergeNodes(keys, node []uint32, parent []uint16) {
	i, lo := 0, 0
	for e := range node {
		node[e] = ^uint32(0)
		if nf := node[lo]; keys[i+1]>>10 <= nf {
			// Two leaves, the common case while many symbols share the
			// lowest frequencies: no node is taken, so none needs a parent.
			node[e] = keys[i]>>10 + keys[i+1]>>10
			i += 2
			continue
		}
		var f uint32
		for range 2 {
			lf, nf := keys[i]>>10, node[lo]
			leaf := 0
			if lf <= nf {
				leaf = 1
			}
			f += min(lf, nf)
			parent[lo] = uint16(e)
			i += leaf
			lo += 1 - leaf
		}
		node[e] = f
	}
}

// nodeDepths turns the nodes' frequencies into their depths and
// counts the leaves at each depth in count (zeroed), walking from the root
// (the last node) down, each internal node turning one leaf slot at its
// depth into two below. A node's parent comes no earlier than an earlier
// node's, so depths only grow as the walk goes on: nodes come in runs of
// one depth, each counted at once. It stops at the first node whose
// leaves would be longer than maxCodewordLen and returns its index, or -1.
func nodeDepths(node []uint32, parent []uint16, count *[maxCodewordLen + 1]uint32) int {
	count[1] = 2
	root := len(node) - 1
	node[root] = 0
	k := root - 1
	for k >= 0 {
		d := node[parent[k]] + 1
		if d >= maxCodewordLen {
			break
		}
		run := k
		for ; k >= 0 && node[parent[k]]+1 == d; k-- {
			node[k] = d
		}
		count[d] -= uint32(run - k)
		count[d+1] += 2 * uint32(run-k)
	}
	return k
}

// assignLengths sets lens[s] for the symbols s of the sorted keys, the
// longest codewords to the first, count[l] of length l.
func assignLengths(keys []uint32, lens []uint8, count *[maxCodewordLen + 1]uint32) {
	k := 0
	for l := maxCodewordLen; l >= 1; l-- {
		for range count[l] {
			lens[keys[k]&1023] = uint8(l)
			k++
		}
	}
}
