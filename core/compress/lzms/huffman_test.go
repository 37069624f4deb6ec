package lzms

import (
	"container/heap"
	"slices"
	"testing"
)

// refLengths is the textbook Huffman construction with a priority queue,
// ties going to leaves (then to lower symbols, older nodes), with depths
// handed out as wimlib does: longest to the first symbols in (frequency,
// symbol) order. lengths must agree with it.
func refLengths(freqs []uint32) []uint8 {
	type node struct {
		freq  uint32
		inner bool
		order int // symbol for leaves, creation order for inner nodes
		kids  [2]*node
	}
	var h nodeHeap
	less := func(a, b *node) bool {
		if a.freq != b.freq {
			return a.freq < b.freq
		}
		if a.inner != b.inner {
			return !a.inner
		}
		return a.order < b.order
	}
	h.less = func(a, b any) bool { return less(a.(*node), b.(*node)) }
	for s, f := range freqs {
		heap.Push(&h, &node{freq: f, order: s})
	}
	for i := 0; h.Len() > 1; i++ {
		a := heap.Pop(&h).(*node)
		b := heap.Pop(&h).(*node)
		heap.Push(&h, &node{freq: a.freq + b.freq, inner: true, order: i, kids: [2]*node{a, b}})
	}
	var depths []int
	var walk func(n *node, d int)
	walk = func(n *node, d int) {
		if !n.inner {
			depths = append(depths, d)
			return
		}
		walk(n.kids[0], d+1)
		walk(n.kids[1], d+1)
	}
	walk(heap.Pop(&h).(*node), 0)
	slices.Sort(depths)
	slices.Reverse(depths)
	syms := make([]int, len(freqs))
	for i := range syms {
		syms[i] = i
	}
	slices.SortStableFunc(syms, func(a, b int) int { return int(freqs[a]) - int(freqs[b]) })
	lens := make([]uint8, len(freqs))
	for i, s := range syms {
		lens[s] = uint8(depths[i])
	}
	return lens
}

type nodeHeap struct {
	items []any
	less  func(a, b any) bool
}

func (h *nodeHeap) Len() int           { return len(h.items) }
func (h *nodeHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *nodeHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *nodeHeap) Push(x any)         { h.items = append(h.items, x) }
func (h *nodeHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

func TestHuffmanLengths(t *testing.T) {
	var b builder
	r := rng(7)
	compared := 0
	for iter := range 1000 {
		n := 2 + r.intn(maxOffsetSyms-1)
		if iter%2 == 0 {
			n = []int{2, 3, 8, 54, 256}[r.intn(5)]
		}
		freqs := make([]uint32, n)
		spread := 1 + r.intn(300)
		for i := range freqs {
			freqs[i] = 1 + uint32(r.intn(spread)*r.intn(spread)/spread)
		}
		b.lengths(freqs)
		got := b.lens[:n]
		kraft := 0
		for _, l := range got {
			if l < 1 || l > maxCodewordLen {
				t.Fatalf("length %d", l)
			}
			kraft += 1 << (maxCodewordLen - l)
		}
		if kraft != 1<<maxCodewordLen {
			t.Fatalf("n=%d: lengths do not make a complete code", n)
		}
		// The reference does not limit lengths; compare when it did not
		// need to (as with any frequencies LZMS can reach).
		want := refLengths(freqs)
		if slices.Max(want) > maxCodewordLen {
			continue
		}
		compared++
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d freqs=%v:\ngot  %v\nwant %v", n, freqs, got, want)
		}
	}
	if compared < 700 {
		t.Errorf("only %d codes compared", compared)
	}
}

// Decoding canonical codewords through the built table must give back the
// symbols, with and without subtables.
func TestDecodeTable(t *testing.T) {
	var b builder
	r := rng(8)
	for _, cfg := range []struct {
		maxSyms, size int
		tb            uint
	}{
		{numLiteralSyms, literalTableSize, literalTableBits},
		{numLengthSyms, lengthTableSize, lengthTableBits},
		{maxOffsetSyms, offsetTableSize, offsetTableBits},
		{numDeltaPowerSyms, deltaPowerTableSize, deltaPowerTableBits},
	} {
		c := newHuffCode(cfg.maxSyms, cfg.size, cfg.tb, 1)
		long := 0 // codes that needed subtables
		for range 200 {
			c.n = 2 + r.intn(cfg.maxSyms-1)
			for i := range c.freqs[:c.n] {
				// Skewed, so that long codewords appear.
				c.freqs[i] = 1 + uint32(r.next()>>(40+r.intn(24)))%2000
			}
			b.build(&c)
			lens := b.lens[:c.n]
			if slices.Max(lens) > uint8(cfg.tb) {
				long++
			}
			// Canonical codewords, as the encoder assigns them.
			var next [maxCodewordLen + 2]uint32
			var count [maxCodewordLen + 1]uint32
			for _, l := range lens {
				count[l]++
			}
			for l := 1; l <= maxCodewordLen; l++ {
				next[l+1] = (next[l] + count[l]) << 1
			}
			codes := make([]uint32, c.n)
			for s, l := range lens {
				codes[s] = next[l]
				next[l]++
			}
			for s, l := range lens {
				if l == 0 || l > maxCodewordLen {
					t.Fatalf("symbol %d has length %d", s, l)
				}
				word := uint64(codes[s])<<(64-uint(l)) | r.next()>>uint(l)
				got, n := decodeSym(c.table, cfg.tb, word)
				if got != uint32(s) || n != uint(l) {
					t.Fatalf("n=%d: symbol %d (length %d, code %b) decodes as %d (length %d)", c.n, s, l, codes[s], got, n)
				}
			}
		}
		if cfg.tb > deltaPowerTableBits && long == 0 {
			t.Errorf("%d-bit root table: no subtables tried", cfg.tb)
		}
		t.Logf("%d-bit root table: %d of 200 codes with subtables", cfg.tb, long)
	}
}
